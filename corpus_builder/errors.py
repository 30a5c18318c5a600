"""Exceptions shared by the stages."""
from __future__ import annotations

import errno
import sqlite3
import traceback
from dataclasses import dataclass


class Dropped(Exception):
    """A capture or document is dropped from the corpus, for a counted reason.

    ``reason`` is a short stable key (``"no-article"``, ``"empty"``, ``"binary"``,
    ``"not-html"``, ``"too-short"``, ``"duplicate"`` …) used in the run summary;
    ``detail`` is free text for the log.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# Exit codes of every command (cron tells outcomes apart by them; README "Exit codes").
EXIT_OK = 0        # all good
EXIT_FAILURES = 1  # some inputs or URLs failed (bad input, recorded; the rest went on)
EXIT_USAGE = 2     # configuration or usage error
EXIT_LOCKED = 3    # another run holds the lock
EXIT_BUILD = 4     # nightly: the build after the crawl failed (its WARC files are built by the next run)
EXIT_CRASH = 5     # an exception in corpus-builder's own code (a bug, a missing data file, a dead worker)
EXIT_NOTHING = 6   # crawl/nightly: a source fetched nothing at all (every request failed, or robots forbids the site)


def disk_full(exc: BaseException) -> bool:
    """True for a full disk or quota (an OSError, or SQLite's own error): the environment's
    problem, reported once as a message, never as a bug."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc)


@dataclass(frozen=True, slots=True)
class Crash:
    """An exception in the project's own code while handling one item: a bug, never bad input.

    Unlike a ``Dropped`` page, a crash fails the run (``EXIT_CRASH``) once the
    other items are done, so that cron never reports a broken tool as success.
    """

    where: str      # the page, WARC record or URL being handled
    error: str      # "TypeError: ...", one line
    traceback: str  # the formatted traceback (may be the text of a worker's)

    @classmethod
    def of(cls, where: str, exc: BaseException) -> "Crash":
        """The crash record of ``exc``, caught while handling ``where``."""
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return cls(where, f"{type(exc).__name__}: {exc}", text)

    def as_dict(self) -> dict[str, str]:
        """For JSON summaries and runs.jsonl (the traceback included: it is one per run)."""
        return {"where": self.where, "error": self.error, "traceback": self.traceback}

    @classmethod
    def from_dict(cls, record: dict[str, str]) -> "Crash":
        return cls(record["where"], record["error"], record.get("traceback", ""))
