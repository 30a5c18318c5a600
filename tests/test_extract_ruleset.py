"""RuleSet answers exactly as the alternation of its rules does, only faster."""
from __future__ import annotations

import re

import pytest
from lxml import etree

from corpus_builder.resources import read_lines
from corpus_builder.text.blocks import flatten
from corpus_builder.text.invisible import strip_invisible
from corpus_builder.text.ruleset import RuleSet, required_literals, split_top

RULE_FILES = ("boilerplate/common.txt", "boilerplate/zh.txt", "boilerplate/ru.txt", "boilerplate/en.txt",
              "boilerplate/any_length.txt")


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@pytest.mark.parametrize("pattern, parts", [
    ("a|b", ["a", "b"]),
    ("(?:a|b)c", ["(?:a|b)c"]),
    (r"[|]x|\|y", ["[|]x", r"\|y"]),
    (r"[]|]z|w", ["[]|]z", "w"]),
    ("^a|", ["^a", ""]),
    ("(a", None),
    ("a)", None),
])
def test_split_top(pattern, parts):
    assert split_top(pattern) == parts


@pytest.mark.parametrize("pattern, literals", [
    ("copyright", {"copyright"}),
    (r"\(c\)\s*(?:19|20)\d\d", {"(c)"}),
    ("colou?r", {"colo"}),
    ("ab+c", {"ab"}),
    ("x{2}yz", {"yz"}),
    (r"\u4e00ICP[备证]\s*\d", {"ICP"}),
    ("(?:foo|bar)", {"foo", "bar"}),
    ("(?:foo|bar)\\d", {"foo", "bar"}),
    ("(?P<v>foo|ba)", {"foo", "ba"}),
    ("(?:foo|bar)?", None),
    ("(?=foo)[a-z]+", {"foo"}),  # a lookahead's literals are in the text too
    ("^(?=.*:)(?=.*abc)", {"abc"}),  # the set whose shortest literal is longest
    (r"x(?:\.cn|\.com)", {".cn", ".com"}),
    ("(?!foo)bar", {"bar"}),
    ("(?<!foo)[a-z]", None),
    ("(?i:abc)", None),
    ("[abc]+", None),
    ("a|", None),
    (r"\d+\.\d+", {"."}),
    ("(a", None),
])
def test_required_literals(pattern, literals):
    found = required_literals(pattern)
    assert (set(found) if found is not None else None) == literals


def _cases(rules: list[str]) -> list[str]:
    """Texts around the rules' own literals, in several cases, with look-alike letters."""
    texts = ["", " ", "©", "正文", "Все права защищены", "ALL RIGHTS RESERVED 2020", "版权所有 © 2020 新华网"]
    for rule in rules:
        for literal in required_literals(rule) or ():
            for variant in (literal, literal.upper(), literal.title(), literal.swapcase()):
                texts += [variant, f"文字 {variant} 文字", f"{variant}：2020-09-11", f"Текст {variant}."]
                texts += [variant.replace("s", "ſ"), variant.replace("в", "ᲀ"), variant.replace("I", "İ")]
    return texts


@pytest.mark.parametrize("name", RULE_FILES)
def test_rule_files_answer_as_their_alternation(name):
    rules = read_lines(name) + read_lines("boilerplate/common.txt")
    fast, plain = RuleSet(rules), _alternation(rules)
    texts = _cases(rules)
    assert any(fast.search(t) for t in texts) and not all(fast.search(t) for t in texts)
    assert [fast.search(t) for t in texts] == [bool(plain.search(t)) for t in texts]


def _cased_chars() -> list[str]:
    """Every BMP character that has another case or a case look-alike (ſ, ᲀ, K …)."""
    return [chr(c) for c in range(0x10000)
            if chr(c).lower() != chr(c) or chr(c).upper() != chr(c) or re.fullmatch("[sk]", chr(c), re.I)]


@pytest.mark.parametrize("letter", ["s", "k", "i", "в", "с", "σ", "ς", "μ", "θ", "ß", "a"])
def test_case_folding_agrees_with_the_regex_engine(letter):
    """Any character the regex engine takes for ``letter`` (ſ for s, K for k, ᲀ for в, İ for i,
    Σ for σ/ς) is found by the literal gate too, or the gate steps aside."""
    rule = f"x{letter}y"
    fast, plain = RuleSet([rule]), re.compile(rule, re.IGNORECASE)
    texts = [f"--x{ch}y--" for ch in _cased_chars()] + [f"X{ch}Y" for ch in _cased_chars()]
    assert [t for t in texts if fast.search(t)] == [t for t in texts if plain.search(t)]


def test_anchored_rules_only_match_at_the_start():
    fast = RuleSet([r"^\s*首页\s*>", "放大字体|^更多$"])
    assert fast.search("首页 > 新闻") and fast.search("更多") and fast.search("请点击放大字体")
    assert not fast.search("新闻 首页 > 国际") and not fast.search("查看更多")


def test_scanning_anchored_rules_wait_for_their_literals():
    """An anchored rule that reads along the line is tried after the literal test, still only at the start."""
    fast = RuleSet([r"^.{0,5}(?:©|copyright)\s*\d{4}", r"^(?=.{0,20}$)(?=.*来源)\d", r"^\s*x"])
    assert fast._start_gated is not None
    assert fast.search("ab © 2020") and fast.search("COPYRIGHT 2020") and fast.search("2020 来源：新华社")
    assert not fast.search("abcdef © 2020") and not fast.search("来源 2020") and not fast.search("© 20")
    assert fast.search(" x") and not fast.search("y x")


def test_block_texts_of_real_pages(shared_dir):
    """Every block of the realdata pages gets the same verdict from both."""
    rule_sets = [read_lines("boilerplate/common.txt") + read_lines(name) for name in RULE_FILES]
    texts = []
    for path in sorted((shared_dir / "realdata").glob("*/html/*.html"))[:30]:
        tree = etree.fromstring(path.read_bytes(), etree.HTMLParser())
        if tree is not None:
            strip_invisible(tree)
            texts += [block.text for block in flatten(tree)]
    assert len(texts) > 1000
    for rules in rule_sets:
        fast, plain = RuleSet(rules), _alternation(rules)
        assert [fast.search(t) for t in texts] == [bool(plain.search(t)) for t in texts]


def test_no_ascii_character_is_unsafe():
    """RuleSet.search trusts ASCII texts without looking for unsafe characters."""
    from corpus_builder.text.ruleset import _unsafe
    assert not any(_unsafe().search(chr(code)) for code in range(128))
    assert _unsafe().search("ſ") and _unsafe().search("ᲀ") and _unsafe().search("i\u0307")


@pytest.mark.parametrize("lang", ["zh", "ru", "en", "xx"])
def test_furniture_line_is_boilerplate_or_legal_notice(lang):
    """The scoring's one cached call answers as the two verdicts it stands for."""
    from corpus_builder.text.boilerplate import is_boilerplate, is_furniture_line, is_legal_notice
    lines = ["  版權所有 ", "首頁 > 新聞", " www.example.gov.cn ", "2011-12-09 18:51 國際在線", "Все права защищены",
             "Главная / Новости", "Home > News", "Copyright 2020 " + "x" * 300, "an article sentence, long enough.",
             "  " + "長" * 199 + " ", "(c) 2019 " + "слово " * 40, "© 2020"]
    for line in lines:
        for short in (True, False):
            expected = (short and is_boilerplate(line, lang)) or is_legal_notice(line, lang)
            assert is_furniture_line(line, lang, short) == expected, (line, short)
    assert any(is_furniture_line(line, lang, True) for line in lines)
