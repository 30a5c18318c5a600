"""``export`` of any language pair, from the example corpus (one statement in zh, ru and en)."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from corpus_builder.align.units import orient, select_pair, translation_units
from corpus_builder.cli import main

DTD = Path(__file__).parent / "fixtures" / "export" / "tmx14b-core.dtd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run(*args: str):
    return CliRunner().invoke(main, ["export", *map(str, args)])


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_zh_ru_moses_has_thirteen_equal_clause_lines(example_corpus, tmp_path):
    out = tmp_path / "nested" / "folders" / "statement"
    result = run(example_corpus, "--src", "zh", "--tgt", "ru", "--format", "moses", "--level", "clause",
                 "--out", out)
    assert result.exit_code == 0, result.output
    zh, ru = lines(Path(f"{out}.zh")), lines(Path(f"{out}.ru"))
    assert len(zh) == len(ru) == 13 and all(zh) and all(ru)
    assert zh[1].startswith("当今世界") and ru[1].startswith("Современный мир")


def test_reversed_pair_swaps_the_sides(example_corpus, tmp_path):
    result = run(example_corpus, "--src", "ru", "--tgt", "zh", "--format", "moses", "--out", tmp_path / "s")
    assert result.exit_code == 0, result.output
    forward = run(example_corpus, "--src", "zh", "--tgt", "ru", "--format", "moses", "--out", tmp_path / "f")
    assert forward.exit_code == 0
    assert lines(tmp_path / "s.ru") == lines(tmp_path / "f.ru") and lines(tmp_path / "s.zh") == lines(tmp_path / "f.zh")


def test_every_pair_by_default_one_file_set_each(example_corpus, tmp_path):
    result = run(example_corpus, "--format", "moses", "--out", tmp_path / "all")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["all.ru-en.en", "all.ru-en.ru", "all.zh-en.en", "all.zh-en.zh", "all.zh-ru.ru", "all.zh-ru.zh"]
    for pair in ("zh-ru", "zh-en", "ru-en"):
        src, tgt = pair.split("-")
        a, b = lines(tmp_path / f"all.{pair}.{src}"), lines(tmp_path / f"all.{pair}.{tgt}")
        assert len(a) == len(b) > 20


def test_tmx_validates_and_holds_three_language_units(example_corpus, tmp_path):
    out = tmp_path / "statement.tmx"
    result = run(example_corpus, "--format", "tmx", "--level", "clause", "--out", out)
    assert result.exit_code == 0, result.output
    tree = etree.parse(str(out))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    units = tree.getroot().findall("body/tu")
    langs = [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in units]
    assert len(units) == 13 and all(l == ["zh-CN", "ru", "en"] for l in langs)  # every clause agrees
    assert tree.getroot().find("header").get("srclang") == "zh-CN"  # every unit starts with zh
    sentences = tmp_path / "sentences.tmx"
    assert run(example_corpus, "--format", "tmx", "--out", sentences).exit_code == 0
    tree = etree.parse(str(sentences))
    assert dtd.validate(tree)
    sizes = [len(tu.findall("tuv")) for tu in tree.getroot().iter("tu")]
    assert sizes.count(3) >= 15 and set(sizes) == {2, 3}
    assert tree.getroot().find("header").get("srclang") == "*all*"  # some units are ru–en only


def test_a_pair_asked_gives_two_language_units(example_corpus, tmp_path):
    out = tmp_path / "zhru.tmx"
    assert run(example_corpus, "--src", "zh", "--tgt", "ru", "--format", "tmx", "--out", out).exit_code == 0
    tree = etree.parse(str(out))
    assert {tuple(t.get(XML_LANG) for t in tu.findall("tuv")) for tu in tree.iter("tu")} == {("zh-CN", "ru")}
    assert tree.getroot().find("header").get("srclang") == "zh-CN"


def test_jsonl_of_a_reversed_pair(example_corpus, tmp_path):
    out = tmp_path / "x.jsonl"
    assert run(example_corpus, "--src", "en", "--tgt", "zh", "--format", "jsonl", "--out", out).exit_code == 0
    rows = [json.loads(line) for line in lines(out)]
    assert rows and {(r["src_lang"], r["tgt_lang"]) for r in rows} == {("en", "zh")}
    assert all(r["src_text"].isascii() for r in rows)


def test_unknown_language_or_empty_result_says_what_the_corpus_holds(example_corpus, tmp_path):
    result = run(example_corpus, "--src", "fr", "--format", "moses", "--out", tmp_path / "x")
    assert result.exit_code == 2
    assert "no fr links" in result.output and "zh–ru (13 clause, 23 sentence links)" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not list(tmp_path.iterdir())
    same = run(example_corpus, "--src", "zh", "--tgt", "zh", "--format", "tmx", "--out", tmp_path / "x")
    assert same.exit_code == 2


def test_a_corpus_without_links_is_a_usage_error(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["examples", str(tmp_path / "pages")]).exit_code == 0
    built = runner.invoke(main, ["build", str(tmp_path / "pages"), "--out", str(tmp_path / "c"), "--no-align",
                                 "--workers", "1"])
    assert built.exit_code == 0, built.output
    result = run(tmp_path / "c", "--format", "tmx", "--out", tmp_path / "x.tmx")
    assert result.exit_code == 2 and "no alignment links" in result.output
    assert not (tmp_path / "x.tmx").exists()


def test_out_that_is_a_folder(example_corpus, tmp_path):
    result = run(example_corpus, "--format", "tmx", "--out", tmp_path)
    assert result.exit_code == 2 and "is a folder" in result.output


def _row(pid, a, b, sa, sb, ta="x", tb="y"):
    return {"pair_id": pid, "src_lang": a, "tgt_lang": b, "src_doc_id": a, "tgt_doc_id": b, "level": "sentence",
            "src_clause": 1, "tgt_clause": 1, "src_ids": sa, "tgt_ids": sb, "src_text": ta, "tgt_text": tb,
            "score": 0.5, "link_type": f"{len(sa)}-{len(sb)}"}


def test_units_join_three_languages_only_where_the_links_agree():
    rows = [_row("zr0", "zh", "ru", [0], [0], "甲", "А"), _row("ze0", "zh", "en", [0], [0], "甲", "A"),
            _row("re0", "ru", "en", [0], [0], "А", "A"),
            _row("zr1", "zh", "ru", [1], [1, 2]), _row("ze1", "zh", "en", [1], [1]),
            _row("re1", "ru", "en", [1], [1]), _row("re2", "ru", "en", [2], [2])]  # ru 1+2 vs 1 / 2: no agreement
    units = translation_units(rows)
    assert [u.tuid for u in units] == ["zr0+ze0+re0", "zr1", "ze1", "re1", "re2"]
    assert units[0].segs == [("zh", "甲"), ("ru", "А"), ("en", "A")]


def test_orient_and_select():
    row = _row("p", "zh", "ru", [0, 1], [3], "甲乙", "Б")
    back = orient(row, "ru")
    assert (back["src_lang"], back["src_ids"], back["tgt_ids"], back["link_type"]) == ("ru", [3], [0, 1], "1-2")
    rows = [row, _row("q", "ru", "en", [0], [0])]
    assert list(select_pair(rows, None, None)) == [("zh", "ru"), ("ru", "en")]
    assert list(select_pair(rows, "ru", None)) == [("ru", "zh"), ("ru", "en")]
    assert list(select_pair(rows, None, "ru")) == [("zh", "ru"), ("en", "ru")]
    assert select_pair(rows, "en", "zh") == {}
