"""validate(): each kind of damage is reported; a sound store passes."""
from __future__ import annotations

import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from store_factory import corpus, make_clauses, make_doc

from corpus_builder.steps.rows import add_document
from corpus_builder.store import CorpusWriter
from corpus_builder.store.compact import compact
from corpus_builder.store.load import load
from corpus_builder.store.manifest import NotACorpus, read_manifest, write_manifest
from corpus_builder.store.rows import clause_row
from corpus_builder.store.validate import validate


@pytest.fixture()
def store(tmp_path):
    root = tmp_path / "corpus"
    with CorpusWriter(root, shard_rows=10) as w:
        for doc, clauses in corpus(30):
            add_document(w, doc, clauses)
    return root


def _first(root, table="clauses"):
    return root / read_manifest(root).table_files(table)[0].path


def _problems(root):
    return "\n".join(validate(root).problems)


def test_sound_store_passes(store):
    report = validate(store)
    assert report.ok(strict=True) and report.files_checked == len(read_manifest(store).files)


def test_changed_file_fails_checksum(store):
    path = _first(store)
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    assert "checksum differs" in _problems(store)


def test_missing_file(store):
    _first(store).unlink()
    assert "listed in the manifest but missing" in _problems(store)


def test_unlisted_shard_is_flagged_and_invisible_to_load(store):
    before = len(load(store, "clauses"))
    src = _first(store)
    shutil.copy(src, src.with_name("part-stray-00001.parquet"))
    assert "not in the manifest" in _problems(store)
    assert len(load(store, "clauses")) == before


def test_temp_file_is_a_warning_and_strict_fails(store):
    (_first(store).parent / ".part-x-00009.parquet.tmp").write_bytes(b"partial")
    report = validate(store)
    assert not report.problems and report.warnings and not report.ok(strict=True)


def test_wrong_schema_is_reported(store):
    path = _first(store, "documents")
    pq.write_table(pa.table({"doc_id": ["x"]}), path)
    manifest = read_manifest(store)
    entry = next(f for f in manifest.files if store / f.path == path)
    from corpus_builder.store.manifest import sha256_file
    entry.sha256, entry.bytes, entry.rows = sha256_file(path), path.stat().st_size, 1
    write_manifest(store, manifest)
    assert "schema differs" in _problems(store)


def test_duplicate_keys_and_orphan_clauses(store, tmp_path):
    ghost = make_doc(99)
    rows = [clause_row(ghost, c, "r") for c in make_clauses(ghost)]
    from corpus_builder.store.shards import TableSink
    sink = TableSink(store, "clauses", "manual", iter(range(900, 999)).__next__)
    sink.add_rows(rows + rows[:1], {"lang": "zh", "year": 2020})
    manifest = read_manifest(store)
    from corpus_builder.store.manifest import commit_files
    commit_files(store, manifest, sink.finish(), [])
    problems = _problems(store)
    assert "duplicate key" in problems and "clauses.doc_id: 1 value(s) without a document" in problems


def test_not_a_corpus(tmp_path):
    with pytest.raises(NotACorpus):
        validate(tmp_path)


def test_compact_merges_and_keeps_rows(store):
    before = load(store, "clauses").sort_values(["doc_id", "clause_index"]).reset_index(drop=True)
    n_files = len(read_manifest(store).files)
    result = compact(store, shard_rows=1000)
    assert result.merged > 0 and result.files_after < n_files
    after = load(store, "clauses").sort_values(["doc_id", "clause_index"]).reset_index(drop=True)
    assert after.drop(columns="tokens").equals(before.drop(columns="tokens"))
    assert validate(store).ok(strict=True)
    assert compact(store, shard_rows=1000).merged == 0


def test_file_listed_twice(store):
    manifest = read_manifest(store)
    manifest.files.append(manifest.files[0])
    write_manifest(store, manifest)
    assert "listed 2 times" in _problems(store)


def test_document_missing_its_clauses(store):
    manifest = read_manifest(store)
    victim = manifest.table_files("clauses")[0]
    manifest.files.remove(victim)
    write_manifest(store, manifest)
    (store / victim.path).unlink()
    assert "whose clause rows differ" in _problems(store)


def test_rows_in_the_wrong_year_folder(store):
    manifest = read_manifest(store)
    entry = next(f for f in manifest.table_files("documents") if f.partition["year"] == 2019)
    moved = entry.path.replace("year=2019", "year=2021")
    (store / moved).parent.mkdir(parents=True, exist_ok=True)
    (store / entry.path).rename(store / moved)
    entry.path, entry.partition = moved, {**entry.partition, "year": 2021}
    write_manifest(store, manifest)
    assert "not the year of published" in _problems(store)
