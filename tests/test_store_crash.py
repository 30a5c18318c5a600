"""SIGKILL a writer at random moments, again and again: the store stays sound.

After every kill the committed store validates (leftover hidden temp files are
only warnings: no reader opens them), pandas.read_parquet sees exactly the
committed rows (no partial shard is visible), and the rerun ends with the same
rows as an uninterrupted run.
"""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from corpus_builder.store.load import load
from corpus_builder.store.manifest import is_store
from corpus_builder.store.validate import validate

SCRIPT = Path(__file__).parent / "fixtures" / "store" / "crash_writer.py"
N_DOCS, SHARD_ROWS, KILLS = 4000, 300, 5


def _start(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(SCRIPT), str(root), str(N_DOCS), str(SHARD_ROWS)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _snapshot(root: Path) -> dict[str, list]:
    docs = load(root, "documents")
    clauses = load(root, "clauses")
    pairs = load(root, "alignments")
    return {
        "documents": sorted(zip(docs["doc_id"], docs["content_hash"], docs["n_clauses"], docs["lang"], docs["year"])),
        "clauses": sorted(zip(clauses["doc_id"], clauses["clause_index"], clauses["text"])),
        "alignments": sorted(pairs["pair_id"]),
    }


def _check_after_kill(root: Path) -> None:
    if not is_store(root):  # killed before the first manifest was written
        return
    report = validate(root)
    assert report.problems == [], report.problems
    assert all(w.endswith("leftover temp file of an interrupted write") for w in report.warnings)
    if (root / "clauses").is_dir():
        assert len(pd.read_parquet(root / "clauses")) == len(load(root, "clauses"))


@pytest.mark.slow  # repeated kills of child processes: `pytest -m slow`
def test_sigkill_at_random_points_never_corrupts(tmp_path):
    rng = random.Random(1234)
    crashed, kills = tmp_path / "crashed", 0
    while kills < KILLS:
        proc = _start(crashed)
        time.sleep(rng.uniform(0.3, 2.0))
        if proc.poll() is not None:
            break  # finished before the kill: nothing left to interrupt
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        _check_after_kill(crashed)
    assert kills >= 2
    for root in (crashed, tmp_path / "clean"):  # finish the crashed store; build a clean one
        proc = _start(root)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    assert validate(crashed).ok(strict=True)  # the rerun cleaned the debris
    crashed_rows, clean_rows = _snapshot(crashed), _snapshot(tmp_path / "clean")
    assert len(clean_rows["documents"]) == N_DOCS
    assert crashed_rows == clean_rows
