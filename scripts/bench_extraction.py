#!/usr/bin/env python
"""Main-text extraction benchmark: this project vs trafilatura (vs readability-lxml).

Scores every gold set of ../shared (DAnIEL zh/ru, CWCED, Scrapinghub, realdata
pages with gold) exactly as ../shared/bench/SCORING.md says (prediction =
title + main text; the baselines output no title, so "F1 text" also scores
the main text alone for every extractor), and times each
extractor on the same decoded strings in the same run (pages/s; decoding is
done once beforehand and not timed).  Also prints the date accuracy on CWCED.

    python scripts/bench_extraction.py [--limit N] [--sets daniel_zh,cwced] [--worst N] [--json out.json]

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
sys.path.insert(0, str(REPO / "scripts"))  # sibling scripts and evaluation/; corpus_builder is the installed package

from bench_extract_speed import cold_caches  # noqa: E402

from corpus_builder.errors import Dropped  # noqa: E402
from corpus_builder.records import Capture  # noqa: E402
from corpus_builder.text.decode import decode_capture  # noqa: E402
from corpus_builder.text.extract import extract_document  # noqa: E402
from evaluation.extraction_scoring import macro, page_pr  # noqa: E402
from evaluation.goldsets import SETS, load_set  # noqa: E402
from evaluation.halves import HALVES, half  # noqa: E402


def ours(page):
    try:
        doc = extract_document(page)
    except Dropped:
        return "", None, ""
    return f"{doc.title}\n{doc.text}", doc.published, doc.text


def trafilatura_str(page):
    import trafilatura
    text = trafilatura.extract(page.html) or ""
    return text, None, text


def readability_lxml(page):
    from lxml import html as lxml_html
    from readability import Document as RDoc
    try:
        summary = RDoc(page.html).summary(html_partial=True)
        text = lxml_html.fromstring(summary).text_content()
    except Exception:  # noqa: BLE001 - a baseline failing on a page scores 0 there
        text = ""
    return text, None, text


def extractors() -> dict:
    found = {"ours": ours, "trafilatura": trafilatura_str}
    try:
        import readability  # noqa: F401
        found["readability"] = readability_lxml
    except ImportError:
        pass
    return found


def timed_outputs(funcs: dict, decoded: list, repeat: int) -> tuple[dict, dict]:
    """Outputs of every extractor and its best time over ``repeat`` interleaved rounds.

    The machine is shared: rounds alternate the extractors so that load hits
    them alike, and the fastest round of each is kept.  Our per-line verdict
    caches are emptied before each round (bench_extract_speed.cold_caches): a
    later round must not be served what the first one cached on these pages.
    """
    outputs, best = {}, {}
    for _ in range(max(1, repeat)):
        for label, func in funcs.items():
            cold_caches()
            start = time.perf_counter()
            outputs[label] = [func(page) for page in decoded]
            best[label] = min(best.get(label, float("inf")), time.perf_counter() - start)
    return outputs, best


def score_row(outputs: list, pages: list, elapsed: float) -> dict:
    score = macro([page_pr(text, gold.gold) for (text, _, _), gold in zip(outputs, pages)])
    body_only = macro([page_pr(body, gold.gold) for (_, _, body), gold in zip(outputs, pages)])
    row = {"P": score.precision, "R": score.recall, "F1": score.f1, "F1_text_only": body_only.f1,
           "pages_per_s": len(pages) / elapsed if elapsed else 0.0}
    dated = [(day, gold.gold_date) for (_, day, _), gold in zip(outputs, pages) if gold.gold_date and day]
    undated = sum(1 for (_, day, _), gold in zip(outputs, pages) if gold.gold_date and not day)
    if (dated or undated) and any(day for _, day, _ in outputs):  # baselines give no dates
        row["date_accuracy"] = sum(str(d) == g for d, g in dated) / (len(dated) + undated)
        row["dated_pages"] = len(dated) + undated
    return row


def worst_pages(outputs: list, pages: list, count: int) -> list[dict]:
    """The ``count`` pages of lowest F1 for one extractor (name, P, R, F1), worst first."""
    rows = []
    for (text, _, _), gold in zip(outputs, pages):
        precision, recall = page_pr(text, gold.gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"name": gold.name, "P": precision, "R": recall, "F1": f1})
    return sorted(rows, key=lambda row: row["F1"])[:count]


def run_set(pages: list, funcs: dict, repeat: int, worst: int = 0) -> dict:
    decoded = [decode_capture(Capture(url=p.url or f"file:///{p.name}", body=p.body)) for p in pages]
    outputs, best = timed_outputs(funcs, decoded, repeat)
    result = {"pages": len(pages)}
    for label in funcs:
        result[label] = score_row(outputs[label], pages, best[label])
    result["halves"] = {}
    for name in HALVES:  # rules are tuned on one half and checked on the other
        keep = [i for i, page in enumerate(pages) if half(page.name) == name]
        result["halves"][name] = {label: score_row([outputs[label][i] for i in keep], [pages[i] for i in keep],
                                         best[label] * len(keep) / max(1, len(pages)))["F1"] for label in funcs}
    if worst:
        result["worst"] = worst_pages(outputs["ours"], pages, worst)
    return result


def print_table(results: dict) -> None:
    click.echo(f"{'set':<12} {'extractor':<12} {'P':>6} {'R':>6} {'F1':>6} {'F1 text':>7} {'pages/s':>8}  date")
    for name, res in results.items():
        for label, row in res.items():
            if isinstance(row, dict) and label != "halves":
                date = f"{row['date_accuracy']:.3f} ({row['dated_pages']})" if "date_accuracy" in row else ""
                click.echo(f"{name:<12} {label:<12} {row['P']:6.3f} {row['R']:6.3f} {row['F1']:6.3f} "
                           f"{row['F1_text_only']:7.3f} {row['pages_per_s']:8.1f}  {date}")
        for name_half in HALVES:
            scores = "  ".join(f"{label} {f1:.3f}" for label, f1 in res["halves"][name_half].items())
            click.echo(f"{name:<12} F1, {name_half} half: {scores}")
        for row in res.get("worst", []):
            click.echo(f"  worst  {row['name']:<40} P {row['P']:.3f} R {row['R']:.3f} F1 {row['F1']:.3f}")
        if "ours" in res and "trafilatura" in res and res["trafilatura"]["pages_per_s"]:
            ratio = res["ours"]["pages_per_s"] / res["trafilatura"]["pages_per_s"]
            click.echo(f"{name:<12} speed ratio ours/trafilatura: {ratio:.2f}x")


@click.command()
@click.option("--shared", type=click.Path(path_type=Path), default=None, help="../shared folder.")
@click.option("--cache", type=click.Path(path_type=Path), default=REPO / ".bench", help="Unpack folder.")
@click.option("--sets", default=",".join(SETS), help="Comma-separated gold sets.")
@click.option("--limit", type=int, default=0, help="At most N pages per set (0 = all).")
@click.option("--only-ours", is_flag=True, help="Skip the baselines.")
@click.option("--repeat", type=int, default=2, show_default=True,
              help="Timing rounds (interleaved; the fastest round of each extractor counts).")
@click.option("--worst", type=int, default=0, help="Also print our N worst pages per set.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), default=None, help="Write results here.")
def main(shared, cache, sets, limit, only_ours, repeat, worst, json_path) -> None:
    shared = shared or Path(os.environ.get("CORPUS_BUILDER_SHARED", REPO.parent / "shared"))
    if not shared.is_dir():
        click.echo(f"skipped: {shared} is absent")
        return
    funcs = extractors()
    if only_ours:
        funcs = {"ours": ours}
    results = {}
    for name in [s.strip() for s in sets.split(",") if s.strip()]:
        if name not in SETS:
            raise click.UsageError(f"unknown set {name!r} (known: {', '.join(SETS)})")
        pages = load_set(name, shared, cache)
        results[name] = run_set(pages[:limit] if limit else pages, funcs, repeat, worst)
    print_table(results)
    if json_path:
        json_path.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
