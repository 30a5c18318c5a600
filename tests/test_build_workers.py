"""Worker processes never outlive a killed build, and never keep the store locked."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from corpus_builder.parallel import ordered_map
from corpus_builder.store.manifest import acquire_lock, release_lock

_WORKERS = """
import os, sys, time
from corpus_builder.parallel import ordered_map

def slow(i):
    time.sleep(0.2 if i < 4 else 60)
    return os.getpid()

results = ordered_map(slow, iter(range(8)), 2)
pids = {next(results) for _ in range(4)}
print(" ".join(map(str, sorted(pids))), flush=True)
time.sleep(60)
"""

_FORKED_CHILD = """
import os, sys, time
from pathlib import Path
from corpus_builder.store.manifest import acquire_lock
acquire_lock(Path(sys.argv[1]))
child = os.fork()
if child == 0:
    os.close(1), os.close(2)  # let the test's pipes close
    time.sleep(30)
    os._exit(0)
print(child, flush=True)
os._exit(0)  # dies holding the lock, as a killed build would
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is dead
        return fh.read().rsplit(")", 1)[1].split()[0] != "Z"


def _wait_gone(pids: list[int], seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if _alive(p)]


def test_workers_end_when_the_build_is_killed():
    proc = subprocess.Popen([sys.executable, "-c", _WORKERS], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert pids and all(_alive(p) for p in pids)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert _wait_gone(pids) == []


def test_a_forked_process_does_not_keep_the_store_locked(tmp_path):
    out = subprocess.run([sys.executable, "-c", _FORKED_CHILD, str(tmp_path)], capture_output=True, text=True,
                         check=True)
    child = int(out.stdout.strip())
    try:
        assert _alive(child)
        release_lock(acquire_lock(tmp_path))  # free although the child still runs
    finally:
        os.kill(child, signal.SIGKILL)


def _square_or_die(x: int) -> int:
    if x == 3:
        os._exit(1)  # what a segfault in a C library does to the worker
    return x * x


def test_an_item_that_kills_its_worker_is_reported_and_the_rest_go_on():
    from corpus_builder.parallel import ordered_map

    results = list(ordered_map(_square_or_die, iter(range(12)), 2, max_inflight=4, on_crash=lambda x: -x))
    assert results == [0, 1, 4, -3] + [x * x for x in range(4, 12)]


class _Dies(Exception):
    """Raised by a task to stand for a worker process that dies (see _FakePool)."""


def _square_or_die_in_process(x):
    if x == 3:
        raise _Dies
    return x * x


class _FakePool:
    """A process pool in this process, to order events that real workers leave to timing: a task
    that raises _Dies "kills its worker", so its future fails with BrokenProcessPool, and every
    later submit raises BrokenProcessPool, as a pool's submit does once it has seen a worker die."""

    def __init__(self, workers, initializer):
        self.broken = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, fn, *args):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        if self.broken:
            raise BrokenProcessPool("a worker died")
        future = Future()
        try:
            future.set_result(fn(*args))
        except _Dies:
            self.broken = True
            future.set_exception(BrokenProcessPool("a worker died"))
        return future


def test_a_task_submitted_after_a_worker_died_is_not_lost(monkeypatch):
    # the worker dies while later tasks are still being submitted: those submits raise, and their
    # tasks ran neither before nor after (one result in three runs of the test above went missing)
    import corpus_builder.parallel as parallel

    monkeypatch.setattr(parallel, "_pool", _FakePool)
    results = list(parallel.ordered_map(_square_or_die_in_process, iter(range(12)), 2, max_inflight=4,
                                        on_crash=lambda x: -x))
    assert results == [0, 1, 4, -3] + [x * x for x in range(4, 12)]


def test_without_on_crash_a_dead_worker_fails_the_map():
    from concurrent.futures.process import BrokenProcessPool

    import pytest

    from corpus_builder.parallel import ordered_map

    with pytest.raises(BrokenProcessPool):
        list(ordered_map(_square_or_die, iter(range(6)), 2))


def _crash_on_page_2(capture, lang=None, run_id="", **budget):
    from corpus_builder.pipeline import process_capture

    if capture.url.endswith("p2.html"):
        os._exit(1)
    return process_capture(capture, lang=lang, run_id=run_id, **budget)


def test_a_page_that_kills_its_worker_fails_the_run_and_the_others_are_kept(tmp_path, monkeypatch):
    import corpus_builder.executors.local as local
    from corpus_builder.executors import build_corpus
    from corpus_builder.settings import load_settings

    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(5):
        (pages / f"p{i}.html").write_text(
            f"<html><head><meta charset='utf-8'><title>新闻{i}</title></head><body><div class='article'>"
            f"<h1>新闻{i}</h1>" + f"<p>第{i}篇。双方就双边关系和共同关心的国际问题深入交换意见，达成广泛共识。</p>" * 4
            + "</div></body></html>", encoding="utf-8")
    monkeypatch.setattr(local, "process_capture", _crash_on_page_2)
    summary = build_corpus([pages], tmp_path / "out", load_settings(cli={"build": {"workers": 2}}))
    assert summary.documents == 4 and not summary.dropped
    assert [c.where.rsplit("/", 1)[-1] for c in summary.crashes] == ["p2.html"]
    assert summary.crashes[0].error.startswith("worker-crash")


def _logged_square_or_die(item: tuple[int, str]) -> int:
    x, log_path = item
    with open(log_path, "a") as fh:
        fh.write(f"{x}\n")
    if x == 1:
        time.sleep(0.5)  # item 2 finishes on the other worker meanwhile
        os._exit(1)
    return x * x


def test_results_that_came_back_before_a_crash_are_not_run_again(tmp_path):
    from corpus_builder.parallel import ordered_map

    log_path = str(tmp_path / "calls")
    items = [(x, log_path) for x in range(3)]
    results = list(ordered_map(_logged_square_or_die, iter(items), 2, on_crash=lambda item: -item[0]))
    assert results == [0, -1, 4]
    calls = open(log_path).read().split()
    assert calls.count("1") == 2  # the culprit: once in the pool, once alone
    assert calls.count("2") == 1, calls  # finished before the crash: its result stands


def test_tasks_of_several_items_keep_the_input_order():
    from corpus_builder.parallel import ordered_map

    assert list(ordered_map(abs, iter(range(-23, 0)), 2, chunk=4)) == list(range(23, 0, -1))
    assert list(ordered_map(abs, iter([]), 2, chunk=4)) == []


def test_a_crash_inside_a_task_drops_only_its_culprit():
    from corpus_builder.parallel import ordered_map

    results = list(ordered_map(_square_or_die, iter(range(12)), 2, max_inflight=2, on_crash=lambda x: -x, chunk=5))
    assert results == [0, 1, 4, -3] + [x * x for x in range(4, 12)]


class _ParentsGarbage:
    """A reference cycle with a finaliser, like a library client left for the collector."""

    def __init__(self, marker):
        self.me, self.marker, self.pid = self, marker, os.getpid()

    def __del__(self):
        if os.getpid() != self.pid:  # finalised in a forked worker: what stalled builds
            self.marker.write_text("finalised in a worker")


def _allocate(n: int) -> int:
    import gc

    junk = [[i] * 10 for i in range(20_000)]  # enough allocation for the cycle collector to run
    gc.collect()
    return n + len(junk) * 0


def test_workers_never_finalise_the_parents_garbage(tmp_path):
    import gc

    gc.disable()  # keep the cycle uncollected in this process until the workers have forked
    try:
        _ParentsGarbage(tmp_path / "marker")
        assert list(ordered_map(_allocate, iter(range(4)), 2)) == [0, 1, 2, 3]
    finally:
        gc.enable()
        gc.collect()
    assert not (tmp_path / "marker").exists()
