"""The build pairs a zh and a ru statement and stores their clause and sentence links."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from corpus_builder.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "align"


def statement_page(lang: str, date: str) -> str:
    lines = [ln for ln in (FIXTURES / f"statement_{lang}.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    paras = "".join(f"<p>{ln}</p>" for ln in lines[1:])
    return (f"<html><head><meta charset='utf-8'><title>{lines[0]}</title></head><body>"
            f"<div class='nav'><a href='/'>home</a></div><div class='article'><h1>{lines[0]}</h1>"
            f"<div class='date'>{date}</div>{paras}</div><div class='footer'>©</div></body></html>")


def test_build_aligns_a_zh_ru_statement_clause_by_clause(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "zh.html").write_text(statement_page("zh", "2020年9月11日"), encoding="utf-8")
    (pages / "ru.html").write_text(statement_page("ru", "11 сентября 2020 года"), encoding="utf-8")
    out = tmp_path / "corpus"
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.splitlines()[-1])
    assert summary["documents"] == 2 and summary["aligned_pairs"] == 1
    links = pd.read_parquet(out / "alignments")
    clause_links = links[links["level"] == "clause"]
    docs = pd.read_parquet(out / "documents").set_index("doc_id")
    assert set(docs.loc[clause_links["src_doc_id"], "lang"]) == {"zh"}
    clauses = pd.read_parquet(out / "clauses")
    number = clauses.set_index(["doc_id", "clause_index"])["clause_number"]
    numbered = [(number[(s, i[0])], number[(t, j[0])]) for s, t, i, j in clause_links[
        ["src_doc_id", "tgt_doc_id", "src_ids", "tgt_ids"]].itertuples(index=False) if len(i) and len(j)]
    assert sorted((a, b) for a, b in numbered if pd.notna(a)) == [(n, n) for n in range(1, 13)]
    assert (links["level"] == "sentence").sum() >= 12
    report = [json.loads(line) for line in (out / "alignment_report.jsonl").read_text().splitlines()]
    assert len(report) == 1
    again = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--workers", "1", "--json"])
    assert json.loads(again.output.splitlines()[-1])["alignments"] == 0
    assert len(pd.read_parquet(out / "alignments")) == len(links)
    check = CliRunner().invoke(main, ["validate", str(out)])
    assert check.exit_code == 0, check.output


def test_alignment_windows_split_by_date_and_a_pair_across_windows_is_kept_once(tmp_path, monkeypatch):
    import corpus_builder.steps.alignment as corpus_align

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "zh.html").write_text(statement_page("zh", "2020年9月11日"), encoding="utf-8")
    (pages / "ru.html").write_text(statement_page("ru", "16 сентября 2020 года"), encoding="utf-8")
    (pages / "later.html").write_text(statement_page("zh", "2020年12月1日").replace("外交部长", "副外长"),
                                      encoding="utf-8")
    monkeypatch.setattr(corpus_align, "SPAN_DAYS", 3)  # zh and ru fall in different windows
    out = tmp_path / "corpus"
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    windows = corpus_align.plan_windows(out, pd.read_parquet(out / "documents")["doc_id"], span_days=3)
    assert [len(w.new_ids) for w in windows] == [1, 1, 1]
    summary = json.loads(result.output.splitlines()[-1])
    assert summary["aligned_pairs"] == 1
    links = pd.read_parquet(out / "alignments")
    assert links["pair_id"].is_unique and (links["level"] == "clause").sum() == 13


def _strip_table(root: Path, table: str) -> None:
    """Make the store look as if written before ``table`` existed."""
    from corpus_builder.store.manifest import read_manifest, write_manifest

    manifest = read_manifest(root)
    for entry in manifest.table_files(table):
        (root / entry.path).unlink()
    manifest.files = [f for f in manifest.files if f.table != table]
    write_manifest(root, manifest)


def test_stored_pairing_profiles_match_the_texts_and_old_stores_without_them_still_align(tmp_path):
    from corpus_builder.steps.alignment import window_profiles

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "zh.html").write_text(statement_page("zh", "2020年9月11日"), encoding="utf-8")
    out = tmp_path / "corpus"
    assert CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--workers", "1"]).exit_code == 0
    stored = window_profiles(out)
    assert len(stored) == 1 and stored[0].numbered == 12 and stored[0].concepts
    _strip_table(out, "pairing")
    assert window_profiles(out) == stored  # computed from the text: the same profile
    # the next run of an upgraded tool pairs its new ru page with the zh one stored without a profile
    (pages / "ru.html").write_text(statement_page("ru", "11 сентября 2020 года"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1])["aligned_pairs"] == 1
    assert CliRunner().invoke(main, ["validate", str(out)]).exit_code == 0
