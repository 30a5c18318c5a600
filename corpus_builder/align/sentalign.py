"""Model-free zh↔ru segment aligner: Gale–Church length cost plus anchors.

The cost of linking ``src[i:i+di]`` with ``tgt[j:j+dj]`` is

    length cost (Gale–Church z calibrated zh→ru, with a heavy tail)
  + a penalty for the link shape (1:1 cheapest; 2:1, 1:2 dearer; 3:1, 1:3, 2:2 more)
  - BONUS × weighted anchors found on both sides (numbers, Latin words,
    lexicon concepts, name skeletons, ? and !)
  + MISS × weighted anchors found on one side only
  + SENT_MISS × |sentences in src span − sentences in tgt span|
  + OPEN_MISS × |headline-like segments (no final punctuation) on each side|
  - ASSOC_BONUS / + ASSOC_MISS × Russian stems explained / not explained by
    word associations learnt from the input (second pass of align_documents)

A 1:0 / 0:1 link costs a flat NULL_COST whatever its length: a segment left
out of a translation is no shorter than any other, and charging it by length
(as plain Gale–Church does) makes the aligner glue a long orphan to its
neighbour instead.  The sentence and anchor terms are what tell an orphan
from half of a 1:2 link when the lengths are ambiguous.  The weights were
set on the NTREX dev split as a few round numbers (see scripts/bench_align.py).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from corpus_builder.align.anchors import anchors, miss_mass, overlap
from corpus_builder.align.associations import Associations, learn, ru_units, zh_units
from corpus_builder.align.galechurch import ZH_RU_RATIO, ZH_RU_VARIANCE, Bead, dp_align, length_cost
from corpus_builder.align.lexicon import Lexicon
from corpus_builder.align.sentences import count_sentences

# Link shape -> penalty (-log of a prior; 1:0 and 0:1 are priced by NULL_COST).
# A 2:2 link is dear: it is rarely a real crossing split and, when it is not,
# it swallows two right 1:1 links whose lengths happen to compensate.
SHAPES: dict[tuple[int, int], float] = {
    (1, 1): 0.0, (2, 1): 2.3, (1, 2): 2.3, (2, 2): 8.0, (3, 1): 5.0, (1, 3): 5.0,
    (1, 0): 0.0, (0, 1): 0.0,
}
NULL_COST = 4.5
BONUS = 2.0
MISS = 0.8
ASSOC_BONUS = 0.5
ASSOC_MISS = 0.5
SENT_MISS = 2.5
# Segments without sentence-final punctuation (headlines, headings) are translated
# as such: on NTREX the two sides agree on this for 95 % of true links.
OPEN_MISS = 1.5
LENGTH_TAIL = 1.35  # P(|z| > t) ~ exp(-1.35 t) for true links (see galechurch.length_cost)


@dataclass(frozen=True, slots=True)
class Params:
    """Knobs of the aligner (defaults are the calibrated values above)."""

    ratio: float = ZH_RU_RATIO
    variance: float = ZH_RU_VARIANCE
    null_cost: float = NULL_COST
    bonus: float = BONUS
    miss: float = MISS
    assoc_bonus: float = ASSOC_BONUS
    assoc_miss: float = ASSOC_MISS
    sent_miss: float = SENT_MISS
    open_miss: float = OPEN_MISS
    length_tail: float | None = LENGTH_TAIL


_CLOSED = re.compile(r"[。！？!?.…;；:：][\s”’\"»)）」』]*$")


class _Side:
    """Per-segment lengths and anchors of one side, with cached span sums."""

    def __init__(self, segments: Sequence[str], lang: str, lexicon: Lexicon | None) -> None:
        self.lens = [_text_len(s) for s in segments]
        self.anchors = [anchors(s, lang, lexicon) for s in segments]
        self.mass = [miss_mass(x) for x in self.anchors]
        units = zh_units if lang == "zh" else ru_units
        self.units = [units(s) for s in segments]
        self.sents = [count_sentences(s, lang) for s in segments]
        self.open = [int(bool(s.strip()) and not _CLOSED.search(s)) for s in segments]
        self._spans: dict[tuple[int, int], tuple] = {}

    def span(self, i: int, n: int) -> tuple[int, Counter[str], float, set[str], int, int]:
        """Length, anchors (and their miss mass), association units, sentences, open segments of i .. i+n-1."""
        if n == 1:
            return self.lens[i], self.anchors[i], self.mass[i], self.units[i], self.sents[i], self.open[i]
        key = (i, n)
        if key not in self._spans:
            total: Counter[str] = Counter()
            for k in range(i, i + n):
                total.update(self.anchors[k])
            self._spans[key] = (sum(self.lens[i:i + n]), total, sum(self.mass[i:i + n]),
                                set().union(*self.units[i:i + n]), sum(self.sents[i:i + n]),
                                sum(self.open[i:i + n]))
        return self._spans[key]


def _text_len(text: str) -> int:
    """Characters that carry text (spaces do not)."""
    return len(text) - text.count(" ")


def align_segments(src: Sequence[str], tgt: Sequence[str], src_lang: str = "zh", tgt_lang: str = "ru",
                   lexicon: Lexicon | None = None, params: Params = Params(),
                   assoc: Associations | None = None) -> list[Bead]:
    """Align two lists of segments (sentences, clauses, lines); links cover both in order.

    ``src``/``tgt`` are in ``src_lang``/``tgt_lang``; the length model is the
    zh→ru one (``params.ratio`` target characters per source character), so for
    ru→zh pass the sides the other way round or a ratio below 1.
    """
    if not src or not tgt:
        return [Bead((i,), (), params.null_cost) for i in range(len(src))] + \
               [Bead((), (j,), params.null_cost) for j in range(len(tgt))]
    a, b = _Side(src, src_lang, lexicon), _Side(tgt, tgt_lang, lexicon)
    return dp_align(len(src), len(tgt), list(SHAPES), _cost_fn(a, b, params, assoc))


def _cost_fn(a: _Side, b: _Side, params: Params, assoc: Associations | None):
    """The link cost described in the module doc, over two prepared sides."""
    def cost(i: int, j: int, di: int, dj: int) -> float:
        if di == 0 or dj == 0:
            return params.null_cost
        ls, xa, ma, ua, sa, oa = a.span(i, di)
        lt, xb, mb, ub, sb, ob = b.span(j, dj)
        shared, unshared = overlap(xa, xb, ma, mb)
        total = (length_cost(ls, lt, params.ratio, params.variance, params.length_tail) + SHAPES[(di, dj)]
                 - params.bonus * shared + params.miss * unshared + params.sent_miss * abs(sa - sb)
                 + params.open_miss * abs(oa - ob))
        if assoc is not None:
            hit, miss = assoc.match(ua, ub)
            total += params.assoc_miss * miss - params.assoc_bonus * hit
        return total
    return cost


def align_documents(docs: Sequence[tuple[Sequence[str], Sequence[str]]], lexicon: Lexicon | None = None,
                    params: Params = Params()) -> list[list[Bead]]:
    """Align several zh/ru document pairs in two passes, learning word associations.

    Pass one aligns each pair with length and anchors; the 1:1 links it finds
    over all pairs teach zh–ru associations (:mod:`.associations`); pass two
    aligns again with them.  The more text is given at once, the more is learnt.
    """
    first = [align_segments(zh, ru, lexicon=lexicon, params=params) for zh, ru in docs]
    seen = []
    for (zh, ru), links in zip(docs, first):
        seen.extend((zh_units(zh[l.src[0]]), ru_units(ru[l.tgt[0]]))
                    for l in links if len(l.src) == 1 and len(l.tgt) == 1)
    assoc = learn(seen)
    return [align_segments(zh, ru, lexicon=lexicon, params=params, assoc=assoc) for zh, ru in docs]
