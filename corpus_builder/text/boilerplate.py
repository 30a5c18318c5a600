"""Portal boilerplate and credit lines, with the rules kept as data.

Rules live in ``data/boilerplate/`` (see its README.md): per-language line
patterns (``zh.txt``, ``ru.txt``, ``en.txt`` plus ``common.txt``) and credit
patterns (``credits.tsv``) whose ``value`` group becomes metadata.

A paragraph is boilerplate when one of its language's patterns is found in it
and it is at most :data:`MAX_BOILERPLATE_CHARS` long: furniture is short, and
the limit keeps a rule from deleting an article paragraph that merely quotes
a phrase such as 版权所有.  Rules are written in simplified Chinese and
matched after mapping traditional characters (``zh_traditional.tsv``).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from corpus_builder.resources import read_lines
from corpus_builder.text.charmap import RunMap
from corpus_builder.text.ruleset import RuleSet

log = logging.getLogger(__name__)

MAX_BOILERPLATE_CHARS = 200
LINE_CACHE = 1 << 12  # verdicts on lines are cached: a portal repeats its furniture on every page
LANGS = ("zh", "ru", "en")


@dataclass(slots=True)
class Credits:
    """Source and author lines cut out of a text, and the furniture lines dropped.

    ``furniture`` is kept because the date line of a page is often among them.
    """

    source: list[str] = field(default_factory=list)
    author: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)

    def first(self, kind: str) -> str | None:
        values = getattr(self, kind)
        return values[0] if values else None


@lru_cache(maxsize=None)
def _simplify_table() -> dict[int, int]:
    pairs = (line.split("\t") for line in read_lines("boilerplate/zh_traditional.tsv"))
    return {ord(trad): ord(simp) for trad, simp in pairs}


@lru_cache(maxsize=None)
def _simplifier() -> RunMap:
    return RunMap(_simplify_table())


def simplified(text: str) -> str:
    """``text`` with traditional Chinese characters mapped to simplified ones (same length)."""
    # most texts (Russian, simplified Chinese) hold no traditional character: see RunMap
    return _simplifier()(text)


def _compile(name: str) -> list[re.Pattern[str]]:
    patterns = []
    for line in read_lines(name):
        try:
            patterns.append(re.compile(line, re.IGNORECASE))
        except re.error as exc:  # a bad rule is a data bug: report it, keep the others
            log.error("%s: bad pattern %r: %s", name, line, exc)
    return patterns


@lru_cache(maxsize=None)
def line_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    """Compiled boilerplate patterns for ``lang`` (common rules included).

    An unknown language gets the rules of every language.
    """
    langs = (lang,) if lang in LANGS else LANGS
    patterns = _compile("boilerplate/common.txt")
    for code in langs:
        patterns += _compile(f"boilerplate/{code}.txt")
    return tuple(patterns)


@lru_cache(maxsize=None)
def _line_rules(lang: str) -> RuleSet:
    """All of ``line_patterns(lang)`` searched as one (see text/ruleset.py: a few times faster
    than their alternation, same answers)."""
    return RuleSet(p.pattern for p in line_patterns(lang))


@lru_cache(maxsize=None)
def credit_patterns(inline: bool = False) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) pairs from ``credits.tsv``; kind is "source" or "author".

    ``inline`` selects the "-inline" rules, meant for header lines around the
    article where several labels share one line.
    """
    rules = []
    for line in read_lines("boilerplate/credits.tsv"):
        kind, _, regex = line.partition("\t")
        base, _, scope = kind.partition("-")
        if base in ("source", "author") and regex and (scope == "inline") == inline:
            rules.append((base, re.compile(regex, re.IGNORECASE)))
    return tuple(rules)


_GROUP_NAME = re.compile(r"(?<!\\)\(\?P<\w+>")


@lru_cache(maxsize=None)
def _any_credit(inline: bool) -> RuleSet:
    """Whether any of ``credit_patterns(inline)`` is found (their groups unnamed: the
    rules share the group name "value", which one alternation cannot)."""
    return RuleSet(_GROUP_NAME.sub("(?:", pattern.pattern) for _, pattern in credit_patterns(inline))


@lru_cache(maxsize=None)
def _any_length() -> RuleSet:
    return RuleSet(read_lines("boilerplate/any_length.txt"))


def _for_rules(text: str, lang: str | None) -> str:
    """The text the rules are matched on: traditional characters mapped, on pages that may be Chinese."""
    return text if lang in ("ru", "en") else simplified(text)


@lru_cache(maxsize=LINE_CACHE)
def is_legal_notice(block: str, lang: str | None = None) -> bool:
    """True for a site's legal notice (``any_length.txt``), however long the block."""
    return _any_length().search(_for_rules(block, lang))


MAX_STOP_HEADING = 60


@lru_cache(maxsize=None)
def _stop_headings() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in read_lines("boilerplate/stop_headings.txt")), re.IGNORECASE)


@lru_cache(maxsize=LINE_CACHE)
def is_stop_heading(line: str) -> bool:
    """True for a heading after which the article does not go on (comments, related news).

    (Cached: every block of the article is asked about, and short lines once more per
    container choice; a block's text hashes once.)"""
    # stripped before simplified(): the mapping turns Han into Han only, so a long
    # paragraph is turned down without mapping it
    text = line.strip().rstrip(":：»>.…").strip()
    return len(text) <= MAX_STOP_HEADING and bool(_stop_headings().fullmatch(simplified(text)))


@lru_cache(maxsize=LINE_CACHE)
def is_boilerplate(paragraph: str, lang: str) -> bool:
    """True when ``paragraph`` is short portal furniture for ``lang``."""
    text = paragraph.strip()
    if len(text) > MAX_BOILERPLATE_CHARS:
        return False
    if not is_furniture_line(paragraph, lang, True):  # (this verdict or a legal notice: mostly cached, as the
        return False                                  # scoring asked it of the same block; and mostly no)
    return _line_rules(lang).search(_for_rules(text, lang))


@lru_cache(maxsize=None)
def _furniture_rules(lang: str) -> RuleSet:
    """``line_patterns(lang)`` and the legal notices (``any_length.txt``) searched as one: True
    exactly when either set is found (one lower-casing and literal test instead of two)."""
    return RuleSet([p.pattern for p in line_patterns(lang)] + read_lines("boilerplate/any_length.txt"))


@lru_cache(maxsize=LINE_CACHE)
def is_furniture_line(paragraph: str, lang: str, short: bool) -> bool:
    """``(short and is_boilerplate(paragraph, lang)) or is_legal_notice(paragraph, lang)``, in one
    cached call that maps traditional characters once (the scoring asks it of every block)."""
    text = _for_rules(paragraph, lang)  # (maps Han to Han only: stripping before or after is one)
    if short:
        stripped = text.strip()
        if len(stripped) <= MAX_BOILERPLATE_CHARS:
            if stripped == text:  # (block texts come stripped: both sets searched in one text)
                return _furniture_rules(lang).search(text)
            if _line_rules(lang).search(stripped):
                return True
    return _any_length().search(text)


def cut_credits(paragraph: str, credits: Credits, inline: bool = False) -> str:
    """Remove source/author credits from ``paragraph``, recording their values.

    Returns what is left of the paragraph (possibly empty).  ``inline``: use
    the header-line rules (see :func:`credit_patterns`).
    """
    text = paragraph
    simple = simplified(text)  # same length: its match spans fit the original text
    if not _any_credit(inline).search(simple):
        return text  # most paragraphs: one quick no instead of a search per rule
    for kind, pattern in credit_patterns(inline):
        match = pattern.search(simple)
        if match:
            start, end = match.span("value")
            getattr(credits, kind).append(text[start:end].strip())
            text = (text[: match.start()] + text[match.end():]).strip()
            simple = simplified(text)
    return text


def strip_boilerplate(
    paragraphs: list[str], lang: str, around: list[str] = ()
) -> tuple[list[str], Credits]:
    """Drop furniture paragraphs and cut credit lines; returns (kept, credits).

    ``around`` are lines next to the article (header, trailer): only searched
    for credits, after the article's own lines.
    """
    credits = Credits()
    kept = []
    for para in paragraphs:
        rest = cut_credits(para, credits)
        if rest and not is_boilerplate(rest, lang):
            kept.append(rest)
        elif rest:
            credits.furniture.append(rest)
    for line in around:
        cut_credits(line, credits, inline=True)
    return kept, credits
