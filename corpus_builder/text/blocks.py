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

    def __post_init__(self) -> None:
        self.chars = len(self.text) - self.text.count(" ")
        self.punct = len(_PUNCT.findall(self.text))

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / self.chars) if self.chars else 1.0


class _Builder:
    """State of the walk: the text collected since the last boundary."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.link_chars = 0
        self.blocks: list[Block] = []
        self.breaks = 0  # boundaries since the last block; a single <br> is a soft break
        self.br_only = True

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.parts.append(text)
            if in_link:
                self.link_chars += len(text) - text.count(" ") - text.count("\n")

    def flush(self, owner: etree._Element, br: bool = False) -> None:
        # whitespace runs -> one space, stripped (what re.sub(r"\s+", " ", …).strip() does: both
        # use str.isspace), in C without a Python-level step per match
        if self.parts:  # most boundaries follow another one: nothing collected, nothing to join
            text = " ".join("".join(self.parts).split())
            if text:
                tag = owner.tag if isinstance(owner.tag, str) else ""
                soft = self.breaks == 1 and self.br_only
                self.blocks.append(Block(text, self.link_chars, owner, tag, len(self.blocks), soft=soft))
                self.breaks, self.br_only = 0, True
            self.parts, self.link_chars = [], 0  # (link_chars only grows with parts)
        self.breaks += 1
        self.br_only = self.br_only and br


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
    # one C pass over the class values (an XPath test per element costs ten times more)
    for value in _CLASS_ATTRIBUTES(tree):
        if (gate is None or gate.search(value.lower())) and rules.search(value):
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
# (text two levels under an <a> at most: <a><span>…</span></a>; deeper, the list is walked as usual)
_LINK_LISTS = etree.XPath(
    f"(//ul | //ol | //menu | //dir)[count(.//a) >= 2][not(.//a[string-length(.) > {MAX_LINK_TEXT}])]"
    "[not(.//text()[normalize-space()][not(parent::a or ../parent::a)])]")


def link_lists(tree: etree._Element) -> dict[etree._Element, str]:
    """Outermost all-link lists of the tree and their text.

    The text is serialised in C: items keep the whitespace the markup puts
    between them (minified markup glues them; the block is furniture anyway).
    """
    found: dict[etree._Element, str] = {}
    for el in _LINK_LISTS(tree):
        if not any(anc in found for anc in el.iterancestors()):
            found[el] = etree.tostring(el, method="text", encoding=str, with_tail=False)
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


def flatten(tree: etree._Element) -> list[Block]:
    """The text blocks of a (stripped) tree, in document order."""
    out = _Builder()
    owners: list[etree._Element] = [tree]
    links = 0
    real_links: set[etree._Element] = set()  # <a> elements counted at their start
    false_links = set(_FALSE_LINKS(tree))
    collapsed = link_lists(tree)
    cells = data_cells(tree)
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, el in walker:
        tag = el.tag  # (read once: every read builds a new str)
        if not isinstance(tag, str):
            tag = ""
        is_block = tag in BLOCK_TAGS
        if is_block and (tag == "td" or tag == "th") and el in cells:
            is_block = False
            if event == "start":
                out.add(" ", False)  # cells of a row: separated by a space
        if event == "start" and tag == "a" and el not in false_links:
            real_links.add(el)
        is_link = tag == "a" and el in real_links
        if event == "start":
            if is_block:
                out.flush(owners[-1], br=tag == "br")
                owners.append(el)
            if el in collapsed:
                walker.skip_subtree()  # its end event still comes
                out.add(collapsed[el], True)
                continue
            links += is_link
            text = el.text
            if text:  # (most elements have none: no call then)
                out.add(text, links > 0)
            continue
        links -= is_link
        if is_block:
            if tag != "br":  # a <br> was counted at its start
                out.flush(el)
            owners.pop()
        text = el.tail
        if text:
            out.add(text, links > 0)
    out.flush(owners[-1])
    if cells:
        for block in out.blocks:
            block.row = block.tag == "tr" and len(block.owner) > 0 and block.owner[0] in cells
    return out.blocks
