"""CLI: ``align --zh --ru [--json]`` (the evaluation contract) and ``export`` (tmx, moses, jsonl)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_builder.align.export import write_tmx
from corpus_builder.align.stage import align_corpus
from corpus_builder.cli.align import align
from corpus_builder.cli.export import export
from corpus_builder.records import Document, EncodingInfo
from corpus_builder.steps.rows import add_document
from corpus_builder.text.clauses import split_clauses

FIXTURES = Path(__file__).parent / "fixtures" / "align"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ZH = ["中俄外长发表联合声明。", "双方支持联合国在国际事务中的核心作用。",
      "2020年是联合国成立75周年。双方将举行纪念活动。", "双方反对单边制裁。"]
RU = ["Министры иностранных дел России и Китая приняли совместное заявление.",
      "Стороны поддерживают центральную роль ООН в международных делах.",
      "2020 год – год 75-летия ООН.", "Стороны проведут памятные мероприятия.",
      "Стороны выступают против односторонних санкций."]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_links_cover_every_line_once_in_order(tmp_path):
    zh, ru = write_lines(tmp_path / "a.zh", ZH), write_lines(tmp_path / "a.ru", RU)
    result = CliRunner().invoke(align, ["--zh", str(zh), "--ru", str(ru), "--json"])
    assert result.exit_code == 0, result.output
    links = json.loads(result.output)
    assert [(l["zh"], l["ru"]) for l in links] == [([0], [0]), ([1], [1]), ([2], [2, 3]), ([3], [4])]
    assert all(0.0 <= l["score"] <= 1.0 for l in links)


def test_a_line_without_translation_gets_an_empty_side(tmp_path):
    ru = RU[:2] + ["Кроме того, стороны обсудили вопросы спорта, туризма "
                   "и культурных обменов между регионами."] + RU[2:]
    zh_file, ru_file = write_lines(tmp_path / "a.zh", ZH), write_lines(tmp_path / "a.ru", ru)
    links = json.loads(CliRunner().invoke(align, ["--zh", str(zh_file), "--ru", str(ru_file), "--json"]).output)
    assert ([], [2]) in [(l["zh"], l["ru"]) for l in links]
    assert sorted(j for l in links for j in l["ru"]) == list(range(len(ru)))


def test_readable_listing(tmp_path):
    zh, ru = write_lines(tmp_path / "a.zh", ZH), write_lines(tmp_path / "a.ru", RU)
    result = CliRunner().invoke(align, ["--zh", str(zh), "--ru", str(ru)])
    assert result.exit_code == 0
    assert "zh 2 <-> ru 2-3  (1:2" in result.output and "  ru: 2020 год" in result.output


def test_empty_file_gives_null_links(tmp_path):
    zh, ru = tmp_path / "e.zh", write_lines(tmp_path / "a.ru", RU[:2])
    zh.write_bytes(b"")
    links = json.loads(CliRunner().invoke(align, ["--zh", str(zh), "--ru", str(ru), "--json"]).output)
    assert links and [(l["zh"], l["ru"]) for l in links] == [([], [0]), ([], [1])]


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01\x02binary", "binary data"),
    (b"\xd6\xd0\xb9\xfa\n", "not UTF-8"),   # GBK bytes
])
def test_bad_input_is_a_clear_error(tmp_path, content, message):
    bad, ru = tmp_path / "bad.zh", write_lines(tmp_path / "a.ru", RU)
    bad.write_bytes(content)
    result = CliRunner().invoke(align, ["--zh", str(bad), "--ru", str(ru), "--json"])
    assert result.exit_code == 1 and message in result.output
    assert isinstance(result.exception, SystemExit)  # a ClickException, not a crash


def test_missing_file_is_a_usage_error(tmp_path):
    ru = write_lines(tmp_path / "a.ru", RU)
    result = CliRunner().invoke(align, ["--zh", str(tmp_path / "nope.zh"), "--ru", str(ru)])
    assert result.exit_code == 2 and "does not exist" in result.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from corpus_builder.store import CorpusWriter
    root = tmp_path_factory.mktemp("corpus")
    enc = EncodingInfo("utf-8", None, None, "utf-8")
    docs = []
    for lang in ("zh", "ru"):
        text = (FIXTURES / f"statement_{lang}.txt").read_text(encoding="utf-8")
        docs.append(Document(f"stmt{lang}", f"https://example.org/{lang}", "test", lang, text.split("\n")[0],
                             text, date(2020, 9, 11), None, enc))
    pairs, _ = align_corpus(docs)
    with CorpusWriter(root) as writer:
        for doc in docs:
            add_document(writer, doc, split_clauses(doc.text, doc.doc_id, doc.lang))
        writer.add_alignments(pairs)
    return root


def test_export_tmx_is_valid_xml(corpus, tmp_path):
    out = tmp_path / "c.tmx"
    result = CliRunner().invoke(export, [str(corpus), "--format", "tmx", "--out", str(out), "--level", "clause"])
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "zh-CN" and header.get("segtype") == "paragraph" and header.get("o-tmf")
    units = root.findall("body/tu")
    assert len(units) == 13
    langs = [tuv.get(XML_LANG) for tuv in units[1].findall("tuv")]
    assert langs == ["zh-CN", "ru"]
    segs = [tuv.findtext("seg") for tu in units for tuv in tu.findall("tuv")]
    assert any("«Один пояс, один путь»" in s for s in segs) and all("\n" not in s for s in segs)


def test_export_moses_line_counts_match(corpus, tmp_path):
    out = tmp_path / "c"
    result = CliRunner().invoke(export, [str(corpus), "--format", "moses", "--out", str(out)])
    assert result.exit_code == 0, result.output
    zh = (tmp_path / "c.zh-ru.zh").read_text(encoding="utf-8").split("\n")  # no pair asked: named by the pair
    ru = (tmp_path / "c.zh-ru.ru").read_text(encoding="utf-8").split("\n")
    assert len(zh) == len(ru) > 20 and all(zh[:-1]) and all(ru[:-1])
    assert any("75" in z and "75" in r for z, r in zip(zh, ru))


def test_export_jsonl_keeps_every_link(corpus, tmp_path):
    out = tmp_path / "c.jsonl"
    result = CliRunner().invoke(export, [str(corpus), "--format", "jsonl", "--out", str(out), "--level", "sentence"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["level"] == "sentence" and isinstance(r["src_ids"], list) for r in rows)
    assert {r["src_clause"] for r in rows} >= set(range(1, 13))


def test_export_bad_arguments(corpus, tmp_path):
    runner = CliRunner()
    assert runner.invoke(export, [str(corpus), "--format", "xls", "--out", str(tmp_path / "x")]).exit_code == 2
    nested = runner.invoke(export, [str(corpus), "--format", "tmx", "--out", str(tmp_path / "no" / "x.tmx")])
    assert nested.exit_code == 0 and (tmp_path / "no" / "x.tmx").is_file()  # parent folders are created
    empty = runner.invoke(export, [str(tmp_path), "--format", "tmx", "--out", str(tmp_path / "x.tmx")])
    assert empty.exit_code != 0 and "Traceback" not in empty.output


def test_tmx_escapes_and_keeps_segments_on_one_line(tmp_path):
    row = {"pair_id": "p&1", "src_lang": "zh", "tgt_lang": "ru", "level": "sentence", "score": 0.5,
           "src_text": "中国 & <俄罗斯>\n第二行", "tgt_text": 'Китай "и"\nРоссия\x01'}
    empty = dict(row, pair_id="p2", tgt_text="")
    assert write_tmx([row, empty], tmp_path / "t.tmx") == (1, 0)
    tu = ET.parse(tmp_path / "t.tmx").getroot().find("body/tu")
    assert tu.get("tuid") == "p&1"
    assert [s.text for s in tu.iter("seg")] == ["中国 & <俄罗斯>第二行", 'Китай "и" Россия']
