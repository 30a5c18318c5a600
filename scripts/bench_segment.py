"""SIGHAN 2005 MSR scoring of the project's Chinese segmenter against plain jieba.

Usage: python scripts/bench_segment.py [--shared ../shared] [--repeat 3] [--lines N]

Prints word precision/recall/F1 and OOV recall (gold words absent from
msr_training_words.utf8), as in the bakeoff's score script, plus throughput
in MB/s of UTF-8 input (best of --repeat runs, and as a ratio to plain jieba
HMM off), for: this project (segment_zh), plain jieba HMM off and plain jieba
HMM on, all in the same run on the same lines.  Dictionaries are loaded before
the clock starts.  See ../shared/bench/SCORING.md.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

REPO = Path(__file__).resolve().parent.parent

from corpus_builder.text.segment import build_tokenizer, segment_zh  # noqa: E402

Segmenter = Callable[[str], list[str]]


def spans(words: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of consecutive words (whitespace inside words dropped)."""
    out, pos = [], 0
    for word in words:
        size = len("".join(word.split()))
        if size:
            out.append((pos, pos + size))
            pos += size
    return out


def score(pred: list[list[str]], gold: list[list[str]], train: set[str]) -> dict[str, float]:
    """Word P/R/F1 by span match, and recall of out-of-vocabulary gold words."""
    tp = n_pred = n_gold = oov = oov_hit = 0
    for p_words, g_words in zip(pred, gold):
        p_spans = set(spans(p_words))
        n_pred += len(p_spans)
        for word, span in zip(g_words, spans(g_words)):
            hit = span in p_spans
            n_gold += 1
            tp += hit
            if word not in train:
                oov += 1
                oov_hit += hit
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0, "OOV-R": oov_hit / max(oov, 1)}


def run(name: str, seg: Segmenter, lines: list[str], gold, train, repeat: int, base: float | None = None) -> float:
    """Score one segmenter and print its line; returns its MB/s (best of ``repeat``)."""
    size_mb = sum(len(ln.encode("utf-8")) + 1 for ln in lines) / 1e6
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        pred = [seg(ln) for ln in lines]
        best = min(best, time.perf_counter() - t0)
    s = score(pred, gold, train)
    speed = size_mb / best
    ratio = f"  x{speed / base:.2f} of HMM off" if base else ""
    print(f"{name:<28} P {s['P']:.4f}  R {s['R']:.4f}  F1 {s['F1']:.4f}  "
          f"OOV-R {s['OOV-R']:.4f}  {speed:5.2f} MB/s{ratio}")
    return speed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per segmenter (best is kept)")
    ap.add_argument("--lines", type=int, default=0, help="only the first N lines (0 = all)")
    args = ap.parse_args()
    root = args.shared / "bench" / "cws" / "icwb2"
    if not root.is_dir():
        print(f"no SIGHAN data under {root}", file=sys.stderr)
        return 2
    lines = (root / "testing" / "msr_test.utf8").read_text(encoding="utf-8").splitlines()
    gold = [ln.split() for ln in (root / "gold" / "msr_test_gold.utf8").read_text(encoding="utf-8").splitlines()]
    train = set((root / "gold" / "msr_training_words.utf8").read_text(encoding="utf-8").split())
    if args.lines:
        lines, gold = lines[: args.lines], gold[: args.lines]
    segment_zh("预热")  # load the dictionaries before timing
    plain = build_tokenizer(userdict=False)
    print(f"SIGHAN 2005 MSR, {len(lines)} lines")
    rep = args.repeat
    base = run("plain jieba, HMM off", lambda s: [w for w in plain.cut(s, HMM=False) if w.strip()],
               lines, gold, train, rep)
    run("plain jieba, HMM on", lambda s: [w for w in plain.cut(s, HMM=True) if w.strip()],
        lines, gold, train, rep, base)
    run("corpus-builder segment_zh", segment_zh, lines, gold, train, rep, base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
