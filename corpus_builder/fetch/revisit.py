"""When an article already in the crawl state is requested again.

* captured: when its capture is older than ``revisit_hours`` (a conditional
  request, so an unchanged page costs a 304);
* failed for a transient reason (timeout, 5xx, 429, connection): on the next
  run, up to ``max_attempts`` times;
* failed for a permanent reason (404, not-html, too-large …): after
  ``retry_failed_days``, doubling with each further failure (30, 60, 120 …
  days by default), since official sites do restore pages;
* ``retry_failed`` (``crawl --retry-failed``): every failed URL, now.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from corpus_builder.fetch.report import is_transient
from corpus_builder.settings import CrawlSettings

_MAX_DOUBLINGS = 6  # a permanently failed URL is still tried about once every 5 years


def _age(stamp: str | None, now: datetime) -> timedelta | None:
    if not stamp:
        return None
    return now - datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def due(row, settings: CrawlSettings, now: datetime | None = None) -> bool:
    """True when the article of state row ``row`` (None: never seen) should be requested this run."""
    if row is None:
        return True
    now = now or datetime.now(timezone.utc)
    if row["status"] == "failed":
        if settings.retry_failed:
            return True
        if is_transient(row["reason"]):
            return row["attempts"] < settings.max_attempts
        wait = timedelta(days=settings.retry_failed_days) * 2 ** (min(row["attempts"], _MAX_DOUBLINGS) - 1)
        age = _age(row["last_seen"], now)
        return age is None or age >= wait
    if row["status"] != "captured":
        return True
    age = _age(row["last_fetched"], now)
    return age is None or age >= timedelta(hours=settings.revisit_hours)
