"""Unattended crawl runs: the crawl-dir lock, the run log, runs.jsonl (nightly.py adds the build).

Layout of a crawl dir::

    warc/          <run-id>-00001.warc.gz ...   (``.open`` while being written)
    state.sqlite   the URL table (see fetch.state)
    logs/          <run-id>.log, one per run
    runs.jsonl     one JSON summary line per run
    lock           held (fcntl.flock) while a run works here

Exit codes used by the CLI (corpus_builder.errors): 0 all good, 1 some URLs
failed (recorded for retry), 2 configuration or usage error, 3 another run
holds the lock, 4 the build after a nightly crawl failed (its WARC files are
built next run), 5 an error in corpus-builder's own code (a bug; the run's
record in runs.jsonl says where, the run log has the traceback), 6 a source
fetched nothing at all (every request failed or was refused: the site is down,
blocks us, or robots.txt forbids it; ``fetched_nothing`` names it).  Each run's
record carries its ``exit_code``.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import sys
import threading
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Callable, Iterator

from corpus_builder.errors import EXIT_BUILD, EXIT_CRASH, EXIT_FAILURES, EXIT_NOTHING, EXIT_OK, Crash, disk_full
from corpus_builder.fetch.crawler import Crawler, CrawlSummary, DateWindow, Observer
from corpus_builder.settings import Settings
from corpus_builder.sources.base import Source

log = logging.getLogger(__name__)



def exit_code(record: dict) -> int:
    """The documented exit code of a run record: 5 crash > 4 build failed > 6 a source fetched nothing > 1."""
    build = record.get("build") or {}
    if record.get("first_crash") or build.get("first_crash"):
        return EXIT_CRASH
    if build.get("error"):
        return EXIT_BUILD
    if record.get("fetched_nothing"):
        return EXIT_NOTHING
    return EXIT_FAILURES if record.get("failed") else EXIT_OK


class LockBusy(RuntimeError):
    """Another run holds the crawl dir's lock."""


@contextmanager
def crawl_lock(folder: Path) -> Iterator[Path]:
    """Hold ``folder/lock`` exclusively; raise LockBusy at once if taken."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise LockBusy(f"another run holds {path} (pid {holder}); exiting") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the lock


class _RunLogHandler(logging.FileHandler):
    """The run's log file; a full disk silences it (the command reports the full disk
    once) instead of making logging print a traceback for every record."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if disk_full(sys.exc_info()[1]):
            return
        super().handleError(record)


@contextmanager
def run_log(folder: Path, run_id: str) -> Iterator[Path]:
    """Send this package's log records (INFO and up) to ``logs/<run_id>.log``."""
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    path = folder / "logs" / f"{run_id}.log"
    handler = _RunLogHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    package = logging.getLogger("corpus_builder")
    previous = package.level
    package.addHandler(handler)
    if package.getEffectiveLevel() > logging.INFO:
        package.setLevel(logging.INFO)
    try:
        yield path
    finally:
        package.removeHandler(handler)
        package.setLevel(previous)
        handler.close()


def append_run(folder: Path, record: dict) -> str:
    """Append one JSON line to ``runs.jsonl``; return the line."""
    line = json.dumps(record, ensure_ascii=False, sort_keys=True)
    with open(folder / "runs.jsonl", "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return line


@contextmanager
def _stop_on_signals(crawler: Crawler) -> Iterator[None]:
    """SIGTERM/SIGINT end the run cleanly (URLs in flight finish, WARC closed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = lambda signum, frame: crawler.stop()  # noqa: E731
    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


def locked_run(settings: Settings, out: Path, sources: list[Source], window: DateWindow, command: str,
               then: Callable[[CrawlSummary], dict] | None = None, observer: Observer | None = None) -> dict:
    """Lock ``out``, crawl with a run log, run ``then``; append and return the summary.

    ``observer`` is told of every URL done (the CLI's progress display).
    """
    out = Path(out)
    with crawl_lock(out):
        crawler = Crawler(settings.crawl, out, sources, window, observer)
        with run_log(out, crawler.summary.run_id), _stop_on_signals(crawler):
            try:
                summary = crawler.run()
                record = {"command": command, **summary.as_dict()}
                if then is not None:
                    record.update(then(summary))
                record["exit_code"] = exit_code(record)
            except Exception as exc:  # a bug that ended the run: recorded, then raised to the CLI
                if disk_full(exc):  # not a bug: the CLI says so once
                    log.error("%s stopped: %s", command, exc)
                    with suppress(OSError):
                        append_run(out, {"command": command, **crawler.summary.as_dict(), "error": str(exc)})
                    raise
                log.exception("%s ended by an error in corpus-builder", command)
                append_run(out, {"command": command, **crawler.summary.as_dict(),
                                 "crash": Crash.of(command, exc).as_dict()})
                raise
            log.info("%s finished: %s", command, record)
        append_run(out, record)
    return record


def crawl(settings: Settings, out: Path, sources: list[Source], window: DateWindow = DateWindow(),
          observer: Observer | None = None) -> dict:
    """One locked, logged crawl run into ``out``; returns the runs.jsonl record."""
    return locked_run(settings, out, sources, window, "crawl", observer=observer)
