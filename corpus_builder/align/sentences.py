"""Sentence splitting for alignment: zh by punctuation, ru/en with razdel.

Chinese: a sentence ends at 。！？ (and ASCII ! ?), at ； (clauses of a
statement are often strings of ；-separated commitments that the Russian
renders as separate sentences), and at an ellipsis ……; closing quotes and
brackets right after the mark stay with the sentence (“……。”).
Russian and English: razdel's rule-based sentenize (no model).
"""
from __future__ import annotations

import re

from razdel import sentenize

_ZH_END = re.compile(r"(?:[。！？!?；;]+|…{1,2}|\.{3,})[”’\"'」』）)\]】》]*")


def split_zh(text: str) -> list[str]:
    """Chinese sentences of ``text``, stripped, none empty."""
    out, start = [], 0
    for m in _ZH_END.finditer(text):
        out.append(text[start:m.end()])
        start = m.end()
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def split_ru(text: str) -> list[str]:
    """Russian (or English) sentences of ``text`` by razdel."""
    return [s.text.strip() for s in sentenize(text) if s.text.strip()]


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of ``text``; line breaks always end a sentence."""
    split = split_zh if lang == "zh" else split_ru
    return [s for line in text.splitlines() for s in split(line)]


def count_sentences(text: str, lang: str) -> int:
    """Number of sentences (at least 1 for a non-empty text)."""
    return max(1, len(split_sentences(text, lang))) if text.strip() else 0
