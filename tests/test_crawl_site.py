"""A first crawl captures every article; a second one only revalidates (304s)."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import ARTICLES, fast_settings, news_source, running_site  # noqa: E402,F401

from corpus_builder.fetch.crawler import Crawler, DateWindow  # noqa: E402
from corpus_builder.fetch.state import CrawlState  # noqa: E402
from corpus_builder.fetch.warc import iter_captures  # noqa: E402
from corpus_builder.text.decode import decode_capture  # noqa: E402


def captures(files):
    """The captures a build would take (2xx; other statuses are dropped by the build)."""
    return [c for f in files for c in iter_captures(f) if 200 <= c.status < 300]


def test_first_crawl_captures_every_article_in_its_encoding(site, tmp_path):
    site, base = site
    summary = Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
    got = {c.url: c for c in captures(summary.warc_files)}
    for path, _encoding, _declared, text in ARTICLES:
        capture = got[base + path]
        assert capture.status == 200
        page = decode_capture(capture)
        assert text in page.html, (path, page.encoding)
    assert summary.failed == {}
    assert summary.captured == len(ARTICLES) + 3  # three listing pages
    assert base + "/about.html" not in got  # not an article link
    # every record of the file reads to the end, with digests written
    with open(summary.warc_files[0], "rb") as fh:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Payload-Digest"),
                    r.rec_headers.get_header("WARC-Block-Digest")) for r in ArchiveIterator(fh)]
    kinds = [t for t, _, _ in records]
    assert kinds.count("request") == kinds.count("response") + kinds.count("metadata")
    assert all(p and b for t, p, b in records if t == "response")


def test_second_crawl_sends_conditional_requests_and_writes_no_capture(site, tmp_path):
    site, base = site
    Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
    site.log.clear()
    summary = Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
    assert summary.captured == 0 and summary.unchanged == len(ARTICLES) + 3
    for path, *_ in ARTICLES:
        [(_, headers, status, _)] = site.hits(path)
        assert status == 304 and headers.get("If-None-Match")
    assert captures(summary.warc_files) == []  # only revisit records
    with open(summary.warc_files[0], "rb") as fh:
        kinds = [r.rec_type for r in ArchiveIterator(fh)]
    assert kinds.count("revisit") == len(ARTICLES) + 3


def test_unchanged_body_without_validators_is_a_revisit(site, tmp_path):
    site, base = site
    for page in site.pages.values():
        page.validators = False
    Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
    summary = Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
    assert summary.captured == 0 and summary.unchanged == len(ARTICLES) + 3
    assert captures(summary.warc_files) == []


def test_recent_captures_are_not_requested_again(site, tmp_path):
    site, base = site
    Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
    site.log.clear()
    summary = Crawler(fast_settings(revisit_hours=24), tmp_path, [news_source(base)]).run()
    assert summary.skipped == len(ARTICLES)
    assert not any(site.hits(path) for path, *_ in ARTICLES)


def test_since_until_bound_articles_and_stop_pagination(site, tmp_path):
    site, base = site
    window = DateWindow(since=date(2020, 9, 12), until=date(2020, 9, 12))
    summary = Crawler(fast_settings(), tmp_path, [news_source(base)], window).run()
    urls = {c.url for c in captures(summary.warc_files)}
    assert base + "/news/202009/t20200912_2.html" in urls
    assert base + "/news/202009/t20200911_1.html" not in urls
    assert base + "/news/202009/t20200913_3.html" not in urls
    # page 1 held only articles older than `since`: page 2 is never asked for
    assert site.hits("/news/index_1.html") and not site.hits("/news/index_2.html")


def test_max_pages_bounds_one_run(site, tmp_path):
    site, base = site
    summary = Crawler(fast_settings(max_pages=3), tmp_path, [news_source(base)]).run()
    assert summary.requested == 3


def test_state_records_validators_and_warc_location(site, tmp_path):
    site, base = site
    summary = Crawler(fast_settings(), tmp_path, [news_source(base)]).run()
    state = CrawlState(tmp_path / "state.sqlite")
    row = state.get(base + ARTICLES[0][0])
    assert row["status"] == "captured" and row["etag"] and row["last_modified"]
    assert Path(summary.warc_files[0]).name == row["warc_file"] and row["record_id"].startswith("<urn:uuid:")
    assert row["published"] == "2020-09-11"
    assert len(state.links(base + "/news/")) == 2
    state.close()
