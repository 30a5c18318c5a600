"""The crawl frontier: one FIFO queue per host, one worker per host at a time.

Workers :meth:`Frontier.claim` a host with queued URLs that no other worker
holds (the one whose next polite slot comes first), process one URL and
:meth:`Frontier.release` it.  Several hosts are crawled in parallel; one host
never sees two requests at once.  The crawl is over when every queue is empty
and no worker holds a host (a held host may still add URLs).
"""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import date
from typing import Callable

from corpus_builder.fetch.politeness import host_of


@dataclass(frozen=True, slots=True)
class CrawlItem:
    """A URL to fetch: ``kind`` is ``listing`` (listing page or feed) or ``article``.

    ``start``/``page`` place a listing in its pagination, so that the next
    page can be queued once this one proved useful; ``template`` names the
    numbered URL variant (sources.pagination) a chain found by probing follows.
    """

    url: str
    kind: str
    source: str
    start: str = ""
    page: int = 0
    published: date | None = None
    template: str = ""


class Frontier:
    """Thread-safe per-host queues with de-duplication and per-source budgets."""

    def __init__(self, budget: int, ready_at: Callable[[str], float] = lambda url: 0.0) -> None:
        self.budget = budget  # URLs per source per run (0 = unbounded)
        self.ready_at = ready_at
        self._queues: dict[str, deque[CrawlItem]] = {}
        self._busy: set[str] = set()
        self._seen: set[str] = set()
        self._spent: dict[str, int] = {}
        self._stopped = False
        self._cond = threading.Condition()

    def add(self, item: CrawlItem) -> bool:
        """Queue a URL unless already seen this run or its source's budget is spent."""
        with self._cond:
            spent = self._spent.get(item.source, 0)
            if item.url in self._seen or (self.budget and spent >= self.budget):
                return False
            self._seen.add(item.url)
            self._spent[item.source] = spent + 1
            self._queues.setdefault(host_of(item.url), deque()).append(item)
            self._cond.notify()
            return True

    @property
    def known(self) -> int:
        """URLs queued this run so far (done or not): the progress display's total."""
        with self._cond:
            return len(self._seen)

    def claim(self) -> CrawlItem | None:
        """Block until a URL of a free host is available; None when the crawl is over."""
        with self._cond:
            while True:
                if self._stopped:
                    return None
                free = [h for h, q in self._queues.items() if q and h not in self._busy]
                if free:
                    host = min(free, key=self.ready_at)
                    self._busy.add(host)
                    return self._queues[host].popleft()
                if not self._busy:
                    return None
                self._cond.wait()

    def release(self, item: CrawlItem) -> None:
        with self._cond:
            self._busy.discard(host_of(item.url))
            self._cond.notify_all()

    def stop(self) -> None:
        """Make every worker finish after its current URL (e.g. on SIGTERM)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
