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
from functools import lru_cache

from lxml import etree

from corpus_builder.resources import read_lines
from corpus_builder.text.ruleset import RuleSet, required_literals

INVISIBLE = ("script", "style", "noscript", "iframe", "template", "svg", "canvas", "select", "option",
             "textarea", "input", "button", "object", "embed", "map", "audio", "video", "head")
BLOCK_TAGS = frozenset((
    "p", "div", "br", "li", "ul", "ol", "td", "th", "tr", "table", "tbody", "thead", "tfoot", "h1", "h2", "h3",
    "h4", "h5", "h6", "section", "article", "main", "header", "footer", "nav", "aside", "blockquote", "pre",
    "dd", "dt", "dl", "form", "figure", "figcaption", "center", "hr", "address", "body", "html", "caption",
    "fieldset", "legend", "details", "summary", "dir", "menu", "frame", "frameset",
))
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
    row: bool = False   # a row of a data table (see data_cells)
    chars: int = field(init=False)
    punct: int = field(init=False)

    def __init__(self, text: str, link_chars: int, owner: etree._Element, tag: str, index: int = 0,
                 weight: float = 0.0, soft: bool = False, row: bool = False) -> None:
        # (written out, not generated with a __post_init__: a page has a hundred blocks, and
        # this is one Python call less for each)
        self.text, self.link_chars, self.owner, self.tag = text, link_chars, owner, tag
        self.index, self.weight, self.soft, self.row = index, weight, soft, row
        self.chars = len(text) - text.count(" ")
        self.punct = len(_PUNCT.findall(text))

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / self.chars) if self.chars else 1.0


# hidden="…" and style="display:none" / "visibility:hidden" (any case, spaces ignored, as the
# XPath translate() of the original rule did).  One C pass collects the few style/hidden attributes
# (a third of the cost of an XPath predicate on every element); Python reads their values.
_HIDING_ATTRIBUTES = etree.XPath("//@hidden | //@style")
# (the words and the letters folded for each, as the rule's translate() calls spelled them)
_HIDING_STYLES = tuple(
    (word, {ord(ch): ch.lower() for ch in letters} | {ord(" "): None})
    for word, letters in (("display:none", "DISPLAYNOE"), ("visibility:hidden", "VISIBLTYHDN")))


def _hides(attribute: str) -> bool:
    """True for a hidden attribute or a style value that hides its element."""
    if attribute.attrname == "hidden":
        return True
    # the rule folds only some letters: folding all of them can only find more, so a style
    # without either word after a full fold (most styles; str.lower is fast) hides nothing
    folded = attribute.replace(" ", "").lower()
    if not any(word in folded for word, _ in _HIDING_STYLES):
        return False
    return any(word in attribute.translate(fold) for word, fold in _HIDING_STYLES)


_CLASS_ATTRIBUTES = etree.XPath("//@class")
_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)  # (no element per value: a third cheaper)


@lru_cache(maxsize=1)
def _hidden_classes() -> tuple[re.Pattern[str] | None, RuleSet]:
    """data/boilerplate/hidden_classes.txt: a gate of the rules' required literals (lower case;
    None: a rule needs none, every class is tried) and the rules that decide."""
    patterns = read_lines("boilerplate/hidden_classes.txt")
    needs: set[str] = set()
    for pattern in patterns:
        found = required_literals(pattern)
        if not found:
            return None, RuleSet(patterns)
        needs |= {literal.lower() for literal in found}
    return re.compile("|".join(map(re.escape, sorted(needs)))), RuleSet(patterns)


def hidden_elements(tree: etree._Element) -> list[etree._Element]:
    """Elements with a hidden attribute, a hiding inline style or a class that style sheets
    keep out of sight (tooltips, screen-reader text), in document order."""
    found: dict[etree._Element, None] = {}  # an element with both attributes comes once
    for attribute in _HIDING_ATTRIBUTES(tree):
        if _hides(attribute):
            found[attribute.getparent()] = None
    gate, rules = _hidden_classes()
    # one C pass over the class values (an XPath test per element costs ten times more); a page
    # repeats its classes, and few hide anything: their elements are looked up only then
    hiding = {value for value in set(_CLASS_VALUES(tree))
              if (gate is None or gate.search(value.lower())) and rules.search(value)}
    if hiding:
        for value in _CLASS_ATTRIBUTES(tree):
            if value in hiding:
                found[value.getparent()] = None
    return list(found)


_IMAGE_ALTS = etree.XPath("//img/@alt")
MIN_CAPTION = 12  # letters: shorter alt texts ("logo", "photo") say nothing about a block


def image_texts(tree: etree._Element) -> frozenset[str]:
    """The pages' image descriptions (``<img alt>``), whitespace collapsed: a block outside
    a paragraph that repeats one is the image's caption, not article text."""
    return frozenset(text for text in (" ".join(alt.split()) for alt in _IMAGE_ALTS(tree))
                     if len(text) >= MIN_CAPTION)


def drop_element(el: etree._Element) -> None:
    """Remove ``el`` and its subtree from the tree, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def strip_invisible(tree: etree._Element, markup: str | None = None) -> None:
    """Remove invisible elements, hidden elements and comments (tails are kept).

    Hidden copies of the article (schema.org metadata blocks, print versions)
    would otherwise be read as a second article.  ``markup`` is accepted for
    callers that pass the page; it is no longer needed.
    """
    etree.strip_elements(tree, *INVISIBLE, with_tail=False)
    etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for el in hidden_elements(tree):
        drop_element(el)


MAX_LINK_TEXT = 400  # an <a> around more text than this is broken markup, not a link


# <a> elements wrapped around a whole article (unclosed or misplaced tags): no links.  One C pass
# per page (string-length of an element is the length of all its text, as itertext() gives it).
_FALSE_LINKS = etree.XPath(f"//a[string-length(.) > {MAX_LINK_TEXT}]")


# lists whose every visible letter is link text: a menu, a teaser list.  Each becomes one
# block of link text (the same weight as its items' blocks summed, see mainblock.block_weight)
# without a Python step per item: on portal pages these lists are most of the elements.
# (text two levels under an <a> at most: <a><span>…</span></a>; deeper, the list is walked as usual;
# and no false link inside, see link_lists.)  Evaluated on each candidate list, outermost first: one
# XPath over the page (``(//ul | //ol | …)[…]``) costs four walks and tests the lists inside a menu too.
_LIST_TAGS = ("ul", "ol", "menu", "dir")
_ALL_LINKS = etree.XPath(
    "count(.//a) >= 2 and not(.//text()[normalize-space()][not(parent::a or ../parent::a)])")


def link_lists(tree: etree._Element, false_links: set[etree._Element] | None = None) -> dict[etree._Element, str]:
    """Outermost all-link lists of the tree's document and their text.

    ``false_links``: the document's _FALSE_LINKS, when the caller has them;
    a list holding one is no link list.  The text is serialised in C: items
    keep the whitespace the markup puts between them (minified markup glues
    them; the block is furniture anyway).
    """
    root = tree.getroottree().getroot()
    if false_links is None:
        false_links = set(_FALSE_LINKS(root))
    broken = {el for link in false_links for el in link.iterancestors(*_LIST_TAGS)}
    found: dict[etree._Element, str] = {}
    inside: set[etree._Element] = set()  # the lists in the last one found
    for el in root.iter(*_LIST_TAGS):
        if el not in inside and el not in broken and _ALL_LINKS(el):
            found[el] = etree.tostring(el, method="text", encoding=str, with_tail=False)
            inside = set(el.iter(*_LIST_TAGS))
    return found


# data tables (scores, standings, schedules): innermost tables of at least 3 rows of 2+ short cells.
# Their cells are no block boundaries: a row reads as one line, as it does on the page.
DATA_CELL_CHARS = 80
_DATA_TABLE = etree.XPath(  # evaluated on an innermost table
    f"count(.//tr[count(td|th) >= 2]) >= 3 and not(.//td[string-length(normalize-space(.)) > {DATA_CELL_CHARS}])")


def innermost_tables(tree: etree._Element) -> list[etree._Element]:
    """Tables without a table inside, in document order.

    Found by marking each table's nearest table ancestor: an XPath test
    ``table[not(.//table)]`` walks the subtree of every table, which on
    layout-table portals (tables in tables in tables) is most of the page
    many times over.
    """
    tables = list(tree.iter("table"))
    outer = {next(table.iterancestors("table"), None) for table in tables}
    return [table for table in tables if table not in outer]


def data_cells(tree: etree._Element) -> set[etree._Element]:
    """The cells (td, th) of the tree's data tables: innermost tables of at least 3 rows
    of 2+ cells, none of more than DATA_CELL_CHARS letters."""
    return {cell for table in innermost_tables(tree) if _DATA_TABLE(table) for cell in table.iter("td", "th")}


def _block(parts: list[str], link_parts: list[str], owner: etree._Element, index: int, soft: bool) -> Block:
    """The block of the text ``parts`` collected since the last boundary (not all whitespace)
    of which ``link_parts`` is link text."""
    # whitespace runs -> one space, stripped (what re.sub(r"\s+", " ", ...).strip() does: both use
    # str.isspace), in C.  A link's letters are counted without spaces and newlines.
    links = "".join(link_parts)
    tag = owner.tag
    return Block(" ".join("".join(parts).split()), len(links) - links.count(" ") - links.count("\n"), owner,
                 tag if isinstance(tag, str) else "", index, soft=soft)


def _walk(tree: etree._Element, cells: set[etree._Element]) -> list[Block]:
    """The blocks of ``tree``, with the cells of its data tables read as inline elements.

    The walk's state, written out in the loop (it is the hottest of the extraction):
    ``parts``, the text since the last boundary, never starts with a whitespace-only
    piece (such a piece only separates others), so a boundary emits a block exactly when
    ``parts`` is not empty; ``link_parts``, the link text among it (whitespace included);
    ``owners``, the open block elements; ``links``, the open real <a> elements; ``soft``,
    whether a block emitted at the next boundary begins after a single <br> (the boundary
    that emitted the previous block was a <br>, or the first boundary was a <br>).
    """
    false_links = set(_FALSE_LINKS(tree))
    collapsed = link_lists(tree, false_links)
    blocks: list[Block] = []
    parts: list[str] = []
    link_parts: list[str] = []
    owners = [tree]
    links = 0
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
                if el in collapsed:
                    walker.skip_subtree()  # its end event still comes
                    text = collapsed[el]
                    if text:
                        if not text.isspace():
                            parts.append(text)
                        link_parts.append(text)
                    continue
            elif tag == "a":
                links += el not in false_links
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
            text = el.tail
        if text:  # (most elements have none)
            if parts or not text.isspace():
                parts.append(text)
            if links:
                link_parts.append(text)
    if parts:
        blocks.append(_block(parts, link_parts, owners[-1], len(blocks), soft))
    return blocks


def flatten(tree: etree._Element) -> list[Block]:
    """The text blocks of a (stripped) tree, in document order."""
    cells = data_cells(tree)
    blocks = _walk(tree, cells)
    if cells:
        for block in blocks:
            block.row = block.tag == "tr" and len(block.owner) > 0 and block.owner[0] in cells
    return blocks
