"""Main-text extraction scoring, exactly as ../shared/bench/SCORING.md says.

Prediction = title + "\\n" + main text.  Tokens: every CJK character is one
token; every other ``\\w+`` run is one token (lower-cased).  Bags of 4-token
shingles; per page P = tp/(tp+fp), R = tp/(tp+fn); an empty prediction gives
P = R = 0, both empty gives 1.  Macro-average P and R over pages, then
F1 = 2PR/(P+R).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_P_TAG = re.compile(r"</?p\s*>", re.I)
SHINGLE = 4


def tokens(text: str) -> list[str]:
    """CJK characters and lower-cased non-CJK word runs."""
    return [t.lower() for t in _TOKEN.findall(text)]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Bag of 4-token shingles (a shorter text is one shingle of all its tokens)."""
    toks = tokens(text)
    if 0 < len(toks) < SHINGLE:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1))


def strip_p_tags(gold: str) -> str:
    """Reference files mark paragraphs with <p>…</p>; the tags are removed."""
    return _P_TAG.sub("", gold)


def page_pr(prediction: str, gold: str) -> tuple[float, float]:
    """(precision, recall) of one page."""
    pred, ref = shingles(prediction), shingles(gold)
    if not pred and not ref:
        return 1.0, 1.0
    if not pred or not ref:
        return 0.0, 0.0
    tp = sum((pred & ref).values())
    return tp / sum(pred.values()), tp / sum(ref.values())


@dataclass(slots=True)
class Score:
    """Macro P/R over pages and their F1."""

    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def macro(pairs: list[tuple[float, float]]) -> Score:
    """Macro-average a list of per-page (P, R)."""
    if not pairs:
        return Score(0.0, 0.0, 0)
    return Score(sum(p for p, _ in pairs) / len(pairs), sum(r for _, r in pairs) / len(pairs), len(pairs))
