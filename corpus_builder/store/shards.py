"""Streaming shard files: one open Parquet writer per (table, partition).

Rows arrive in small groups (one document's clauses, checked beforehand by
rowcheck), are converted to Arrow record batches every ``batch_rows`` rows
(compact memory, few conversion calls) and, whenever ``group_rows`` rows are
held (or ``group_bytes`` of them: long document texts), every open file gets
a row group.  The file is written under a hidden temporary name in its
final folder; :meth:`TableSink.finish` closes and fsyncs it and returns the
entries to commit.  Renaming into place and the manifest are the writer's job.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq

from corpus_builder.store.manifest import FileEntry, sha256_file, tmp_name
from corpus_builder.store.schema import file_schema

COMPRESSION = "zstd"


def partition_dir(table: str, partition: dict[str, Any]) -> str:
    """Relative folder of a partition, Hive style: ``clauses/lang=zh/year=2020``."""
    parts = [table] + [f"{k}={quote(str(v), safe='')}" for k, v in partition.items()]
    return "/".join(parts)


def open_parquet(path: Path, table: str) -> pq.ParquetWriter:
    return pq.ParquetWriter(path, file_schema(table), compression=COMPRESSION, write_statistics=True)


_OBJECT_OVERHEAD = 56  # bytes of a small Python str plus its list slot
_ITEM_CHARS = 8  # typical bytes of a token's characters


def _row_weight(row: dict[str, Any]) -> int:
    """Rough size of a row as Python objects (strings by length, lists by items)."""
    weight = 0
    for value in row.values():
        if isinstance(value, str):
            weight += len(value) + _OBJECT_OVERHEAD
        elif isinstance(value, list):
            weight += (_OBJECT_OVERHEAD + _ITEM_CHARS) * (len(value) + 1)  # not summed: too slow per token
        else:
            weight += _OBJECT_OVERHEAD
    return weight


@dataclass
class _PartFile:
    rel: str            # final path relative to the root
    partition: dict[str, Any]
    writer: pq.ParquetWriter
    tmp: Path
    pending: list[dict[str, Any]] = field(default_factory=list)  # rows not yet converted
    batches: list[pa.RecordBatch] = field(default_factory=list)   # converted, not yet written
    rows: int = 0       # rows in total (written + held)


class TableSink:
    """Collects rows of one table and streams them to per-partition temp files."""

    def __init__(self, root: Path, table: str, run_id: str, next_seq: Callable[[], int],
                 batch_rows: int = 8192, group_rows: int = 65536, group_bytes: int = 8 << 20,
                 tmp_tag: str = "") -> None:
        self.root, self.table, self.run_id, self._next_seq = root, table, run_id, next_seq
        self.tmp_tag = tmp_tag  # distinct temp names for each attempt of a distributed task
        self.schema = file_schema(table)
        self.batch_rows, self.group_rows, self.group_bytes = batch_rows, group_rows, group_bytes
        self.pending_bytes = group_bytes // 4
        self._parts: dict[tuple, _PartFile] = {}
        self._pending = 0  # rows not yet converted, all partitions
        self._pending_weight = 0  # their approximate size in memory as Python objects
        self._held = 0     # rows converted but not written, all partitions
        self._held_bytes = 0

    def rows_in(self, partition: dict[str, Any]) -> int:
        """Rows already in the partition's open file (0 if none is open)."""
        part = self._parts.get(tuple(partition.items()))
        return part.rows if part else 0

    def add_rows(self, rows: list[dict[str, Any]], partition: dict[str, Any]) -> None:
        """Buffer rows (already checked with rowcheck) for the partition's open file."""
        if not rows:
            return
        part = self._part(partition)
        part.pending.extend(rows)
        part.rows += len(rows)
        self._pending += len(rows)
        self._pending_weight += sum(map(_row_weight, rows))
        # A clause row can hold thousands of tokens: convert by size as well as by
        # count, or a few thousand long documents held as Python objects would make
        # memory grow with the input.
        if self._pending >= self.batch_rows or self._pending_weight >= self.pending_bytes:
            self._convert_all()
        if self._held >= self.group_rows or self._held_bytes >= self.group_bytes:
            for each in self._parts.values():  # bounds memory however many partitions are open
                self._write(each)
            self._held = self._held_bytes = 0

    def add_batch(self, batch: pa.RecordBatch, partition: dict[str, Any]) -> None:
        """Add rows that are already a record batch of this table (compaction)."""
        part = self._part(partition)
        part.batches.append(batch)
        part.rows += batch.num_rows
        self._write(part)

    def _convert_all(self) -> None:
        for part in self._parts.values():
            if part.pending:
                batch = pa.RecordBatch.from_pylist(part.pending, schema=self.schema)
                part.batches.append(batch)
                self._held += batch.num_rows
                self._held_bytes += batch.nbytes
                part.pending = []
        self._pending = self._pending_weight = 0

    def touch(self, partition: dict[str, Any]) -> None:
        """Open the partition's file even if no row comes (an empty table still has a file)."""
        self._part(partition)

    def _part(self, partition: dict[str, Any]) -> _PartFile:
        key = tuple(partition.items())
        part = self._parts.get(key)
        if part is None:
            rel = f"{partition_dir(self.table, partition)}/part-{self.run_id}-{self._next_seq():05d}.parquet"
            final = self.root / rel
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = tmp_name(final, self.tmp_tag)
            part = _PartFile(rel, dict(partition), open_parquet(tmp, self.table), tmp)
            self._parts[key] = part
        return part

    def _write(self, part: _PartFile) -> None:
        if part.batches:
            part.writer.write_table(pa.Table.from_batches(part.batches, schema=self.schema))
            part.batches = []

    def finish(self) -> list[tuple[Path, FileEntry]]:
        """Close every open file (fsynced); return (temp path, entry) pairs, and forget them."""
        done = []
        self._convert_all()
        for part in self._parts.values():
            self._write(part)
            part.writer.close()
            with open(part.tmp, "rb") as fh:
                os.fsync(fh.fileno())
            entry = FileEntry(part.rel, self.table, part.partition, part.rows, part.tmp.stat().st_size,
                              sha256_file(part.tmp), self.run_id)
            done.append((part.tmp, entry))
        self._parts.clear()
        self._held = self._held_bytes = self._pending = self._pending_weight = 0
        return done

    def abort(self) -> None:
        """Drop every open file (used when nothing may be committed)."""
        for part in self._parts.values():
            part.writer.close()
            part.tmp.unlink(missing_ok=True)
        self._parts.clear()
        self._held = self._held_bytes = self._pending = self._pending_weight = 0


def overflows(sinks: dict[str, TableSink], incoming: dict[str, tuple[dict[str, Any], int]], limit: int) -> bool:
    """True if adding ``incoming`` ({table: (partition, rows)}) would push an open
    file past ``limit`` rows (a file with no rows yet takes any number)."""
    for table, (part, n) in incoming.items():
        held = sinks[table].rows_in(part)
        if held and held + n > limit:
            return True
    return False


def append_document(sinks: dict[str, TableSink], rows: dict[str, tuple[dict[str, Any], list]], limit: int,
                    make_room: Callable[[], None]) -> None:
    """Append one document's rows ({table: (partition, rows)}) to the open sinks, calling
    ``make_room`` first (finish the open files) if they would push a file past ``limit``."""
    if overflows(sinks, {t: (part, len(r)) for t, (part, r) in rows.items()}, limit):
        make_room()
    for table, (part, table_rows) in rows.items():
        sinks[table].add_rows(table_rows, part)
