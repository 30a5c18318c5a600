"""Script letter counts (counted in UTF-8 bytes) agree with the ranges they stand for."""
from __future__ import annotations

import re

from corpus_builder.text.lang import detect_lang, letter_counts, script_counts

RANGES = {
    "zh": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "en": re.compile(r"[A-Za-z\u00c0-\u024f]"),
}


def _by_regex(text: str) -> dict[str, int]:
    return {name: len(pattern.findall(text)) for name, pattern in RANGES.items()}


def test_every_code_point_is_counted_as_its_range_says():
    """All of Unicode (surrogates too), in chunks: a miscounted lead byte shows in its chunk."""
    for start in range(0, 0x110000, 2048):
        text = "".join(map(chr, range(start, min(start + 2048, 0x110000))))
        assert letter_counts(text) == _by_regex(text), hex(start)


def test_boundaries_and_mixed_text():
    text = "\u33ff\u3400\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00 ЀӿԀ Azaz@[ ÀɏɐĀ 中文。，"
    assert letter_counts(text) == _by_regex(text) == {"zh": 8, "ru": 2, "en": 7}
    assert script_counts("中文 abc") == {"zh": 6, "ru": 0, "en": 3}
    assert detect_lang("中国和俄罗斯 Россия и Китай") == "zh" and detect_lang("...") == "und"
