"""What a crawl run did: the run's summary (one JSON line of runs.jsonl), per-URL events, the date window.

Each processed URL ends in one :class:`UrlEvent`, counted in the
:class:`CrawlSummary` (for the whole run and per source) and passed to the
crawl's observer (the CLI's progress display) and to the log (INFO, one line
per URL: ``-v`` on the command line, always in the run log).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from corpus_builder.errors import Crash

# Failures worth another try on a later run; any other reason is permanent.
TRANSIENT = ("timeout", "connection-error", "http-429", "http-5")


def is_transient(reason: str | None) -> bool:
    return bool(reason) and reason.startswith(TRANSIENT)


@dataclass(frozen=True, slots=True)
class UrlEvent:
    """One URL done: ``outcome`` is captured, unchanged, skipped, listing-end or failed (``reason`` says why)."""

    url: str
    kind: str
    source: str
    outcome: str
    reason: str | None = None
    done: int = 0    # URLs done this run, this one included
    known: int = 0   # URLs queued this run so far (the total grows as listings are read)
    failed: int = 0  # failures this run so far


@dataclass(slots=True)
class CrawlSummary:
    """What a run did; ``as_dict`` is the one-line JSON of runs.jsonl."""

    run_id: str
    started: str = ""
    finished: str = ""
    requested: int = 0
    captured: int = 0
    unchanged: int = 0
    skipped: int = 0
    listing_ends: int = 0  # pagination ran past the last page (a 404): expected, not a failure
    failed: Counter = field(default_factory=Counter)
    bytes_in: int = 0
    warc_files: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    crashes: list[Crash] = field(default_factory=list)  # URLs that hit an error in the code
    by_source: dict[str, Counter] = field(default_factory=dict)  # requested, answered, failed per source

    def count(self, source: str, outcome: str, reason: str | None, requested: bool) -> None:
        """Add one URL's outcome (the caller holds the summary's lock)."""
        per = self.by_source.setdefault(source, Counter())
        per["requested"] += requested
        if outcome in ("captured", "unchanged"):
            per["answered"] += 1
            setattr(self, outcome, getattr(self, outcome) + 1)
        elif outcome == "failed":
            per["failed"] += 1
            self.failed[reason] += 1
        elif outcome == "skipped":
            self.skipped += 1
        elif outcome == "listing-end":
            per["answered"] += 1  # the server answered: the site is there
            self.listing_ends += 1

    def fetched_nothing(self) -> list[str]:
        """Sources whose every request failed or was refused (site down, blocking us, robots): cron's alarm."""
        return sorted(name for name, per in self.by_source.items() if per["requested"] and not per["answered"])

    def as_dict(self) -> dict:
        return {"run_id": self.run_id, "started": self.started, "finished": self.finished,
                "requested": self.requested, "captured": self.captured, "unchanged": self.unchanged,
                "skipped": self.skipped, "listing_ends": self.listing_ends, "failed": sum(self.failed.values()),
                "failures": dict(sorted(self.failed.items())), "bytes_in": self.bytes_in,
                "warc_files": self.warc_files, "recovered": self.recovered, "crashed": len(self.crashes),
                "first_crash": self.crashes[0].as_dict() if self.crashes else None,
                "sources": {name: dict(sorted(per.items())) for name, per in sorted(self.by_source.items())},
                "fetched_nothing": self.fetched_nothing()}


@dataclass(frozen=True, slots=True)
class DateWindow:
    """The --since/--until bounds on article dates (undated articles pass)."""

    since: date | None = None
    until: date | None = None

    def holds(self, day: date | None) -> bool:
        if day is None:
            return True
        return not ((self.since and day < self.since) or (self.until and day > self.until))
