"""zh_cut.cut: the same words as jieba's lcut(text, HMM=False), on rules, random strings and real texts."""
from __future__ import annotations

import random

import pytest

from corpus_builder.text.segment import build_tokenizer, zh_tokenizer
from corpus_builder.text.zh_cut import cut


@pytest.fixture(scope="module")
def tok():
    return zh_tokenizer()


@pytest.mark.parametrize("text", [
    "中华人民共和国和俄罗斯联邦关于新时代全面战略协作伙伴关系的联合声明",
    "一、双方认为，G20和APEC在2020年发挥了3.5%的作用。\r\n二、 上海合作组织",
    "a b c 1 2 3 abc123 x-y_z #&+. 　，。（）ＡＢ１２",
    "", " ", "\r\n\r\n", "😀中😀", "结婚的和尚未结婚的", "研究生命起源",
])
def test_examples_match_jieba(tok, text):
    assert cut(tok, text) == tok.lcut(text, False, False)


def test_single_ascii_characters_are_glued_like_jieba(tok):
    assert cut(tok, "a中b1") == tok.lcut("a中b1", False, False)
    assert "".join(cut(tok, "x y")) == "x y"


_ALPHABET = list("中国俄罗斯的是了在和人大会议联合声明第一条研究生命起源"
                 "abcXYZ019 .,_%#&+-\r\n\t　，。、（）１２ＡＢ😀é") + [
    "\r\n", "上海合作组织", "G20", "3.5%", "全面战略协作伙伴关系"]


def test_random_strings_match_jieba(tok):
    rng = random.Random(20261124)
    for _ in range(20000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 20)))
        assert cut(tok, text) == tok.lcut(text, False, False), repr(text)


def test_words_added_later_are_seen():
    tok = build_tokenizer(userdict=False)
    before = cut(tok, "中俄睦邻友好合作条约精神")
    tok.add_word("睦邻友好合作条约精神", 10 ** 6)
    after = cut(tok, "中俄睦邻友好合作条约精神")
    assert after == tok.lcut("中俄睦邻友好合作条约精神", False, False)
    assert "睦邻友好合作条约精神" in after and after != before


def test_real_chinese_texts_match_jieba(tok, shared_dir):
    paths = (sorted((shared_dir / "realdata" / "zh" / "text").glob("*.txt"))
             + sorted((shared_dir / "seed").glob("*.txt")))
    if not paths:
        pytest.skip("no Chinese texts in ../shared")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert cut(tok, text) == tok.lcut(text, False, False), path.name
