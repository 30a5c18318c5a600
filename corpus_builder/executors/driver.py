"""The driver of a distributed build: plan tasks, map them, commit once, then the cross-document steps.

The driver opens the store with a CorpusWriter (it holds the writer lock for
the whole run, and cleans what killed runs left), reads the doc_ids already
committed and hands them to the tasks, which skip those documents.  Results
are taken in task order (= input order): a document that two tasks both
wrote is kept in the earlier task and its rows are removed from the later
task's files (store.staging.drop_documents), so the corpus gets exactly what
a local build would keep.  All accepted files go into the manifest in ONE
commit; temp files of attempts that were not accepted (a worker killed
mid-task, a task retried) are never committed and are deleted.  Then
align_new_documents pairs and aligns the new documents, and the writer's
exit rebuilds the repost clusters, both reading the committed shards.

A task that fails on every attempt is a crash of the run (an exception in
the code, or workers that keep dying), like a page that hits a bug: the other
tasks' documents are committed (a re-run adds only what is missing) and the
run fails.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator

from corpus_builder.align.corpus import align_new_documents
from corpus_builder.build import BuildSummary, note_input_error
from corpus_builder.errors import Crash
from corpus_builder.executors.tasks import HTML_BATCH, TaskResult, TaskSpec, plan_tasks
from corpus_builder.inputs import InputError
from corpus_builder.settings import Settings
from corpus_builder.store.load import column_values
from corpus_builder.store.manifest import find_debris
from corpus_builder.store.schema import TABLES
from corpus_builder.store.staging import Staged, discard, drop_documents

log = logging.getLogger(__name__)

# (specs, known doc_ids) -> (spec, result or the exception of its last attempt), in any order
MapTasks = Callable[[list[TaskSpec], Collection[str]], Iterator[tuple[TaskSpec, "TaskResult | BaseException"]]]


def plan(inputs: Iterable[str | Path], root: Path, run_id: str, settings: Settings,
         summary: BuildSummary, html_batch: int = HTML_BATCH) -> list[TaskSpec]:
    """The task specs for the inputs; missing inputs go straight into the summary."""
    lang = None if settings.build.lang in ("", "auto") else settings.build.lang
    specs: list[TaskSpec] = []
    for item in plan_tasks(inputs, html_batch):
        if isinstance(item, InputError):
            note_input_error(summary, item)
        else:
            specs.append(TaskSpec(len(specs), item, str(root), run_id, lang, settings.build.shard_rows))
    return specs


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
        summary.captures += result.captures
        summary.duplicates += result.duplicates
        summary.dropped.update(result.dropped)
        summary.crashes.extend(result.crashes)
        for err in result.input_errors:
            note_input_error(summary, err)
        twice = {doc_id for doc_id, _ in result.doc_ids if doc_id in claimed}
        staged += drop_documents(result.files, twice) if twice else result.files
        summary.duplicates += len(twice)
        for doc_id, n_clauses in result.doc_ids:
            if doc_id not in twice:
                claimed.add(doc_id)
                new_ids.append(doc_id)
                summary.documents += 1
                summary.clauses += n_clauses
    return staged, new_ids


def remove_attempt_debris(root: Path, manifest, run_id: str) -> None:
    """Delete this run's temp files that were not committed (killed or superseded attempts)."""
    temps, _ = find_debris(root, manifest, TABLES)
    for path in temps:
        if run_id in path.name:
            log.info("removing a temp file of an attempt that was not committed: %s", path)
            path.unlink(missing_ok=True)


def build_with_tasks(inputs: Iterable[str | Path], out: str | Path, settings: Settings,
                     map_tasks: MapTasks, html_batch: int = HTML_BATCH) -> BuildSummary:
    """Build or update the corpus at ``out``, the per-capture work done by ``map_tasks``
    (saved pages go ``html_batch`` to a task)."""
    from corpus_builder.store import CorpusWriter

    summary = BuildSummary()
    with CorpusWriter(Path(out).absolute(), shard_rows=settings.build.shard_rows) as writer:
        specs = plan(inputs, writer.root, writer.run_id, settings, summary, html_batch)
        known = frozenset(column_values(writer.root, "documents", "doc_id", writer.manifest).to_pylist())
        results = gather(specs, known, map_tasks, summary)
        try:
            staged, new_ids = resolve(results, summary)
        except BaseException:
            for result in results:
                discard(result.files)
            raise
        _commit(writer, staged, summary)
        remove_attempt_debris(writer.root, writer.manifest, writer.run_id)
        if settings.build.align and new_ids:
            summary.alignments, summary.pair_reports = align_new_documents(writer.root, new_ids, writer)
    return summary


def _commit(writer, staged: Staged, summary: BuildSummary) -> None:
    """One manifest switch for every task's files; the run's counts go into the manifest too."""
    writer.summary.documents, writer.summary.clauses = summary.documents, summary.clauses
    writer.summary.skipped_duplicates = summary.duplicates
    writer.note_crashes(summary.crashes)
    if staged:
        writer.commit(staged, drop=[])
