"""Shards written by one task of a distributed build, committed later by the driver.

A distributed build (corpus_builder.executors) runs many tasks at once on
several machines; only the driver holds the store's lock and writes the
manifest.  Each task writes its rows with a :class:`StagedWriter`: the same
rows, partitions and shard naming as CorpusWriter (``part-<run id>-<seq>``,
the task having its own range of sequence numbers), under hidden temporary
names that carry a tag unique to the attempt, so that a retried task never
writes over, and is never confused with, what an earlier attempt left.  The
task returns the (temp path, FileEntry) pairs; the driver commits those of
the attempts it accepted with ``CorpusWriter.commit`` (one manifest switch)
and the rest are debris that the next writer removes.

:func:`drop_documents` lets the driver remove a document that two tasks both
wrote (the same page in two WARC files) from the later task's files before
the commit.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Collection, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from corpus_builder.store.manifest import FileEntry, sha256_file
from corpus_builder.store.schema import DOCUMENT_TABLES
from corpus_builder.store.shards import TableSink, append_document, open_parquet

Staged = list[tuple[Path, FileEntry]]


class StagedWriter:
    """Writes documents of one task to temp shard files; never touches the manifest.

    ``known`` holds doc_ids not to write again (already in the store);
    sequence numbers are taken from ``range(seq_start, seq_stop)``.
    """

    def __init__(self, root: str | Path, run_id: str, seq_start: int, seq_stop: int, tag: str,
                 known: Collection[str] = (), shard_rows: int = 200_000) -> None:
        self.root, self.run_id, self.shard_rows = Path(root), run_id, shard_rows
        self._seqs = iter(range(seq_start, seq_stop))
        self._known, self._added = known, set()
        self._sinks = {t: TableSink(self.root, t, run_id, self._next_seq, tmp_tag=tag) for t in DOCUMENT_TABLES}
        self._done: Staged = []

    def _next_seq(self) -> int:
        seq = next(self._seqs, None)
        if seq is None:
            raise RuntimeError("a task wrote more shard files than its sequence range holds")
        return seq

    def add_rows(self, doc_id: str, rows: dict[str, tuple[dict, list]]) -> bool:
        """Write a document given as its rows for every document table
        (steps.rows.document_rows with this run_id); False if its doc_id is known."""
        if doc_id in self._known or doc_id in self._added:
            return False
        append_document(self._sinks, rows, self.shard_rows, self._finish_open)
        self._added.add(doc_id)
        return True

    def _finish_open(self) -> None:
        for sink in self._sinks.values():
            self._done.extend(sink.finish())

    def finish(self) -> Staged:
        """Close every file (fsynced); the (temp path, entry) pairs for the driver to commit."""
        self._finish_open()
        done, self._done = self._done, []
        return done

    def abort(self) -> None:
        """Remove every file this writer made (the task failed)."""
        for sink in self._sinks.values():
            sink.abort()
        discard(self._done)
        self._done = []


def discard(staged: Iterable[tuple[Path, FileEntry]]) -> None:
    """Delete staged temp files that will not be committed."""
    for tmp, _ in staged:
        Path(tmp).unlink(missing_ok=True)


def drop_documents(staged: Staged, doc_ids: Collection[str]) -> Staged:
    """Rewrite staged files without the rows of ``doc_ids``; files left empty are deleted.

    Only the driver calls this, before the commit, so the files are still
    private temp files and may be rewritten in place (via a second temp name).
    """
    if not doc_ids:
        return list(staged)
    out: Staged = []
    for tmp, entry in staged:
        kept = _drop_rows(Path(tmp), entry, pa.array(list(doc_ids), pa.string()))
        if kept is not None:
            out.append((Path(tmp), kept))
    return out


def _drop_rows(tmp: Path, entry: FileEntry, doc_ids: pa.Array) -> FileEntry | None:
    """The entry of ``tmp`` after removing rows of ``doc_ids`` (None: nothing left, file deleted)."""
    if entry.table not in DOCUMENT_TABLES:
        return entry
    table = pq.ParquetFile(tmp).read()  # one file: no partition discovery from its path
    keep = pc.invert(pc.is_in(table.column("doc_id"), value_set=doc_ids))
    kept = table.filter(keep)
    if kept.num_rows == table.num_rows:
        return entry
    if kept.num_rows == 0:
        tmp.unlink()
        return None
    second = tmp.with_name(tmp.name + ".rewrite" + tmp.suffix)
    writer = open_parquet(second, entry.table)
    writer.write_table(kept)
    writer.close()
    with open(second, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(second, tmp)
    return FileEntry(entry.path, entry.table, entry.partition, kept.num_rows, tmp.stat().st_size,
                     sha256_file(tmp), entry.run_id, entry.schema_version)
