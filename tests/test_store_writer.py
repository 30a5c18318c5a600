"""CorpusWriter: layout, idempotence, bounded shards, dtypes, error path, lock."""
from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from store_factory import corpus, make_clauses, make_doc, make_pair

import corpus_builder
from corpus_builder.steps.rows import add_document
from corpus_builder.store import CorpusWriter, load
from corpus_builder.store.manifest import NotACorpus, StoreLocked, read_manifest
from corpus_builder.store.schema import META_VERSION, SCHEMA_VERSION, file_schema
from corpus_builder.store.validate import validate


def _write(root, docs, **kw):
    with CorpusWriter(root, **kw) as w:
        added = [add_document(w, d, c) for d, c in docs]
    return w, added


def test_roundtrip_layout_and_manifest(tmp_path):
    docs = corpus(12)
    w, added = _write(tmp_path / "c", docs)
    assert all(added) and w.summary["documents"] == 12
    assert w.summary.clauses == sum(len(c) for _, c in docs) == len(load(tmp_path / "c", "clauses"))
    manifest = read_manifest(tmp_path / "c")
    parts = {(f.table, f.partition.get("lang"), f.partition.get("year")) for f in manifest.files}
    assert ("documents", "zh", 2019) in parts and ("clauses", "ru", 0) in parts  # year=0: no date
    for f in manifest.files:
        assert f.path.split("/")[-1].startswith(f"part-{w.run_id}-")
        meta = pq.read_schema(tmp_path / "c" / f.path).metadata
        assert meta[META_VERSION] == str(SCHEMA_VERSION).encode()
    assert (tmp_path / "c" / "DATASET.md").read_text().count("- `doc_id`") >= 4
    assert validate(tmp_path / "c").ok(strict=True)


def test_rerun_adds_nothing_and_nightly_appends(tmp_path):
    docs = corpus(10)
    _write(tmp_path, docs[:6])
    w, added = _write(tmp_path, docs)
    assert added == [False] * 6 + [True] * 4
    assert w.summary.skipped_duplicates == 6 and w.summary.documents == 4
    frame = load(tmp_path, "documents")
    assert len(frame) == 10 and frame["doc_id"].is_unique
    assert len(read_manifest(tmp_path).runs) == 2


def test_same_doc_twice_in_one_run(tmp_path):
    doc = make_doc(1)
    with CorpusWriter(tmp_path) as w:
        assert add_document(w, doc, make_clauses(doc)) is True
        assert add_document(w, doc, make_clauses(doc)) is False
    assert len(load(tmp_path, "documents")) == 1


def test_shards_are_bounded(tmp_path):
    docs = corpus(40, langs=("zh",), years=(2020,))
    _write(tmp_path, docs, shard_rows=25)
    manifest = read_manifest(tmp_path)
    clause_files = manifest.table_files("clauses")
    assert len(clause_files) > 1 and max(f.rows for f in clause_files) <= 25
    assert sum(f.rows for f in clause_files) == 120


def test_load_dtypes_follow_the_schema(tmp_path):
    _write(tmp_path, corpus(6))
    clauses = load(tmp_path, "clauses")
    assert str(clauses["clause_number"].dtype) == "Int32"  # nullable int stays an int
    assert clauses["clause_index"].dtype == "int32" and clauses["year"].dtype == "int16"
    assert clauses["clause_number"].isna().sum() == 6          # the preambles
    assert isinstance(clauses["tokens"].iloc[0][0], str)
    assert set(clauses["lang"]) == {"zh", "ru"}
    docs = load(tmp_path, "documents")
    assert str(docs["fetched_at"].dtype).startswith("datetime64") and "UTC" in str(docs["fetched_at"].dtype)
    assert list(docs.columns[: len(file_schema("documents"))]) == file_schema("documents").names


def test_pandas_read_parquet_on_a_table_folder(tmp_path):
    _write(tmp_path, corpus(6))
    frame = pd.read_parquet(tmp_path / "clauses")
    assert len(frame) == 18
    assert str(frame["clause_number"].dtype) == "Int32" and frame["n_tokens"].dtype == "int32"
    assert frame["lang"].dtype == "category" and set(frame["lang"]) == {"zh", "ru"}
    assert set(frame["year"].astype(int)) == {2019, 2020, 0}


def test_corpus_builder_load_is_exported(tmp_path):
    _write(tmp_path, corpus(2))
    assert len(corpus_builder.load(tmp_path, table="documents")) == 2


def test_alignments_are_deduplicated_by_pair_id(tmp_path):
    (zh, zc), (ru, rc) = corpus(2)
    with CorpusWriter(tmp_path) as w:
        add_document(w, zh, zc), add_document(w, ru, rc)
        assert w.add_alignments([make_pair(zh, ru, k) for k in range(3)]) == 3
    with CorpusWriter(tmp_path) as w:
        assert w.add_alignments([make_pair(zh, ru, k) for k in range(4)]) == 1
    frame = load(tmp_path, "alignments")
    assert len(frame) == 4 and list(frame["src_ids"].iloc[0]) == [frame["src_clause"].iloc[0]]


def test_error_inside_the_run_keeps_what_was_added(tmp_path):
    docs = corpus(5)
    with pytest.raises(RuntimeError):
        with CorpusWriter(tmp_path) as w:
            for d, c in docs[:3]:
                add_document(w, d, c)
            raise RuntimeError("boom")
    assert len(load(tmp_path, "documents")) == 3
    assert read_manifest(tmp_path).runs[-1]["status"] == "failed"
    assert validate(tmp_path).ok(strict=True)


def test_bad_record_adds_nothing(tmp_path):
    good, bad = make_doc(1), make_doc(2)
    clauses = make_clauses(bad)
    clauses[1].tokens = [1, 2]  # not strings: the clause rows cannot be converted
    with CorpusWriter(tmp_path) as w:
        add_document(w, good, make_clauses(good))
        with pytest.raises(TypeError):
            add_document(w, bad, clauses)
    assert list(load(tmp_path, "documents")["doc_id"]) == [good.doc_id]
    assert set(load(tmp_path, "clauses")["doc_id"]) == {good.doc_id}


def test_second_writer_is_refused(tmp_path):
    with CorpusWriter(tmp_path):
        with pytest.raises(StoreLocked):
            CorpusWriter(tmp_path).__enter__()


def test_refuses_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(NotACorpus):
        CorpusWriter(tmp_path).__enter__()


def test_manifest_is_valid_json_with_checksums(tmp_path):
    _write(tmp_path, corpus(3))
    body = json.loads((tmp_path / "manifest.json").read_text())
    assert body["schema_version"] == SCHEMA_VERSION and all(len(f["sha256"]) == 64 for f in body["files"])


def test_reused_run_id_never_overwrites(tmp_path):
    docs = corpus(6)
    _write(tmp_path, docs[:3], run_id="nightly")
    _write(tmp_path, docs[3:], run_id="nightly")
    assert len(load(tmp_path, "documents")) == 6
    assert validate(tmp_path).ok(strict=True)


def test_folder_left_by_a_run_killed_before_its_first_commit(tmp_path):
    (tmp_path / ".lock").write_text("")
    (tmp_path / ".manifest.json.tmp").write_text("{")
    _write(tmp_path, corpus(2))
    assert validate(tmp_path).ok(strict=True)


def test_document_without_language_is_refused(tmp_path):
    import dataclasses
    doc = dataclasses.replace(make_doc(1), lang="")
    with CorpusWriter(tmp_path) as w:
        with pytest.raises(ValueError, match="language"):
            add_document(w, doc, make_clauses(doc))


def test_dataset_md_describes_every_column_and_the_runs(tmp_path):
    from corpus_builder.store.schema import COLUMNS, PARTITIONS
    w, _ = _write(tmp_path, corpus(4))
    text = (tmp_path / "DATASET.md").read_text(encoding="utf-8")
    for table, cols in COLUMNS.items():
        assert f"### {table}" in text
        for col in cols + PARTITIONS[table]:
            assert f"- `{col.name}` ({col.type}" in text
    assert w.run_id in text and "- documents: 4 rows" in text and "year=0" in text


def test_every_unpartitioned_table_readable_from_the_first_run(tmp_path):
    _write(tmp_path, corpus(2))  # no alignments added
    for table in ("alignments", "reposts"):
        frame = pd.read_parquet(tmp_path / table)
        assert len(frame) == 0 and "run_id" in frame.columns
    assert len(load(tmp_path, "alignments")) == 0


@pytest.mark.parametrize("field, value", [("title", 5), ("published", "2020-01-01"), ("source", None)])
def test_document_field_of_the_wrong_type_is_refused(tmp_path, field, value):
    import dataclasses
    doc = dataclasses.replace(make_doc(1), **{field: value})
    with CorpusWriter(tmp_path) as w:
        with pytest.raises(TypeError, match=f"documents.{field}"):
            add_document(w, doc, make_clauses(doc))
    assert len(load(tmp_path, "documents")) == 0


def test_clause_number_out_of_int32_range_is_refused(tmp_path):
    doc = make_doc(1)
    clauses = make_clauses(doc)
    clauses[1].number = 2**40
    with CorpusWriter(tmp_path) as w:
        with pytest.raises(TypeError, match="clause_number"):
            add_document(w, doc, clauses)
