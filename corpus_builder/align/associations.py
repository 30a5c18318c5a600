"""Word associations learnt from the texts being aligned (no model, no download).

As in Hunalign's second pass: a first alignment (length + anchors) gives
links that are mostly right; counting which Chinese character bigrams and
Russian word stems occur in the same 1:1 links over the whole input tells
which go together (名字 of a person and its Russian spelling, 政府 and
«правительств…»).  Pairs seen together at least MIN_PAIR times with a Dice
coefficient of at least MIN_DICE are kept; a second alignment rewards links
whose two sides share such pairs.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Sequence

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_RU_WORD = re.compile(r"[а-яёa-z0-9]+", re.I)
STEM_LEN = 5
MIN_PAIR = 2
MIN_DICE = 0.3


def zh_units(text: str) -> set[str]:
    """Distinct Han character bigrams of a Chinese segment."""
    out: set[str] = set()
    for run in _HAN_RUN.findall(text):
        out.update(run[k:k + 2] for k in range(len(run) - 1))
    return out


def ru_units(text: str) -> set[str]:
    """Distinct crude stems (first STEM_LEN letters) of Russian words of 3+ letters."""
    return {w.lower().replace("ё", "е")[:STEM_LEN] for w in _RU_WORD.findall(text) if len(w) >= 3}


class Associations:
    """zh bigram -> set of associated ru stems (and the reverse)."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self.zh2ru: dict[str, set[str]] = {}
        self.ru2zh: dict[str, set[str]] = {}
        for x, y in pairs:
            self.zh2ru.setdefault(x, set()).add(y)
            self.ru2zh.setdefault(y, set()).add(x)

    def __len__(self) -> int:
        return sum(len(v) for v in self.zh2ru.values())

    def match(self, zh: set[str], ru: set[str]) -> tuple[int, int]:
        """(ru stems explained by a zh bigram of the other side, stems with partners but none there)."""
        hit = miss = 0
        for y in ru:
            partners = self.ru2zh.get(y)
            if not partners:
                continue
            if partners & zh:
                hit += 1
            else:
                miss += 1
        return hit, miss


def learn(pairs: Sequence[tuple[set[str], set[str]]], min_pair: int = MIN_PAIR,
          min_dice: float = MIN_DICE) -> Associations:
    """Associations from (zh units, ru units) of segments believed to be translations."""
    cx: Counter[str] = Counter()
    cy: Counter[str] = Counter()
    cxy: Counter[tuple[str, str]] = Counter()
    for xs, ys in pairs:
        cx.update(xs)
        cy.update(ys)
        cxy.update((x, y) for x in xs for y in ys)
    kept = []
    for (x, y), n in cxy.items():
        if n >= min_pair and 2 * n / (cx[x] + cy[y]) >= min_dice:
            kept.append((x, y))
    return Associations(kept)
