"""Numeral readers behind clause labels (tables in data/clause_labels.toml)."""
from __future__ import annotations

import pytest

from corpus_builder.text.numerals import arabic_to_int, letter_to_int, read_numeral, roman_to_int, zh_to_int


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("九十九", 99),
    ("一百", 100), ("一百零五", 105), ("两", 2), ("12", 12),
    ("二三", None), ("十十", None), ("〇", None), ("甲", None),
])
def test_zh_to_int(text, value):
    assert zh_to_int(text) == value


@pytest.mark.parametrize("text,value", [
    ("I", 1), ("IV", 4), ("IX", 9), ("XII", 12), ("XL", 40), ("XCIX", 99),
    ("IIII", None), ("VX", None), ("IC", None), ("", None), ("A", None),
])
def test_roman_to_int(text, value):
    assert roman_to_int(text) == value


def test_arabic_full_width_and_homoglyphs():
    assert arabic_to_int("１２") == 12
    assert arabic_to_int("З") == 3  # Cyrillic Ze
    assert arabic_to_int("1О") == 10  # Cyrillic O
    assert arabic_to_int("x1") is None


def test_letters_follow_the_legal_alphabet():
    assert letter_to_int("а", "ru") == 1
    assert letter_to_int("и", "ru") == 9
    assert letter_to_int("к", "ru") == 10  # й is skipped
    assert letter_to_int("й", "ru") is None
    assert letter_to_int("c", "en") == 3


def test_unknown_numeral_kind_is_an_error():
    assert read_numeral("roman", "IV", "en") == 4
    with pytest.raises(ValueError, match="unknown numeral kind"):
        read_numeral("greek", "α", "en")


def test_roman_cyrillic_lookalikes_and_alternative_kinds():
    assert roman_to_int("ХІ") == 11  # Cyrillic Kha and Byelorussian-Ukrainian I
    assert read_numeral("arabic|roman", "12", "ru") == 12
    assert read_numeral("arabic|roman", "XII", "ru") == 12
    assert read_numeral("arabic|roman", "abc", "ru") is None
