"""Small pieces of the fetcher: Retry-After, content decoding, robots rules, host spacing."""
from __future__ import annotations

import gzip
import time
import zlib
from email.utils import formatdate

import pytest

from corpus_builder.fetch.frontier import CrawlItem, Frontier
from corpus_builder.fetch.http import FetchFailure, decode_content, retry_after_seconds
from corpus_builder.fetch.politeness import HostGate, RobotsCache, host_of


def test_retry_after_seconds_date_and_cap():
    assert retry_after_seconds("7", cap=60) == 7
    assert retry_after_seconds("600", cap=60) == 60
    assert retry_after_seconds(None, cap=60) is None
    assert retry_after_seconds("soon", cap=60) is None
    in_ten = formatdate(time.time() + 10, usegmt=True)
    assert 8 <= retry_after_seconds(in_ten, cap=60) <= 10
    assert retry_after_seconds(formatdate(time.time() - 100, usegmt=True), cap=60) == 0


def test_decode_content_gzip_deflate_and_bomb():
    text = "中俄 Россия".encode() * 10
    assert decode_content(gzip.compress(text), "gzip", 10_000) == text
    assert decode_content(zlib.compress(text), "deflate", 10_000) == text
    raw = zlib.compressobj(wbits=-15)
    assert decode_content(raw.compress(text) + raw.flush(), "deflate", 10_000) == text
    assert decode_content(text, None, 10_000) == text
    with pytest.raises(FetchFailure) as err:
        decode_content(gzip.compress(b"\0" * 100_000), "gzip", 1000)
    assert err.value.reason == "too-large"
    with pytest.raises(FetchFailure):
        decode_content(b"not gzip at all", "gzip", 1000)


def robots(status, text="", delay_gate=None):
    gate = delay_gate or HostGate(0.0)
    return RobotsCache("corpus-builder/0.1", lambda url: (status, text), gate), gate


@pytest.mark.parametrize("status, allowed", [(None, True), (404, True), (403, True), (503, False)])
def test_robots_status_rules(status, allowed):
    cache, _ = robots(status)
    assert cache.allowed("http://a.example/x.html") is allowed


def test_robots_rules_and_crawl_delay():
    text = "User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n"
    cache, gate = robots(200, text)
    assert not cache.allowed("http://a.example/private/x.html")
    assert cache.allowed("http://a.example/public/x.html")
    assert gate._delays[host_of("http://a.example/")] == 3.0


def test_robots_fetched_once_per_host():
    calls = []
    cache = RobotsCache("ua", lambda url: calls.append(url) or (404, ""), HostGate(0.0))
    for path in ("a", "b", "c"):
        cache.allowed(f"http://h.example/{path}")
    cache.allowed("http://other.example/")
    assert calls == ["http://h.example/robots.txt", "http://other.example/robots.txt"]


def test_host_gate_spaces_one_host_not_others():
    gate = HostGate(0.2)
    stamps = []
    for url in ("http://a.example/1", "http://b.example/1", "http://a.example/2"):
        gate.wait(url)
        stamps.append(time.monotonic())
    assert stamps[2] - stamps[0] >= 0.2  # same host: at least the delay apart (sleep never ends early)
    assert gate.ready_at("http://b.example/x") > 0


def test_frontier_dedupes_budgets_and_ends():
    frontier = Frontier(budget=2)
    assert frontier.add(CrawlItem("http://a.example/1", "listing", "s"))
    assert not frontier.add(CrawlItem("http://a.example/1", "article", "s"))  # seen
    assert frontier.add(CrawlItem("http://b.example/1", "article", "s"))
    assert not frontier.add(CrawlItem("http://b.example/2", "article", "s"))  # budget spent
    assert frontier.add(CrawlItem("http://b.example/2", "article", "other"))
    first = frontier.claim()
    second = frontier.claim()
    assert host_of(first.url) != host_of(second.url)  # one worker per host
    frontier.release(first)
    frontier.release(second)
    third = frontier.claim()
    frontier.release(third)
    assert frontier.claim() is None
