"""SIGKILL in the middle of a crawl, then a rerun: nothing lost, nothing twice, no corrupt WARC."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import Site, fast_settings, news_source, serve, write_sources_file  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from corpus_builder.fetch.crawler import Crawler  # noqa: E402
from corpus_builder.fetch.warc import iter_captures  # noqa: E402

RUN_CLI = "import sys; from corpus_builder.cli.crawl import crawl; crawl(sys.argv[1:])"


def write_config(tmp: Path, base: str) -> Path:
    sources = write_sources_file(tmp, base)
    config = tmp / "config.toml"
    config.write_text(f'[crawl]\ndelay = 0.0\ntimeout = 2.0\nrevisit_hours = 0.0\nworkers = 2\n'
                      f'sources_file = "{sources}"\n', encoding="utf-8")
    return config


def start_crawl(tmp: Path, base: str, out: Path, **popen) -> subprocess.Popen:
    """`crawl --source testnews` of the site at ``base`` in a child process."""
    return subprocess.Popen([sys.executable, "-c", RUN_CLI, "--config", str(write_config(tmp, base)),
                             "--source", "testnews", "--out", str(out)], cwd=tmp, **popen)


def captured_rows(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM urls WHERE status = 'captured'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def kill_when(proc: subprocess.Popen, db: Path, rows: int, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while captured_rows(db) < rows and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.slow  # repeated kills of child processes: `pytest -m slow`
def test_sigkill_then_rerun_captures_each_url_exactly_once(tmp_path):
    site = Site(latency=0.01)
    paths = site.add_articles(120, per_page=12)
    server, base = serve(site)
    out = tmp_path / "crawl"
    try:
        proc = start_crawl(tmp_path, base, out, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kill_when(proc, out / "state.sqlite", rows=30)
        assert proc.returncode == -signal.SIGKILL
        assert list((out / "warc").glob("*.open")), "the killed run should leave its open WARC"

        summary = Crawler(fast_settings(), out, [news_source(base)]).run()
    finally:
        server.shutdown()

    assert summary.recovered and not list((out / "warc").glob("*.open"))
    files = sorted((out / "warc").glob("*.warc.gz"))
    for path in files:  # every file reads to its end
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                record.content_stream().read()
    counts = Counter(c.url for f in files for c in iter_captures(f) if c.status == 200)
    for path in paths:
        assert counts[base + path] == 1, path
    assert summary.failed == {}


def test_sigterm_ends_the_run_cleanly(tmp_path):
    # the site holds every request past the 30th until the signal is sent, so the run
    # cannot finish all 130 pages before SIGTERM arrives, however fast this machine is
    site = Site(latency=0.01, hold_after=30)
    site.add_articles(120, per_page=12)
    server, base = serve(site)
    out = tmp_path / "crawl"
    try:
        proc = start_crawl(tmp_path, base, out, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while captured_rows(out / "state.sqlite") < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)  # the handler runs before the held requests are answered
        site.released.set()
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        site.released.set()
        server.shutdown()
    assert proc.returncode == 0, stderr
    summary = json.loads(stdout.strip().splitlines()[-1])
    assert 20 <= summary["captured"] <= 40  # stopped early, with what it had and what was in flight
    assert not list((out / "warc").glob("*.open"))
    assert (out / "runs.jsonl").read_text().count("\n") == 1
