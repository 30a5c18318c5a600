"""The faster forms of text steps give what the plain forms they replaced give."""
from __future__ import annotations

import re

import pytest

from corpus_builder.text.boilerplate import Credits, _simplify_table, credit_patterns, cut_credits, simplified
from corpus_builder.text.extract import _controls, _letters
from corpus_builder.text.paragraphs import _FULLWIDTH_ALNUM, ends_with, normalize

END_PATTERNS = [re.compile(r"[,，、]$"), re.compile(r"[\W]$"), re.compile(r"[。！？.!?…:：;；」』”\"»)）]$")]
LINES = ["", ",", "a", "文字，", "文字，\n", "文字，\n\n", "a, b", "end.", "end.\n", "x\n", "\n", "а,\nб", "«цитата»"]


@pytest.mark.parametrize("pattern", END_PATTERNS)
def test_ends_with_is_search(pattern):
    assert [ends_with(pattern, line) for line in LINES] == [bool(pattern.search(line)) for line in LINES]


def test_controls_count_c0_characters_but_whitespace():
    text = "a\x00b\x01\t\n\r\x0b\x0c\x0e\x1f\x7f中\ud800"
    assert _controls(text) == len(re.findall(r"[\x00-\x08\x0e-\x1f]", text)) == 4


def test_letters_stop_at_enough_but_are_exact_below():
    text = "Это статья. " * 5
    assert _letters(text) == 45
    assert 20 <= _letters(text, enough=20) < 45
    assert _letters("Да, нет.", enough=20) == _letters("Да, нет.") == 5


def test_simplified_and_fullwidth_map_as_translate_does():
    traditional = "".join(map(chr, _simplify_table()))
    text = f"關於{traditional[:40]}的聲明 abc {traditional[40:]}。"
    assert simplified(text) == text.translate(_simplify_table()) != text
    line = "第１２条 ＡＢＣ：ｘｙｚ［１］ 和０"
    assert normalize(line, "zh") == normalize(line.translate(_FULLWIDTH_ALNUM), "zh")
    assert "１" not in normalize(line, "ru") and "：" not in normalize(line, "ru")


@pytest.mark.parametrize("line", [
    "来源：新华网 编辑：张三", "【来源：人民网】", "Источник: ТАСС", "Source: Reuters", "By John Smith",
    "作者：李四", "文/记者 王五", "这是正文，没有署名。", "Текст статьи без подписи.", "记者陈钧凯／台北报导",
])
@pytest.mark.parametrize("inline", [False, True])
def test_credit_gate_keeps_every_credit(line, inline):
    """cut_credits with its quick gate cuts what the rules one by one cut."""
    credits, plain = Credits(), Credits()
    text = line
    for kind, pattern in credit_patterns(inline):
        match = pattern.search(simplified(text))
        if match:
            getattr(plain, kind).append(text[match.start("value"):match.end("value")].strip())
            text = (text[: match.start()] + text[match.end():]).strip()
    assert cut_credits(line, credits, inline) == text
    assert (credits.source, credits.author) == (plain.source, plain.author)
