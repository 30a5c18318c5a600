"""total_timeout bounds headers too; permanently failed URLs are retried after days, or now."""
from __future__ import annotations

import sqlite3
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import ARTICLE_PATTERN, ARTICLES, Page, Site, fast_settings, news_site, news_source, served  # noqa: E402,F401,I001

from corpus_builder.cli import main  # noqa: E402
from corpus_builder.fetch.crawler import Crawler  # noqa: E402
from corpus_builder.fetch.http import Fetcher  # noqa: E402
from corpus_builder.fetch.politeness import HostGate  # noqa: E402
from corpus_builder.fetch.revisit import due  # noqa: E402
from corpus_builder.fetch.state import CrawlState  # noqa: E402
from corpus_builder.settings import CrawlSettings  # noqa: E402


def test_total_timeout_bounds_headers_dripped_one_byte_a_second():
    with served(Site(pages={"/drip.html": "drip"})) as (_site, base):
        settings = CrawlSettings(delay=0.0, timeout=5.0, connect_timeout=1.0, total_timeout=2.0, retries=0)
        started = time.monotonic()
        result = Fetcher(settings, HostGate(0.0)).fetch(base + "/drip.html")
        elapsed = time.monotonic() - started
    # ~60 header bytes at 1/s: the read timeout (5 s) never trips; the 2 s deadline does
    assert result.reason == "timeout" and result.exchange is None
    assert 1.5 <= elapsed < 4.0, elapsed


def test_a_normal_page_is_unaffected_by_the_deadline():
    with served(news_site()) as (_site, base):
        settings = CrawlSettings(delay=0.0, timeout=1.0, total_timeout=0.5, retries=0)
        fetcher = Fetcher(settings, HostGate(0.0))
        results = [fetcher.fetch(base + ARTICLES[0][0]) for _ in range(3)]  # keep-alive reuse too
        time.sleep(0.7)  # a timer left armed would now shut the pooled connection down
        results.append(fetcher.fetch(base + ARTICLES[1][0]))
    assert [r.reason for r in results] == [None] * 4 and all(r.content for r in results)


def _row(status="failed", reason="http-404", attempts=1, days_ago=0.0):
    stamp = (datetime.now(timezone.utc) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"status": status, "reason": reason, "attempts": attempts, "last_seen": stamp, "last_fetched": None}


def test_when_failed_urls_are_tried_again():
    s = CrawlSettings(retry_failed_days=30.0, max_attempts=5)
    assert not due(_row(days_ago=29), s) and due(_row(days_ago=31), s)
    assert not due(_row(attempts=2, days_ago=59), s) and due(_row(attempts=2, days_ago=61), s)  # doubling
    assert due(_row(reason="timeout", attempts=4), s) and not due(_row(reason="timeout", attempts=5), s)
    retry_now = CrawlSettings(retry_failed=True)
    assert due(_row(days_ago=0), retry_now) and due(_row(reason="timeout", attempts=9), retry_now)
    assert due(None, s)


def test_retry_failed_fetches_a_restored_page_now(tmp_path):
    site = news_site()
    path = ARTICLES[0][0]
    restored = site.pages[path]
    site.pages[path] = Page(b"gone", status=404)
    with served(site) as (site, base):
        config = tmp_path / "c.toml"
        config.write_text("[crawl]\ndelay = 0.0\nretries = 0\nrevisit_hours = 24.0\n", encoding="utf-8")
        args = ["crawl", "--start-url", base + "/news/", "--pattern", ARTICLE_PATTERN, "--config", str(config),
                "--out", str(tmp_path / "out")]
        assert CliRunner().invoke(main, args).exit_code == 1
        site.pages[path] = restored
        site.log.clear()
        assert CliRunner().invoke(main, args).exit_code == 0
        assert not site.hits(path)  # a 404 is not asked again the next night ...
        result = CliRunner().invoke(main, [*args, "--retry-failed"])
        assert result.exit_code == 0 and len(site.hits(path)) == 1  # ... but at once with --retry-failed
    state = CrawlState(tmp_path / "out" / "state.sqlite")
    assert state.get(base + path)["status"] == "captured"
    state.close()


def test_a_404_is_retried_by_a_crawl_after_the_back_off(tmp_path):
    site = news_site()
    path = ARTICLES[0][0]
    restored, site.pages[path] = site.pages[path], Page(b"gone", status=404)
    with served(site) as (site, base):
        Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
        site.pages[path] = restored
        summary = Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
        assert summary.skipped == 1 and len(site.hits(path)) == 1  # failed today: left alone
        with sqlite3.connect(tmp_path / "state.sqlite") as db:  # the failure was 31 days ago
            db.execute("UPDATE urls SET last_seen = ? WHERE url = ?", (_row(days_ago=31)["last_seen"], base + path))
        summary = Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
    assert summary.failed == {} and summary.skipped == 0 and len(site.hits(path)) == 2
