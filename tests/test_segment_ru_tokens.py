"""tokenize_ru: the same tokens as razdel.tokenize, on rules, random strings and real texts."""
from __future__ import annotations

import random

import pytest
import razdel

from corpus_builder.text import ru_tokens
from corpus_builder.text.ru_tokens import segment_chunk, tokenize_ru
from corpus_builder.text.segment import tokenize


def razdel_tokens(text: str) -> list[str]:
    return [t.text for t in razdel.tokenize(text)]


@pytest.mark.parametrize("text", [
    "кто-то сказал: «Нет!»", "т.е. 3,14 и 1/2 или 1\\2, а_б", "Yahoo! и yahoo!", ":-) ;(( =) ...?! -- ** —",
    "ΔP Δσ mβж № 5", "а -б", "а- б", "-б", "б-", "2020. 5", "5 .5", "1 /2", "x _y", "(в 2020 г.)",
])
def test_rules_match_razdel(text):
    assert tokenize_ru(text) == razdel_tokens(text)


def test_dash_rule_sees_across_whitespace():
    # razdel joins "-б" after a word but not at the start of a text: the neighbour counts.
    assert tokenize_ru("а -б") == ["а", "-б"]
    assert tokenize_ru("-б") == ["-", "б"]
    assert segment_chunk("-б", before="RU") == ("-б",)
    assert segment_chunk("-б", before="PUNCT") == ("-", "б")


_ALPHABET = list("аЖ zQ 09٣ -–—‑−_.,/\\!?…:;()[]{}«»\"'„“#%$№*=+@ ΔσK₽😀\n\t\u00a0") + [
    "yahoo", "YaHoo", "т.е.", "кто-то", "1,5", "---", ":-)", ";((", "=)", "**", "...", "?!", "1/2"]


def test_random_strings_of_rule_characters_match_razdel():
    rng = random.Random(20261124)
    for _ in range(20000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 16)))
        assert tokenize_ru(text) == razdel_tokens(text), repr(text)


def test_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(ru_tokens, "CACHE_SIZE", 8)
    ru_tokens._CACHE.clear()
    words = [f"слово{i}," for i in range(50)]
    assert tokenize_ru(" ".join(words)) == razdel_tokens(" ".join(words))
    assert len(ru_tokens._CACHE) <= 8


def test_cached_chunk_with_other_neighbours_is_segmented_again():
    ru_tokens._CACHE.clear()
    assert tokenize_ru("-б") == razdel_tokens("-б")
    assert tokenize_ru("а -б") == razdel_tokens("а -б")  # same chunk, a different neighbour
    assert tokenize_ru(". -б") == razdel_tokens(". -б")


def test_tokenize_uses_it_for_russian():
    assert tokenize("Министры — 10,5 млн. т.е. кто-то", "ru") == razdel_tokens("Министры — 10,5 млн. т.е. кто-то")


def test_real_russian_texts_match_razdel(shared_dir):
    paths = sorted((shared_dir / "realdata" / "ru" / "text").glob("*.txt"))
    if not paths:
        pytest.skip("no Russian texts in ../shared/realdata")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert tokenize_ru(text) == razdel_tokens(text), path.name
