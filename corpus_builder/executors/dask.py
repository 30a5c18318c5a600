"""The build on Dask: one task per WARC file (or batch of pages), on any Dask cluster.

Without a scheduler address a LocalCluster of ``workers`` processes (one
thread each: the work is pure Python, so threads would share one core) is
started for the run.  With an address (``tcp://host:8786``), the run uses
that cluster; its workers must see the inputs and the store folder at the
same paths as the driver (a shared file system), because each task writes
its shards straight into the store.

Failures: a task that raises is retried ``RETRIES`` times; a task whose
worker dies is re-run elsewhere by the scheduler (its
``distributed.scheduler.allowed-failures``).  Only the attempt whose result
the driver receives is committed (see executors.driver).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator

from corpus_builder.executors.base import ExecutorError, Progress
from corpus_builder.executors.driver import MapTasks, Outcomes, TaskExecutor
from corpus_builder.executors.tasks import TaskResult, TaskSpec, run_task
from corpus_builder.parallel import default_workers
from corpus_builder.settings import Settings
from corpus_builder.summary import BuildSummary

log = logging.getLogger(__name__)

RETRIES = 2            # extra attempts for a task that raised
CONNECT_TIMEOUT = 30   # seconds to reach a given scheduler
TaskFn = Callable[[TaskSpec, Collection[str]], TaskResult]


def import_distributed():
    """The ``distributed`` module, or ExecutorError saying how to install it."""
    try:
        import distributed
    except ImportError as exc:
        raise ExecutorError("the dask executor needs Dask: pip install 'corpus-builder[dask]' "
                            f"(or: pip install 'dask[distributed]') ({exc})") from exc
    return distributed


@contextmanager
def dask_client(scheduler: str = "", workers: int = 0) -> Iterator:
    """A Client of the cluster at ``scheduler``, or of a LocalCluster started for the run."""
    distributed = import_distributed()
    # distributed logs every connection at INFO through its own handler; show that only with -vv
    root = logging.getLogger().getEffectiveLevel()
    logging.getLogger("distributed").setLevel(logging.DEBUG if root <= logging.DEBUG else max(root, logging.WARNING))
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    n = workers or default_workers()
    # ":0": the scheduler's web server on a free port, so two builds on one machine never clash over 8787
    with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        yield client


def dask_map(client, task_fn: TaskFn = run_task, retries: int = RETRIES) -> MapTasks:
    """A MapTasks that submits every task to ``client`` and yields outcomes as they finish."""
    distributed = import_distributed()

    def run(specs: list[TaskSpec], known: Collection[str]) -> Iterator[tuple[TaskSpec, TaskResult | BaseException]]:
        if not specs:
            return
        # sent once to every worker, not once per task.  hash=False: a key of its own per run.  With
        # the default key (a hash of the data) two runs with the same set share one key, and the release
        # of the earlier run's future may make the scheduler forget the data under the later run's tasks,
        # which then fail with FutureCancelledError (seen once in the tests, under load)
        [known_future] = client.scatter([known], broadcast=True, hash=False)
        futures = {client.submit(task_fn, spec, known_future, key=f"corpus-task-{spec.run_id}-{spec.index}",
                                 retries=retries): spec for spec in specs}
        for future in distributed.as_completed(futures):
            try:
                outcome = future.result()
            except Exception as exc:  # the last attempt's error (or the task was lost)
                outcome = exc
            future.release()
            yield futures[future], outcome

    return run


class DaskExecutor(TaskExecutor):
    """``--executor dask``: tasks on the cluster at ``settings.build.scheduler``, or on a
    LocalCluster of ``settings.build.workers`` processes.  ``task_fn`` is what each task
    runs (run_task; tests wrap it to inject failures)."""

    name = "dask"

    def __init__(self, settings: Settings, task_fn: TaskFn = run_task) -> None:
        super().__init__(settings)
        self.task_fn = task_fn
        self._client = None

    def run(self, inputs: Iterable[str | Path], out: str | Path, progress: Progress | None = None) -> BuildSummary:
        with dask_client(self.settings.build.scheduler, self.settings.build.workers) as client:
            log.info("building on Dask: %s", client)
            self._client = client
            try:
                return super().run(inputs, out, progress)
            finally:
                self._client = None

    def map_tasks(self, specs: list[TaskSpec], known: Collection[str]) -> Outcomes:
        return dask_map(self._client, self.task_fn)(specs, known)


def build_on_dask(inputs: Iterable[str | Path], out: str | Path, settings: Settings,
                  task_fn: TaskFn = run_task) -> BuildSummary:
    """Build or update the corpus at ``out`` on Dask (settings.build.scheduler, .workers)."""
    return DaskExecutor(settings, task_fn).run(inputs, out)
