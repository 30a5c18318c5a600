#!/usr/bin/env python
"""Hostile sizes (issue 18, case 5): is the work linear in the page?

    python scripts/bench_hostile.py [--links 25000] [--paragraphs 10000]

Times two shapes at 1x and 4x their size and prints the time ratio (linear
work: about 4; quadratic: about 16): a listing with all its links directly in
``<body>`` (sources/links.py), and a one-line page of paragraphs holding
labelled spans and comment counters (text/hints.py inline_furniture, the
whole per-page analysis).  Needs nothing from ../shared.
"""
from __future__ import annotations

import time

import click

from corpus_builder.pipeline import analyse
from corpus_builder.records import Capture
from corpus_builder.sources.links import html_links, parse_html


def listing(n: int) -> bytes:
    return ("<html><body>" + "".join(f'<a href="/news/{i}.html">Новость номер {i}</a> ' for i in range(n))
            + "</body></html>").encode()


def one_line_page(n: int) -> bytes:
    body = "".join(f"<p>Стороны подтвердили <span class='c{i % 7}'>слово</span> <a class='comment-count' "
                   f"href='#'>{i % 9}</a> текст {i}.</p>" for i in range(n))
    return f"<html><head><meta charset='utf-8'><title>t</title></head><body>{body}</body></html>".encode()


def seconds(work, body: bytes) -> float:
    started = time.perf_counter()
    work(body)
    return time.perf_counter() - started


@click.command()
@click.option("--links", default=25_000, show_default=True, help="Links of the 1x listing.")
@click.option("--paragraphs", default=10_000, show_default=True, help="Paragraphs of the 1x page.")
def main(links: int, paragraphs: int) -> None:
    cases = [("links in <body>", listing, links, lambda b: html_links(parse_html(b, "utf-8"))),
             ("one-line page", one_line_page, paragraphs, lambda b: analyse(Capture(url="http://x/", body=b)))]
    analyse(Capture(url="http://x/", body=one_line_page(10)))  # warm-up: dictionaries, rules
    for name, make, n, work in cases:
        small, big = make(n), make(4 * n)
        t1, t4 = seconds(work, small), seconds(work, big)
        click.echo(f"{name:16} {len(small) / 1e6:6.1f} MB {t1:7.2f}s   {len(big) / 1e6:6.1f} MB {t4:7.2f}s   "
                   f"ratio 4x/1x {t4 / t1:5.1f} (linear ~4, quadratic ~16)")


if __name__ == "__main__":
    main()
