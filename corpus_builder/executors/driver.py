"""Executors that map the build as tasks: plan them, run them anywhere, commit once.

A task (executors.tasks) takes a WARC file or a batch of pages, stages its
documents' shards in the store's folders under temp names and returns what
it wrote.  The driver (:class:`TaskExecutor`, inside the executor's open
CorpusWriter, which holds the store's lock and cleaned what killed runs
left) hands the tasks the doc_ids already committed, takes the results in
task order (= input order): a document that two tasks both wrote is kept in
the earlier task and its rows are removed from the later task's files
(store.staging.drop_documents), so the corpus gets exactly what a local
build would keep.  All accepted files go into the manifest in ONE commit;
temp files of attempts that were not accepted (a worker killed mid-task, a
task retried) are never committed and are deleted.

A task that fails on every attempt is a crash of the run (an exception in
the code, or workers that keep dying), like a page that hits a bug: the other
tasks' documents are committed (a re-run adds only what is missing) and the
run fails.  Subclasses say how tasks run (:meth:`TaskExecutor.map_tasks`).
"""
from __future__ import annotations

import logging
from abc import abstractmethod
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator

from corpus_builder.errors import Crash
from corpus_builder.executors.base import Executor, Progress
from corpus_builder.executors.tasks import HTML_BATCH, TaskResult, TaskSpec, plan_tasks
from corpus_builder.inputs import InputError
from corpus_builder.settings import Settings
from corpus_builder.store import CorpusWriter
from corpus_builder.store.load import column_values
from corpus_builder.store.manifest import find_debris
from corpus_builder.store.schema import TABLES
from corpus_builder.store.staging import Staged, discard, drop_documents
from corpus_builder.summary import BuildSummary

log = logging.getLogger(__name__)

# (specs, known doc_ids) -> (spec, result or the exception of its last attempt), in any order
Outcomes = Iterator[tuple[TaskSpec, "TaskResult | BaseException"]]
MapTasks = Callable[[list[TaskSpec], Collection[str]], Outcomes]


class TaskExecutor(Executor):
    """The driver side of a task-based executor; ``html_batch`` saved pages go to a task."""

    def __init__(self, settings: Settings, html_batch: int = HTML_BATCH) -> None:
        super().__init__(settings)
        self.html_batch = html_batch

    @abstractmethod
    def map_tasks(self, specs: list[TaskSpec], known: Collection[str]) -> Outcomes:
        """Run every task (skipping ``known`` doc_ids); yield (spec, outcome) as they finish."""

    def map_pages(self, inputs: Iterable[str | Path], writer: CorpusWriter, summary: BuildSummary,
                  progress: Progress | None) -> list[str]:
        # progress is per page; tasks report only when they end (see the log)
        specs = self.plan(inputs, writer.root, writer.run_id, summary)
        known = frozenset(column_values(writer.root, "documents", "doc_id", writer.manifest).to_pylist())
        results = gather(specs, known, self.map_tasks, summary)
        try:
            staged, new_ids = resolve(results, summary)
        except BaseException:
            for result in results:
                discard(result.files)
            raise
        _commit(writer, staged, summary)
        remove_attempt_debris(writer.root, writer.manifest, writer.run_id)
        return new_ids

    def plan(self, inputs: Iterable[str | Path], root: Path, run_id: str, summary: BuildSummary) -> list[TaskSpec]:
        """The task specs for the inputs; missing inputs go straight into the summary."""
        build = self.settings.build
        specs: list[TaskSpec] = []
        for item in plan_tasks(inputs, self.html_batch):
            if isinstance(item, InputError):
                summary.note_input_error(item)
            else:
                specs.append(TaskSpec(len(specs), item, str(root), run_id, build.lang, build.shard_rows,
                                      build.page_timeout))
        return specs


class FunctionTaskExecutor(TaskExecutor):
    """A TaskExecutor whose tasks run by a given MapTasks function (tests run them in-process)."""

    name = "tasks"

    def __init__(self, settings: Settings, map_tasks: MapTasks, html_batch: int = HTML_BATCH) -> None:
        super().__init__(settings, html_batch)
        self._map_tasks = map_tasks

    def map_tasks(self, specs: list[TaskSpec], known: Collection[str]) -> Outcomes:
        return self._map_tasks(specs, known)


def build_with_tasks(inputs: Iterable[str | Path], out: str | Path, settings: Settings,
                     map_tasks: MapTasks, html_batch: int = HTML_BATCH) -> BuildSummary:
    """Build or update the corpus at ``out``, the tasks run by ``map_tasks``."""
    return FunctionTaskExecutor(settings, map_tasks, html_batch).run(inputs, out)


def gather(specs: list[TaskSpec], known: Collection[str], map_tasks: MapTasks,
           summary: BuildSummary) -> list[TaskResult]:
    """Run the tasks; the results of those that succeeded, in task order."""
    results: dict[int, TaskResult] = {}
    try:
        for spec, outcome in map_tasks(specs, known):
            if isinstance(outcome, BaseException):
                log.error("task %d failed on every attempt: %r", spec.index, outcome)
                summary.crashes.append(Crash.of(f"task {spec.index} ({len(spec.paths)} inputs, first "
                                                f"{spec.paths[0] if spec.paths else '-'})", outcome))
            else:
                results[spec.index] = outcome
                log.info("task %d done (%d of %d): %d new documents", spec.index, len(results), len(specs),
                         len(outcome.doc_ids))
    except BaseException:
        for result in results.values():
            discard(result.files)
        raise
    return [results[i] for i in sorted(results)]


def resolve(results: list[TaskResult], summary: BuildSummary) -> tuple[Staged, list[str]]:
    """Files to commit and the new doc_ids in input order; a doc written twice is kept once."""
    staged: Staged = []
    new_ids: list[str] = []
    claimed: set[str] = set()
    for result in results:
        summary.merge(result.summary)
        twice = {doc_id for doc_id, _ in result.doc_ids if doc_id in claimed}
        staged += drop_documents(result.files, twice) if twice else result.files
        summary.note_duplicate(len(twice))
        for doc_id, n_clauses in result.doc_ids:
            if doc_id not in twice:
                claimed.add(doc_id)
                new_ids.append(doc_id)
                summary.note_written(n_clauses)
    return staged, new_ids


def remove_attempt_debris(root: Path, manifest, run_id: str) -> None:
    """Delete this run's temp files that were not committed (killed or superseded attempts)."""
    temps, _ = find_debris(root, manifest, TABLES)
    for path in temps:
        if run_id in path.name:
            log.info("removing a temp file of an attempt that was not committed: %s", path)
            path.unlink(missing_ok=True)


def _commit(writer: CorpusWriter, staged: Staged, summary: BuildSummary) -> None:
    """One manifest switch for every task's files; the run's counts go into the manifest too."""
    writer.summary.documents, writer.summary.clauses = summary.documents, summary.clauses
    writer.summary.skipped_duplicates = summary.duplicates
    writer.note_crashes(summary.crashes)
    if staged:
        writer.commit(staged, drop=[])
