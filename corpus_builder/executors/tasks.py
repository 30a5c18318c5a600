"""The units of work of a distributed build, and the function a worker runs for one.

The inputs are cut into tasks: each WARC file is a task (a Common Crawl WARC
is ~1 GB, the natural unit), and saved HTML files go in batches.  A task runs
the per-capture work (pipeline.process_capture) over its inputs and writes
its documents with a StagedWriter straight into the store's folders, under
temp names; it returns what it wrote (entries, doc_ids) and never commits.
Task ``n`` numbers its shard files from ``(n + 1) * SEQ_SPAN``, so tasks
never pick the same file name and the driver's own files (numbered from 1)
never meet theirs.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable, Iterator

from corpus_builder.fetch.warc import is_warc
from corpus_builder.inputs import InputError, expand_inputs, iter_captures_from
from corpus_builder.pipeline import Processed, process_capture
from corpus_builder.store.manifest import MANIFEST
from corpus_builder.store.staging import Staged, StagedWriter
from corpus_builder.summary import BuildSummary

SEQ_SPAN = 100_000  # shard sequence numbers reserved for each task
HTML_BATCH = 200    # saved pages per task (a page takes ~10-50 ms)


@dataclass(slots=True, frozen=True)
class TaskSpec:
    """One task: which inputs, and where and how to write what they give."""

    index: int
    paths: tuple[str, ...]
    root: str
    run_id: str
    lang: str | None = None
    shard_rows: int = 200_000
    page_timeout: float = 0.0  # seconds a page may take (pipeline.time_budget); 0: no budget


@dataclass(slots=True)
class TaskResult:
    """What one task wrote (nothing of it is committed yet), and its own counts of
    pages, drops, duplicates and crashes (merged by the driver; documents and
    clauses are counted by the driver, which may drop a document two tasks wrote)."""

    index: int
    files: Staged = field(default_factory=list)
    doc_ids: list[tuple[str, int]] = field(default_factory=list)  # (doc_id, clauses) in input order
    summary: BuildSummary = field(default_factory=BuildSummary)


def plan_tasks(inputs: Iterable[str | Path], html_batch: int = HTML_BATCH) -> Iterator[tuple[str, ...] | InputError]:
    """Input paths grouped into tasks, in input order: a WARC alone, pages in batches.

    Paths are made absolute (workers may run elsewhere, with another working
    folder); inputs that do not exist come out as InputError items.
    """
    batch: list[str] = []
    for item in expand_inputs(inputs):
        if isinstance(item, InputError):
            yield item
            continue
        path = str(Path(item).absolute())
        if is_warc(item):
            if batch:
                yield tuple(batch)
                batch = []
            yield (path,)
            continue
        batch.append(path)
        if len(batch) >= html_batch:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)


def run_task(spec: TaskSpec, known: Collection[str] = ()) -> TaskResult:
    """Process the task's inputs and stage their new documents (the worker side).

    ``known`` doc_ids (already in the store) are skipped as duplicates.  On
    any error the task's files are removed before the error propagates, so a
    failed attempt leaves nothing (a killed one leaves temp files only).
    """
    if not (Path(spec.root) / MANIFEST).is_file():  # the driver wrote it before submitting any task
        raise FileNotFoundError(f"the corpus folder {spec.root} is not visible on this worker: "
                                "Dask workers must see the store (and the inputs) at the driver's paths")
    result = TaskResult(spec.index)
    start = (spec.index + 1) * SEQ_SPAN
    writer = StagedWriter(spec.root, spec.run_id, start, start + SEQ_SPAN, secrets.token_hex(4), known,
                          spec.shard_rows)
    try:
        for capture in result.summary.readable(iter_captures_from(spec.paths)):
            processed = process_capture(capture, lang=spec.lang, run_id=spec.run_id, page_timeout=spec.page_timeout)
            _stage(processed, writer, result)
        result.files = writer.finish()
    except BaseException:
        writer.abort()
        raise
    return result


def _stage(processed: Processed, writer: StagedWriter, result: TaskResult) -> None:
    if not result.summary.note_result(processed, stop_early=False):
        return
    if writer.add_rows(processed.doc_id, processed.rows):
        result.doc_ids.append((processed.doc_id, processed.n_clauses))
    else:
        result.summary.note_duplicate()
