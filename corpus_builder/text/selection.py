"""Which blocks of the chosen article container are the article.

Inside the container, blocks are dropped when they are link lists, lie under
furniture-marked elements or multi-block widgets of negative weight, are
widget debris or legal notices, or follow a comments / related-news heading
(see :func:`select_blocks`).
"""
from __future__ import annotations

from lxml import etree

from corpus_builder.text.blocks import Block
from corpus_builder.text.boilerplate import MAX_STOP_HEADING, is_legal_notice, is_stop_heading
from corpus_builder.text.hints import Hints, ancestors
from corpus_builder.text.spans import Spans

LINK_LIST_DENSITY = 0.5   # blocks with more link text than this are navigation
HEADING_BAR_CHARS = 100   # a section this small is only the heading's bar: the list follows it
STOP_AFTER_WEIGHT = 200   # article weight needed before a stop heading may end the article
WIDGET_LINKS = 0.1        # share of link letters that makes a negative element a widget
FEED_ITEMS = 3            # see teaser_feeds
FEED_ITEM_BLOCKS = 3
FEED_HEADLINE_CHARS = 150
OWN_TEXT_CHARS = 40       # see own_text
MAX_FRAGMENT = 4          # unpunctuated blocks this short inside the article are widget debris


def widgets(spans: Spans, totals: dict[etree._Element, float]) -> set[etree._Element]:
    """Elements of several blocks whose total weight is negative and that hold
    links: a share bar, a teaser list.  Inside the article they are dropped
    whole; a table of short cells without links (an agenda) is not, nor a
    paragraph that holds such a box and goes on after it (:func:`own_text`)."""
    return {el for el, n in spans.counts.items()
            if n >= 2 and totals.get(el, 0.0) < 0 and spans.links[el] >= WIDGET_LINKS * spans.chars[el]
            and not own_text(el)}


def teaser_feeds(blocks: list[Block], roots: list[etree._Element], spans: Spans) -> set[etree._Element]:
    """Feeds of teasers inside the article's roots, before or after the article: elements
    made of at least :data:`FEED_ITEMS` items that each open with a linked headline
    and run at most :data:`FEED_ITEM_BLOCKS` blocks ("10:17 <a>Headline</a>" then a
    line of summary, again and again).  Their summaries read like article text,
    so only this structure tells them apart; an article with a few linked
    promotion lines between its paragraphs has longer runs between them."""
    root_set = set(roots)
    first = min(spans.starts[root] for root in roots)
    end = max(spans.starts[root] + spans.counts[root] for root in roots)
    heads: dict[etree._Element, list[int]] = {}  # count, index of the last headline, longest item
    for block in blocks[first:end]:
        if block.link_density <= LINK_LIST_DENSITY or block.chars > FEED_HEADLINE_CHARS:
            continue
        for el in ancestors(block.owner):
            if el in root_set:
                break
            if el in heads:
                found = heads[el]
                found[0], found[1], found[2] = found[0] + 1, block.index, max(found[2], block.index - found[1])
            elif spans.starts[el] == block.index:  # an element that opens with a headline
                heads[el] = [1, block.index, 0]
    return {el for el, (count, last, longest) in heads.items() if count >= FEED_ITEMS
            and max(longest, spans.starts[el] + spans.counts[el] - last) <= FEED_ITEM_BLOCKS}


MENU_LINK_CHARS = 50      # link letters of a block that is a navigation menu (see sidebar_columns)
FURNITURE_BOX_CHARS = 120  # letters of furniture blocks in a row that are a box (an address, a search form)


def sidebar_columns(container: etree._Element, totals: dict[etree._Element, float], blocks: list[Block],
                    spans: Spans, title_at: int = -1) -> set[etree._Element]:
    """Side columns inside the article container: on a portal of text columns the
    heaviest element spans them all (a column of readers' letters beside the article).

    The container's columns are the children with positive weight (below wrappers of
    one such child).  A column other than the heaviest that opens with furniture (a
    navigation menu, :data:`MENU_LINK_CHARS` link letters in one block, or a box of
    :data:`FURNITURE_BOX_CHARS` letters of furniture blocks: an address, a search
    form, an archive calendar) before any article-like block is a sidebar, unless it
    holds the headline (the heaviest column may be a teaser list beside the article).
    A label line over a section of the article ("Аккаунты: @…") is shorter than a box.
    """
    columns = [child for child in container if totals.get(child, 0.0) > 0]
    while len(columns) == 1:
        columns = [child for child in columns[0] if totals.get(child, 0.0) > 0]
    if len(columns) < 2:
        return set()
    main = max(columns, key=lambda child: totals[child])
    return {column for column in columns if column is not main and _opens_with_furniture(column, blocks, spans)
            and not spans.starts[column] <= title_at < spans.starts[column] + spans.counts[column]}


def _opens_with_furniture(el: etree._Element, blocks: list[Block], spans: Spans) -> bool:
    """True when a menu or a furniture box (see sidebar_columns) comes before any article-like
    block of ``el``."""
    start = spans.starts[el]
    furniture = 0
    for block in blocks[start:start + spans.counts[el]]:
        if block.link_density > LINK_LIST_DENSITY and block.link_chars >= MENU_LINK_CHARS:
            return True
        if block.weight > 0:
            return False
        furniture += block.chars
        if furniture >= FURNITURE_BOX_CHARS:
            return True
    return False


def own_text(el: etree._Element) -> bool:
    """True when a sentence of text sits directly in ``el`` after one of its children
    (separators between the links of a bar, " | ", are too short to count)."""
    for child in el:
        tail = child.tail
        if tail and len(tail.strip()) >= OWN_TEXT_CHARS:
            return True
    return False


def stop_section(block: Block, spans: Spans, roots: set[etree._Element]) -> etree._Element | None:
    """The section a stop heading opens: its highest ancestor that starts with it.

    ``<div class="x"><h3>相关新闻</h3><ul>…</ul></div>`` -> the div.  None when
    the heading is alone in that section (a flat layout).  An ancestor with
    text of its own is a paragraph that holds the box, not a section
    (``<p><span>teaser box</span>Text of the article…</p>``).
    """
    section = None
    for el in ancestors(block.owner):
        if el in roots or spans.starts.get(el) != block.index:
            break
        if section is not None and own_text(el):
            break  # text of its own around the section: a paragraph that holds a box, no section
        section = el
    return section if section is not None and spans.counts[section] > 1 else None


def muted_blocks(blocks: list[Block], spans: Spans) -> list[bool]:
    """Per block: True when it lies in a section opened by a stop heading (a reader
    poll, a comments box, a related-news list).  Such a section inside the
    article's element is dropped from the article (:func:`select_blocks`), so
    its lines should not count against that element when the container is
    chosen (mainblock.choose_container still counts its links: they delimit the
    article from teaser boxes).  Only sections with little article-like text
    (less than :data:`STOP_AFTER_WEIGHT`) under a heading that is no link: a
    section that holds a whole article is the article's wrapper.
    """
    muted = [False] * len(blocks)
    # short unlinked blocks, picked out in one pass (most blocks are not): a linked
    # "3 Comments" may open the whole article's wrapper
    for block in [b for b in blocks if b.chars <= MAX_STOP_HEADING and not b.link_chars]:
        if muted[block.index]:
            continue
        section = stop_section(block, spans, set()) if is_stop_heading(block.text) else None
        if section is not None and spans.positive[section] < STOP_AFTER_WEIGHT:
            start = spans.starts[section]
            muted[start:start + spans.counts[section]] = [True] * spans.counts[section]
    return muted


def _under_roots(blocks: list[Block], roots: list[etree._Element], hints: Hints,
                 dropped: set[etree._Element], spans: Spans) -> list[tuple[bool, bool] | None]:
    """Per block: None outside the roots, else (under a furniture-marked element below its root,
    under a dropped element below its root); a root itself counts for neither.  Read from the
    spans (a root's blocks, each dropped element's blocks), not by a walk up from every block."""
    state: list[tuple[bool, bool] | None] = [None] * len(blocks)
    widget = [False] * len(blocks)
    held = {root: set(spans.blocks_of(root)) for root in roots}
    for el in dropped:
        if el in held or el not in spans.starts:
            continue
        # an element holding a block of a root is below it or above it (both hold that block)
        root = next((root for root, found in held.items() if spans.starts[el] in found), None)
        if root is not None and _below(el, root, spans):
            for index in spans.blocks_of(el):
                widget[index] = True
    for root in roots:
        # the furniture verdict of the chain above a root is that of the root's parent
        above = hints.furniture(root.getparent())
        for index in held[root]:
            owner = blocks[index].owner
            if owner is root:
                marked = False
            elif not above and hints.hint(root) >= 0:
                marked = hints.furniture(owner)  # (every element above the owner is clean from the root up)
            else:
                marked = any(hints.hint(el) < 0 for el in _chain(owner, root))
            state[index] = (marked, widget[index])
    return state


def _below(el: etree._Element, root: etree._Element, spans: Spans) -> bool:
    """True when ``el``, which holds a block of ``root``, is strictly below it (not it, not above it)."""
    if spans.counts[el] != spans.counts[root]:
        return spans.counts[el] < spans.counts[root]
    return el is not root and any(anc is root for anc in el.iterancestors())


def _chain(el: etree._Element, root: etree._Element):
    """``el`` and its ancestors below ``root``."""
    while el is not root:
        yield el
        el = el.getparent()


def select_blocks(blocks: list[Block], roots: list[etree._Element], hints: Hints,
            dropped: set[etree._Element], spans: Spans) -> tuple[list[Block], int, int]:
    """Blocks kept from the article's roots, and the index range they span.

    A stop heading (comments, related news) drops the section it opens; when
    that section is only the heading (or its small bar), the list follows it
    in a flat layout and the heading ends the article, once enough article
    text was kept.
    """
    kept, first, last = [], -1, -1
    root_set = set(roots)
    under = _under_roots(blocks, roots, hints, dropped, spans)
    stopped = False
    late = [False] * len(blocks)  # under a section dropped during the loop
    for block, inside in zip(blocks, under):
        if inside is None:
            continue
        marked, widget = inside
        first = block.index if first < 0 else first
        last = block.index
        furniture = marked or widget or late[block.index]
        # a heading in a dropped widget still counts ("Другие материалы" over a teaser list);
        # one in a sidebar box marked by class does not end the article
        if not (stopped or marked) and is_stop_heading(block.text):
            section = stop_section(block, spans, root_set)
            if section is not None:
                dropped.add(section)
                for index in spans.blocks_of(section):
                    late[index] = True
            bar = section is None or spans.chars[section] <= HEADING_BAR_CHARS
            if bar and not block.link_chars and block.tag != "li":  # a tab or menu item ends nothing
                stopped = sum(b.weight for b in kept if b.weight > 0) >= STOP_AFTER_WEIGHT
            continue
        debris = block.weight < 0 and (block.chars <= MAX_FRAGMENT or is_legal_notice(block.text))
        if not (furniture or debris or stopped) and block.link_density <= LINK_LIST_DENSITY:
            kept.append(block)
    return kept, first, last
