#!/usr/bin/env python
"""Benchmark the build against the cost of segmentation, and its memory.

Builds a synthetic archive of realistic portal pages (scripts/synth_archive.py,
made now, never committed), then reports in one run:
  (a) raw segmentation MB/s (jieba for zh, razdel for ru, through the
      project's tokenize) on the very texts the build extracted, one process;
  (b) the full build's MB/s of extracted text with 1 worker and N workers,
      on the 10x archive so that start-up costs are amortised;
  (c) the ratios b1/a and bN/b1;
  (d) peak RSS of a 1-worker build of the 1x and the 10x archive.
Targets: b1/a >= 0.5, bN/b1 >= 1.7 (N=2), rss10x/rss1x <= 1.2.
Each build runs in a fresh subprocess so its timing and peak memory are its own.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synth_archive import SHARED, write_archive  # noqa: E402

_CHILD = """
import json, resource, sys, time
from corpus_builder.build import build_corpus
from corpus_builder.settings import load_settings
s = load_settings(cli={"build": {"workers": int(sys.argv[3])}})
t = time.perf_counter()
summary = build_corpus([sys.argv[1]], sys.argv[2], s)
secs = time.perf_counter() - t
print(json.dumps({"seconds": secs, "summary": summary.as_dict(),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run_build(archive: Path, out: Path, workers: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(archive), str(out), str(workers)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def extracted_texts(corpus: Path) -> list[tuple[str, str]]:
    import pyarrow.dataset as ds

    table = ds.dataset(corpus / "documents", format="parquet", partitioning="hive").to_table(columns=["lang", "text"])
    return list(zip(table.column("lang").to_pylist(), table.column("text").to_pylist()))


def raw_segmentation(texts: list[tuple[str, str]]) -> dict:
    from corpus_builder.text.segment import tokenize

    tokenize("预热", "zh")  # dictionary load is not segmentation
    out = {}
    for name, langs in (("all", {"zh", "ru", "en"}), ("zh", {"zh"})):
        chosen = [(lang, t) for lang, t in texts if lang in langs]
        t0 = time.perf_counter()
        for lang, text in chosen:
            tokenize(text, lang)
        secs = time.perf_counter() - t0
        mb = sum(len(t.encode("utf-8")) for _, t in chosen) / 1e6
        out[name] = {"mb": mb, "seconds": secs, "mb_s": mb / secs if secs else 0.0}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400, help="pages in the 1x archive")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not (SHARED / "realdata").is_dir():
        print(f"skipped: {SHARED} not found")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one, ten = tmp / "x1.warc.gz", tmp / "x10.warc.gz"
        write_archive(one, args.pages)
        write_archive(ten, args.pages * 10, seed=8)
        # Speed on the 10x archive (fixed start-up costs amortised), memory on both.
        m1 = run_build(one, tmp / "c1", 1)
        b1 = run_build(ten, tmp / "c10", 1)
        bn = run_build(ten, tmp / "cn", args.workers)
        texts = extracted_texts(tmp / "c10")
        raw = raw_segmentation(texts)
    mb = raw["all"]["mb"]
    res = {
        "pages": args.pages, "text_mb": mb,
        "a_raw_segmentation_mb_s": raw["all"]["mb_s"], "a_jieba_zh_only_mb_s": raw["zh"]["mb_s"],
        "b1_build_mb_s": mb / b1["seconds"], f"b{args.workers}_build_mb_s": mb / bn["seconds"],
        "b1_over_a": (mb / b1["seconds"]) / raw["all"]["mb_s"], f"b{args.workers}_over_b1": b1["seconds"] / bn["seconds"],
        "rss_1x_mb": m1["rss_mb"], "rss_10x_mb": b1["rss_mb"], "rss_10x_over_1x": b1["rss_mb"] / m1["rss_mb"],
        "documents_1x": m1["summary"]["documents"], "documents_10x": b1["summary"]["documents"],
        "dropped_10x": b1["summary"]["dropped"],
    }
    for key, value in res.items():
        print(f"{key:28s} {value:.3f}" if isinstance(value, float) else f"{key:28s} {value}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
