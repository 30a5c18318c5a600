"""Where a page names its own site: the names :func:`metadata.clean_title
<corpus_builder.text.metadata.clean_title>` cuts off a ``<title>``.

Besides ``og:site_name`` and ``application-name``, sites write their name in
their copyright lines ("© 2020 Министерство иностранных дел", "新华网 版权所有").
Those are found among the body's text nodes by ``str.find`` in one string of
all of them: a regex search of each node cost almost as much as collecting
the nodes (a page has a thousand text nodes, and a handful of copyright lines).
"""
from __future__ import annotations

import re

from lxml import etree

from corpus_builder.text.paragraphs import squash

MAX_COPYRIGHT_LINES = 20  # the first ones of the page: the footer's
_COPYRIGHT_MARKS = ("©", "版权所有", "Copyright", "copyright")  # copyright lines, where sites write their own name
_COPYRIGHT_LINE = re.compile("|".join(map(re.escape, _COPYRIGHT_MARKS)))
# the body's text nodes as plain str: testing them in Python costs less than asking XPath's
# contains() (which copies every text node again for every mark) or tostring()ing the page first
_BODY_TEXTS = etree.XPath("descendant::body/descendant::text()", smart_strings=False)
_GAP = "\x00"  # joins the texts: no text node holds one (libxml2 drops NULs), so a match never spans two


def site_names(tree: etree._Element, meta: dict[str, str], parts: tuple[str, ...] = ()) -> str:
    """Where the page names its site: og:site_name, application-name, and (when those name
    none of the title's ``parts``) its copyright lines (the first MAX_COPYRIGHT_LINES text
    nodes of the body holding a mark of _COPYRIGHT_MARKS, whitespace collapsed); one string,
    for containment tests."""
    names = [n for n in (meta.get("og:site_name", ""), meta.get("application-name", "")) if n]
    if not any(part in name for part in parts for name in names):
        names += [squash(text) for text in marked_texts(_BODY_TEXTS(tree))[:MAX_COPYRIGHT_LINES]]
    return "\n".join(names)


def marked_texts(texts: list[str]) -> list[str]:
    """The ``texts`` holding a mark of _COPYRIGHT_MARKS, in order (what a _COPYRIGHT_LINE search
    of each keeps)."""
    joined = _GAP.join(texts)
    if joined.count(_GAP) >= len(texts):  # a text holding a NUL after all: search each
        return [text for text in texts if _COPYRIGHT_LINE.search(text)]
    starts = set()  # where each text holding a mark starts in ``joined``
    for mark in _COPYRIGHT_MARKS:
        at = joined.find(mark)
        while at >= 0:
            starts.add(joined.rfind(_GAP, 0, at) + 1)
            end = joined.find(_GAP, at)  # on from the next text: one start per text and mark
            at = joined.find(mark, end) if end >= 0 else -1
    return [joined[start:].partition(_GAP)[0] for start in sorted(starts)]
