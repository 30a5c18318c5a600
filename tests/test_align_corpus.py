"""``align --corpus DIR [--since D] [--redo]``: pair and align the documents already stored."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import corpus_builder
from corpus_builder.cli import main
from corpus_builder.store import CorpusWriter
from corpus_builder.store.manifest import read_manifest

COLUMNS = ["pair_id", "src_doc_id", "tgt_doc_id", "src_lang", "tgt_lang", "level", "src_ids", "tgt_ids",
           "src_text", "tgt_text", "link_type", "method", "score", "src_clause", "tgt_clause"]


def cli(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def links(root: Path) -> list[tuple]:
    frame = corpus_builder.load(root, table="alignments")
    return sorted(tuple(str(v) for v in row) for row in frame[COLUMNS].itertuples(index=False))


def reports(root: Path) -> list[dict]:
    lines = (root / "alignment_report.jsonl").read_text(encoding="utf-8").splitlines()
    return sorted((json.loads(line) for line in lines), key=lambda r: (r["src_doc_id"], r["tgt_doc_id"]))


@pytest.fixture
def unaligned(example_corpus, tmp_path) -> Path:
    pages = example_corpus.parent / "pages"
    out = tmp_path / "corpus"
    assert "0 alignment links" in cli("build", pages, "--out", out, "--no-align", "--workers", "1")
    return out


def test_no_align_then_align_corpus_gives_the_links_of_an_aligned_build(example_corpus, unaligned):
    assert cli("align", "--corpus", unaligned, "--workers", "1") == \
        "4 documents to align: 3 document pairs, 107 links added\n"
    assert links(unaligned) == links(example_corpus) and len(links(unaligned)) == 107
    assert reports(unaligned) == reports(example_corpus)
    assert cli("validate", unaligned).startswith("ok:")
    # idempotent: only the repost (no counterpart of its own) is tried again, and nothing is added
    assert cli("align", "--corpus", unaligned, "--workers", "1") == \
        "1 document to align: 0 document pairs, 0 links added\n"
    assert links(unaligned) == links(example_corpus) and len(reports(unaligned)) == 3


def test_a_version_added_later_is_paired_with_the_stored_ones(example_corpus, tmp_path):
    pages, late = tmp_path / "zhru", tmp_path / "en"
    pages.mkdir(), late.mkdir()
    for page in (example_corpus.parent / "pages").iterdir():
        shutil.copy(page, (late if "-en" in page.name else pages) / page.name)
    out = tmp_path / "corpus"
    assert "in 1 pairs" in cli("build", pages, "--out", out, "--workers", "1")
    cli("build", late, "--out", out, "--no-align", "--workers", "1")
    assert cli("align", "--corpus", out, "--workers", "1").startswith("2 documents to align: 2 document pairs")
    assert {(s, t) for s, t in corpus_builder.load(out, table="alignments")[["src_lang", "tgt_lang"]].values} \
        == {("zh", "ru"), ("zh", "en"), ("ru", "en")}
    assert len(links(out)) == 107


def test_redo_replaces_the_old_links_in_one_commit(example_corpus, tmp_path):
    out = tmp_path / "corpus"
    shutil.copytree(example_corpus, out)
    before = read_manifest(out)
    assert cli("align", "--corpus", out, "--redo", "--workers", "1") == \
        "4 documents to align: 3 document pairs, 107 links added, 107 old links replaced\n"
    after = read_manifest(out)
    assert links(out) == links(example_corpus) and len(reports(out)) == 3
    assert set(corpus_builder.load(out, table="alignments")["run_id"]) == {after.runs[-1]["run_id"]}
    assert not {f.path for f in before.table_files("alignments")} & {f.path for f in after.table_files("alignments")}
    assert cli("validate", out).startswith("ok:")


def test_since_selects_by_publication_date(example_corpus, tmp_path):
    out = tmp_path / "corpus"
    shutil.copytree(example_corpus, out)
    assert cli("align", "--corpus", out, "--redo", "--since", "2024-01-01", "--workers", "1") == \
        "1 document to align: 0 document pairs, 0 links added\n"  # only the 2024 repost
    assert cli("align", "--corpus", out, "--since", "2030-01-01").startswith("0 documents to align")
    assert links(out) == links(example_corpus)


def test_a_failed_replacement_leaves_the_table_as_it_was(example_corpus, tmp_path):
    import pyarrow.dataset as ds

    out = tmp_path / "corpus"
    shutil.copytree(example_corpus, out)
    row = corpus_builder.load(out, table="alignments").iloc[0].to_dict()

    def chunks():
        yield [dict(row, pair_id="new-1")]
        raise RuntimeError("the aligner failed half-way")

    with pytest.raises(RuntimeError), CorpusWriter(out) as writer:
        writer.replace_rows("alignments", ds.field("src_lang") == "zh", chunks())
    assert links(out) == links(example_corpus)
    assert cli("validate", out).startswith("ok:")


@pytest.mark.parametrize("args, message", [
    (["--corpus", "{tmp}", "--zh", "{tmp}/a"], "one or the other"),
    (["--redo"], "go with --corpus"),
    ([], "--zh FILE and --ru FILE, or --corpus DIR"),
    (["--corpus", "{tmp}"], "not a corpus"),
])
def test_bad_options_are_usage_errors(tmp_path, args, message):
    (tmp_path / "a").write_text("x\n")
    result = CliRunner().invoke(main, ["align", *(a.format(tmp=tmp_path) for a in args)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "manifest.json").exists()
