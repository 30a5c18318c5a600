"""The local executor: this machine's worker processes, results written in input order.

Captures stream from files, folders and WARC archives; ``--workers``
processes analyse them (pipeline.process_capture) and the results come back
in input order to the one writer.  A worker that dies is a crash of its
page, not of the build.
"""
from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Iterable, Iterator

from corpus_builder.allocator import use_returning_allocator
from corpus_builder.errors import Crash
from corpus_builder.executors.base import Executor, Progress
from corpus_builder.inputs import iter_captures_from
from corpus_builder.parallel import default_workers, ordered_map
from corpus_builder.pipeline import Processed, process_capture
from corpus_builder.records import Capture
from corpus_builder.store import CorpusWriter
from corpus_builder.summary import BuildSummary

log = logging.getLogger(__name__)

# Captures per task sent to a worker: each task costs the writer's process about 0.1 ms
# of executor overhead (measured), and four pages are about 30 ms of a worker's work.
TASK_PAGES = 4


def warm_worker() -> None:
    """Load the jieba dictionary once per worker process, before the first page."""
    # A failure here must not kill the worker: it recurs on the first page, which
    # reports it with its traceback as a crash of the run.
    from corpus_builder.text.segment import tokenize

    try:
        tokenize("预热", "zh")
    except Exception:
        log.debug("warm-up failed; the first page will report it", exc_info=True)


def _worker_died(capture: Capture) -> Processed:
    error = "worker-crash: the worker process died on this page (a crash in a C library, or the OOM killer)"
    crash = Crash(capture.origin, error, f"{error}\n(no Python traceback: the process was killed)\n")
    return Processed(capture.origin, capture.url, reason="worker-crash", detail=error, crash=crash)


class LocalExecutor(Executor):
    """``--executor local`` (the default): ``settings.build.workers`` processes on this machine."""

    name = "local"

    def workers(self) -> int:
        return self.settings.build.workers or default_workers()

    def step_workers(self) -> int:
        return self.workers()

    def analyse(self, inputs: Iterable[str | Path], summary: BuildSummary, run_id: str = "") -> Iterator[Processed]:
        """Processed results (rows stamped with ``run_id``) for every capture of the inputs, in input order."""
        build = self.settings.build
        captures = summary.readable(iter_captures_from(inputs))
        work = partial(process_capture, lang=build.lang, run_id=run_id, page_timeout=build.page_timeout)
        return ordered_map(work, captures, self.workers(), initializer=warm_worker, on_crash=_worker_died,
                           chunk=TASK_PAGES)

    def map_pages(self, inputs: Iterable[str | Path], writer: CorpusWriter, summary: BuildSummary,
                  progress: Progress | None) -> list[str]:
        use_returning_allocator()
        new_ids: list[str] = []
        for result in self.analyse(inputs, summary, writer.run_id):
            if progress:
                progress(result)
            if not summary.note_result(result):
                continue
            if writer.add_rows(result.doc_id, result.n_clauses, result.rows):
                summary.note_written(result.n_clauses)
                new_ids.append(result.doc_id)
            else:
                summary.note_duplicate()
        return new_ids

