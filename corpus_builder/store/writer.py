"""CorpusWriter: append rows to the tables of a Parquet store (persistence only).

The writer knows tables and rows, not how they are made: a document arrives
as its rows for every ``document`` table of the registry (steps.rows makes
them), alignments as AlignedPair records, and a ``rebuilt`` table (reposts)
as its whole new content (:meth:`CorpusWriter.replace_table`).

Each commit (every ``shard_rows`` rows, and at exit) closes the open shard
files, renames them from their hidden temporary names into place and then
replaces the manifest atomically; only then are they part of the corpus.  A
document's rows (document, clauses, repost signature, pairing profile) always
go into the same commit, so a crash never leaves clauses without their
document.  Opening a writer removes what a killed run left behind (temp
files, shards that never made it into the manifest) and loads the committed
doc_ids, so re-running on the same input adds nothing.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from corpus_builder.errors import Crash
from corpus_builder.records import AlignedPair
from corpus_builder.store import manifest as mf
from corpus_builder.store.datasetmd import write_dataset_md
from corpus_builder.store.folder import check_corpus_folder
from corpus_builder.store.load import column_values, table_dataset
from corpus_builder.store.rowcheck import check_rows
from corpus_builder.store.rows import alignment_row
from corpus_builder.store.schema import APPENDED_TABLES, DOCUMENT_TABLES, PARTITIONS, REBUILT_TABLES, TABLES
from corpus_builder.store.shards import TableSink, append_document, overflows

log = logging.getLogger(__name__)
Rows = dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]  # {table: (partition, rows)} of one document


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(slots=True)
class WriteSummary:
    """What one run wrote (also readable as ``summary["documents"]``)."""

    run_id: str
    documents: int = 0
    clauses: int = 0
    alignments: int = 0
    skipped_duplicates: int = 0
    skipped_alignments: int = 0
    shards: int = 0
    crashed: int = 0  # pages that hit an error in the code: the run is then "failed"
    error: str = ""   # the first of those errors
    status: str = "running"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)


class CorpusWriter:
    """Context manager that appends new documents to the store at ``root``."""

    def __init__(self, root: str | Path, run_id: str | None = None, shard_rows: int = 200_000) -> None:
        if shard_rows < 1:
            raise ValueError("shard_rows must be positive")
        self.root, self.shard_rows = Path(root), shard_rows
        self.run_id = run_id or mf.new_run_id()
        self.summary = WriteSummary(self.run_id)
        self._lock: int | None = None
        self._seq = 0

    # -- opening -----------------------------------------------------------------
    def __enter__(self) -> "CorpusWriter":
        self._open_root()
        self._lock = mf.acquire_lock(self.root)
        try:
            self.manifest = mf.read_manifest(self.root) if mf.is_store(self.root) else mf.Manifest()
            self._recover()
            self._seq = self._last_seq()
            self._doc_ids = set(column_values(self.root, "documents", "doc_id", self.manifest).to_pylist())
            self._pair_ids = set(column_values(self.root, "alignments", "pair_id", self.manifest).to_pylist())
            self.manifest.runs.append({"run_id": self.run_id, "started_at": _now(), **self._counts()})
            mf.write_manifest(self.root, self.manifest)
        except BaseException:
            self._release()
            raise
        self._sinks = {t: TableSink(self.root, t, self.run_id, self.next_seq) for t in APPENDED_TABLES}
        return self

    def _open_root(self) -> None:
        check_corpus_folder(self.root)  # a file, read-only, someone else's folder: refused, nothing written
        self.root.mkdir(parents=True, exist_ok=True)

    def _recover(self) -> None:
        """Remove what an interrupted run left (invisible to readers) and mark such runs."""
        temps, orphans = mf.find_debris(self.root, self.manifest, TABLES)
        for path in temps + orphans:
            log.warning("removing uncommitted file of an interrupted run: %s", path)
            path.unlink()
        for run in self.manifest.runs:
            if run.get("status") == "running":
                run["status"] = "interrupted"

    def _last_seq(self) -> int:
        """Highest shard number already used by this run id (a reused run id must not
        overwrite committed files)."""
        prefix = f"part-{self.run_id}-"
        numbers = [int(name[len(prefix):].split(".")[0]) for f in self.manifest.files
                   if (name := f.path.rsplit("/", 1)[-1]).startswith(prefix)]
        return max(numbers, default=0)

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    # -- adding ------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        """True if the document is committed or was added in this run."""
        return doc_id in self._doc_ids

    def add_rows(self, doc_id: str, n_clauses: int, rows: Rows) -> bool:
        """Add a document given as its rows for every document table (steps.rows.document_rows,
        made with this writer's run_id, e.g. by a worker process); False if its doc_id is known."""
        if doc_id in self._doc_ids:
            self.summary.skipped_duplicates += 1
            return False
        if set(rows) != set(DOCUMENT_TABLES):
            raise ValueError(f"{doc_id}: rows for {sorted(rows)}, the document tables are {sorted(DOCUMENT_TABLES)}")
        append_document(self._sinks, rows, self.shard_rows, self.flush)
        self._doc_ids.add(doc_id)
        self.summary.documents += 1
        self.summary.clauses += n_clauses
        return True

    def add_alignments(self, pairs: Iterable[AlignedPair]) -> int:
        """Add aligned pairs whose pair_id is new; returns how many were added."""
        rows, seen = [], set()
        for pair in pairs:
            if pair.pair_id in self._pair_ids or pair.pair_id in seen:
                self.summary.skipped_alignments += 1
                continue
            seen.add(pair.pair_id)
            rows.append(alignment_row(pair, self.run_id))
        check_rows("alignments", rows)  # all or nothing
        self._pair_ids |= seen
        for start in range(0, len(rows), self.shard_rows):
            chunk = rows[start: start + self.shard_rows]
            self._make_room({"alignments": ({}, len(chunk))})
            self._sinks["alignments"].add_rows(chunk, {})
            self.summary.alignments += len(chunk)
        return len(rows)

    def replace_table(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Replace the whole content of a ``rebuilt`` table with ``rows``, in one commit."""
        if table not in REBUILT_TABLES:
            raise ValueError(f"{table} is not a table rebuilt by every run ({', '.join(REBUILT_TABLES)})")
        check_rows(table, rows)  # all or nothing
        self._rewrite(table, lambda sink: sink.add_rows(rows, {}))

    def replace_rows(self, table: str, drop, chunks: Iterable[list[dict[str, Any]]]) -> tuple[int, int]:
        """Replace the rows of an unpartitioned ``appended`` table that match the pyarrow filter
        ``drop`` with the rows of ``chunks`` (lists of rows, streamed: memory holds one), in one
        commit: readers see the old rows or the new ones, never a mix, and an error in any chunk
        leaves the table as it was.  Returns (rows dropped, rows added).  The table is rewritten."""
        if table not in APPENDED_TABLES or PARTITIONS[table]:
            raise ValueError(f"{table}: only an unpartitioned appended table can have rows replaced")
        self.flush()  # nothing of this run left open: every old row is in a committed file
        old = self.manifest.table_files(table)
        counts = [0, 0]  # rows kept, rows added

        def fill(sink: TableSink) -> None:
            for batch in table_dataset(self.root, table, self.manifest).to_batches(filter=~drop):
                if batch.num_rows:
                    sink.add_batch(batch, {})
                    counts[0] += batch.num_rows
            for rows in chunks:
                check_rows(table, rows)
                sink.add_rows(rows, {})
                counts[1] += len(rows)

        self._rewrite(table, fill)
        kept, added = counts
        if table == "alignments":
            self._pair_ids = set(column_values(self.root, table, "pair_id", self.manifest).to_pylist())
            self.summary.alignments += added
        return sum(f.rows for f in old) - kept, added

    def _rewrite(self, table: str, fill: Callable[[TableSink], None]) -> None:
        """One new file for an unpartitioned table (``fill`` writes its rows) that replaces all
        of the table's committed files in one commit; on any error nothing changes."""
        old = self.manifest.table_files(table)
        sink = TableSink(self.root, table, self.run_id, self.next_seq)
        try:
            sink.touch({})
            fill(sink)
            done = sink.finish()
        except BaseException:
            sink.abort()
            raise
        self.commit(done, drop=old)

    def _make_room(self, incoming: dict[str, tuple[dict, int]]) -> None:
        """Commit first if the rows would push an open file past shard_rows (a lone
        document with more clauses than shard_rows still goes into one file)."""
        if overflows(self._sinks, incoming, self.shard_rows):
            self.flush()

    # -- committing --------------------------------------------------------------
    def flush(self) -> None:
        """Commit every open shard: rename into place, then replace the manifest."""
        done = [pair for sink in self._sinks.values() for pair in sink.finish()]
        if done:
            self.commit(done, drop=[])

    def _touch_unpartitioned(self) -> None:
        """Give an unpartitioned table that has no file yet an empty one, so that
        ``pandas.read_parquet(root/alignments)`` works (with its dtypes) from the first run."""
        for table, sink in self._sinks.items():
            if not PARTITIONS[table] and not self.manifest.table_files(table):
                sink.touch({})
        for table in REBUILT_TABLES:
            if not self.manifest.table_files(table):
                self.replace_table(table, [])

    def commit(self, new: list[tuple[Path, mf.FileEntry]], drop: list[mf.FileEntry]) -> None:
        """Put ``new`` temp files in place and into the manifest; retire ``drop``."""
        self.summary.shards += sum(1 for _, e in new if e.table in APPENDED_TABLES)
        self.manifest.runs[-1].update(self._counts())
        mf.commit_files(self.root, self.manifest, new, drop)

    def _counts(self) -> dict[str, Any]:
        s = self.summary
        counts = {"status": s.status, "documents": s.documents, "clauses": s.clauses,
                  "alignments": s.alignments, "skipped_duplicates": s.skipped_duplicates, "shards": s.shards}
        if s.crashed:
            counts.update(crashed=s.crashed, error=s.error)
        return counts

    def note_crashes(self, crashes: list[Crash]) -> None:
        """Record the pages that hit an error in the code; the run then ends "failed", not "complete"."""
        self.summary.crashed = len(crashes)
        self.summary.error = f"{crashes[0].where}: {crashes[0].error}" if crashes else ""

    # -- closing -----------------------------------------------------------------
    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                self._touch_unpartitioned()
            self.flush()  # on error too: whatever was fully added is kept
            self.summary.status = "complete" if exc_type is None and not self.summary.crashed else "failed"
            self.manifest.runs[-1].update(self._counts(), finished_at=_now())
            mf.write_manifest(self.root, self.manifest)
            if exc_type is None:
                write_dataset_md(self.root, self.manifest)
        except Exception as second:
            if exc_type is None:
                raise
            if isinstance(second, OSError) and isinstance(exc, OSError) and second.errno == exc.errno:
                # the same failure again (a full disk): the caller reports it once, without tracebacks
                log.error("could not commit after an error in the run: %s", second)
            else:
                log.exception("could not commit after an error in the run")
        finally:
            for sink in self._sinks.values():
                sink.abort()
            self._release()
        return False

    def _release(self) -> None:
        if self._lock is not None:
            mf.release_lock(self._lock)
            self._lock = None
