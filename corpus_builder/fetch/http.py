"""One polite HTTP GET: timeouts, a size cap, bounded redirects, retries.

:meth:`Fetcher.fetch` never raises for a network or server problem: it
returns a :class:`FetchResult` whose ``reason`` names what went wrong
(``timeout``, ``connection-error``, ``too-large``, ``redirect-loop``,
``too-many-redirects``, ``not-html``, ``http-<code>``, ``robots``,
``off-domain``, ``bad-scheme``).  Every complete response, including
redirects, errors and each retried attempt, is returned as an
:class:`Exchange` so the caller can archive it.

Limits: the body is streamed and abandoned past ``max_bytes``; the whole
response, status line and headers included, is abandoned past
``total_timeout`` (fetch.deadline: a server dripping one header byte a second
never trips the read timeout, which only bounds the silence between packets).
"""
from __future__ import annotations

import logging
import random
import time
import zlib
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import Callable
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from corpus_builder.fetch.deadline import Deadline, DeadlineAdapter
from corpus_builder.fetch.politeness import HostGate
from corpus_builder.settings import CrawlSettings

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = HTML_TYPES + ("text/xml", "application/xml", "application/rss+xml", "application/atom+xml")
RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchFailure(Exception):
    """A response that could not be read to the end; ``reason`` is recorded."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(slots=True)
class Exchange:
    """One complete HTTP round trip, as it will be archived."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    protocol: str
    response_headers: list[tuple[str, str]]
    body: bytes  # the payload as transmitted (still content-encoded)

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.response_headers if k.lower() == name), None)

    def request_bytes(self) -> bytes:
        path = urlsplit(self.url)._replace(scheme="", netloc="", fragment="").geturl() or "/"
        lines = [f"{self.method} {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in self.request_headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")

    def wire_size(self) -> int:
        """Bytes received: status line, headers and body as transmitted."""
        return len(self.body) + sum(len(k) + len(v) + 4 for k, v in self.response_headers) + 17


@dataclass(slots=True)
class FetchResult:
    """The outcome of fetching one URL (after redirects and retries)."""

    url: str
    final_url: str = ""
    exchange: Exchange | None = None  # the last complete response
    content: bytes = b""  # its body with Content-Encoding undone
    reason: str | None = None  # None = success (2xx or 304)
    exchanges: list[Exchange] = field(default_factory=list)
    bytes_in: int = 0

    @property
    def status(self) -> int | None:
        return self.exchange.status if self.exchange else None


def retry_after_seconds(value: str | None, cap: float) -> float | None:
    """Seconds asked for by a Retry-After header (delta or HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            return None
    return max(0.0, min(seconds, cap))


def decode_content(body: bytes, encoding: str | None, limit: int, truncate: bool = False) -> bytes:
    """Undo gzip/deflate Content-Encoding, refusing output past ``limit`` (or, with
    ``truncate``, cutting it there)."""
    encoding = (encoding or "").strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return body
    for wbits in (47, -15):  # 47: gzip or zlib header; -15: raw deflate
        try:
            inflater = zlib.decompressobj(wbits)
            out = inflater.decompress(body, limit + 1)
        except zlib.error:
            continue
        if len(out) > limit and truncate:
            return out[:limit]
        if len(out) > limit:
            raise FetchFailure("too-large", f"decompresses past {limit} bytes")
        return out
    raise FetchFailure("bad-encoding", f"body is not valid {encoding}")


def media_type(exchange_or_headers) -> str:
    """The declared media type (``text/html``), lower case; empty when undeclared."""
    value = exchange_or_headers.header("Content-Type") if isinstance(exchange_or_headers, Exchange) \
        else exchange_or_headers.get("Content-Type")
    return (value or "").split(";")[0].strip().lower()


class Fetcher:
    """GETs with the crawl's politeness, limits and retry policy."""

    def __init__(self, settings: CrawlSettings, gate: HostGate, session: requests.Session | None = None,
                 truncate: bool = False) -> None:
        """``truncate``: a body past ``max_bytes`` is cut there and kept (robots.txt: RFC 9309
        asks for at least the first 500 KiB to be parsed), instead of failing as ``too-large``."""
        self.s = settings
        self.truncate = truncate
        self.gate = gate
        self.session = session or requests.Session()
        for prefix in ("http://", "https://"):
            self.session.mount(prefix, DeadlineAdapter())
        self.session.headers.update({
            "User-Agent": f"{settings.user_agent} contact: {settings.contact}".strip(),
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        })

    def truncating(self, limit: int) -> "Fetcher":
        """A Fetcher like this one (same gate and session) that keeps the first ``limit``
        bytes of a longer body instead of failing it as ``too-large``."""
        return Fetcher(replace(self.s, max_bytes=limit), self.gate, self.session, truncate=True)

    def _get_once(self, url: str, headers: dict[str, str], types: tuple[str, ...]) -> Exchange:
        """One request, read to the end within the size and time limits.

        A 2xx answer declaring a media type outside ``types`` is refused
        before its body is read (nothing of it is worth keeping).
        """
        self.gate.wait(url)
        with Deadline(self.s.total_timeout) as deadline:
            try:
                resp = self.session.get(url, headers=headers, stream=True, allow_redirects=False,
                                        timeout=(self.s.connect_timeout, self.s.timeout))
            except requests.RequestException as exc:
                raise self._failure(exc, deadline) from exc
            with resp:
                ctype = media_type(resp.headers)
                if types and 200 <= resp.status_code < 300 and ctype and ctype not in types:
                    raise FetchFailure("not-html", ctype)
                body = self._read_body(resp, deadline)
        version = {10: "HTTP/1.0", 11: "HTTP/1.1"}.get(resp.raw.version, "HTTP/1.1")
        return Exchange(url, "GET", list(resp.request.headers.items()), resp.status_code, resp.reason or "",
                        version, list(resp.raw.headers.items()), body)

    def _failure(self, exc: Exception, deadline: Deadline) -> FetchFailure:
        """What a network error means: the deadline, a timeout, or a connection error."""
        if deadline.fired:
            return FetchFailure("timeout", f"response not complete after {self.s.total_timeout}s")
        if isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower():
            return FetchFailure("timeout", str(exc))
        return FetchFailure("connection-error", str(exc))

    def _read_body(self, resp: requests.Response, deadline: Deadline) -> bytes:
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.s.max_bytes and not self.truncate:
            raise FetchFailure("too-large", f"Content-Length {declared} > {self.s.max_bytes}")
        chunks, size = [], 0
        try:
            while chunk := resp.raw.read1(1 << 16, decode_content=False):
                size += len(chunk)
                if size > self.s.max_bytes:
                    if self.truncate:
                        chunks.append(chunk[: len(chunk) - (size - self.s.max_bytes)])
                        break
                    raise FetchFailure("too-large", f"body passed {self.s.max_bytes} bytes")
                chunks.append(chunk)
        except (urllib3.exceptions.HTTPError, OSError, requests.RequestException) as exc:
            raise self._failure(exc, deadline) from exc
        if deadline.fired:  # the socket was shut down: what was read is a truncated body
            raise FetchFailure("timeout", f"response not complete after {self.s.total_timeout}s")
        return b"".join(chunks)

    def _backoff(self, attempt: int, exchange: Exchange | None) -> float:
        wait = min(self.s.backoff * 2 ** attempt, self.s.backoff_max) + random.uniform(0, self.s.backoff)
        if exchange is not None:
            asked = retry_after_seconds(exchange.header("Retry-After"), self.s.retry_after_max)
            if asked is not None:
                wait = asked
        return wait

    def get_with_retries(self, url: str, headers: dict[str, str], result: FetchResult,
                         types: tuple[str, ...] = HTML_TYPES) -> Exchange:
        """GET one URL (no redirects), retrying connection errors, 5xx and 429."""
        for attempt in range(self.s.retries + 1):
            last = attempt == self.s.retries
            try:
                ex = self._get_once(url, headers, types)
            except FetchFailure as exc:
                if exc.reason != "connection-error" or last:
                    raise
                log.info("%s: %s; retrying", url, exc)
                time.sleep(self._backoff(attempt, None))
                continue
            result.exchanges.append(ex)
            result.bytes_in += ex.wire_size()
            if ex.status not in RETRY_STATUS or last:
                return ex
            wait = self._backoff(attempt, ex)
            log.info("%s: HTTP %d; retrying in %.1fs", url, ex.status, wait)
            time.sleep(wait)
        raise AssertionError("unreachable")

    def fetch(self, url: str, conditional: dict[str, str] | None = None,
              allow: Callable[[str], str | None] = lambda u: None,
              types: tuple[str, ...] = HTML_TYPES) -> FetchResult:
        """Fetch ``url`` following redirects; ``allow(url)`` returns a refusal reason or None.

        ``types``: the media types accepted (empty: any).
        """
        result = FetchResult(url)
        seen, current, headers = {url}, url, dict(conditional or {})
        try:
            for _ in range(self.s.max_redirects + 1):
                refusal = allow(current)
                if refusal:
                    raise FetchFailure(refusal, current)
                ex = self.get_with_retries(current, headers, result, types)
                result.exchange, result.final_url = ex, current
                location = ex.header("Location")
                if ex.status not in (301, 302, 303, 307, 308) or not location:
                    return self._finish(result, types)
                current, headers = urljoin(current, location.strip()), {}
                if current in seen:
                    raise FetchFailure("redirect-loop", current)
                seen.add(current)
            raise FetchFailure("too-many-redirects", f"more than {self.s.max_redirects}")
        except FetchFailure as exc:
            log.info("%s: %s", url, exc)
            result.reason = exc.reason
            return result

    def _finish(self, result: FetchResult, types: tuple[str, ...]) -> FetchResult:
        ex = result.exchange
        if ex.status == 304:
            return result
        if not 200 <= ex.status < 300:
            raise FetchFailure(f"http-{ex.status}")
        try:
            result.content = decode_content(ex.body, ex.header("Content-Encoding"), self.s.max_bytes,
                                            self.truncate)
        except FetchFailure as exc:
            if exc.reason == "too-large":
                # a body inflating past max_bytes (a gzip bomb) is not archived, like one that
                # streams past it: the WARC would hand the bomb to every later build
                result.exchanges.remove(ex)
            raise
        # a declared type was checked before the body was read; an undeclared one is sniffed
        if types and not media_type(ex) and result.content.lstrip()[:1] != b"<":
            raise FetchFailure("not-html", "no Content-Type, body is not markup")
        return result
