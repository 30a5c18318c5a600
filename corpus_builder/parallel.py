"""Ordered, bounded parallel map over a stream.

``Pool.imap`` reads its whole input as fast as it can, so memory would grow
with the archive.  ``ordered_map`` keeps at most ``max_inflight`` items
submitted and yields results in input order, so the output never depends on
the number of workers and memory stays flat.

It runs on ``concurrent.futures.ProcessPoolExecutor``, not
``multiprocessing.Pool``: the Pool's worker-handler thread wakes on every
result waiting in its pipe and spins until the result thread has read it,
which cost the writer's process 1.35 s of CPU per 2,000 pages with 2 workers
(CPU it took from the workers on a 2-core machine).  The executor's single
manager thread sleeps until a result arrives, and a worker that dies is
noticed (see ``on_crash``) instead of leaving its task waiting for ever.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _die_with_parent(parent: int, initializer: Callable[[], None] | None) -> None:
    """Worker start-up: end when the build's process ends (a killed build must not leave
    workers waiting for tasks for ever), then the caller's initializer."""
    # Objects inherited from the parent by fork are the parent's business: frozen, the cycle
    # collector never runs their finalisers here (a library client's __del__ waiting on an
    # event loop that exists only in the parent stalled a worker for a minute).
    gc.freeze()
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    if initializer:
        initializer()


def _pool(workers: int, initializer: Callable[[], None] | None) -> ProcessPoolExecutor:
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    start = partial(_die_with_parent, os.getpid(), initializer)
    return ProcessPoolExecutor(workers, mp_context=mp.get_context(method), initializer=start)


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    max_inflight: int | None = None,
    initializer: Callable[[], None] | None = None,
    on_crash: Callable[[T], R] | None = None,
    chunk: int = 1,
) -> Iterator[R]:
    """Yield ``func(item)`` for each item, in input order.

    With ``workers <= 1`` everything runs in this process.  Otherwise a pool
    of ``workers`` processes (forked where possible) runs ``func`` over tasks
    of ``chunk`` consecutive items (each task is a round trip through the
    executor's threads and pipes, about 0.1 ms of the caller's CPU whatever
    its size); at most ``max_inflight`` tasks (default 4 per worker) are in
    flight at once.  If a worker process dies (a crash in a C library, the
    OOM killer), the items in flight whose results had not come back run
    again one by one: the one that kills its worker again yields
    ``on_crash(item)`` (or BrokenProcessPool is raised when ``on_crash`` is
    None), and the rest go on in a new pool.
    """
    if workers <= 1:
        if initializer:
            initializer()
        yield from map(func, items)
        return
    limit, tasks = max_inflight or 4 * workers, _chunks(iter(items), max(1, chunk))
    while True:
        pending: deque = deque()
        with _pool(workers, initializer) as pool:
            try:
                for task in tasks:
                    # in pending before it is submitted: a submit that finds the pool broken (a worker
                    # died meanwhile) raises, and its task must run again with the others in flight
                    pending.append([task, None])
                    pending[-1][1] = pool.submit(_run_task, func, task)
                    if len(pending) >= limit:
                        yield from pending[0][1].result()
                        pending.popleft()
                while pending:
                    yield from pending[0][1].result()
                    pending.popleft()
                return
            except BrokenProcessPool:
                if on_crash is None:
                    raise
        yield from _recover(pending, func, initializer, on_crash)


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while task := list(islice(items, size)):
        yield task


def _run_task(func: Callable[[T], R], task: list[T]) -> list[R]:
    return [func(item) for item in task]


def _recover(pending: deque, func: Callable[[T], R], initializer: Callable[[], None] | None,
             on_crash: Callable[[T], R]) -> Iterator[R]:
    """After a worker died: in input order, the results that came back before it stand, and
    the items without one run again one by one (see _isolate)."""
    rerun: list[T] = []
    for task, future in pending:
        if _succeeded(future):
            yield from _isolate(rerun, func, initializer, on_crash)
            rerun = []
            yield from future.result()
        else:
            rerun.extend(task)
    if rerun:
        log.warning("a worker process died; %d items in flight run again one by one", len(rerun))
    yield from _isolate(rerun, func, initializer, on_crash)


def _succeeded(future) -> bool:
    """True when ``future`` (None: never submitted) came back with a result."""
    return future is not None and future.done() and not future.cancelled() and future.exception() is None


def _isolate(items: list[T], func: Callable[[T], R], initializer: Callable[[], None] | None,
             on_crash: Callable[[T], R]) -> Iterator[R]:
    """Run ``items`` in order in a one-worker pool; an item whose worker dies yields on_crash(item)."""
    rest = deque(items)
    while rest:
        with _pool(1, initializer) as pool:
            futures: deque = deque()
            try:
                for item in rest:  # (a submit after the worker died raises too: inside the try)
                    futures.append(pool.submit(func, item))
                while futures:
                    result = futures[0].result()
                    futures.popleft(), rest.popleft()
                    yield result
            except BrokenProcessPool:  # one worker runs them in order: the first unfinished one killed it
                while futures and _succeeded(futures[0]):  # results that came back before it stand
                    rest.popleft()
                    yield futures.popleft().result()
                culprit = rest.popleft()
                log.error("item %r kills its worker process: skipped", getattr(culprit, "origin", culprit))
                yield on_crash(culprit)
