"""`corpus-builder examples`: the shipped pages are written out, and they make a corpus."""
from __future__ import annotations

from click.testing import CliRunner

from corpus_builder.cli import main
from corpus_builder.resources import example_pages

NAMES = ["seed-repost.html", "statement-en.html", "statement-ru.html", "statement-zh.html"]


def test_examples_writes_the_pages(tmp_path):
    out = tmp_path / "new" / "pages"
    result = CliRunner().invoke(main, ["examples", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"4 example pages -> {out}/"
    assert sorted(p.name for p in out.iterdir()) == NAMES
    assert [p.name for p in example_pages()] == NAMES
    assert (out / "statement-zh.html").read_bytes() == example_pages()[3].read_bytes()


def test_examples_refuses_to_overwrite_without_force(tmp_path):
    (tmp_path / "statement-ru.html").write_text("mine")
    result = CliRunner().invoke(main, ["examples", str(tmp_path)])
    assert result.exit_code == 2
    assert "statement-ru.html" in result.output and "--force" in result.output
    assert (tmp_path / "statement-ru.html").read_text() == "mine"
    assert not (tmp_path / "statement-zh.html").exists()
    result = CliRunner().invoke(main, ["examples", str(tmp_path), "--force"])
    assert result.exit_code == 0 and (tmp_path / "statement-ru.html").read_text() != "mine"


def test_examples_folder_that_is_a_file(tmp_path):
    target = tmp_path / "pages"
    target.write_text("x")
    result = CliRunner().invoke(main, ["examples", str(target)])
    assert result.exit_code == 2 and "file" in result.output.lower()


def test_examples_build_into_a_paired_corpus_with_the_repost_linked(tmp_path):
    import corpus_builder

    runner = CliRunner()
    assert runner.invoke(main, ["examples", str(tmp_path / "pages")]).exit_code == 0
    result = runner.invoke(main, ["build", str(tmp_path / "pages"), "--out", str(tmp_path / "corpus")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("4 documents (0 already in the corpus), 52 clauses")
    assert "dropped 0 (none)" in result.output
    docs = corpus_builder.load(tmp_path / "corpus", table="documents").set_index("doc_id")
    clauses = corpus_builder.load(tmp_path / "corpus", table="clauses", lang="zh")
    reposts = corpus_builder.load(tmp_path / "corpus", table="reposts")
    by_name = {url.rsplit("/", 1)[1]: doc for doc, url in docs["url"].items()}
    repost = reposts.set_index("doc_id").loc[by_name["seed-repost.html"]]
    assert repost["repost_of"] == by_name["statement-zh.html"]
    assert str(repost["canonical_published"]) == "2020-09-11"
    text = "\n".join(clauses[clauses["doc_id"] == by_name["seed-repost.html"]]["text"])
    for boilerplate in ("资讯来源", "热门视频", "版权所有", "ICP", "浏览次数", "举报邮箱"):
        assert boilerplate not in text
    numbers = clauses[clauses["doc_id"] == by_name["seed-repost.html"]]["clause_number"].dropna().astype(int).tolist()
    assert numbers == list(range(1, 13))
    pairs = corpus_builder.load(tmp_path / "corpus", table="alignments")
    assert {(s, t) for s, t in zip(pairs["src_lang"], pairs["tgt_lang"])} == {("zh", "ru"), ("zh", "en"), ("ru", "en")}
