#!/usr/bin/env python
"""The build's cost per page against its floor, on real pages (issue 19).

    python scripts/bench_floor.py [--sets official,daniel_zh,daniel_ru,cwced,realdata]
                                  [--repeat 3] [--limit N] [--build/--no-build]

The floor of any build is what no extractor can skip: lxml's parse of the
decoded page plus the segmentation (``tokenize``: jieba HMM off / razdel) of
the text extracted from it.  On the same pages, in one process, this prints
the CPU milliseconds per page (the fastest of ``--repeat`` interleaved rounds:
the machine is shared; every extract round starts with cold verdict caches) of:

- decode: bytes -> str (header, BOM, <meta>, detector);
- parse: lxml's parse of the decoded page (floor, part 1);
- segment: tokenize of each extracted text (floor, part 2);
- extract: extract_document, parse included;
- page: pipeline.process_capture, the whole per-page work of a build worker
  (checks, decode, extract, clauses, tokenize per clause, the store's rows);
- resiliparse: its parse plus main-content extraction (when installed; the
  fastest extractor in the field, C++), for the side-by-side figure;

then the ratios extract / parse, extract / resiliparse and page / floor (the
issue's target: at most 2).  With ``--build`` (the default) it also runs
``build --no-align`` with one worker in a subprocess on a WARC of the same pages
and on a one-page WARC: the difference, per page, is the build's cost with the
store's writing, reading the WARC and the process start-up amortised away.

Reads ../shared (or $CORPUS_BUILDER_SHARED); skips cleanly (exit 0) without it.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))  # sibling scripts, evaluation/; corpus_builder is the installed package

from bench_extract_speed import best_times, cold_caches, each, extract_all  # noqa: E402
from bench_pipeline import run_build  # noqa: E402

from corpus_builder.pipeline import process_capture  # noqa: E402
from corpus_builder.records import Capture  # noqa: E402
from corpus_builder.text.decode import decode_capture  # noqa: E402
from corpus_builder.text.extract import parse_html  # noqa: E402
from corpus_builder.text.segment import tokenize  # noqa: E402
from evaluation.goldsets import SETS, load_set  # noqa: E402

DEFAULT_SETS = ("official", "daniel_zh", "daniel_ru", "cwced", "realdata")


def load_captures(shared: Path, cache: Path, sets: list[str], limit: int) -> list[Capture]:
    """Captures of every page of the named sets ("official": ../shared/official, articles and
    listings; others: the gold sets of evaluation.goldsets), at most ``limit`` per set."""
    captures: list[Capture] = []
    for name in sets:
        if name == "official":
            found = [Capture(url=f"https://shared.example/{p.relative_to(shared).as_posix()}", body=p.read_bytes())
                     for p in sorted((shared / "official").rglob("*.htm*"))]
        elif name in SETS:
            found = [Capture(url=page.url or f"https://shared.example/{name}/{page.name}", body=page.body)
                     for page in load_set(name, shared, cache)]
        else:
            raise click.UsageError(f"unknown set {name!r} (known: official, {', '.join(SETS)})")
        captures += found[:limit] if limit else found
    return captures


def _process_all(captures: list) -> list:
    cold_caches()
    return [process_capture(capture) for capture in captures]


def _resiliparse():
    """resiliparse's parse + main-content extraction of a str, or None when it is not installed."""
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree
    except ImportError:
        return None
    return lambda html: extract_plain_text(HTMLTree.parse(html), main_content=True)


def stage_funcs(captures: list, pages: list, docs: list) -> dict:
    """Stage name -> a function doing that stage over every page."""
    funcs = {
        "decode": lambda: each(decode_capture, captures),
        "parse": lambda: each(parse_html, (p.html for p in pages)),
        "segment": lambda: each(lambda d: tokenize(d.text, d.lang), docs),
        "extract": lambda: extract_all(pages),
        "page": lambda: _process_all(captures),
    }
    other = _resiliparse()
    if other is not None:
        funcs["resiliparse"] = lambda: each(other, (p.html for p in pages))
    return funcs


def build_per_page(captures: list[Capture], tmp: Path) -> float:
    """Wall ms per page of a 1-worker ``build --no-align`` above the same build of one page."""
    from evaluation.warcs import write_warc

    seconds = []
    for name, subset in (("one", captures[:1]), ("all", captures)):
        warc = write_warc([(c.url, c.body) for c in subset], tmp / f"{name}.warc.gz")
        seconds.append(min(run_build(warc, tmp / f"{name}-{k}", 1, align=False)["seconds"] for k in range(2)))
    return (seconds[1] - seconds[0]) / max(1, len(captures) - 1) * 1000


def report(best: dict[str, float], pages: int, build_ms: float | None) -> None:
    """Print ms/page and pages/s of every stage, then the ratios."""
    ms = {name: seconds / pages * 1000 for name, seconds in best.items()}
    for name, value in ms.items():
        click.echo(f"{name:>12}  {value:7.3f} ms/page  {1000 / value if value else 0:8.0f} pages/s")
    floor = ms["parse"] + ms["segment"]
    click.echo(f"{'floor':>12}  {floor:7.3f} ms/page  (parse + segment)")
    click.echo(f"extract / parse        {ms['extract'] / ms['parse']:.2f}")
    if "resiliparse" in ms:
        click.echo(f"extract / resiliparse  {ms['extract'] / ms['resiliparse']:.2f}")
    else:
        click.echo("extract / resiliparse  -  (resiliparse is not installed)")
    click.echo(f"page / floor           {ms['page'] / floor:.2f}   (target: at most 2)")
    if build_ms is not None:
        click.echo(f"build --no-align, 1 worker: {build_ms:.3f} ms/page wall; build / floor {build_ms / floor:.2f}")


@click.command()
@click.option("--shared", type=click.Path(path_type=Path), default=None, help="../shared folder.")
@click.option("--cache", type=click.Path(path_type=Path), default=REPO / ".bench", help="Unpack folder.")
@click.option("--sets", default=",".join(DEFAULT_SETS), show_default=True, help="Comma-separated page sets.")
@click.option("--limit", type=int, default=0, help="At most N pages per set (0 = all).")
@click.option("--repeat", type=int, default=3, show_default=True, help="Interleaved rounds; the fastest counts.")
@click.option("--build/--no-build", default=True, show_default=True, help="Also time a real 1-worker build.")
def main(shared, cache, sets, limit, repeat, build) -> None:
    shared = shared or Path(os.environ.get("CORPUS_BUILDER_SHARED", REPO.parent / "shared"))
    if not shared.is_dir():
        click.echo(f"skipped: {shared} is absent")
        return
    captures = load_captures(shared, cache, [s.strip() for s in sets.split(",") if s.strip()], limit)
    pages = [decode_capture(c) for c in captures]
    docs = [doc for doc in extract_all(pages) if doc is not None]
    # loaded once per process, no part of any page's cost: jieba's dictionary, the build's lexicons
    tokenize("预热", "zh")
    for capture in captures[:1]:
        process_capture(capture)
    click.echo(f"{len(pages)} pages, {sum(len(p.html) for p in pages) / 1e6:.1f} M characters of HTML, "
               f"{len(docs)} extracted ({sum(len(d.text) for d in docs) / 1e6:.2f} M characters)")
    best = best_times(stage_funcs(captures, pages, docs), repeat)
    build_ms = None
    if build:
        with tempfile.TemporaryDirectory() as tmp:
            build_ms = build_per_page(captures, Path(tmp))
    report(best, len(pages), build_ms)


if __name__ == "__main__":
    main()
