"""Ordered, bounded parallel map over a stream.

``Pool.imap`` reads its whole input as fast as it can, so memory would grow
with the archive.  ``ordered_map`` keeps at most ``max_inflight`` items
submitted and yields results in input order, so the output never depends on
the number of workers and memory stays flat.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    max_inflight: int | None = None,
    initializer: Callable[[], None] | None = None,
) -> Iterator[R]:
    """Yield ``func(item)`` for each item, in input order.

    With ``workers <= 1`` everything runs in this process.  Otherwise a pool
    of ``workers`` processes (forked where possible) runs ``func``; at most
    ``max_inflight`` (default 4 per worker) items are in flight at once.
    """
    if workers <= 1:
        if initializer:
            initializer()
        yield from map(func, items)
        return
    limit = max_inflight or 4 * workers
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with mp.get_context(method).Pool(workers, initializer=initializer) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.apply_async(func, (item,)))
            if len(pending) >= limit:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
