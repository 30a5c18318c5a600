"""Read clause numerals: arabic, Chinese, Roman and list letters.

The tables (Chinese digits and units, Roman values, letter orders, digit
homoglyphs) live in ``data/clause_labels.toml``.  Every reader returns the
integer value, or None when the string is not a well-formed numeral of its
kind (e.g. "IIII", "十十", "五百万"), so a malformed label is simply no label.
"""
from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache
from typing import Any, Callable

from corpus_builder.resources import data_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LABELS_FILE = "clause_labels.toml"


@lru_cache(maxsize=None)
def label_config() -> dict[str, Any]:
    """The parsed ``clause_labels.toml`` (styles, numeral tables, letters)."""
    with data_file(LABELS_FILE).open("rb") as fh:
        return tomllib.load(fh)


def _tables() -> dict[str, Any]:
    return label_config()["numerals"]


def arabic_to_int(text: str) -> int | None:
    """"12", full-width "１２" or "З" (a Cyrillic letter typed for 3) -> 12."""
    mapped = "".join(_tables()["homoglyphs"].get(ch, ch) for ch in text)
    mapped = unicodedata.normalize("NFKC", mapped)
    return int(mapped) if mapped.isdigit() and mapped.isascii() else None


def zh_to_int(text: str) -> int | None:
    """Chinese numeral up to 999: 一 -> 1, 十二 -> 12, 二十一 -> 21, 一百零五 -> 105.

    Arabic digits (as in 第12条) are read as such.
    """
    if text.isdigit():
        return arabic_to_int(text)
    digits, units = _tables()["zh_digits"], _tables()["zh_units"]
    total, current, last_unit = 0, None, 1000
    for ch in text:
        if ch in digits:
            if current is not None and current != 0 and digits[ch] != 0:
                return None  # two digits in a row ("二三") is no numeral
            current = digits[ch]
        elif ch in units:
            if units[ch] >= last_unit:
                return None  # "十十", "十百"
            total += (current if current else 1) * units[ch]
            current, last_unit = None, units[ch]
        else:
            return None
    total += current or 0
    return total or None


def roman_to_int(text: str) -> int | None:
    """Roman numeral in canonical form: IV -> 4, XII -> 12, Cyrillic "ХІ" -> 11; "IIII", "VX" -> None."""
    values = _tables()["roman"]
    text = "".join(_tables()["roman_homoglyphs"].get(ch, ch) for ch in text)
    if not text or any(ch not in values for ch in text):
        return None
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        value = values[ch]
        total += -value if nxt in values and values[nxt] > value else value
    return total if total > 0 and int_to_roman(total) == text else None


def int_to_roman(number: int) -> str:
    """1..399 -> canonical Roman numeral (used to reject malformed ones)."""
    out = []
    for value, sym in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
                       (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out.append(sym * count)
    return "".join(out)


def letter_to_int(text: str, lang: str) -> int | None:
    """List letter -> position: а -> 1, б -> 2, к -> 10 (ru skips й); a -> 1 (en)."""
    letters = label_config()["letters"].get(lang, label_config()["letters"]["en"])
    pos = letters.find(text.lower())
    return pos + 1 if len(text) == 1 and pos >= 0 else None


def read_numeral(kind: str, text: str, lang: str) -> int | None:
    """Dispatch on a style's ``numeral`` kind (arabic, zh, roman, letter, or "arabic|roman")."""
    readers: dict[str, Callable[[str], int | None]] = {
        "arabic": arabic_to_int,
        "zh": zh_to_int,
        "roman": roman_to_int,
        "letter": lambda t: letter_to_int(t, lang),
    }
    for name in kind.split("|"):  # alternatives, first that reads wins
        if name not in readers:
            raise ValueError(f"unknown numeral kind {name!r} in {LABELS_FILE}")
        value = readers[name](text)
        if value is not None:
            return value
    return None
