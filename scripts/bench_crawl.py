"""Crawl benchmark: 2,000 pages served on loopback, delay 0.

Prints, for one host and for the same pages split over several hosts:
* pages/s of a first (full) crawl, and of a baseline in the same process
  (a bare sequential ``requests`` loop over the same URLs: no robots, no
  WARC, no state) as a ratio;
* bytes downloaded by a second, incremental crawl (every page revalidated
  with a conditional request) as a percentage of the first (target < 5 %).

Usage: python scripts/bench_crawl.py [--pages 2000] [--hosts 4] [--workers 4]
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "crawl"))
from crawlsite import Site, fast_settings, news_source, serve  # noqa: E402

from corpus_builder.fetch.crawler import Crawler  # noqa: E402

PER_PAGE = 50


def make_sites(pages: int, hosts: int) -> tuple[list, list[str], list[str]]:
    """``hosts`` servers sharing ``pages`` pages (listings + articles); returns servers, bases, all URLs."""
    servers, bases, urls = [], [], []
    for _ in range(hosts):
        share = pages // hosts
        articles = share - -(-share // (PER_PAGE + 1))  # leave room for the listing pages
        site = Site()
        paths = site.add_articles(articles, PER_PAGE)
        server, base = serve(site)
        servers.append(server)
        bases.append(base)
        listings = [p for p in site.pages if p not in paths]
        urls += [base + p for p in listings + paths]
    return servers, bases, urls


def _serve_in_child(pages: int, hosts: int, conn) -> None:
    _servers, bases, urls = make_sites(pages, hosts)
    conn.send((bases, urls))
    conn.recv()  # serve until the parent says stop


@contextmanager
def served(pages: int, hosts: int) -> Iterator[tuple[list[str], list[str]]]:
    """The sites run in a child process, so that the servers do not share the crawler's GIL."""
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=_serve_in_child, args=(pages, hosts, child), daemon=True)
    proc.start()
    try:
        yield parent.recv()
    finally:
        parent.send("stop")
        proc.join(5)


def baseline(urls: list[str]) -> float:
    """Pages/s of a bare sequential GET loop (keep-alive session)."""
    session = requests.Session()
    started = time.perf_counter()
    for url in urls:
        _ = session.get(url, timeout=10).content  # read the whole body
    return len(urls) / (time.perf_counter() - started)


def bench(pages: int, hosts: int, workers: int) -> None:
    settings = fast_settings(workers=workers, max_pages=0, max_listing_pages=1000, timeout=10.0,
                             total_timeout=30.0)
    with served(pages, hosts) as (bases, urls), tempfile.TemporaryDirectory() as tmp:
        sources = [news_source(base, name=f"bench{i}") for i, base in enumerate(bases)]
        base_rate = baseline(urls)
        started = time.perf_counter()
        first = Crawler(settings, Path(tmp), sources).run()
        seconds = time.perf_counter() - started
        second = Crawler(settings, Path(tmp), sources).run()
    rate = first.requested / seconds
    print(f"hosts={hosts} workers={workers}: first crawl {first.requested} pages "
          f"({first.captured} captured, {sum(first.failed.values())} failed, {first.listing_ends} listing ends, "
          f"{first.bytes_in / first.requested / 1000:.1f} kB a page) in {seconds:.2f} s = {rate:.0f} pages/s; "
          f"baseline loop {base_rate:.0f} pages/s; ratio {rate / base_rate:.2f}")
    print(f"hosts={hosts}: second crawl {second.requested} requests, {second.captured} new captures, "
          f"{second.unchanged} unchanged; bytes {second.bytes_in:,} vs {first.bytes_in:,} = "
          f"{100 * second.bytes_in / first.bytes_in:.2f} % (target < 5 %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    bench(args.pages, 1, args.workers)
    if args.hosts > 1:
        bench(args.pages, args.hosts, args.workers)


if __name__ == "__main__":
    main()
