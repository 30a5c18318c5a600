"""One post out of a listing of whole posts (a blog's home page).

Some pages show several complete posts one after another, each under its own
headline (``<td class="post-title">``, ``<h2 class="entry-title">``).  The
article container then holds them all, but the page is about one of them:
the post whose headline is the page's title, else the first (the newest).
Headline classes are data (``data/boilerplate/post_titles.txt``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from corpus_builder.resources import read_lines
from corpus_builder.text.blocks import Block
from corpus_builder.text.metadata import squash

MIN_POST_WEIGHT = 60  # article-like weight each post needs: fewer is a heading and its teaser line
LABEL_DEPTH = 3        # the block's element and its two nearest ancestors are looked at
MAX_HEADLINE = 120     # letters; a longer block is no headline


@lru_cache(maxsize=None)
def _headline_class() -> re.Pattern[str]:
    return re.compile("|".join(read_lines("boilerplate/post_titles.txt")) or "(?!)", re.I)


def _is_headline(block: Block) -> bool:
    if block.chars > MAX_HEADLINE:
        return False
    el: etree._Element | None = block.owner
    for _ in range(LABEL_DEPTH):
        if el is None:
            return False
        label = f"{el.get('class') or ''} {el.get('id') or ''}"
        if label != " " and _headline_class().search(label):
            return True
        el = el.getparent()
    return False


def _split(kept: list[Block]) -> list[list[Block]]:
    """The kept blocks cut before every headline (a run of headline blocks is one headline)."""
    posts: list[list[Block]] = [[]]
    previous = False
    for block in kept:
        headline = _is_headline(block)
        if headline and not previous and posts[-1]:
            posts.append([])
        posts[-1].append(block)
        previous = headline
    return posts


def one_post(kept: list[Block], title: str) -> list[Block]:
    """``kept`` itself, or only one post when it holds several whole posts (see module doc)."""
    posts = _split(kept)
    if len(posts) < 2 or not _is_headline(posts[1][0]):
        return kept
    full = [post for post in posts if sum(b.weight for b in post if b.weight > 0) >= MIN_POST_WEIGHT]
    if len(full) < 2:
        return kept
    key = squash(title).replace(" ", "")
    for post in full:
        head = post[0].text.replace(" ", "")
        if key and _is_headline(post[0]) and (head in key or key in head):
            return post
    return full[0]
