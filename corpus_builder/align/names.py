"""Proper names across scripts: 卡瓦诺 / Kavanaugh / Кавано share a sound skeleton.

A skeleton is the sequence of consonant classes of a romanised name (labials,
dentals, velars, sibilants, liquids, nasals, f/v), vowels and h dropped,
repeats collapsed, first KEY_LEN classes kept.  Chinese transliterations are
read through a table of the Han characters used for foreign names and their
pinyin (``data/translit_zh.tsv``); Cyrillic is romanised letter by letter;
Latin words are taken as they are.  Two spellings of one name usually get
the same skeleton; two different words rarely do.  No model, no download.
"""
from __future__ import annotations

import re
from functools import lru_cache

from corpus_builder.resources import read_lines

KEY_LEN = 3
MIN_KEY = 2
_CYR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                "a b v g d e e zh z i i k l m n o p r s t u f h ts ch sh sh _ y _ e yu ya".split()))
# Digraphs first, then letters; letters not listed are dropped: vowels, h, y, gh,
# and f/v/w, which the three scripts render too differently (Willoughby /
# Уиллоуби / 威洛比, Kavanaugh / Кавано / 卡瓦诺).
_CLASSES = [("dzh", "TS"), ("gh", ""), ("zh", "S"), ("ch", "TS"), ("sh", "S"), ("ts", "S"), ("th", "T"),
            ("ck", "K"), ("ng", "N"), ("j", "TS"), ("q", "TS"), ("x", "S"), ("c", "K"),
            ("b", "P"), ("p", "P"), ("d", "T"), ("t", "T"), ("g", "K"), ("k", "K"), ("s", "S"), ("z", "S"),
            ("l", "L"), ("r", "L"), ("m", "M"), ("n", "N")]
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*")
_CYR_NAME = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)*")


@lru_cache(maxsize=None)
def _pinyin() -> dict[str, str]:
    table = {}
    for line in read_lines("translit_zh.tsv"):
        ch, _, py = line.partition("\t")
        table[ch.strip()] = py.strip()
    return table


# One alternation in _CLASSES order: at each position the first class that matches
# wins, characters no class matches are skipped (what a left-to-right scan does).
_CLASS_RE = re.compile("|".join(re.escape(src) for src, _ in _CLASSES))
_CLASS_OF = dict(_CLASSES)


@lru_cache(maxsize=1 << 16)  # names repeat within and across documents
def skeleton(roman: str) -> str:
    """Consonant-class skeleton of a romanised word (see the module doc)."""
    out: list[str] = []
    for match in _CLASS_RE.finditer(roman.lower()):
        for c in _CLASS_OF[match.group()]:
            if not out or out[-1] != c:
                out.append(c)
        if len(out) > KEY_LEN:
            break
    return "".join(out)[:KEY_LEN]


@lru_cache(maxsize=1 << 16)  # names repeat within and across documents
def romanise_ru(word: str) -> str:
    return "".join(_CYR.get(ch, ch) for ch in word.lower()).replace("_", "")


@lru_cache(maxsize=1)
def _han_run_re() -> re.Pattern:
    """Maximal runs of 2+ transliteration characters: single ones (four runs in five) are never
    names, and the engine drops them faster than a Python loop (written [c][c]+, not {2,}: faster)."""
    chars = "[" + "".join(map(re.escape, _pinyin())) + "]"
    return re.compile(chars + chars + "+")


def _han_runs(text: str) -> list[str]:
    """Pinyin of the maximal runs (3+ characters, or 2 that romanise to 5+ letters) of
    transliteration characters; a name's parts split at · or any other character."""
    return [roman for roman in map(_han_roman, _han_run_re().findall(text)) if roman]


@lru_cache(maxsize=1 << 16)  # names repeat within and across documents
def _han_roman(run: str) -> str:
    """Pinyin of a run of transliteration characters; "" for a run too short to be a name."""
    table = _pinyin()
    roman = [table[ch] for ch in run]
    if len(roman) >= 3 or (len(roman) == 2 and len("".join(roman)) >= 5):
        return "".join(roman)
    return ""  # as a name it would have no skeleton either


def name_keys(text: str, lang: str) -> list[str]:
    """Skeletons of the name-like words of a segment (those of at least MIN_KEY classes)."""
    romans = _han_runs(text) if lang == "zh" else list(map(romanise_ru, _CYR_NAME.findall(text)))
    return [key for key in map(skeleton, romans + _LATIN_NAME.findall(text)) if len(key) >= MIN_KEY]
