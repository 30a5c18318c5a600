"""Progress of crawl, nightly and build, as the person or the cron job watching expects it.

* on a terminal: a live display from rich (done / total where known,
  failures, rate, elapsed, ETA) on stderr; log lines (``-v``: one per URL)
  scroll above it;
* without a terminal (cron, a pipe): one plain line on stderr every
  ``interval`` seconds (``[crawl] progress_seconds``, 60 by default), so
  that a mail or a log shows how far a long night got (the run's JSON line
  sums it up at the end);
* ``-q``: nothing.

The library only reports (the crawler's observer, the build's per-page callback); what is shown is decided here.
"""
from __future__ import annotations

import logging
import sys
import time
from typing import Callable

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text


class RateColumn(ProgressColumn):
    """Items per second (rich's own speed column counts bytes)."""

    def render(self, task) -> Text:
        return Text(f"{task.speed:.1f}/s" if task.speed else "-/s", style="progress.data.speed")


def _quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("quiet"))


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


class Progress:
    """A context manager over one command; each phase (crawl, build) is a :meth:`track` er of its own."""

    def __init__(self, interval: float = 60.0) -> None:
        self.interval = interval
        self.mode = "quiet" if _quiet() else ("live" if sys.stderr.isatty() else "lines")
        self.live: RichProgress | None = None
        self._streams: list[tuple[logging.StreamHandler, object]] = []

    def __enter__(self) -> "Progress":
        if self.mode == "live":
            self.live = RichProgress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                TextColumn("[red]{task.fields[failed]} failed"), RateColumn(), TimeElapsedColumn(),
                TextColumn("ETA"), TimeRemainingColumn(), console=Console(file=sys.stderr), redirect_stderr=True)
            self.live.start()
            self._send_logs_above_the_display()
        return self

    def _send_logs_above_the_display(self) -> None:
        """Log handlers writing to the real stderr would tear the display: point them at rich's proxy."""
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is sys.__stderr__:
                self._streams.append((handler, handler.setStream(sys.stderr)))

    def track(self, label: str, unit: str) -> "Tracker":
        return Tracker(self, label, unit)

    def __exit__(self, *exc) -> None:
        if self.live is not None:
            self.live.stop()
            for handler, stream in self._streams:
                handler.setStream(stream)


class Tracker:
    """One phase's counts: ``update(done, total, failed)`` as often as wanted (last call wins)."""

    def __init__(self, owner: Progress, label: str, unit: str) -> None:
        self.owner, self.label, self.unit = owner, label, unit
        self.started = self._last_line = time.monotonic()
        self.state: tuple[int, int | None, int] = (0, None, 0)
        self._task = owner.live.add_task(f"{label} {unit}", total=None, failed=0) if owner.live else None

    def update(self, done: int, total: int | None, failed: int) -> None:
        self.state = (done, total, failed)
        if self._task is not None:
            self.owner.live.update(self._task, completed=done, total=total, failed=failed)
        elif self.owner.mode == "lines" and time.monotonic() - self._last_line >= self.owner.interval:
            self.line()

    def line(self) -> None:
        done, total, failed = self.state
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = f", ETA {_duration((total - done) / rate)}" if total and rate and total > done else ""
        of = f"/{total}" if total else ""
        click.echo(f"{self.label}: {done}{of} {self.unit}, {failed} failed, {rate:.1f}/s, "
                   f"{_duration(elapsed)} elapsed{eta}", err=True)
        self._last_line = time.monotonic()

    def crawl_observer(self) -> Callable:
        """The crawler's observer: one UrlEvent per URL (``known`` grows as listings are read)."""
        return lambda event: self.update(event.done, event.known, event.failed)

    def page_counter(self, total: int | None = None) -> Callable:
        """The build's per-page callback; a page dropped by a crash counts as failed."""
        counts = [0, 0]

        def count(result) -> None:
            counts[0] += 1
            counts[1] += result.crash is not None
            self.update(counts[0], total, counts[1])
        return count
