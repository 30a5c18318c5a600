"""Benchmark the Parquet store: write and read back ~1 M clause rows.

Each phase runs in its own process so that its peak RSS is its own:

* write: CorpusWriter.add for N documents x C clauses (synthetic zh/ru text,
  years 2000-2024 and undated), against a baseline in the same process that
  writes the same clause rows with a bare pyarrow ParquetWriter (zstd).  Only
  time inside the writer (or the baseline's conversion and write) is counted,
  not the making of the synthetic records.  The store also writes documents,
  MinHash signatures, reposts, manifest and DATASET.md, and fsyncs.
* read: load(table="clauses") of everything into pandas (manifest, declared
  schema, typed partitions), against a baseline in the same process:
  pandas.read_parquet of the table folder (best of two runs each).
* filtered: load(lang="zh", year=2020): files opened vs files of the table.

usage: python scripts/bench_store.py [--docs 25000] [--clauses 40] [--root DIR]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

from corpus_builder.records import Clause, Document, EncodingInfo, make_doc_id  # noqa: E402
from corpus_builder.steps.rows import add_document

ENC = EncodingInfo("utf-8", "utf-8", "utf-8", "utf-8")
FETCHED = datetime(2025, 1, 1, tzinfo=timezone.utc)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _vocab(rng: random.Random, lang: str) -> list[str]:
    if lang == "zh":
        return ["".join(chr(0x4E00 + rng.randrange(6000)) for _ in range(rng.randint(1, 3))) for _ in range(8000)]
    return ["".join(chr(0x430 + rng.randrange(32)) for _ in range(rng.randint(2, 10))) for _ in range(8000)]


def documents(n_docs: int, n_clauses: int, seed: int = 7):
    """Yield (Document, clauses) lazily: ~20 tokens per clause."""
    rng = random.Random(seed)
    vocab = {lang: _vocab(rng, lang) for lang in ("zh", "ru")}
    for i in range(n_docs):
        lang = "zh" if i % 2 else "ru"
        sep = "" if lang == "zh" else " "
        clause_tokens = [rng.choices(vocab[lang], k=20) for _ in range(n_clauses)]
        texts = [sep.join(t) for t in clause_tokens]
        text = "\n".join(texts)
        year = None if rng.random() < 0.05 else rng.randint(2000, 2024)
        published = date(year, rng.randint(1, 12), rng.randint(1, 28)) if year else None
        url = f"https://bench.example.{lang}/{i}.html"
        doc = Document(make_doc_id(url, text), url, f"site{i % 7}", lang, f"title {i}", text, published,
                       None, ENC, FETCHED)
        clauses, start = [], 0
        for k, (t, toks) in enumerate(zip(texts, clause_tokens)):
            clauses.append(Clause(doc.doc_id, k, k or None, f"{k}." if k else "", None, t, start, start + len(t), toks))
            start += len(t) + 1
        yield doc, clauses


def _baseline_write(path: Path, n_docs: int, n_clauses: int) -> float:
    """Seconds to convert and write the same clause rows with a bare ParquetWriter (zstd)."""
    import pyarrow as pa

    from corpus_builder.store.rows import clause_row
    from corpus_builder.store.schema import file_schema
    from corpus_builder.store.shards import open_parquet

    seconds, schema, rows = 0.0, file_schema("clauses"), []
    with open_parquet(path, "clauses") as out:
        for doc, clauses in documents(n_docs, n_clauses):
            t0 = time.perf_counter()
            rows += [clause_row(doc, c, "baseline") for c in clauses]
            if len(rows) >= 65536:
                out.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
            seconds += time.perf_counter() - t0
        t0 = time.perf_counter()
        out.write_table(pa.Table.from_pylist(rows, schema=schema))
    return seconds + time.perf_counter() - t0


def phase_write(root: Path, n_docs: int, n_clauses: int) -> dict:
    from corpus_builder.store import CorpusWriter

    writer = CorpusWriter(root)  # only time inside the writer counts, not making the records
    t0 = time.perf_counter()
    writer.__enter__()
    store_s = time.perf_counter() - t0
    for doc, clauses in documents(n_docs, n_clauses):
        t0 = time.perf_counter()
        add_document(writer, doc, clauses)
        store_s += time.perf_counter() - t0
    t0 = time.perf_counter()
    writer.__exit__(None, None, None)
    store_s += time.perf_counter() - t0
    rss = peak_rss_mb()
    base_s = _baseline_write(root.parent / "baseline.parquet", n_docs, n_clauses)
    return {"phase": "write", "rows": writer.summary.clauses, "documents": writer.summary.documents,
            "seconds": store_s, "baseline_seconds": base_s, "peak_rss_mb": rss, "shards": writer.summary.shards}


def phase_read(root: Path) -> dict:
    import pandas as pd

    from corpus_builder.store import load
    from corpus_builder.store.load import files_read

    load_s = base_s = float("inf")
    for _ in range(2):  # best of two, alternating, so neither side pays alone for a cold start
        t0 = time.perf_counter()
        rows = len(load(root, "clauses"))
        load_s = min(load_s, time.perf_counter() - t0)
        t0 = time.perf_counter()
        base_rows = len(pd.read_parquet(root / "clauses"))
        base_s = min(base_s, time.perf_counter() - t0)
    rss = peak_rss_mb()
    t0 = time.perf_counter()
    filtered = load(root, "clauses", lang="zh", year=2020)
    filt_s = time.perf_counter() - t0
    opened, total = files_read(root, "clauses", lang="zh", year=2020)
    return {"phase": "read", "rows": rows, "seconds": load_s, "baseline_rows": base_rows, "baseline_seconds": base_s,
            "peak_rss_mb": rss, "filtered_rows": len(filtered), "filtered_seconds": filt_s,
            "files_opened": opened, "files_total": total}


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(write: dict, read: dict) -> None:
    w_rate, wb_rate = write["rows"] / write["seconds"], write["rows"] / write["baseline_seconds"]
    r_rate, rb_rate = read["rows"] / read["seconds"], read["baseline_rows"] / read["baseline_seconds"]
    print(f"write: {write['rows']:,} clause rows ({write['documents']:,} documents, {write['shards']} shards) "
          f"in {write['seconds']:.1f} s = {w_rate:,.0f} rows/s; peak RSS {write['peak_rss_mb']:.0f} MB")
    print(f"       baseline bare ParquetWriter {wb_rate:,.0f} rows/s; store/baseline = {w_rate / wb_rate:.2f}")
    print(f"read:  load(table='clauses') {read['rows']:,} rows in {read['seconds']:.1f} s = {r_rate:,.0f} rows/s; "
          f"peak RSS {read['peak_rss_mb']:.0f} MB")
    print(f"       baseline pandas.read_parquet(dir) {rb_rate:,.0f} rows/s; load/baseline = {r_rate / rb_rate:.2f}")
    print(f"filtered load(lang='zh', year=2020): {read['filtered_rows']:,} rows in {read['filtered_seconds']:.2f} s, "
          f"files opened {read['files_opened']} of {read['files_total']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=25_000)
    ap.add_argument("--clauses", type=int, default=40)
    ap.add_argument("--root", type=Path, default=None)
    ap.add_argument("--phase", choices=["write", "read"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase == "write":
        print(json.dumps(phase_write(args.root, args.docs, args.clauses)))
        return
    if args.phase == "read":
        print(json.dumps(phase_read(args.root)))
        return
    with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp:
        root = args.root or Path(tmp) / "corpus"
        write = _child("--phase", "write", "--root", str(root), "--docs", str(args.docs),
                       "--clauses", str(args.clauses))
        read = _child("--phase", "read", "--root", str(root))
        report(write, read)


if __name__ == "__main__":
    main()
