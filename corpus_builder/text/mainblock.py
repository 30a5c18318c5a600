"""Find the main text of a page in one scoring pass over the lxml tree.

1. The tree is flattened into text blocks (:mod:`corpus_builder.text.blocks`).
2. Each block gets a weight: article-like text (punctuation, little link
   text) counts its letters; link lists, short unpunctuated furniture and
   lines matching the boilerplate lexicon count against.
3. Every element sums the weights of the blocks under it; the element with
   the highest sum, not marked as furniture by ``data/boilerplate/
   block_hints.txt``, is the article container (a maximum-weight subtree:
   it takes in all article paragraphs and as little furniture as possible).
4. The container's blocks are kept, except link lists, furniture,
   widgets, teaser feeds and menu-led side columns inside it
   (:mod:`corpus_builder.text.selection`);
   a lead printed in a box of its own between the headline and the
   container is put before them (:func:`lead`).

The header (the text between the title and the article, where portals
print the date, source and author lines) and a few blocks after the article
are returned too, for the metadata.  No container with enough article-like
text means no article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from corpus_builder.text.blocks import Block, prepare
from corpus_builder.text.boilerplate import is_furniture_line
from corpus_builder.text.hints import Hints, ancestors
from corpus_builder.text.lang import detect_lang
from corpus_builder.text.metadata import squash
from corpus_builder.text.paragraphs import join_soft_breaks
from corpus_builder.text.posts import one_post
from corpus_builder.text.selection import (
    LINK_LIST_DENSITY,
    WIDGET_LINKS,
    muted_blocks,
    select_blocks,
    sidebar_columns,
    teaser_feeds,
    widgets,
)
from corpus_builder.text.spans import Spans

_WORDS = re.compile(r"\w+")
MIN_ARTICLE_WEIGHT = 40   # letters of article-like text below which there is no article
LEAD_WEIGHT = 50          # a block under the headline this article-like may be a lead (see lead())
BLOCK_COST = 10           # every block costs a little: menus are many short blocks
LEAF_TAGS = frozenset(("p", "span", "font", "strong", "b", "em", "i"))  # see widen()
ARTICLE_BONUS = 1.1       # for an element whose class/id names an article
TITLE_BONUS = 1.25        # see choose_container
TITLE_GAP = 3             # an element starting this many blocks after the title still follows it
TITLE_SEARCH_BLOCKS = 80  # how far before the article the title block is looked for
HEADER_BLOCKS = 8         # blocks before the article searched for date/credit lines
TRAILER_BLOCKS = 6        # blocks after the article searched for credit lines
LONG_LINK_LIST = 200      # letters; a link list this long (a whole menu) is no header or trailer line


@dataclass(slots=True)
class Found:
    """Main-text lines, and the header/trailer text around them for metadata."""

    lines: list[str]
    header: str = ""  # between the title and the first paragraph
    nearby: str = ""  # just before the article and just after it
    around: list[str] = field(default_factory=list)
    page_chars: int = 0  # letters of non-link text on the whole page
    page_text: str = ""  # all visible text, one block a line


def block_weight(block: Block, lang: str) -> float:
    """How article-like a block is (negative for furniture)."""
    chars, links, density = block.chars, block.link_chars, block.link_density
    if density > LINK_LIST_DENSITY or is_furniture_line(block.text, lang, chars <= 200):
        return -float(chars)
    own = chars - links
    if block.row:  # a data-table row: short and unpunctuated, yet no furniture: neutral
        return 0.0
    if block.punct == 0 and own < 30:
        return -min(float(own), 20.0) - BLOCK_COST / 2
    return own * (1.0 - density) + 5.0 * min(block.punct, own / 10) - BLOCK_COST


_TEXT_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
_ALTS_UNDER = etree.XPath(".//img/@alt")


def without_captions(kept: list[Block], captions: frozenset[str]) -> list[Block]:
    """The kept blocks but image captions: a block outside paragraphs and headings whose text
    is the alt text of an image beside it (under its element or its parent: a photo's title
    under the photo).  In a <p> the same words are article text, and a headline or a
    standfirst often doubles as the alt text of a picture elsewhere on the page."""
    if not captions:
        return kept
    return [b for b in kept if b.tag in _TEXT_TAGS or not _captions_image(b, captions)]


def _captions_image(block: Block, captions: frozenset[str]) -> bool:
    text = squash(block.text)
    if text not in captions:
        return False
    near = block.owner.getparent() if block.owner.getparent() is not None else block.owner
    return any(squash(alt) == text for alt in _ALTS_UNDER(near))


def _beyond_headline(blocks: list[Block], title_at: int) -> tuple:
    """The container chosen without the headline's weight: when the headline alone outweighs
    every box, the article is a short one (a one-sentence announcement, a decree's two lines)
    in a box of its own, beside furniture that weighs against any wrapper of both."""
    weight, blocks[title_at].weight = blocks[title_at].weight, 0.0
    spans = Spans.of(blocks)
    hints = Hints(spans.positive, headline(blocks, title_at))
    container, totals = choose_container(blocks, hints, spans, title_at)
    blocks[title_at].weight = weight
    return container, totals, spans, hints


def title_block(blocks: list[Block], title: str) -> int:
    """Index of the first block that is the page's title (-1 when none is)."""
    key = squash(title)[:20]
    if len(key) < 4:
        return -1
    for block in blocks:
        if block.text.startswith(key) and block.chars <= 2 * len(title) + 20:
            return block.index
    return -1


def headline(blocks: list[Block], title_at: int) -> etree._Element | None:
    """The element of the page's title block, when that block is a heading and not a link
    (a teaser link repeating the headline may sit in any sidebar)."""
    if title_at < 0 or blocks[title_at].link_density > LINK_LIST_DENSITY:
        return None
    return blocks[title_at].owner


def choose_container(
    blocks: list[Block], hints: Hints, spans: Spans, title_at: int = -1
) -> tuple[etree._Element | None, dict[etree._Element, float]]:
    """The element whose subtree holds the most block weight (see module doc).

    Blocks under furniture-marked elements count against every container;
    lines (not links) of a section that a stop heading opens count nothing
    (see selection.muted_blocks).
    An element that holds the title block, or starts right after it, gets
    :data:`TITLE_BONUS`: the article follows its headline, the long legal
    notice in the footer does not.  Returns the element and every element's
    total weight.
    """
    muted = muted_blocks(blocks, spans)
    # a poll's lines under a stop heading: dropped from any article (links still count)
    furniture = spans.furniture_blocks(hints)
    totals = spans.sums([0.0 if mute and block.link_density <= LINK_LIST_DENSITY
                         else -0.5 * block.chars if marked else block.weight
                         for block, mute, marked in zip(blocks, muted, furniture)])
    best, best_score = None, MIN_ARTICLE_WEIGHT
    for el, score in totals.items():
        if score * ARTICLE_BONUS * TITLE_BONUS <= best_score:
            continue  # cannot win whatever its hints: skip the class-name regexes
        hint = hints.hint(el)
        if hint < 0 or hints.furniture(el):
            continue
        score *= ARTICLE_BONUS if hint > 0 else 1.0
        start = spans.starts[el]
        if title_at >= 0 and start - TITLE_GAP <= title_at and score > 0:
            score *= TITLE_BONUS if _holds(el, blocks[title_at], start, title_at) else 1.0
        if score > best_score:
            best, best_score = el, score
    return best, totals


def widen(container: etree._Element, totals: dict[etree._Element, float]) -> list[etree._Element]:
    """The article's root elements.

    A single paragraph as the winner means the article's paragraphs are
    siblings with furniture between them (an infobox, a gallery): the
    parent's children with a positive weight are taken instead.
    """
    parent = container.getparent()
    if container.tag not in LEAF_TAGS or parent is None:
        return [container]
    return [child for child in parent if totals.get(child, 0.0) > 0 or child is container]


def lead(blocks: list[Block], title_at: int, first: int, hints: Hints,
         roots: list[etree._Element]) -> list[Block]:
    """Paragraphs between the headline and the article's roots: a lead (standfirst) that
    the portal prints in a box of its own, next to the text's box.

    Only blocks a few blocks under the headline (:data:`HEADER_BLOCKS`), article-like
    (:data:`LEAD_WEIGHT`), with little link text, not marked as furniture, and not in
    a box with the headline (an element holding both but not the text): a standfirst
    under the headline in the page's title box is a summary, not the text; nor is a
    summary that the first paragraphs repeat.
    """
    if title_at < 0 or not 0 < first - title_at <= HEADER_BLOCKS:
        return []
    heading = set(ancestors(blocks[title_at].owner))
    text = "".join(_WORDS.findall(" ".join(b.text for b in blocks[first:first + HEADER_BLOCKS])))
    found = []
    for block in blocks[title_at + 1:first]:
        if block.weight < LEAD_WEIGHT or block.link_density > WIDGET_LINKS or hints.furniture(block.owner):
            continue
        words = "".join(_WORDS.findall(block.text))
        if words[len(words) // 4:3 * len(words) // 4] in text:
            continue  # a summary that the text repeats ("摘要：…", the lead of a wire story)
        common = next(el for el in ancestors(block.owner) if el in heading)
        if any(el is common for root in roots for el in ancestors(root)):
            found.append(block)
    return found


def _holds(el: etree._Element, title: Block, start: int, title_at: int) -> bool:
    """True when ``el`` contains the title block or starts just after it."""
    if start > title_at:
        return True
    return any(anc is el for anc in ancestors(title.owner))


def _lines(blocks: list[Block]) -> list[str]:
    """Texts of header/trailer blocks, without whole menus (their dates and labels are not the page's)."""
    return [b.text for b in blocks if b.chars <= LONG_LINK_LIST or b.link_density <= LINK_LIST_DENSITY]


def _header(blocks: list[Block], kept: list[Block], title: str) -> tuple[str, int]:
    """Text between the title and the first article paragraph, and that paragraph's index.

    The title may sit inside the article container or above it; without a
    title block the few blocks before the first paragraph are the header.
    """
    key = squash(title)[:20]
    body = [b for b in kept if b.weight > 0 and not (key and key in b.text)]
    first = body[0].index if body else (kept[0].index if kept else 0)
    for block in reversed(blocks[max(0, first - TITLE_SEARCH_BLOCKS):first]):
        if key and key in block.text:
            end = min(first, block.index + 1 + HEADER_BLOCKS)
            return "\n".join(_lines(blocks[block.index + 1:end])), first
    return "\n".join(_lines(blocks[max(0, first - HEADER_BLOCKS):first])), first


def main_lines(tree: etree._Element, title: str, lang: str | None = None) -> Found:
    """The main-text lines of the page and the text around them (mutates ``tree``).

    ``lang`` selects the boilerplate lexicon; None detects it from the page.
    """
    blocks, captions = prepare(tree)
    # language of the text outside link lists: menus may be in another language (or be the same words)
    lang = lang or detect_lang(" ".join(b.text for b in blocks[:400] if b.link_density <= LINK_LIST_DENSITY))
    for block in blocks:
        block.weight = block_weight(block, lang)
    spans = Spans.of(blocks)
    title_at = title_block(blocks, title)
    hints = Hints(spans.positive, headline(blocks, title_at))
    container, totals = choose_container(blocks, hints, spans, title_at)
    if title_at >= 0 and container is blocks[title_at].owner:
        container, totals, spans, hints = _beyond_headline(blocks, title_at)
    page_chars = sum(b.chars - b.link_chars for b in blocks)
    if container is None:
        return Found(lines=[], page_chars=page_chars)
    roots = widen(container, totals)
    dropped = widgets(spans, totals) | teaser_feeds(blocks, roots, spans)
    dropped |= sidebar_columns(container, totals, blocks, spans, title_at)
    kept, first, last = select_blocks(blocks, roots, hints, dropped, spans)
    kept = without_captions(kept, captions)
    kept = lead(blocks, title_at, first, hints, roots) + one_post(kept, title)
    header, body_start = _header(blocks, kept, title)
    end = kept[-1].index if kept else last  # lines dropped at the article's end are trailer too
    trailer = blocks[end + 1:end + 1 + TRAILER_BLOCKS]
    nearby = "\n".join(_lines(blocks[max(0, first - HEADER_BLOCKS // 2):first] + trailer))
    around = _lines(blocks[max(0, min(first, body_start) - HEADER_BLOCKS):body_start] + trailer)
    joined = join_soft_breaks([(b.text, b.soft and i > 0 and kept[i - 1].index == b.index - 1)
                               for i, b in enumerate(kept)])
    return Found(lines=joined, header=header, nearby=nearby, around=around, page_chars=page_chars,
                 page_text="\n".join(b.text for b in blocks))
