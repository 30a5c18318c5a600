"""Per-host politeness: request spacing and robots.txt rules.

:class:`HostGate` spaces the requests to one host by its delay (the crawl's
``delay``, or the host's robots ``Crawl-delay`` when longer); different hosts
are independent, so threads working on different hosts never wait on each
other.  :class:`RobotsCache` fetches each host's robots.txt once per run:

* unreachable (connection error, timeout)  -> everything allowed, with a warning
* 4xx                                      -> everything allowed
* 5xx                                      -> everything disallowed for this run
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

log = logging.getLogger(__name__)


def host_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL: the unit of politeness."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class HostGate:
    """Blocks each caller until its host may be sent the next request."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def set_delay(self, url: str, seconds: float) -> None:
        """Raise one host's spacing (e.g. to its robots Crawl-delay)."""
        self._delays[host_of(url)] = max(self.delay, seconds)

    def ready_at(self, url: str) -> float:
        """Monotonic time at which the host may next be asked (0 = now)."""
        return self._next.get(host_of(url), 0.0)

    def wait(self, url: str) -> None:
        host = host_of(url)
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            pause = self._next.get(host, 0.0) - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self._next[host] = time.monotonic() + self._delays.get(host, self.delay)


ROBOTS_BYTES = 512_000  # RFC 9309 2.5: at least the first 500 KiB of a robots.txt are parsed


class RobotsCache:
    """robots.txt per host, fetched once per run through ``fetch_text``.

    ``fetch_text(url)`` returns ``(status, text)`` or raises OSError-like
    exceptions for an unreachable host; the cache turns that into rules.
    """

    def __init__(self, user_agent: str, fetch_text: Callable[[str], tuple[int | None, str]],
                 gate: HostGate) -> None:
        self.user_agent = user_agent
        self.fetch_text = fetch_text
        self.gate = gate
        self._rules: dict[str, RobotFileParser | bool] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _load(self, host: str) -> RobotFileParser | bool:
        status, text = self.fetch_text(f"{host}/robots.txt")
        if status is None:
            log.warning("%s/robots.txt unreachable; crawling as if allowed", host)
            return True
        if status >= 500:
            log.warning("%s/robots.txt answered %d; host disallowed for this run", host, status)
            return False
        if status >= 400:
            return True
        parser = RobotFileParser()
        lines = text.splitlines()
        if len(text.encode("utf-8", "replace")) >= ROBOTS_BYTES and lines:
            lines.pop()  # cut at the size limit (RFC 9309): its last line may be half a rule
        parser.parse(lines)
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            self.gate.set_delay(host, float(delay))
        return parser

    def allowed(self, url: str) -> bool:
        host = host_of(url)
        with self._guard:  # one lock per host: a slow robots.txt holds up only its own host
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            if host not in self._rules:
                self._rules[host] = self._load(host)
            rules = self._rules[host]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.user_agent, url)
