"""Every way a server misbehaves ends as a recorded outcome, and the run goes on."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import Page, Site, fast_settings, serve  # noqa: E402

from corpus_builder.fetch.crawler import Crawler  # noqa: E402
from corpus_builder.fetch.state import CrawlState  # noqa: E402
from corpus_builder.fetch.warc import iter_captures  # noqa: E402
from corpus_builder.sources.base import Source  # noqa: E402

GOOD = b"<html><body><p>good page</p></body></html>"
ARTICLES = {
    "/private/secret.html": Page(GOOD),
    "/limited.html": "limited",
    "/flaky.html": "flaky",
    "/stall.html": "stall",
    "/trickle.html": "trickle",
    "/reset.html": "reset",
    "/loop1.html": Page(b"", status=302, headers={"Location": "/loop2.html"}),
    "/loop2.html": Page(b"", status=302, headers={"Location": "/loop1.html"}),
    "/moved.html": Page(b"", status=301, headers={"Location": "/good.html"}),
    "/away.html": Page(b"", status=302, headers={"Location": "http://example.invalid/x.html"}),
    "/huge.html": "huge",
    "/doc.pdf": Page(b"%PDF-1.4 ...", content_type="application/pdf"),
    "/blob.html": Page(b"\x00\x01 binary, no type", content_type=""),
    "/missing.html": None,
    "/good.html": Page(GOOD),
    "/chunked.html": "chunked_gzip",
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    site = Site(stall_seconds=3.0)
    site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    links = "".join(f'<a href="{p}">{p}</a>' for p in ARTICLES)
    site.pages["/list.html"] = Page(f"<html><body>{links}</body></html>".encode())
    site.pages.update({k: v for k, v in ARTICLES.items() if v is not None})
    server, base = serve(site)
    out = tmp_path_factory.mktemp("crawl")
    source = Source("bad", start_urls=(base + "/list.html",), article_pattern=r"\.(html|pdf)$",
                    allowed_domains=("127.0.0.1",))
    summary = Crawler(fast_settings(max_bytes=1_000_000), out, [source]).run()
    state = CrawlState(out / "state.sqlite")
    rows = {path: state.get(base + path) for path in ARTICLES}
    state.close()
    yield site, summary, rows
    server.shutdown()


@pytest.mark.parametrize("path, reason", [
    ("/private/secret.html", "robots"),
    ("/stall.html", "timeout"),
    ("/trickle.html", "timeout"),
    ("/reset.html", "connection-error"),
    ("/loop1.html", "redirect-loop"),
    ("/away.html", "off-domain"),
    ("/huge.html", "too-large"),
    ("/doc.pdf", "not-html"),
    ("/blob.html", "not-html"),
    ("/missing.html", "http-404"),
])
def test_failures_are_recorded_with_their_reason(crawled, path, reason):
    _site, summary, rows = crawled
    row = rows[path]
    assert row["status"] == "failed" and row["reason"] == reason and row["attempts"] == 1
    assert summary.failed[reason] >= 1


@pytest.mark.parametrize("path", ["/limited.html", "/flaky.html", "/moved.html", "/good.html", "/chunked.html"])
def test_recoverable_pages_are_captured(crawled, path):
    _site, _summary, rows = crawled
    assert rows[path]["status"] == "captured" and rows[path]["http_status"] == 200


def test_chunked_gzip_page_is_stored_as_sent_and_read_back_decoded(crawled):
    _site, summary, rows = crawled
    [capture] = [c for f in summary.warc_files for c in iter_captures(f) if c.url.endswith("/chunked.html")]
    assert "压缩的页面 сжатая страница" in capture.body.decode("utf-8")
    assert capture.headers.get("Content-Encoding") == "gzip" and "Transfer-Encoding" not in capture.headers


def test_user_agent_names_the_project_and_contact(crawled):
    site, *_ = crawled
    agents = {headers.get("User-Agent") for _, headers, *_ in site.log}
    [agent] = agents
    assert agent.startswith("corpus-builder/") and "contact: https://" in agent


def test_robots_disallowed_page_is_never_requested(crawled):
    site, *_ = crawled
    assert site.hits("/robots.txt") and not site.hits("/private/secret.html")


def test_retry_after_is_waited_out(crawled):
    site, *_ = crawled
    first, second = site.hits("/limited.html")
    assert first[2] == 429 and second[2] == 200
    assert second[3] - first[3] >= 1.0  # Retry-After: 1 (a lower bound: sleeping never ends early)


def test_500_then_200_is_retried(crawled):
    site, *_ = crawled
    assert [e[2] for e in site.hits("/flaky.html")] == [500, 200]


def test_connection_reset_is_retried_then_given_up(crawled):
    site, *_ = crawled
    assert len(site.hits("/reset.html")) == 3  # retries = 2

