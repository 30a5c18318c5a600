"""Strict link scoring as in Vecalign/Bertalign, and the benchmark's test variants.

A link is a pair (source indexes, target indexes); 1:0 and 0:1 links count
like any other.  Strict precision/recall count exact link matches only.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterable, Sequence

LinkKey = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(slots=True)
class Counts:
    """True positives, number of predicted links, number of gold links."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def as_keys(links: Iterable[Sequence[Sequence[int]]]) -> set[LinkKey]:
    """Links as hashable keys; links empty on both sides are ignored."""
    return {(tuple(a), tuple(b)) for a, b in links if len(a) or len(b)}


def strict_counts(gold: Iterable, pred: Iterable) -> Counts:
    """Exact-match counts of predicted against gold links."""
    g, p = as_keys(gold), as_keys(pred)
    return Counts(len(g & p), len(p), len(g))


@dataclass(slots=True)
class Variant:
    """One test document: both sides' segments and the gold links between them."""

    zh: list[str]
    ru: list[str]
    gold: list[LinkKey]


def identity(zh: list[str], ru: list[str]) -> Variant:
    """The line-aligned document itself: every link 1:1."""
    return Variant(list(zh), list(ru), [((i,), (i,)) for i in range(len(zh))])


def _pick_merges(n: int, rate: float, rng: random.Random) -> set[int]:
    """Non-overlapping adjacent pairs (k, k+1): round(rate * (n - 1)) of them if possible."""
    want = round(rate * max(n - 1, 0))
    order = list(range(n - 1))
    rng.shuffle(order)
    chosen: set[int] = set()
    for k in order:
        if len(chosen) >= want:
            break
        if not {k - 1, k, k + 1} & chosen:
            chosen.add(k)
    return chosen


def merged(base: Variant, side: str, rate: float, rng: random.Random) -> Variant:
    """Merge a share of adjacent lines on one side ("zh" or "ru") of a 1:1 document.

    Gives 2:1 (zh merged) or 1:2 (ru merged) gold links.
    """
    lines = base.zh if side == "zh" else base.ru
    chosen = _pick_merges(len(lines), rate, rng)
    groups: list[list[int]] = []
    for k in range(len(lines)):
        if k - 1 in chosen:
            groups[-1].append(k)
        else:
            groups.append([k])
    joiner = "" if side == "zh" else " "
    new_lines = [joiner.join(lines[k] for k in g) for g in groups]
    if side == "zh":
        return Variant(new_lines, list(base.ru), [((n,), tuple(g)) for n, g in enumerate(groups)])
    return Variant(list(base.zh), new_lines, [(tuple(g), (n,)) for n, g in enumerate(groups)])


def dropped(base: Variant, side: str, rate: float, rng: random.Random) -> Variant:
    """Drop a share of lines on one side of a 1:1 document: 0:1 (zh dropped) or 1:0 links."""
    n = len(base.zh)
    gone = set(rng.sample(range(n), round(rate * n)))
    gold: list[LinkKey] = []
    kept = 0
    for k in range(n):
        if k in gone:
            gold.append(((), (k,)) if side == "zh" else ((k,), ()))
            continue
        gold.append(((kept,), (k,)) if side == "zh" else ((k,), (kept,)))
        kept += 1
    keep = [base.zh[k] if side == "zh" else base.ru[k] for k in range(n) if k not in gone]
    if side == "zh":
        return Variant(keep, list(base.ru), gold)
    return Variant(list(base.zh), keep, gold)
