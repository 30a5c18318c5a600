"""Worker processes never outlive a killed build, and never keep the store locked."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

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
