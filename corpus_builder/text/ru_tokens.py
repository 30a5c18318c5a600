"""razdel's Russian tokenization, reimplemented for speed and checked against razdel.

razdel decides each token boundary in pure Python with an object per atom and
per split; it was a third of the build's segmentation time on Russian text.
This module gives the same tokens (``tests/test_segment_ru_tokens.py`` compares
them with razdel on real texts and on random strings of the characters its rules
treat specially) in three steps:

* razdel's tokens never span whitespace (two atoms join only when nothing
  separates them), so a text's tokens are those of its chunks, the maximal runs
  of non-space characters;
* a chunk that is one atom (a word, a number) is its own token, and word forms
  repeat, so the tokens of other chunks are remembered in a bounded cache;
* the rest is razdel's rule list (dash, underscore, float, fraction, punct,
  other, yahoo) over (type, text) pairs.

razdel's dash, underscore, float and fraction rules look two atoms to each
side of a split, across whitespace: in ``а -б`` the ``-`` joins ``б`` because
``а`` is a word, while a lone ``-б`` splits.  So a chunk that starts or ends
with one of those delimiters is segmented (and cached) with the atom type just
outside it.
"""
from __future__ import annotations

import re

from razdel.segmenters.punct import DASHES, ENDINGS
from razdel.segmenters.tokenize import ATOM, SMILE

_CHUNK = re.compile(r"\S+")
_ONE_ATOM = re.compile(r"[а-яё]+|[a-z]+|\d+", re.I | re.U)  # razdel's RU, LAT and INT atoms
_DELIMITERS = frozenset(DASHES + "_.,/\\")  # the characters of razdel's 2-1-1-2 rules
# Each 2-1-1-2 rule: its delimiters, and the atom types it refuses (PUNCT) or requires (INT).
_RULES_2112 = ((frozenset(DASHES), "not-punct"), (frozenset("_"), "not-punct"),
               (frozenset(".,"), "int"), (frozenset("/\\"), "int"))
_WORDLIKE = ("OTHER", "RU", "LAT")
_CACHE: dict = {}
CACHE_SIZE = 1 << 14  # multi-atom chunks only (words with punctuation): a few MB at most


def tokenize_ru(text: str) -> list[str]:
    """The texts of ``razdel.tokenize(text)``, in order."""
    chunks = _CHUNK.findall(text)
    out: list[str] = []
    last = len(chunks) - 1
    for i, chunk in enumerate(chunks):
        if _ONE_ATOM.fullmatch(chunk):
            out.append(chunk)
            continue
        before = _atom_type(chunks[i - 1][-1]) if i and chunk[0] in _DELIMITERS else None
        after = _atom_type(chunks[i + 1][0]) if i < last and chunk[-1] in _DELIMITERS else None
        key = (before, chunk, after) if before or after else chunk
        tokens = _CACHE.get(key)
        if tokens is None:
            tokens = segment_chunk(chunk, before, after)
            if len(_CACHE) >= CACHE_SIZE:
                _CACHE.clear()  # bounded: a long run's vocabulary never accumulates
            _CACHE[key] = tokens
        out += tokens
    return out


def _atom_type(char: str) -> str:
    return ATOM.match(char).lastgroup


def segment_chunk(chunk: str, before: str | None = None, after: str | None = None) -> tuple[str, ...]:
    """razdel's tokens of a chunk of non-space text; ``before``/``after`` are the atom
    types of the atoms just outside it (None at the text's edges)."""
    types, texts = [before], [""]
    for m in ATOM.finditer(chunk):
        types.append(m.lastgroup)
        texts.append(m.group())
    types.append(after)
    tokens, buffer = [], texts[1]
    for i in range(2, len(texts)):  # the split between atom i-1 and atom i
        if _joins(types, texts, i, buffer):
            buffer += texts[i]
        else:
            tokens.append(buffer)
            buffer = texts[i]
    tokens.append(buffer)
    return tuple(tokens)


def _joins(types: list, texts: list[str], i: int, buffer: str) -> bool:
    """razdel's rules, in its order, for the split before atom ``i`` (neighbours at i±2)."""
    left, right = texts[i - 1], texts[i]
    for delimiters, need in _RULES_2112:
        if left in delimiters:
            pair = (types[i - 2], types[i])
        elif right in delimiters:
            pair = (types[i - 1], types[i + 1])
        else:
            continue
        if None not in pair and (("PUNCT" not in pair) if need == "not-punct" else pair == ("INT", "INT")):
            return True
    lt, rt = types[i - 1], types[i]
    if lt == "PUNCT" and rt == "PUNCT":
        if SMILE.match(buffer + right) or (left in ENDINGS and right in ENDINGS) or left + right in ("--", "**"):
            return True
    if (lt == "OTHER" and rt in _WORDLIKE) or (lt in _WORDLIKE and rt == "OTHER"):
        return True
    return left.lower() == "yahoo" and right == "!"
