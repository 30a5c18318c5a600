"""One crawl run: discover articles from the sources' listings, fetch, archive.

Per URL: the state row gives validators for a conditional request; the
answer is archived (request + response, or a revisit for a 304 or an
identical body), then the state row is committed, so SIGKILL at any moment
loses nothing: :meth:`Crawler.run` first closes the ``.open`` WARC a killed
run left and registers the captures it holds that the state missed.

Listing pages are fetched on every run (conditionally); after a 304 the
links recorded last time are used.  A listing's next page is the source's
``pagination`` template when it has one, else the page's own next link
(rel=next, a next-page word), else, from a start page showing neither, the
numbered variants of its URL, probed (sources.pagination).  A chain of
listing pages ends at ``max_listing_pages``, at a page past the last (404),
at a page whose articles are all outside ``since``/``until``, and at a page
that adds no article not already queued this run.

Articles captured less than ``revisit_hours`` ago are not requested again;
articles that failed for a permanent reason (404, not-html) are tried again
after ``retry_failed_days`` (doubling with each failure), or at once with
``retry_failed``.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from corpus_builder.errors import Crash, disk_full
from corpus_builder.fetch.frontier import CrawlItem, Frontier
from corpus_builder.fetch.http import FEED_TYPES, HTML_TYPES, Fetcher, FetchResult
from corpus_builder.fetch.politeness import ROBOTS_BYTES, HostGate, RobotsCache
from corpus_builder.fetch.report import CrawlSummary, DateWindow, UrlEvent, is_transient
from corpus_builder.fetch.revisit import due
from corpus_builder.fetch.state import CrawlState, now_iso
from corpus_builder.fetch.warc import iter_captures
from corpus_builder.fetch.warc_writer import WarcStore, recover_open_files
from corpus_builder.records import Capture
from corpus_builder.settings import CrawlSettings
from corpus_builder.sources.base import ListingLink, Source
from corpus_builder.sources.pagination import numbered_variants, template_url

__all__ = ["Crawler", "CrawlSummary", "DateWindow", "UrlEvent", "is_transient", "run_id"]

log = logging.getLogger(__name__)
Observer = Callable[[UrlEvent], None]


def body_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"


class Crawler:
    """Crawls a list of sources into ``out`` (warc/, state.sqlite)."""

    def __init__(self, settings: CrawlSettings, out: Path, sources: list[Source],
                 window: DateWindow = DateWindow(), observer: Observer | None = None) -> None:
        self.s = settings
        self.observer = observer  # told of every URL done (the CLI's progress display)
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.sources = {src.name: src for src in sources}
        self.window = window
        self.summary = CrawlSummary(run_id())
        self.gate = HostGate(settings.delay)
        self.fetcher = Fetcher(settings, self.gate)
        self.robots_fetcher = self.fetcher.truncating(ROBOTS_BYTES)  # RFC 9309: a robots.txt of any size
        self.robots = RobotsCache(settings.user_agent, self._fetch_robots, self.gate)
        self.frontier = Frontier(settings.max_pages, self.gate.ready_at)
        self.state = CrawlState(self.out / "state.sqlite")
        self.warcs = WarcStore(self.out / "warc", self.summary.run_id, settings.warc_max_bytes, settings.fsync)
        self._count, self._fatal = threading.Lock(), None  # _fatal: a full disk; the run stops, raises it
        self._urls_done = 0

    # -- run ---------------------------------------------------------------
    def run(self) -> CrawlSummary:
        """Recover a killed run's leftovers, crawl every source, close the WARC."""
        self.summary.started = now_iso()
        try:
            self._recover()
            for source in self.sources.values():
                self._seed(source)
            workers = [threading.Thread(target=self._work, name=f"crawl-{i}", daemon=True)
                       for i in range(max(1, self.s.workers))]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            if self._fatal is not None:
                raise self._fatal
        finally:
            self.summary.warc_files = [str(p) for p in self.warcs.close()]
            self.state.close()
            self.summary.finished = now_iso()
        return self.summary

    def stop(self) -> None:
        """Finish the URLs in flight, then end the run (SIGTERM/SIGINT)."""
        self.frontier.stop()

    def _recover(self) -> None:
        for path in recover_open_files(self.out / "warc"):
            self.summary.recovered.append(str(path))
            known = self.state.known_records(path.name)
            for capture in iter_captures(path, self.s.max_bytes):
                record_id = capture.origin.rsplit("#", 1)[-1]
                if isinstance(capture, Capture) and capture.status == 200 and record_id not in known:
                    # No validators: the next request is unconditional and re-reads the links.
                    self.state.update(capture.url, status="captured", http_status=200, reason=None,
                                      content_hash=body_hash(capture.body), warc_file=path.name,
                                      record_id=record_id, captured_at=now_iso(), last_fetched=now_iso())

    def _seed(self, source: Source) -> None:
        for start in source.start_urls:
            self.frontier.add(CrawlItem(start, "listing", source.name, start, source.first_page))
        for feed in source.feeds:
            self.frontier.add(CrawlItem(feed, "listing", source.name))
        for row in self.state.retry_candidates(source.name):
            published = date.fromisoformat(row["published"]) if row["published"] else None
            if self.window.holds(published) and due(row, self.s):
                self.frontier.add(CrawlItem(row["url"], "article", source.name, published=published))

    def _work(self) -> None:
        while (item := self.frontier.claim()) is not None:
            try:
                self._process(item)
            except Exception as exc:  # a bug: the other URLs go on, the run fails (EXIT_CRASH)
                if disk_full(exc):  # no room for the WARC or the state: stop the run, raised by run()
                    self._fatal = self._fatal or exc
                    self.frontier.stop()
                    continue
                log.exception("%s: error in corpus-builder", item.url)
                with self._count:
                    self.summary.crashes.append(Crash.of(item.url, exc))
                self._fail(item, f"error-{type(exc).__name__}", None)
            finally:
                self.frontier.release(item)

    def _report(self, item: CrawlItem, outcome: str, reason: str | None = None, requested: bool = True) -> None:
        """Count one URL's outcome, log it (INFO: -v, the run log), tell the observer."""
        with self._count:
            self._urls_done += 1
            self.summary.count(item.source, outcome, reason, requested)
            event = UrlEvent(item.url, item.kind, item.source, outcome, reason, self._urls_done,
                             self.frontier.known, sum(self.summary.failed.values()))
        log.info("%s %s %s%s", outcome, item.kind, item.url, f" ({reason})" if reason else "")
        if self.observer is not None:
            self.observer(event)

    # -- one URL -------------------------------------------------------------
    def _refusal(self, source: Source, url: str) -> str | None:
        reason = source.refusal(url)
        if reason is None and not self.robots.allowed(url):
            reason = "robots"
        return reason

    def _fetch_robots(self, url: str) -> tuple[int | None, str]:
        result = self.robots_fetcher.fetch(url, types=())
        self._archive(result, as_metadata=True)
        if result.exchange is None:
            return None, ""
        return result.exchange.status, result.content.decode("utf-8", "replace")

    def _process(self, item: CrawlItem) -> None:
        source = self.sources[item.source]
        row = self.state.get(item.url)
        if item.kind == "article" and not due(row, self.s):
            self._report(item, "skipped", requested=False)
            return
        conditional = {}
        if row is not None and row["status"] == "captured":
            conditional = {k: v for k, v in (("If-None-Match", row["etag"]),
                                             ("If-Modified-Since", row["last_modified"])) if v}
        types = FEED_TYPES if item.kind == "listing" else HTML_TYPES
        result = self.fetcher.fetch(item.url, conditional, lambda u: self._refusal(source, u), types)
        with self._count:
            self.summary.requested += 1
            self.summary.bytes_in += result.bytes_in
        if result.reason is not None:
            self._archive(result)
            self._fail(item, result.reason, row, past_last=self._past_last_page(item, source, result))
        elif result.status == 304:
            self._archive(result)
            links = self.state.links(item.url) if item.kind == "listing" else None
            self._done(item, row, result, links=None, unchanged=True)
            stored = [ListingLink(u, k, date.fromisoformat(p) if p else None) for u, k, p in links or []]
            self._follow(item, source, stored)
        else:
            self._captured(item, source, row, result)

    @staticmethod
    def _past_last_page(item: CrawlItem, source: Source, result: FetchResult) -> bool:
        """A listing page after the first that is not there: the chain's end, expected, not a failure."""
        if item.kind != "listing" or item.page <= source.first_page or result.status is None:
            return False
        return result.status in (404, 410) or (bool(item.template) and 400 <= result.status < 500)

    def _archive(self, result: FetchResult, revisit_of: str | None = None, as_metadata: bool = False):
        """Write every exchange of a fetch; returns the last one's record reference."""
        ref = None
        for i, ex in enumerate(result.exchanges):
            last = i == len(result.exchanges) - 1
            ref = self.warcs.write_exchange(ex, revisit_of=revisit_of if last else None, as_metadata=as_metadata)
        return ref

    def _captured(self, item: CrawlItem, source: Source, row, result: FetchResult) -> None:
        digest = body_hash(result.content)
        unchanged = row is not None and row["status"] == "captured" and row["content_hash"] == digest
        ref = self._archive(result, revisit_of=(row["warc_date"] or row["captured_at"]) if unchanged else None)
        links = None
        if item.kind == "listing":
            charset = result.exchange.header("Content-Type") or ""
            encoding = charset.split("charset=")[-1].strip() if "charset=" in charset else None
            links = source.discover(result.content, result.final_url, encoding)
        fields = {"content_hash": digest}
        if not unchanged:
            fields.update(warc_file=ref.warc_file, record_id=ref.record_id, warc_offset=ref.offset,
                          warc_date=ref.warc_date, captured_at=now_iso())
        self._done(item, row, result, links=links, unchanged=unchanged, **fields)
        self._follow(item, source, links or [])

    def _done(self, item: CrawlItem, row, result: FetchResult, links, unchanged: bool, **fields) -> None:
        ex = result.exchange
        validators = {} if ex.status == 304 else {"etag": ex.header("ETag"),
                                                   "last_modified": ex.header("Last-Modified")}
        self.state.update(
            item.url, links=None if links is None else [(l.url, l.kind, l.published and l.published.isoformat())
                                                         for l in links],
            source=item.source, kind=item.kind, status="captured", http_status=ex.status, attempts=0,
            reason=None, final_url=result.final_url, last_fetched=now_iso(),
            published=item.published and item.published.isoformat(), **validators, **fields)
        self._report(item, "unchanged" if unchanged else "captured")

    def _fail(self, item: CrawlItem, reason: str, row, past_last: bool = False) -> None:
        """Record a failure; ``past_last`` for an expected one (a listing's page past the last)."""
        captured = row is not None and row["status"] == "captured"
        self.state.update(item.url, source=item.source, kind=item.kind,
                          status="captured" if captured else "failed", reason=reason,
                          attempts=(row["attempts"] if row is not None else 0) + 1,
                          published=item.published and item.published.isoformat())
        self._report(item, "listing-end" if past_last else "failed", reason)

    def _follow(self, item: CrawlItem, source: Source, links: list[ListingLink]) -> None:
        """Queue a listing's new articles inside the window, then its next page while useful."""
        if item.kind != "listing":
            return
        articles = [l for l in links if l.kind == "article"]
        inside = [l for l in articles if self.window.holds(l.published)]
        added = [self.frontier.add(CrawlItem(l.url, "article", item.source, published=l.published)) for l in inside]
        if not any(added):
            return  # out of the window (older pages will be too), or nothing new: the chain ends here
        page = item.page + 1
        if page > source.first_page + self.s.max_listing_pages - 1:
            return
        for url in self._next_pages(item, source, links, page):
            self.frontier.add(url)

    def _next_pages(self, item: CrawlItem, source: Source, links: list[ListingLink], page: int) -> list[CrawlItem]:
        """The listing pages that follow ``item`` (several only when probing numbered variants)."""
        def listing(url: str | None, template: str = item.template) -> list[CrawlItem]:
            return [CrawlItem(url, "listing", item.source, item.start, page, template=template)] if url else []

        found = [l for link in links if link.kind == "listing" for l in listing(link.url)]
        if source.pagination:
            return found + listing(source.page_url(item.start, page) if item.start else None)
        nexts = [link.url for link in links if link.kind == "next"]
        if nexts:
            return found + listing(nexts[0])
        n = page - source.first_page + 1  # the start page is 1
        if item.template:
            return found + listing(template_url(item.template, item.start, n))
        if item.start and item.page == source.first_page:
            probes = [(t, template_url(t, item.start, n)) for t in numbered_variants(item.start)]
            return found + [c for t, url in probes for c in listing(url, t)]
        return found
