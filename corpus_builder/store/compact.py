"""Merge small shards of each partition into shards of up to ``shard_rows`` rows.

Nightly runs leave a few small files per partition; compaction rewrites them
with the same commit protocol as the writer (temp files, rename, manifest
switch, then delete the old files) under the writer lock, so a concurrent
writer is refused and a crash leaves the store readable.  Every file to merge
is checked against its manifest sha256 first: a damaged store is refused
(ShardDamaged), never merged into files with fresh checksums.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq

from corpus_builder.store import manifest as mf
from corpus_builder.store.datasetmd import write_dataset_md
from corpus_builder.store.schema import APPENDED_TABLES, TABLES, upgrade_batch
from corpus_builder.store.shards import TableSink

log = logging.getLogger(__name__)
COMPACTED = APPENDED_TABLES  # a rebuilt table (reposts) is one file already


@dataclass(slots=True)
class CompactResult:
    files_before: int
    files_after: int
    merged: int      # small files that were rewritten


def _bins(files: list[mf.FileEntry], shard_rows: int) -> list[list[mf.FileEntry]]:
    """Groups of small files whose rows add up to at most shard_rows (first fit)."""
    bins: list[list[mf.FileEntry]] = []
    sizes: list[int] = []
    for f in sorted((f for f in files if f.rows < shard_rows), key=lambda f: -f.rows):
        for i, size in enumerate(sizes):
            if size + f.rows <= shard_rows:
                bins[i].append(f)
                sizes[i] += f.rows
                break
        else:
            bins.append([f])
            sizes.append(f.rows)
    return [b for b in bins if len(b) > 1]


def _rewrite(root: Path, group: list[mf.FileEntry], run_id: str, seq) -> list:
    sink = TableSink(root, group[0].table, run_id, seq)
    try:
        for entry in group:
            for batch in pq.ParquetFile(root / entry.path).iter_batches():
                sink.add_batch(upgrade_batch(batch, entry.table), group[0].partition)
        return sink.finish()
    except BaseException:
        sink.abort()
        raise


def _small_groups(manifest: mf.Manifest, shard_rows: int) -> list[list[mf.FileEntry]]:
    by_partition: dict[tuple, list[mf.FileEntry]] = defaultdict(list)
    for f in manifest.files:
        if f.table in COMPACTED:
            by_partition[(f.table, tuple(f.partition.items()))].append(f)
    return [group for files in by_partition.values() for group in _bins(files, shard_rows)]


def _remove_debris(root: Path, manifest: mf.Manifest) -> None:
    """Remove what a killed build or compact left (temp files, uncommitted shards), as a build does:
    under the lock nobody else is writing them, and readers never see them."""
    temps, orphans = mf.find_debris(root, manifest, TABLES)
    for path in temps + orphans:
        log.warning("removing uncommitted file of an interrupted run: %s", path)
        path.unlink(missing_ok=True)


def compact(root: str | Path, shard_rows: int = 200_000) -> CompactResult:
    """Merge small shards; returns file counts before and after."""
    root = Path(root)
    mf.read_manifest(root)  # NotACorpus before a lock file is created in a stranger's folder
    lock = mf.acquire_lock(root)
    new: list = []
    try:
        manifest = mf.read_manifest(root)  # read under the lock
        _remove_debris(root, manifest)
        before, run_id = len(manifest.files), "compact-" + mf.new_run_id()
        counter = iter(range(1, 1 << 30))
        groups = _small_groups(manifest, shard_rows)
        # merging a damaged shard would launder it: its rows rewritten under a fresh checksum
        mf.verify_files(root, [f for group in groups for f in group])
        for group in groups:
            new += _rewrite(root, group, run_id, lambda: next(counter))
        drop = [f for group in groups for f in group]
        if new:
            manifest.runs.append({"run_id": run_id, "status": "compact", "merged_files": len(drop),
                                  "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
            mf.commit_files(root, manifest, new, drop)
            write_dataset_md(root, manifest)
        return CompactResult(before, len(manifest.files), len(drop))
    except BaseException:
        for tmp, _ in new:  # merged files not committed: drop them
            tmp.unlink(missing_ok=True)
        raise
    finally:
        mf.release_lock(lock)
