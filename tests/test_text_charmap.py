"""RunMap translates only the runs of its table's characters: the same text as str.translate."""
from __future__ import annotations

import random

from corpus_builder.text.charmap import RunMap


def _texts(alphabet: str, count: int = 2000) -> list[str]:
    rng = random.Random(19)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(count)]


def test_runmap_is_str_translate():
    tables = [
        {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)},  # to code points: full-width -> ASCII
        {ord("國"): "国", ord("說"): "说", ord("]"): "[", ord("-"): "--"},  # to strings; class metacharacters
    ]
    alphabet = "ab 1,.-]^\\國說国说中文\uff01\uff10\uff21\uff3c\uff3d\uff3e\uff5e，"
    for table in tables:
        mapped = RunMap(table)
        for text in _texts(alphabet):
            assert mapped(text) == text.translate(table)


def test_a_text_without_mappable_characters_is_returned_as_it_is():
    text = "中俄双方重申 1,200"
    assert RunMap({ord("國"): ord("国")})(text) is text
