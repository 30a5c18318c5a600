"""Links out of listing pages (HTML) and feeds (RSS, Atom, sitemaps).

Each link comes with a little context text (the listing line or the feed
item's date fields) so that a date can be read from it.
"""
from __future__ import annotations

import logging

from lxml import etree, html

from corpus_builder.text.decode import choose_encoding, meta_charsets

log = logging.getLogger(__name__)

_FEED_ROOTS = (b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf")
_CONTEXT_CHARS = 200


def looks_like_feed(body: bytes) -> bool:
    """True for RSS/Atom/sitemap XML (judged from its first KiB)."""
    head = body[:1024].lstrip().lower()
    return any(root in head for root in _FEED_ROOTS)


def _context(anchor, cache: dict) -> str:
    """Text of the link's line: its parent element's text, bounded.

    A ``<time datetime>`` in that line goes first: the machine-readable date
    of the item beats any date in its text (kremlin's items also carry a
    hidden "updated" date, a day later).  Read once per parent (``cache``):
    100,000 links directly in ``<body>`` share one text, and reading it again
    for each link made a listing quadratic.
    """
    parent = anchor.getparent()
    node = parent if parent is not None else anchor
    text = cache.get(node)
    if text is None:
        stamps = [t.get("datetime").strip() for t in node.iter("time") if (t.get("datetime") or "").strip()]
        text = cache[node] = " ".join(stamps[:1] + node.text_content().split())[:_CONTEXT_CHARS]
    return text


def parse_html(body: bytes, encoding: str | None = None):
    """The lxml root of a listing page, or None when it is empty or not parseable.

    Decoded as the article pages are (text.decode: BOM, the HTTP charset
    ``encoding``, ``<meta>`` charsets, strict UTF-8, a detector), so that a
    下一页 on an undeclared or wrongly declared page still reads as 下一页.
    """
    if not body.strip():
        return None
    codec, _ = choose_encoding(body, [e for e in (encoding, *meta_charsets(body)) if e])
    text = body.decode(codec, "replace")
    try:
        try:
            return html.fromstring(text)
        except ValueError:  # an XML declaration with an encoding: lxml wants the bytes
            return html.fromstring(body, parser=html.HTMLParser(encoding=codec))
    except (etree.ParserError, ValueError, LookupError) as exc:
        log.warning("listing page not parseable: %s", exc)
        return None


def html_links(root, xpath: str | None = None) -> list[tuple[str, str]]:
    """(href, context) pairs of a parsed listing page, limited to an XPath when given.

    An XPath that matches nothing on the page (the site's markup changed)
    falls back to the whole page, with a warning: links are better than none.
    """
    if root is None:
        return []
    scopes = root.xpath(xpath) if xpath else [root]
    if xpath and not scopes:
        log.warning("link_xpath %r matches nothing on this page; reading every link", xpath)
        scopes = [root]
    pairs, cache = [], {}
    for scope in scopes:
        anchors = [scope] if getattr(scope, "tag", None) == "a" else scope.iter("a")
        for anchor in anchors:
            href = (anchor.get("href") or "").strip()
            if href and not href.startswith(("#", "javascript:", "mailto:")):
                pairs.append((href, _context(anchor, cache)))
    return pairs


def feed_links(body: bytes) -> list[tuple[str, str]]:
    """(url, date text) pairs of an RSS/Atom feed or a sitemap."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        log.warning("feed not parseable: %s", exc)
        return []
    if root is None:
        return []
    pairs = []
    for item in root.iter("{*}item", "{*}entry", "{*}url", "{*}sitemap"):
        url, when = "", ""
        for child in item:
            tag = etree.QName(child).localname.lower() if isinstance(child.tag, str) else ""
            if tag in ("link", "loc") and not url:
                url = (child.text or child.get("href") or "").strip()
            elif tag in ("pubdate", "published", "updated", "lastmod", "date"):
                when = when or (child.text or "").strip()
        if url:
            pairs.append((url, when))
    return pairs
