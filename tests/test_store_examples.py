"""The loading examples proposed for the README, run exactly as written.

Each snippet is executed in a folder holding a store called ``corpus``.
DuckDB and Polars read the Parquet tree directly (not the manifest): run
``corpus-builder validate corpus`` first if a write may have been interrupted.
"""
from __future__ import annotations

import textwrap

import pytest
from store_factory import corpus as make_corpus
from store_factory import make_pair

from corpus_builder.steps.rows import add_document
from corpus_builder.store import CorpusWriter

PANDAS = textwrap.dedent("""
    import corpus_builder
    clauses = corpus_builder.load("corpus", table="clauses", lang="zh", since="2020-01-01")
    docs = corpus_builder.load("corpus", table="documents")   # + repost_of, canonical_published
    originals = docs[docs["repost_of"].isna()]
    pairs = corpus_builder.load("corpus", table="alignments", lang="ru")

    import pandas as pd
    raw = pd.read_parquet("corpus/clauses", filters=[("lang", "==", "zh")])
""")

DUCKDB = textwrap.dedent("""
    import duckdb
    per_year = duckdb.sql(\"\"\"
        SELECT lang, year, count(*) AS clauses
        FROM read_parquet('corpus/clauses/*/*/*.parquet', hive_partitioning = true)
        GROUP BY lang, year ORDER BY lang, year
    \"\"\").df()
""")

POLARS = textwrap.dedent("""
    import polars as pl
    zh = (pl.scan_parquet("corpus/clauses/**/*.parquet", hive_partitioning=True)
            .filter(pl.col("lang") == "zh")
            .select("doc_id", "clause_number", "text", "tokens")
            .collect())
""")


@pytest.fixture()
def in_store_dir(tmp_path, monkeypatch):
    docs = make_corpus(12)
    with CorpusWriter(tmp_path / "corpus") as w:
        for doc, clauses in docs:
            add_document(w, doc, clauses)
        w.add_alignments([make_pair(docs[0][0], docs[1][0])])
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(snippet: str) -> dict:
    scope: dict = {}
    exec(compile(snippet, "<example>", "exec"), scope)  # noqa: S102 - the documented example itself
    return scope


def test_pandas_example(in_store_dir):
    scope = _run(PANDAS)
    assert len(scope["clauses"]) == 6 and set(scope["clauses"]["lang"]) == {"zh"}
    assert len(scope["docs"]) == 12 and "canonical_published" in scope["docs"]
    assert len(scope["originals"]) == 12 and len(scope["pairs"]) == 1
    assert len(scope["raw"]) == 18


def test_duckdb_example(in_store_dir):
    pytest.importorskip("duckdb")
    frame = _run(DUCKDB)["per_year"]
    assert frame["clauses"].sum() == 36 and set(frame["lang"]) == {"zh", "ru"}
    assert set(frame["year"].astype(int)) == {0, 2019, 2020}


def test_polars_example(in_store_dir):
    pytest.importorskip("polars")
    frame = _run(POLARS)["zh"]
    assert frame.height == 18 and frame.columns == ["doc_id", "clause_number", "text", "tokens"]
    assert frame["clause_number"].null_count() == 6
