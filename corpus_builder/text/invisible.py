"""What a reader never sees: invisible and hidden elements, and their removal.

:func:`strip_invisible` removes scripts, styles, forms and the like, comments,
and hidden elements (a ``hidden`` attribute, ``style="display:none"``, a class
that style sheets keep out of sight).  The passes are C walks (lxml's
``strip_elements``, XPath over attributes) that hand Python only the values
it must judge: on a page just parsed, a C walk over its elements costs a
few hundredths of a millisecond, a Python loop over them (an lxml proxy
object per element) ten times more.
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from corpus_builder.resources import read_lines
from corpus_builder.text.ruleset import RuleSet, required_literals

INVISIBLE = ("script", "style", "noscript", "iframe", "template", "svg", "canvas", "select", "option",
             "textarea", "input", "button", "object", "embed", "map", "audio", "video", "head")
# style="display:none" / "visibility:hidden" (any case, spaces ignored, as the XPath translate() of
# the original rule did): the words and the letters folded for each, as the rule's calls spelled them
_HIDING_STYLES = tuple(
    (word, {ord(ch): ch.lower() for ch in letters} | {ord(" "): None})
    for word, letters in (("display:none", "DISPLAYNOE"), ("visibility:hidden", "VISIBLTYHDN")))


@lru_cache(maxsize=4096)  # (pages of a site repeat their styles and classes)
def hiding_style(style: str) -> bool:
    """True for a style attribute value that hides its element."""
    # the rule folds only some letters: folding all of them can only find more, so a style
    # without either word after a full fold (most styles; str.lower is fast) hides nothing
    folded = style.replace(" ", "").lower()
    if not any(word in folded for word, _ in _HIDING_STYLES):
        return False
    return any(word in style.translate(fold) for word, fold in _HIDING_STYLES)


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


@lru_cache(maxsize=4096)
def hiding_class(value: str) -> bool:
    """True for a class attribute value that data/boilerplate/hidden_classes.txt names."""
    gate, rules = _hidden_classes()
    return (gate is None or gate.search(value.lower()) is not None) and bool(rules.search(value))


# hidden="…" and style="…": one C pass collects these few attributes (a third of the cost of an
# XPath predicate on every element); Python judges their values.  (The paths start at the element
# they are given, the root of the page, with a descendant-or-self::* step: ``//@x`` is
# descendant-or-self::node()/@x, which collects the text nodes too.)
_HIDING_ATTRIBUTES = etree.XPath("descendant-or-self::*/@hidden | descendant-or-self::*/@style")
_CLASS_ATTRIBUTES = etree.XPath("descendant-or-self::*/@class")
_CLASS_VALUES = etree.XPath("descendant-or-self::*/@class", smart_strings=False)  # (no element per value)


def hidden_elements(tree: etree._Element) -> list[etree._Element]:
    """Elements of ``tree`` (itself included) with a hidden attribute, a hiding inline style or
    a class that style sheets keep out of sight (tooltips, screen-reader text), each once: those
    of the attributes in document order, then those of the classes."""
    found: dict[etree._Element, None] = {}  # an element with both attributes comes once
    for attribute in _HIDING_ATTRIBUTES(tree):
        # (a plain str to the cache: a smart string would keep its whole tree alive)
        if attribute.attrname == "hidden" or hiding_style(str(attribute)):
            found[attribute.getparent()] = None
    # one C pass over the class values (an XPath test per element costs ten times more); a page
    # repeats its classes, and few hide anything: their elements are looked up only then
    hiding = {value for value in set(_CLASS_VALUES(tree)) if hiding_class(value)}
    if hiding:
        for value in _CLASS_ATTRIBUTES(tree):
            if value in hiding:
                found[value.getparent()] = None
    return list(found)


_DROPPED = "cb-dropped"  # a tag name no page uses (HTML tags hold no hyphen)
# What lxml's API refuses in a text (ValueError, after it has removed the old text) though its HTML
# parser keeps it: C0 controls but \t \n \r, surrogates, U+FFFE and U+FFFF
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def drop_element(el: etree._Element) -> None:
    """Remove ``el`` and its subtree from the tree, keeping its tail text.

    A tail that would join a text holding a character lxml refuses to set
    (a form feed, an ESC) is merged by lxml itself: ``el`` is emptied,
    renamed and stripped as a tag.
    """
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        merged = ((parent.text if previous is None else previous.tail) or "") + el.tail
        if _REFUSED.search(merged):
            el.clear(keep_tail=True)
            el.tag = _DROPPED
            etree.strip_tags(parent, _DROPPED)
            return
        if previous is not None:
            previous.tail = merged
        else:
            parent.text = merged
    parent.remove(el)


def strip_invisible(tree: etree._Element) -> None:
    """Remove invisible elements, hidden elements and comments (tails are kept).

    Hidden copies of the article (schema.org metadata blocks, print versions)
    would otherwise be read as a second article.
    """
    # (one walk for all: the comments inside a removed element go with it either way)
    etree.strip_elements(tree, *INVISIBLE, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for el in hidden_elements(tree):
        drop_element(el)


MIN_CAPTION = 12  # letters: shorter alt texts ("logo", "photo") say nothing about a block


_IMAGE_ALTS = etree.XPath("descendant-or-self::img/@alt", smart_strings=False)


def image_texts(tree: etree._Element) -> frozenset[str]:
    """The image descriptions (``<img alt>``) in ``tree``, whitespace collapsed: a block outside
    a paragraph that repeats one is the image's caption, not article text."""
    return frozenset(text for text in (" ".join(alt.split()) for alt in _IMAGE_ALTS(tree))
                     if len(text) >= MIN_CAPTION)
