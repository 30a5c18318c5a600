"""Check a store: every file against the declared schema and the manifest, and the keys.

Problems (the store is not sound): a listed file missing, a checksum, size or
row count that differs from the manifest, a file whose schema or schema
version is not the declared one, a file in the wrong partition folder, a
Parquet file on disk that the manifest does not list, duplicate keys, clauses
or alignments or reposts pointing at a document that is not there, a
document whose n_clauses differs from its clause rows, a row in the year
folder of another year.
Warnings: leftover hidden temp files of an interrupted write (no reader ever
opens them; the next writer removes them).  ``strict`` makes warnings fail too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from corpus_builder.store.load import table_dataset
from corpus_builder.store.manifest import FileEntry, Manifest, find_debris, read_manifest, sha256_file
from corpus_builder.store.schema import (
    KEYS,
    META_VERSION,
    REGISTRY,
    SCHEMA_VERSION,
    TABLES,
    YEAR_UNKNOWN,
    file_schema,
)
from corpus_builder.store.shards import partition_dir


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files_checked: int = 0

    def ok(self, strict: bool = False) -> bool:
        return not self.problems and not (strict and self.warnings)


def _check_file(root: Path, entry: FileEntry) -> list[str]:
    path = root / entry.path
    if not path.is_file():
        return [f"{entry.path}: listed in the manifest but missing"]
    found = []
    if entry.table not in TABLES:
        return [f"{entry.path}: unknown table {entry.table!r}"]
    if not entry.path.startswith(partition_dir(entry.table, entry.partition) + "/"):
        found.append(f"{entry.path}: not in the folder of its partition {entry.partition}")
    if path.stat().st_size != entry.bytes or sha256_file(path) != entry.sha256:
        return found + [f"{entry.path}: checksum differs from the manifest (file changed or corrupt)"]
    try:
        meta = pq.read_metadata(path)
        schema = meta.schema.to_arrow_schema()
    except Exception as exc:  # noqa: BLE001 - any read failure is a problem to report
        return found + [f"{entry.path}: unreadable Parquet: {exc}"]
    version = (schema.metadata or {}).get(META_VERSION, b"?").decode()
    # a file of an older version is sound if it has exactly that version's columns (readers fill the rest)
    known = version.isdigit() and 1 <= int(version) <= SCHEMA_VERSION and entry.schema_version == int(version)
    declared = file_schema(entry.table, int(version) if known else SCHEMA_VERSION)
    if not schema.equals(declared, check_metadata=False):
        found.append(f"{entry.path}: schema differs from the declared {entry.table} schema")
    if not known:
        found.append(f"{entry.path}: schema version {version}, expected {SCHEMA_VERSION}")
    if meta.num_rows != entry.rows:
        found.append(f"{entry.path}: {meta.num_rows} rows, manifest says {entry.rows}")
    return found


def _duplicates(root: Path, manifest: Manifest, table: str) -> list[str]:
    keys = list(KEYS[table])
    data = table_dataset(root, table, manifest).to_table(columns=keys)
    if data.num_rows == 0:
        return []
    grouped = data.group_by(keys).aggregate([([], "count_all")])
    dup = grouped.filter(pc.greater(grouped.column("count_all"), 1))
    return [f"{table}: duplicate key {tuple(r[k] for k in keys)} ({r['count_all']} rows)"
            for r in dup.slice(0, 20).to_pylist()]


def _dangling(root: Path, manifest: Manifest, doc_ids: set, table: str, column: str) -> list[str]:
    values = pc.unique(table_dataset(root, table, manifest).to_table(columns=[column]).column(column))
    missing = sorted(v for v in values.to_pylist() if v is not None and v not in doc_ids)
    return [f"{table}.{column}: {len(missing)} value(s) without a document, e.g. {missing[:3]}"] if missing else []


def _references(root: Path, manifest: Manifest) -> list[str]:
    doc_ids = set(table_dataset(root, "documents", manifest).to_table(columns=["doc_id"]).column("doc_id").to_pylist())
    found = []
    for table in TABLES:
        for column in REGISTRY[table].refs:
            found += _dangling(root, manifest, doc_ids, table, column)
    return found


def _clause_counts(root: Path, manifest: Manifest) -> list[str]:
    """Each document's n_clauses must match its clause rows (a torn commit would not)."""
    docs = table_dataset(root, "documents", manifest).to_table(columns=["doc_id", "n_clauses"])
    clauses = table_dataset(root, "clauses", manifest).to_table(columns=["doc_id"])
    counted = clauses.group_by("doc_id").aggregate([([], "count_all")])
    have = dict(zip(counted.column("doc_id").to_pylist(), counted.column("count_all").to_pylist()))
    wrong = [d for d, n in zip(docs.column("doc_id").to_pylist(), docs.column("n_clauses").to_pylist())
             if have.get(d, 0) != n]
    return ([f"documents.n_clauses: {len(wrong)} document(s) whose clause rows differ, e.g. {wrong[:3]}"]
            if wrong else [])


def _years(root: Path, manifest: Manifest) -> list[str]:
    """The year=... folder of every row must be the year of its published date (0 if none)."""
    found = []
    for table in ("documents", "clauses"):
        data = table_dataset(root, table, manifest).to_table(columns=["published", "year"])
        actual = pc.fill_null(pc.year(data.column("published")), YEAR_UNKNOWN)
        bad = pc.sum(pc.not_equal(pc.cast(actual, "int16"), data.column("year"))).as_py() or 0
        if bad:
            found.append(f"{table}: {bad} row(s) in a year=... folder that is not the year of published")
    return found


def validate(root: str | Path) -> Report:
    """Check the store at ``root``; raises NotACorpus if it has no manifest."""
    root = Path(root)
    manifest = read_manifest(root)
    report = Report()
    paths = [f.path for f in manifest.files]
    report.problems += [f"{p}: listed {paths.count(p)} times in the manifest" for p in sorted(set(paths))
                        if paths.count(p) > 1]
    for entry in manifest.files:
        report.problems += _check_file(root, entry)
        report.files_checked += 1
    temps, orphans = find_debris(root, manifest, TABLES)
    report.problems += [f"{p.relative_to(root)}: Parquet file not in the manifest (uncommitted)" for p in orphans]
    report.warnings += [f"{p.relative_to(root)}: leftover temp file of an interrupted write" for p in temps]
    if report.problems:  # keys and references only mean something on sound files
        return report
    for table in TABLES:
        report.problems += _duplicates(root, manifest, table)
    report.problems += _references(root, manifest)
    report.problems += _clause_counts(root, manifest)
    report.problems += _years(root, manifest)
    return report
