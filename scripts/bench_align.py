#!/usr/bin/env python
"""Sentence-alignment benchmark on NTREX zh↔ru (../shared/bench/align/ntrex).

The zh and ru reference files are line-aligned; DOCUMENT_IDS.tsv cuts them
into documents.  Each document is aligned as is (the 1:1 set) and in harder
variants made with fixed seeds: 20 % of adjacent lines merged on the zh side
and (separately) on the ru side (2:1 / 1:2 links), and 10 % of lines dropped
on the zh side and on the ru side (0:1 / 1:0 links).  This aligner (given all
documents at once, and given one document at a time, as `corpus-builder
align` is when called per document) and plain Gale–Church run on the same
documents in the same process; links are scored
strictly (exact match, Vecalign/Bertalign style), per document (macro mean)
and pooled over all links.

    python scripts/bench_align.py [--ntrex DIR] [--seed 13] [--json PATH]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from statistics import mean

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))  # evaluation/; corpus_builder is the installed package

from corpus_builder.align.galechurch import gale_church  # noqa: E402
from corpus_builder.align.pairing import pair_documents  # noqa: E402
from corpus_builder.align.sentalign import align_documents  # noqa: E402
from corpus_builder.records import Document, EncodingInfo  # noqa: E402
from evaluation.alignment_scoring import Counts, Variant, dropped, identity, merged, strict_counts  # noqa: E402

VARIANTS = {
    "1:1": lambda base, rng: base,
    "merge-zh 20%": lambda base, rng: merged(base, "zh", 0.2, rng),
    "merge-ru 20%": lambda base, rng: merged(base, "ru", 0.2, rng),
    "drop-zh 10%": lambda base, rng: dropped(base, "zh", 0.1, rng),
    "drop-ru 10%": lambda base, rng: dropped(base, "ru", 0.1, rng),
}


def ours(variants: list[Variant]) -> list[list]:
    """This aligner, given all documents at once (it learns word associations from them)."""
    return [[(l.src, l.tgt) for l in links] for links in align_documents([(v.zh, v.ru) for v in variants])]


def ours_per_doc(variants: list[Variant]) -> list[list]:
    """This aligner given one document at a time (associations learnt inside each document only)."""
    return [[(l.src, l.tgt) for l in align_documents([(v.zh, v.ru)])[0]] for v in variants]


def plain_gc(variants: list[Variant]) -> list[list]:
    return [[(l.src, l.tgt) for l in gale_church([len(s) for s in v.zh], [len(s) for s in v.ru])]
            for v in variants]


ALIGNERS = {"ours": ours, "ours-per-doc": ours_per_doc, "gale-church": plain_gc}


def load_ntrex(root: Path) -> list[Variant]:
    """The NTREX documents as 1:1 variants, in file order."""
    ids = (root / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    zh = (root / "NTREX-128" / "newstest2019-ref.zho-CN.txt").read_text(encoding="utf-8").splitlines()
    ru = (root / "NTREX-128" / "newstest2019-ref.rus.txt").read_text(encoding="utf-8").splitlines()
    if not (len(ids) == len(zh) == len(ru)):
        raise SystemExit(f"NTREX files differ in length: {len(ids)} ids, {len(zh)} zh, {len(ru)} ru")
    docs: dict[str, list[int]] = {}
    for k, doc in enumerate(ids):
        docs.setdefault(doc.strip(), []).append(k)
    return [identity([zh[k] for k in rows], [ru[k] for k in rows]) for rows in docs.values()]


def run(docs: list[Variant], seed: int) -> dict:
    """Scores per variant and aligner: per-document mean P/R/F1 and pooled P/R/F1."""
    results: dict = {}
    for v_index, (name, make) in enumerate(VARIANTS.items()):
        rng = random.Random(seed * 100 + v_index)
        variants = [make(d, rng) for d in docs]
        for aligner, fn in ALIGNERS.items():
            t0 = time.perf_counter()
            pooled, per_doc = Counts(), []
            for v, pred in zip(variants, fn(variants)):
                c = strict_counts(v.gold, pred)
                pooled.add(c)
                per_doc.append(c.prf())
            p, r, f = pooled.prf()
            results.setdefault(name, {})[aligner] = {
                "doc_p": mean(x[0] for x in per_doc), "doc_r": mean(x[1] for x in per_doc),
                "doc_f1": mean(x[2] for x in per_doc), "p": p, "r": r, "f1": f,
                "links": pooled.gold, "seconds": time.perf_counter() - t0,
            }
    return results


def pairing(docs: list[Variant]) -> dict:
    """Document pairing on the same documents: every zh and ru text thrown together, no dates."""
    enc = EncodingInfo(None, None, None, "utf-8")
    pile = []
    for k, d in enumerate(docs):
        for lang, lines in (("zh", d.zh), ("ru", d.ru)):
            pile.append(Document(f"{k}-{lang}", f"ntrex:{k}", "ntrex", lang, lines[0], "\n".join(lines[1:]),
                                 None, None, enc))
    pairs = pair_documents(pile)
    right = sum(p.src_doc_id.split("-")[0] == p.tgt_doc_id.split("-")[0] for p in pairs)
    return {"documents": len(docs), "pairs": len(pairs), "right": right, "wrong": len(pairs) - right}


def print_table(results: dict) -> None:
    print(f"{'variant':14} {'aligner':13} {'doc P':>6} {'doc R':>6} {'doc F1':>6} "
          f"{'P':>6} {'R':>6} {'F1':>6} {'links':>6} {'sec':>6}")
    for name, by_aligner in results.items():
        for aligner, s in by_aligner.items():
            print(f"{name:14} {aligner:13} {s['doc_p']:6.3f} {s['doc_r']:6.3f} {s['doc_f1']:6.3f} "
                  f"{s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['links']:6d} {s['seconds']:6.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ntrex", type=Path, default=REPO.parent / "shared" / "bench" / "align" / "ntrex")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", type=Path, help="also write the scores as JSON here")
    args = ap.parse_args()
    if not args.ntrex.is_dir():
        raise SystemExit(f"NTREX folder not found: {args.ntrex}")
    docs = load_ntrex(args.ntrex)
    results = run(docs, args.seed)
    print(f"NTREX zh-ru: {len(docs)} documents, {sum(len(d.zh) for d in docs)} lines, seed {args.seed}")
    print_table(results)
    results["pairing"] = pairing(docs)
    print("document pairing (all zh and ru texts in one pile, no dates): {right} right and {wrong} wrong "
          "pairs for {documents} documents".format(**results["pairing"]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
