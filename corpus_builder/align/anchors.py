"""Anchors: things a segment and its translation share, whatever the language.

* numbers — digits (``2019``, ``75``, ``73/27``, ``1 000``, ``3,5``), Chinese
  numerals (``七十五``, ``二〇二〇``, ``八名``), Russian number words
  (``восьми``; ``data/number_words.tsv``) and scale words (``5000万`` =
  ``50 млн``), compared by value;
* Latin-script words kept as they are in both translations (``AM``, ``WHO``);
* lexicon concepts (see :mod:`corpus_builder.align.lexicon`);
* question and exclamation marks.

Each anchor is a key such as ``n:75``, ``l:who``, ``c:Russia``, ``p:?``;
:func:`anchors` returns them as a Counter.  Keys weigh differently
(:data:`WEIGHTS`, by prefix): a number is stronger evidence than a "?".
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from corpus_builder.align.lexicon import Lexicon, default_lexicon
from corpus_builder.align.names import name_keys
from corpus_builder.resources import read_lines

WEIGHTS = {"n": 1.0, "l": 1.0, "c": 0.8, "p": 0.4, "t": 1.0}
# Weight of an anchor seen on one side only: low for Latin words (a translation
# may transliterate "Holly Willoughby" that the other keeps in Latin) and for
# concepts (the lexicon misses some inflected or paraphrased forms).
# Name skeletons ("t") are hardly ever missed: capitalised Russian words are not all names.
MISS_WEIGHTS = {"n": 1.0, "l": 0.2, "c": 0.3, "p": 0.4, "t": 0.15}

_SPACE = "[ \u00a0\u202f]"
_SCALES = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "тыс": 1e3, "млн": 1e6, "млрд": 1e9, "трлн": 1e12,
           "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# A number (group 1) and the scale word after it, if any (group 2): the scale being optional, it never
# changes which digits are taken.  A scale word follows a number after whitespace or at once with its
# first letter in either case (not with a letter re.I also takes for it, such as Cyrillic tall te).
# The number is written \d(?:\d{0,2}(…)|\d*(…)), the same as \d{1,3}(…)|\d+(…): a pattern that starts
# with a character class lets the engine skip to the next digit in C (1.7 times faster on 723 real
# pages than a lookahead (?=\d), which the engine tries at every character, and 2.2 times than the
# bare alternation).
_SCALE_STARTS = "".join(sorted({case(w[0]) for w in _SCALES for case in (str.lower, str.upper)}))
_NUM = re.compile(rf"(\d(?:\d{{0,2}}(?:{_SPACE}\d{{3}})+(?!\d)|\d*(?:[.,]\d+)*))(?:(?=[\s{_SCALE_STARTS}])"
                  r"\s*(?i:(万亿|亿|万|тыс|млн|млрд|трлн|thousand|million|billion|trillion)))?")
_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
# The longest positional numeral read: 308 digits stay below the largest float (1.8e308), so
# float(value) cannot overflow, and below int()'s limit on digit strings (4300 by default).
_MAX_POSITIONAL = 308
_ZH_NUM = re.compile("[〇零一二两三四五六七八九十百千][〇零一二两三四五六七八九十百千]+")  # = {2,}, 3 times faster
_RU_WORD = re.compile(r"[а-я]+")
_SPACES = re.compile(_SPACE)
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def _digits_value(raw: str) -> float:
    """Value of a digit string: spaces and "1,000"-style separators dropped, "3,5" = 3.5."""
    if raw.isdigit():
        return float(raw)
    s = _SPACES.sub("", raw)
    if _THOUSANDS.fullmatch(s):
        s = s.replace(",", "")
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:  # "1.2.3": a version or a date written with dots
        return float(s.replace(".", "").replace(",", ""))


def zh_numeral(run: str) -> int | None:
    """Value of a Chinese numeral such as 七十五, 十二, 二〇二〇; None if it is not one.

    Runs without a unit (十/百/千) or a 〇 are left alone: 一 and 二 alone are too
    often parts of words (统一, 一带一路), and so are runs with any other character
    and positional runs longer than 308 digits (a line of 〇, no float holds them).
    """
    if not any(ch in run for ch in "十百千〇零"):
        return None
    if all(ch in _ZH_DIGITS for ch in run):  # positional: 二〇二〇
        return int("".join(str(_ZH_DIGITS[ch]) for ch in run)) if len(run) <= _MAX_POSITIONAL else None
    if not all(ch in _ZH_UNITS or ch in _ZH_DIGITS for ch in run):  # not a numeral: '千》'
        return None
    total, digit = 0, None
    for ch in run:
        if ch in _ZH_UNITS:
            total += (1 if digit is None else digit) * _ZH_UNITS[ch]
            digit = None
        else:
            digit = _ZH_DIGITS[ch]
    return total + (digit or 0)


def _scale_value(word: str) -> float:
    """The factor of a scale word _NUM matched."""
    value = _SCALES.get(word.lower())
    if value is None:  # re.I matched a letter whose lower() is no key's: "MİLLION" (İ -> i̇), "thouſand"
        value = next(v for key, v in _SCALES.items() if re.fullmatch(key, word, re.IGNORECASE))
    return value


def numbers(text: str) -> list[float]:
    """Numeric values written in ``text``, scale words applied."""
    found = _NUM.findall(text)
    out = [float(raw) if raw.isdigit() else _digits_value(raw) for raw, _ in found]
    for i, (_, scale) in enumerate(found):
        if scale:
            out[i] *= _scale_value(scale)
    for run in _ZH_NUM.findall(text):
        value = zh_numeral(run)
        if value is not None:
            out.append(float(value))
    return out


@lru_cache(maxsize=None)
def _ru_number_words() -> dict[str, int]:
    return {form: int(value) for form, _, value in (ln.partition("\t") for ln in read_lines("number_words.tsv"))}


@lru_cache(maxsize=None)
def _zh_count_re() -> re.Pattern:
    measures = sorted(read_lines("measure_words_zh.txt"), key=len, reverse=True)
    return re.compile(f"(?<![〇零一二两三四五六七八九十百千])([二两三四五六七八九十])(?={'|'.join(measures)})")


def word_numbers(text: str, lang: str) -> list[float]:
    """Counts written in words: Russian number words (сорока восьми = 48), Chinese 八名, 两个."""
    if lang == "zh":
        return [float(_ZH_DIGITS.get(m.group(1), 10)) for m in _zh_count_re().finditer(text)]
    if lang != "ru":
        return []
    table, out, prev_tens = _ru_number_words(), [], False
    for word in _RU_WORD.findall(text.lower().replace("ё", "е")):
        value = table.get(word)
        if value is None:
            prev_tens = False
        elif prev_tens and value < 10:
            out[-1] += value  # сорока восьми
            prev_tens = False
        else:
            out.append(float(value))
            prev_tens = value >= 20 and value % 10 == 0 and value < 100
    return out


def _number_key(value: float) -> str:
    return f"n:{value:.6g}"


def anchors(text: str, lang: str, lexicon: Lexicon | None = None,
            values: list[float] | None = None) -> Counter[str]:
    """All anchors of one segment as a Counter of keys (see the module doc).

    ``values`` is ``numbers(text)`` when the caller has it already.
    """
    values = numbers(text) if values is None else values
    found: Counter[str] = Counter(_number_key(v) for v in values + word_numbers(text, lang))
    found.update(content_anchors(text, lang, lexicon))
    found["p:?"] += text.count("?") + text.count("？")
    found["p:!"] += text.count("!") + text.count("！")
    return +found


def content_anchors(text: str, lang: str, lexicon: Lexicon | None = None) -> Counter[str]:
    """The Latin-word, concept and name anchors (keys ``l:``, ``c:``, ``t:``) of a segment."""
    lex = default_lexicon() if lexicon is None else lexicon
    # keys made by map in C: a generator costs a Python frame step a word
    latin = map("l:".__add__, map(str.lower, _LATIN.findall(text))) if lang != "en" else ()
    found: Counter[str] = Counter(latin)
    for concept, count in lex.concepts(text, lang).items():
        found["c:" + concept] += count
    found.update(map("t:".__add__, name_keys(text, lang)))
    return found


def miss_mass(a: Counter[str]) -> float:
    """Weighted mass of a segment's anchors were none of them shared (see :func:`overlap`)."""
    return sum(MISS_WEIGHTS.get(k[0], 0.5) * x for k, x in a.items())


def overlap(a: Counter[str], b: Counter[str], mass_a: float | None = None,
            mass_b: float | None = None) -> tuple[float, float]:
    """(weighted shared anchors, weighted anchors found on one side only).

    ``mass_a``/``mass_b`` are :func:`miss_mass` of the sides when the caller
    has them already; only the keys of the smaller side are visited.
    """
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    shared = shared_miss = 0.0
    for key, x in small.items():
        y = big.get(key)
        if y:
            both = min(x, y)
            shared += WEIGHTS.get(key[0], 0.5) * both
            shared_miss += MISS_WEIGHTS.get(key[0], 0.5) * both
    mass_a = miss_mass(a) if mass_a is None else mass_a
    mass_b = miss_mass(b) if mass_b is None else mass_b
    return shared, mass_a + mass_b - 2 * shared_miss
