"""Class/id hints of containers, read from ``data/boilerplate/block_hints.txt``,
and the hints HTML5 tags give (``<nav>``, ``<footer>``, ``<aside>``, ``<figcaption>``).

``-2`` furniture for sure, ``-1`` furniture unless a big wrapper, ``+1``
article container, ``0`` no hint.  :class:`Hints` caches the hints of
elements and of their ancestor chains for one page.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from lxml import etree

from corpus_builder.resources import read_lines
from corpus_builder.text.ruleset import RuleSet

WRAPPER_SHARE = 0.5  # see Hints
# HTML5 elements that say what they are, whatever their class
TAG_HINTS = {"nav": -2, "footer": -2, "aside": -1, "figcaption": -1}


def ancestors(el: etree._Element | None):
    """``el`` and its ancestors, innermost first."""
    while el is not None:
        yield el
        el = el.getparent()


@lru_cache(maxsize=None)
def _hint_rules() -> dict[str, RuleSet]:
    """Patterns of block_hints.txt by sign: "--" strong furniture, "-" furniture, "+" article
    (as RuleSets: most labels hold none of the rules' literals, and then no regex runs)."""
    rules: dict[str, list[str]] = {"--": [], "-": [], "+": []}
    for line in read_lines("boilerplate/block_hints.txt"):
        sign, _, regex = line.partition("\t")
        if sign.strip() in rules:
            rules[sign.strip()].append(regex)
    return {sign: RuleSet(found) for sign, found in rules.items()}


def element_hint(el: etree._Element) -> int:
    """-2 furniture for sure, -1 furniture unless a big wrapper, +1 article, 0 no hint.

    A strong furniture label wins over an article label, but then only as -1
    ("article modal-enabled" may be the article's wrapper).
    """
    tag = el.tag  # (every read of .tag builds a new string)
    if tag in TAG_HINTS:
        return TAG_HINTS[tag]
    names, ident = el.get("class"), el.get("id")
    if names is None and ident is None:  # most elements: no label
        return 0
    label = f"{names or ''} {ident or ''}".strip()
    if not label or tag in ("body", "html"):
        return 0
    return label_hint(label)


@lru_cache(maxsize=4096)
def label_hint(label: str) -> int:
    """The hint of a "class id" label (cached: pages repeat their class names)."""
    rules = _hint_rules()
    article = bool(rules["+"].search(label))
    if rules["--"].search(label):
        return -1 if article else -2
    if article:
        return 1
    return -1 if rules["-"].search(label) else 0


MAX_INLINE_FURNITURE = 20  # letters; a comment counter or a "Tweet" button, never a phrase of the text


def _in_paragraphs(tree: etree._Element) -> Iterator[etree._Element]:
    """The <a> and <span> elements strictly inside a ``<p>``, in document order: those of each
    outermost ``<p>`` (an XPath ``//p//*`` merges node sets quadratically on big pages; the
    menus' links, most of a page's, are never read)."""
    nested: set[etree._Element] = set()  # (a <p> in a <p>: libxml2 closes the outer one, mostly)
    for p in tree.iter("p"):
        if len(p) and p not in nested:  # (a <p> without child elements holds neither)
            nested.update(p.iterdescendants("p"))
            yield from p.iterdescendants("a", "span")


def _short_text(el: etree._Element, limit: int) -> bool:
    """True if ``el``'s stripped text has at most ``limit`` characters; stops reading
    once it has more (the stripped text of a prefix never outgrows the whole's)."""
    seen = ""
    for piece in el.itertext():
        seen += piece
        if len(seen.strip()) > limit:
            return False
    return True


def inline_furniture(tree: etree._Element) -> list[etree._Element]:
    """Small inline elements inside paragraphs that a strong furniture label marks
    (``<p><a class="comments_count">0</a>Текст…</p>``): their text would be glued
    to the paragraph's first word.  Inline, they own no block, so the block
    hints cannot drop them.  Linear in the size of the page."""
    strong = _hint_rules()["--"]  # whatever else the label says ("article-commented-link")
    verdicts: dict[str, bool] = {}  # per label: a page repeats its menus' and counters' classes
    found = []
    for el in _in_paragraphs(tree):
        cls, ident = el.get("class"), el.get("id")
        if cls is None and ident is None:
            continue
        label = f"{cls or ''} {ident or ''}"
        marked = verdicts.get(label)
        if marked is None:
            marked = verdicts[label] = bool(strong.search(label))
        if marked and _short_text(el, MAX_INLINE_FURNITURE):
            found.append(el)
    return found


class Hints:
    """Cached class/id hints of elements and of their ancestor chains.

    A furniture hint is ignored on an element holding more than
    :data:`WRAPPER_SHARE` of the page's article-like weight: that is a layout
    wrapper ("content-with-sidebar", "article modal-enabled"), not a box of
    furniture.  A strong furniture hint is ignored on an element that holds
    the page's headline: comment sections, footers and pop-ups never hold it,
    so such a label names a wrapper of the article ("comments_page_wrapper").
    (A weak one is not: a page header marked "mh0-print" holds the headline
    and the standfirst under it, which is no article text.)
    """

    def __init__(self, positive: dict[etree._Element, float],
                 headline: etree._Element | None = None) -> None:
        """``positive``: per element, the summed positive block weight under it;
        ``headline``: the element that owns the page's title block, if any."""
        self.own: dict[etree._Element, int] = {}
        self.under: dict[etree._Element, bool] = {}
        self.positive = positive
        self.page = max(positive.values(), default=0.0)
        self.headline = set(ancestors(headline))

    def hint(self, el: etree._Element) -> int:
        hint = self.own.get(el)
        if hint is None:
            hint = element_hint(el)
            if hint == -1 and self.positive.get(el, 0.0) > WRAPPER_SHARE * self.page:
                hint = 0
            elif hint == -2 and el in self.headline:
                hint = 0
            self.own[el] = hint
        return hint

    def remember(self, elements: list[etree._Element], verdicts: list[bool]) -> None:
        """Record :meth:`furniture` verdicts found elsewhere (spans.Spans.furniture_blocks:
        top-down, each element once) for later :meth:`furniture` calls."""
        self.under.update(zip(elements, verdicts))

    def marked(self, el: etree._Element) -> bool:
        """True when ``el`` itself is marked as furniture."""
        return self.hint(el) < 0

    def furniture(self, el: etree._Element | None) -> bool:
        """True when ``el`` or an ancestor is marked as furniture."""
        chain = []
        while el is not None and el not in self.under:
            chain.append(el)
            el = el.getparent()
        value = self.under[el] if el is not None else False
        for node in reversed(chain):
            value = value or self.hint(node) < 0
            self.under[node] = value
        return value
