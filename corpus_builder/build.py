"""The build: inputs -> captures -> documents and clauses -> the Parquet store.

Captures stream from files, folders and WARC archives; ``--workers`` processes
analyse them (see pipeline.process_capture); results come back in input order
and are written by one writer.  A bad capture is dropped with a counted
reason; an exception in the code (a bug, a missing data file, a worker that
dies) is a ``Crash``: the other pages go on and are committed, then the run
fails (``summary.crashes``; the CLI shows the first traceback and exits
``EXIT_CRASH``).  When crashes outnumber everything else the code is broken,
not a page, and the build stops early with ``BuildCrashed``.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from corpus_builder.align.corpus import align_new_documents
from corpus_builder.allocator import use_returning_allocator
from corpus_builder.errors import Crash
from corpus_builder.inputs import InputError, iter_captures_from
from corpus_builder.parallel import default_workers, ordered_map
from corpus_builder.pipeline import Processed, process_capture
from corpus_builder.records import Capture
from corpus_builder.settings import Settings

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuildSummary:
    """What one build did: counts, and drops by reason."""

    captures: int = 0
    documents: int = 0
    duplicates: int = 0
    clauses: int = 0
    alignments: int = 0
    pair_reports: list = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    input_errors: list[InputError] = field(default_factory=list)
    crashes: list[Crash] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "captures": self.captures,
            "documents": self.documents,
            "duplicates": self.duplicates,
            "clauses": self.clauses,
            "alignments": self.alignments,
            "aligned_pairs": len(self.pair_reports),
            "dropped": dict(sorted(self.dropped.items())),
            "input_errors": len(self.input_errors),
            "crashed": len(self.crashes),
            "first_crash": self.crashes[0].as_dict() if self.crashes else None,
        }

    def line(self) -> str:
        """The one-line summary printed at the end of a build."""
        drops = ", ".join(f"{k} {v}" for k, v in sorted(self.dropped.items())) or "none"
        return (
            f"{self.documents} documents ({self.duplicates} already in the corpus), "
            f"{self.clauses} clauses, {self.alignments} alignment links in {len(self.pair_reports)} pairs; "
            f"dropped {sum(self.dropped.values())} ({drops})"
        ) + (f"; FAILED: {len(self.crashes)} page(s) hit an error in corpus-builder" if self.crashes else "")


class BuildCrashed(RuntimeError):
    """The build stopped early: the code fails on most pages (a bug or a broken install, not bad pages).

    What was written before is committed; ``summary`` says what the run did.
    """

    def __init__(self, summary: BuildSummary) -> None:
        super().__init__(f"stopped after {len(summary.crashes)} pages failed with an error in corpus-builder "
                         f"(first: {summary.crashes[0].where}: {summary.crashes[0].error})")
        self.summary = summary


# Crashes that stop a build early, when they also outnumber the pages that went through:
# one page hitting a bug is reported at the end, a broken install is not run to the last page.
CRASH_STOP = 10


# Captures per task sent to a worker: each task costs the writer's process about 0.1 ms
# of executor overhead (measured), and four pages are about 30 ms of a worker's work.
TASK_PAGES = 4


def _warm_worker() -> None:
    # Load the jieba dictionary once per worker process, before the first page.  A failure
    # here must not kill the worker: it recurs on the first page, which reports it with
    # its traceback as a crash of the run.
    from corpus_builder.text.segment import tokenize

    try:
        tokenize("预热", "zh")
    except Exception:
        log.debug("warm-up failed; the first page will report it", exc_info=True)


def note_input_error(summary: BuildSummary, item: InputError) -> None:
    """Count and log an input that could not be read."""
    summary.input_errors.append(item)
    summary.dropped[f"input-{item.reason}"] += 1
    log.info("input %s: %s (%s)", item.path, item.reason, item.detail)


def _split_errors(items: Iterable[Capture | InputError], summary: BuildSummary) -> Iterator[Capture]:
    for item in items:
        if isinstance(item, InputError):
            note_input_error(summary, item)
            continue
        summary.captures += 1
        yield item


def analyse_inputs(
    inputs: Iterable[str | Path], settings: Settings, summary: BuildSummary, run_id: str = ""
) -> Iterator[Processed]:
    """Processed results (rows stamped with ``run_id``) for every capture of the inputs, in input order."""
    lang = None if settings.build.lang in ("", "auto") else settings.build.lang
    workers = settings.build.workers or default_workers()
    captures = _split_errors(iter_captures_from(inputs), summary)
    work = partial(process_capture, lang=lang, run_id=run_id)
    return ordered_map(work, captures, workers, initializer=_warm_worker, on_crash=_crashed, chunk=TASK_PAGES)


def _crashed(capture: Capture) -> Processed:
    error = "worker-crash: the worker process died on this page (a crash in a C library, or the OOM killer)"
    crash = Crash(capture.origin, error, f"{error}\n(no Python traceback: the process was killed)\n")
    return Processed(capture.origin, capture.url, reason="worker-crash", detail=error, crash=crash)


def note_result(summary: BuildSummary, result: Processed) -> bool:
    """Count a page that brings no rows (dropped or crashed); True if it brings rows to write.

    Raises BuildCrashed when crashes pass CRASH_STOP and outnumber the other pages.
    """
    if result.rows is not None:
        return True
    if result.crash is not None:
        summary.crashes.append(result.crash)
        log.error("error in corpus-builder on %s: %s", result.origin, result.crash.error)
        if len(summary.crashes) >= CRASH_STOP and 2 * len(summary.crashes) > summary.captures:
            raise BuildCrashed(summary)
    else:
        summary.dropped[result.reason or "error"] += 1
        log.info("dropped %s: %s %s", result.origin, result.reason, result.detail)
    return False


def _write(writer, result: Processed, summary: BuildSummary, new_ids: list[str]) -> None:
    if writer.add_rows(result.doc_id, result.n_clauses, result.rows):
        summary.documents += 1
        summary.clauses += result.n_clauses
        new_ids.append(result.doc_id)
    else:
        summary.duplicates += 1


def build_corpus(
    inputs: Iterable[str | Path],
    out: str | Path,
    settings: Settings | None = None,
    progress: Callable[[Processed], None] | None = None,
) -> BuildSummary:
    """Build or update the corpus under ``out`` from HTML files, folders and WARCs.

    Documents already in the corpus are skipped (counted as duplicates).
    ``settings.build.executor`` other than "local" runs the work elsewhere
    (corpus_builder.executors; ``progress`` is then not called).
    """
    from corpus_builder.store import CorpusWriter

    settings = settings or Settings()
    if settings.build.executor != "local":
        from corpus_builder.executors import build_on

        return build_on(settings.build.executor, inputs, out, settings)
    use_returning_allocator()
    summary = BuildSummary()
    new_ids: list[str] = []
    with CorpusWriter(Path(out), shard_rows=settings.build.shard_rows) as writer:
        try:
            for result in analyse_inputs(inputs, settings, summary, writer.run_id):
                if progress:
                    progress(result)
                if note_result(summary, result):
                    _write(writer, result, summary, new_ids)
        finally:
            writer.note_crashes(summary.crashes)
        if settings.build.align and new_ids:
            writer.flush()  # the documents are committed before the cross-document step reads them
            workers = settings.build.workers or default_workers()
            summary.alignments, summary.pair_reports = align_new_documents(out, new_ids, writer, workers)
    return summary
