"""Flatten an lxml tree into text blocks, in one pass.

A block is the text between two block-level boundaries (``<p>``, ``<div>``,
``<br>``, ``<li>``, ``<td>``, headings …), with the element that owns it and
how much of it is link text.  Scripts, styles, forms and other invisible
elements are removed first.  The walk is iterative (``etree.iterwalk``), so
deeply nested garbage cannot exhaust the recursion limit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from corpus_builder.text.hints import inline_furniture
from corpus_builder.text.invisible import drop_element, image_texts, strip_invisible

BLOCK_TAGS = frozenset((
    "p", "div", "br", "li", "ul", "ol", "td", "th", "tr", "table", "tbody", "thead", "tfoot", "h1", "h2", "h3",
    "h4", "h5", "h6", "section", "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre",
    "dd", "dt", "dl", "form", "figure", "figcaption", "center", "hr", "address", "body", "html", "caption",
    "fieldset", "legend", "details", "summary", "dir", "menu", "frame", "frameset",
))
_LIST_TAGS = ("ul", "ol", "menu", "dir")
_LISTS = frozenset(_LIST_TAGS)
_PUNCT = re.compile(r"[，。！？；、：,.!?;:…“”«»]")


@dataclass(slots=True)
class Block:
    """A run of text between block boundaries."""

    text: str
    link_chars: int
    owner: etree._Element
    tag: str
    index: int = 0
    weight: float = 0.0
    soft: bool = False  # begins after a single <br>: the line may continue the previous block
    row: bool = False   # a row of a data table (see _data_table)
    chars: int = field(init=False)
    punct: int = field(init=False)
    # link_chars / chars, at most 1.0 (1.0 without letters); an attribute, not a property: it is
    # read a few times per block, and the block's text and link text never change
    link_density: float = field(init=False)

    def __init__(self, text: str, link_chars: int, owner: etree._Element, tag: str, index: int = 0,
                 weight: float = 0.0, soft: bool = False, row: bool = False) -> None:
        # (written out, not generated with a __post_init__: a page has a hundred blocks, and
        # this is one Python call less for each)
        self.text, self.link_chars, self.owner, self.tag = text, link_chars, owner, tag
        self.index, self.weight, self.soft, self.row = index, weight, soft, row
        chars = self.chars = len(text) - text.count(" ")
        self.punct = len(_PUNCT.findall(text))
        if chars:
            density = link_chars / chars
            self.link_density = density if density < 1.0 else 1.0
        else:
            self.link_density = 1.0


MAX_LINK_TEXT = 400  # an <a> around more text than this is broken markup, not a link


# <a> elements wrapped around a whole article (unclosed or misplaced tags): no links.  The walk
# measures each <a> it passes (the length of all its text, as XPath's string-length(.) gives it) and
# walks a page again in the rare case it met one (5 of 723 real pages): one XPath over the whole
# page (descendant-or-self::a[string-length(.) > 400]) costs a C pass over every node of every page.
# The XPaths here spell out ``descendant::`` steps: ``//a[…]`` (descendant-or-self::node()/child::a)
# collects every node of the tree first, a third slower on real pages.
_FALSE_LINKS = etree.XPath(f"descendant::a[string-length(.) > {MAX_LINK_TEXT}]")


# lists whose every visible letter is link text: a menu, a teaser list.  Each becomes one
# block of link text (the same weight as its items' blocks summed, see mainblock.block_weight)
# without a Python step per item: on portal pages these lists are most of the elements.
# (text two levels under an <a> at most: <a><span>…</span></a>; deeper, the list is walked as usual;
# and no false link inside: _broken_lists.)  Evaluated by the walk on each list it reaches, outermost first: one
# XPath over the page (``(//ul | //ol | …)[…]``) costs four walks and tests the lists inside a menu too.
_ALL_LINKS = etree.XPath(
    "count(descendant::a) >= 2 and not(descendant::text()[normalize-space()][not(parent::a or ../parent::a)])")


def _broken_lists(false_links: set[etree._Element]) -> set[etree._Element]:
    """The lists holding one of ``false_links``: no link lists."""
    return {el for link in false_links for el in link.iterancestors(*_LIST_TAGS)}


def _link_list_text(el: etree._Element, broken: set[etree._Element]) -> str | None:
    """The text of the list ``el`` if it is an all-link list (not in ``broken``), else None."""
    if el in broken or not _ALL_LINKS(el):
        return None
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


# data tables (scores, standings, schedules): innermost tables of at least 3 rows of 2+ short cells.
# Their cells are no block boundaries: a row reads as one line, as it does on the page.
DATA_CELL_CHARS = 80
_DATA_TABLE = etree.XPath(  # evaluated on an innermost table
    f"count(descendant::tr[count(td|th) >= 2]) >= 3"
    f" and not(descendant::td[string-length(normalize-space(.)) > {DATA_CELL_CHARS}])")


def _data_table(table: etree._Element) -> bool:
    """True for an innermost table (no table inside) of data rows (_DATA_TABLE).  Asked by the
    walk at each table it reaches: a page without tables (most) pays nothing, and one pass over
    every node of the page to list its tables first costs as much as the walk's own pass."""
    return next(table.iterdescendants("table"), None) is None and _DATA_TABLE(table)


def _block(parts: list[str], link_parts: list[str], owner: etree._Element, index: int, soft: bool) -> Block:
    """The block of the text ``parts`` collected since the last boundary (not all whitespace)
    of which ``link_parts`` is link text."""
    # whitespace runs -> one space, stripped (what re.sub(r"\s+", " ", ...).strip() does: both use
    # str.isspace), in C.  A link's letters are counted without spaces and newlines.
    if link_parts:
        links = "".join(link_parts)
        link_chars = len(links) - links.count(" ") - links.count("\n")
    else:
        link_chars = 0
    tag = owner.tag
    return Block(" ".join("".join(parts).split()), link_chars, owner, tag if isinstance(tag, str) else "", index,
                 0.0, soft)


class _Walk:
    """One walk's results: the blocks, the cells of the data tables it met, and the false
    links it measured (see _FALSE_LINKS)."""

    __slots__ = ("blocks", "cells", "false_links")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.cells: set[etree._Element] = set()
        self.false_links: list[etree._Element] = []


def _walk(tree: etree._Element, false_links: set[etree._Element]) -> _Walk:
    """The blocks of ``tree``, with the cells of its data tables read as inline elements and
    the <a> elements of ``false_links`` as no links (with the lists holding them).

    The walk's state, written out in the loop (it is the hottest of the extraction):
    ``parts``, the text since the last boundary, never starts with a whitespace-only
    piece (such a piece only separates others), so a boundary emits a block exactly when
    ``parts`` is not empty; ``link_parts``, the link text among it (whitespace included);
    ``owners``, the open block elements; ``links``, the open real <a> elements; ``soft``,
    whether a block emitted at the next boundary begins after a single <br> (the boundary
    that emitted the previous block was a <br>, or the first boundary was a <br>);
    ``seen``, the length of all text passed, and ``marks``, its value at each open <a>.
    """
    done = _Walk()
    blocks, cells, found = done.blocks, done.cells, done.false_links
    broken = _broken_lists(false_links)
    parts: list[str] = []
    link_parts: list[str] = []
    owners = [tree]
    marks: list[int] = []
    links = seen = 0
    soft, fresh = False, True
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, el in walker:
        tag = el.tag  # (read once: every read builds a new str)
        if event == "start":
            if tag in BLOCK_TAGS and not (cells and el in cells):
                if parts:
                    blocks.append(_block(parts, link_parts, owners[-1], len(blocks), soft))
                    parts, soft = [], tag == "br"
                else:
                    soft = fresh and tag == "br"
                fresh = False
                if link_parts:
                    link_parts = []
                owners.append(el)
                if tag == "table" and _data_table(el):
                    cells.update(el.iter("td", "th"))
                # an all-link list (_ALL_LINKS: the walk reaches the outermost ones first, and
                # skips the lists inside them) is one block of its text
                elif tag in _LISTS and (text := _link_list_text(el, broken)) is not None:
                    walker.skip_subtree()  # its end event still comes
                    if len(text) > MAX_LINK_TEXT:  # (its links are shorter than its text)
                        found += _FALSE_LINKS(el)
                    seen += len(text)
                    if text:
                        if not text.isspace():
                            parts.append(text)
                        link_parts.append(text)
                    continue
            elif tag == "a":
                links += el not in false_links
                marks.append(seen)
            elif cells and parts and el in cells:
                parts.append(" ")  # cells of a row: separated by a space
            text = el.text
        else:
            if tag in BLOCK_TAGS and not (cells and el in cells):
                owners.pop()
                if tag != "br":  # a <br> was counted at its start
                    if parts:
                        blocks.append(_block(parts, link_parts, el, len(blocks), soft))
                        parts = []
                    soft = fresh = False
                    if link_parts:
                        link_parts = []
            elif tag == "a":
                links -= el not in false_links
                if seen - marks.pop() > MAX_LINK_TEXT:
                    found.append(el)
            text = el.tail
        if text:  # (most elements have none)
            seen += len(text)
            if parts or not text.isspace():
                parts.append(text)
            if links:
                link_parts.append(text)
    if parts:
        blocks.append(_block(parts, link_parts, owners[-1], len(blocks), soft))
    return done


def flatten(tree: etree._Element) -> list[Block]:
    """The text blocks of a (stripped) tree, in document order (``tree``: a page's root; on
    another element, its false links and link lists are judged within it)."""
    done = _walk(tree, set())
    if done.false_links:  # rare: walked again knowing them (see _FALSE_LINKS)
        done = _walk(tree, set(done.false_links))
    if done.cells:
        for block in done.blocks:
            block.row = block.tag == "tr" and len(block.owner) > 0 and block.owner[0] in done.cells
    return done.blocks


def prepare(tree: etree._Element) -> tuple[list[Block], frozenset[str]]:
    """The text blocks of a parsed page and its image descriptions (see image_texts);
    removes invisible and hidden elements (strip_invisible) and the inline furniture of its
    paragraphs (hints.inline_furniture) from ``tree``."""
    strip_invisible(tree)
    captions = image_texts(tree)
    for el in inline_furniture(tree):
        drop_element(el)
    return flatten(tree), captions
