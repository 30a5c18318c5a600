#!/usr/bin/env python
"""Extraction on the official sites' own pages, judged by their markup: this project vs trafilatura.

For every article of ../shared/official (fmprc.gov.cn, en.kremlin.ru; see
scripts/evaluation/official.py for the gold fields and the scores), both
extractors run on the same decoded strings in the same run; per site and per
half (``tune`` / ``check``: a fixed split by file name, so that a rule tuned
on one half is checked on the other) it prints pages dropped although they
hold body text, title / date / lead-kept accuracy, body recall and precision,
and pages/s.

    python scripts/bench_official.py [--worst N] [--json out.json]

Skips cleanly (exit 0, a message) when ../shared is absent.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))  # evaluation/; corpus_builder is the installed package

from corpus_builder.errors import Dropped  # noqa: E402
from corpus_builder.records import Capture  # noqa: E402
from corpus_builder.text.decode import decode_capture  # noqa: E402
from corpus_builder.text.extract import extract_document  # noqa: E402
from evaluation.official import load_official, score_page, summarise  # noqa: E402


def ours(page, decoded) -> tuple[str, str, str | None]:
    try:
        doc = extract_document(decoded, url=page.url)
    except Dropped:
        return "", "", None
    return doc.title, doc.published.isoformat() if doc.published else "", doc.text


def trafilatura_fields(page, decoded) -> tuple[str, str, str | None]:
    import trafilatura

    found = trafilatura.bare_extraction(decoded.html, url=page.url, with_metadata=True)
    if not found:
        return "", "", None
    get = found.get if isinstance(found, dict) else lambda k: getattr(found, k, None)
    return get("title") or "", (get("date") or "")[:10], get("text")


EXTRACTORS = {"ours": ours, "trafilatura": trafilatura_fields}


def run(pages, decoded) -> tuple[dict, dict]:
    """Scores per (extractor, site, half) and seconds per extractor."""
    scores: dict = {}
    seconds: dict = {}
    for name, func in EXTRACTORS.items():
        start = time.perf_counter()
        outputs = [func(p, d) for p, d in zip(pages, decoded)]
        seconds[name] = time.perf_counter() - start
        for page, (title, date, text) in zip(pages, outputs):
            s = score_page(page, title, date, text)
            for half in (page.half, "all"):
                scores.setdefault((name, page.site, half), []).append((page, s))
    return scores, seconds


def print_table(scores: dict, seconds: dict, n_pages: int) -> list[dict]:
    rows = []
    print(f"{'site':8} {'half':6} {'extractor':12} {'pages':>5} {'dropped':>7} {'title':>6} {'date':>6} "
          f"{'lead':>6} {'recall':>7} {'prec':>6}")
    for (name, site, half), items in sorted(scores.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])):
        s = summarise([x for _, x in items])
        rows.append({"extractor": name, "site": site, "half": half, **s})
        print(f"{site:8} {half:6} {name:12} {s['pages']:5d} {s['dropped']:7d} {s['title']:6.3f} {s['date']:6.3f} "
              f"{s['lead']:6.3f} {s['recall']:7.3f} {s['precision']:6.3f}")
    for name, secs in seconds.items():
        print(f"{name}: {n_pages / secs:.1f} pages/s")
    print(f"ours / trafilatura speed: {seconds['trafilatura'] / seconds['ours']:.2f}x")
    return rows


def print_worst(scores: dict, count: int) -> None:
    for (name, site, half), items in sorted(scores.items()):
        if name != "ours" or half != "all":
            continue
        bad = [(p.name, s) for p, s in items if s.dropped or not (s.title and s.date and s.lead)
               or s.recall < 0.99 or s.precision < 0.99]
        for pname, s in bad[:count]:
            print(f"  {site} {pname}: {s}")


@click.command()
@click.option("--worst", default=0, help="List up to N imperfect pages per site (ours).")
@click.option("--json", "json_path", type=click.Path(), default=None)
def main(worst: int, json_path: str | None) -> None:
    shared = Path(os.environ.get("CORPUS_BUILDER_SHARED", REPO.parent / "shared"))
    if not (shared / "official").is_dir():
        print(f"skipped: {shared / 'official'} not found")
        return
    pages = load_official(shared)
    decoded = [decode_capture(Capture(url=p.url, body=p.body)) for p in pages]
    scores, seconds = run(pages, decoded)
    rows = print_table(scores, seconds, len(pages))
    if worst:
        print_worst(scores, worst)
    if json_path:
        Path(json_path).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
