#!/usr/bin/env python
"""Benchmark the build on Dask against the local build: the engine's overhead on one machine.

Writes a synthetic archive of several WARC files (scripts/synth_archive.py,
made now, never committed), then builds it, each build in a fresh
subprocess, with:
  local        build_corpus with N worker processes (the default executor);
  dask         --executor dask: a LocalCluster of N processes started for the
               run (what `build --executor dask` does without --scheduler);
  dask-warm    the same build on a cluster that is already up (as with
               --scheduler ADDRESS) and whose workers have loaded jieba's
               dictionary, so neither start-up is counted.
It prints rows/s (documents + clauses written) and pages/s for each, the
ratio to local (best of --rounds interleaved rounds), and checks that every
build wrote the same rows.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # synth_archive; corpus_builder is the installed package

from synth_archive import SHARED, write_archive  # noqa: E402

_CHILD = """
import json, sys, time
from corpus_builder.executors import build_corpus
from corpus_builder.settings import load_settings
archive, out, workers, mode, align = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
build = {"workers": workers, "executor": "local" if mode == "local" else "dask", "align": align}
cluster, t0 = None, time.perf_counter()
if mode == "dask-warm":
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0")
    with Client(cluster) as client:  # workers up, jieba's dictionary loaded, before the clock starts
        from corpus_builder.executors.local import warm_worker
        client.run(warm_worker)
    build["scheduler"] = cluster.scheduler_address
    t0 = time.perf_counter()
summary = build_corpus([archive], out, load_settings(cli={"build": build}, environ={}))
secs = time.perf_counter() - t0
if cluster is not None:
    cluster.close()
print(json.dumps({"seconds": secs, "summary": summary.as_dict()}))
"""

MODES = ("local", "dask", "dask-warm")


def run_build(archive: Path, out: Path, workers: int, mode: str, align: bool) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(archive), str(out), str(workers), mode, str(int(align))],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{mode} build failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def row_keys(root: Path) -> tuple:
    """Sorted (doc_id, content_hash) of documents and (doc_id, clause_index, content_hash) of clauses."""
    from corpus_builder.store.load import load_arrow

    docs = load_arrow(root, "documents", columns=["doc_id", "content_hash"]).to_pylist()
    clauses = load_arrow(root, "clauses", columns=["doc_id", "clause_index", "content_hash"]).to_pylist()
    return tuple(sorted(tuple(r.values()) for r in docs)), tuple(sorted(tuple(r.values()) for r in clauses))


def table(results: dict[str, dict]) -> list[dict]:
    base = results["local"]
    rows = []
    for mode, res in results.items():
        s = res["summary"]
        written = s["documents"] + s["clauses"]
        rows.append({"executor": mode, "seconds": res["seconds"], "rows": written,
                     "rows_s": written / res["seconds"], "pages_s": s["captures"] / res["seconds"],
                     "vs_local": base["seconds"] / res["seconds"]})
    return rows


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warcs", type=int, default=6, help="WARC files in the archive")
    parser.add_argument("--pages", type=int, default=100, help="pages per WARC file")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="timing rounds; the best is kept")
    parser.add_argument("--no-align", action="store_true", help="leave out the cross-document alignment step")
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if not (SHARED / "realdata").is_dir():  # the synthetic pages are made from its texts
        print(f"skipped: {SHARED} not found")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        archive.mkdir()
        for i in range(args.warcs):
            write_archive(archive / f"part-{i:03d}.warc.gz", args.pages, seed=100 + i)
        results: dict[str, dict] = {}
        for r in range(args.rounds):  # interleaved, best of the rounds: the machine is shared
            for mode in MODES:
                res = run_build(archive, Path(tmp) / f"{mode}-{r}", args.workers, mode, not args.no_align)
                if mode not in results or res["seconds"] < results[mode]["seconds"]:
                    results[mode] = res
        same = len({row_keys(Path(tmp) / f"{mode}-{r}") for mode in MODES for r in range(args.rounds)}) == 1
    rows = table(results)
    print(f"{args.warcs} WARC files x {args.pages} pages, {args.workers} workers, alignment "
          f"{'off' if args.no_align else 'on'}, best of {args.rounds} rounds; same rows in every build: {same}")
    print(f"{'executor':10s} {'seconds':>8s} {'rows':>7s} {'rows/s':>8s} {'pages/s':>8s} {'vs local':>8s}")
    for r in rows:
        print(f"{r['executor']:10s} {r['seconds']:8.2f} {r['rows']:7d} {r['rows_s']:8.1f} {r['pages_s']:8.1f} "
              f"{r['vs_local']:8.2f}")
    if args.json:
        args.json.write_text(json.dumps({"warcs": args.warcs, "pages_per_warc": args.pages, "align": not args.no_align,
                                         "rounds": args.rounds,
                                         "workers": args.workers, "same_rows": same, "builds": rows}, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
