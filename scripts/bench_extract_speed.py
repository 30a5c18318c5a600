#!/usr/bin/env python
"""Per-page cost of the build's text stages on synthetic portal pages, in one run.

    python scripts/bench_extract_speed.py [--pages 300] [--repeat 3] [--warc PATH]

Writes (or reads) a synthetic archive (scripts/synth_archive.py: long
navigation lists, big inline styles), then times on the same pages, one core:
decode (bytes -> str), lxml parse, extract_document (parse included) and
segmentation of the extracted text (jieba / razdel via ``tokenize``).  Prints
ms/page (CPU time, best of --repeat interleaved rounds: the machine is shared)
and the ratios that issue 7 is about: extraction / segmentation and the
speed of decode + extract + segment relative to segmentation alone.

Every extract round starts with cold verdict caches (the bounded lru_caches
of corpus_builder.text, see :func:`cold_caches`): a build sees each article
once, so a later round must not be served the verdicts on its paragraphs
that the first round cached (that made rounds after the first ~15% faster).
Caches of compiled rules (unbounded) stay warm, as they do in a build.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable

import click

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))  # sibling scripts; corpus_builder is the installed package

from corpus_builder.errors import Dropped  # noqa: E402
from corpus_builder.fetch.warc import iter_captures  # noqa: E402
from corpus_builder.text.decode import decode_capture  # noqa: E402
from corpus_builder.text.extract import extract_document, parse_html  # noqa: E402
from corpus_builder.text.segment import tokenize, zh_tokenizer  # noqa: E402


def _extract(page):
    try:
        return extract_document(page)
    except Dropped:
        return None


def cold_caches() -> int:
    """Clear the bounded lru_caches (per-line verdicts) of corpus_builder.text; returns how many."""
    import corpus_builder.text as package
    cleared = 0
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        for value in vars(importlib.import_module(info.name)).values():
            if hasattr(value, "cache_info") and value.cache_info().maxsize is not None:
                value.cache_clear()
                cleared += 1
    return cleared


def extract_all(pages: list) -> list:
    """extract_document of every page (None when dropped), verdict caches cold first."""
    cold_caches()  # cheap next to the round; see the module docstring
    return [_extract(p) for p in pages]


def stage_funcs(captures: list, pages: list, docs: list) -> dict:
    """Stage name -> function doing that stage over every page."""
    return {
        "decode": lambda: each(decode_capture, captures),
        "parse": lambda: each(parse_html, (p.html for p in pages)),
        "extract": lambda: extract_all(pages),
        "segment": lambda: each(lambda d: tokenize(d.text, d.lang), docs),
    }


def each(func: Callable, items: Iterable) -> None:
    """``func`` of every item, each result dropped at once.  (A stage that keeps all its results, such
    as 723 parsed trees, and frees them together makes the next stage pay the page faults of the memory
    the allocator gave back: segmentation measured 0.85 ms/page right after such a parse stage, 0.47
    after any other.)"""
    for item in items:
        func(item)


def best_times(funcs: dict, repeat: int) -> dict[str, float]:
    """Fastest CPU time of each stage over ``repeat`` interleaved rounds."""
    best: dict[str, float] = {}
    for _ in range(max(1, repeat)):
        for name, func in funcs.items():
            start = time.process_time()
            func()
            best[name] = min(best.get(name, float("inf")), time.process_time() - start)
    return best


@click.command()
@click.option("--pages", type=int, default=300, show_default=True, help="Synthetic pages.")
@click.option("--repeat", type=int, default=3, show_default=True, help="Timing rounds.")
@click.option("--warc", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Use this WARC instead of writing a synthetic one.")
def main(pages: int, repeat: int, warc: Path | None) -> None:
    if warc is None:
        from synth_archive import write_archive
        warc = Path(tempfile.mkdtemp()) / "synth.warc.gz"
        write_archive(warc, pages)
    captures = list(iter_captures(warc))[:pages]
    decoded = [decode_capture(c) for c in captures]
    docs = [d for d in map(_extract, decoded) if d is not None]
    zh_tokenizer()  # dictionaries load before the clock starts
    best = best_times(stage_funcs(captures, decoded, docs), repeat)
    per_page = {name: seconds / len(captures) * 1000 for name, seconds in best.items()}
    for name, ms in per_page.items():
        click.echo(f"{name:<8} {ms:7.2f} ms/page")
    click.echo(f"pages {len(captures)}, documents {len(docs)}")
    click.echo(f"extract / segment: {per_page['extract'] / per_page['segment']:.2f}")
    whole = per_page["decode"] + per_page["extract"] + per_page["segment"]
    click.echo(f"decode+extract+segment speed vs segmentation alone: {per_page['segment'] / whole:.2f}x")


if __name__ == "__main__":
    main()
