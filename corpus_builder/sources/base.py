"""A crawl source: where a site's listings are and which links are articles.

A :class:`Source` is data (one table of ``data/sources.toml``, a user's
sources file, or the CLI's ``--start-url``/``--pattern``): start URLs
(listing pages), feeds (RSS/Atom/sitemaps), a pagination template, regexes
for article and listing links, an optional XPath limiting where links are
looked for, and the allowed domains.  :meth:`Source.discover` turns a fetched
listing or feed into :class:`ListingLink` s, each with a date when the URL or the
text around the link gives one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit, urlunsplit

from corpus_builder.sources.links import feed_links, html_links, looks_like_feed, parse_html
from corpus_builder.sources.pagination import next_page_href
from corpus_builder.text.dates import date_in_text, date_in_url
from corpus_builder.urls import join_url, split_url


@dataclass(frozen=True, slots=True)
class ListingLink:
    """A URL found on a listing or feed: ``kind`` is ``article``, ``listing`` or ``next``.

    ``next`` is the listing's own next page (rel=next or a next-page word),
    ``listing`` any further listing page the source's ``listing_pattern`` matches.
    """

    url: str
    kind: str
    published: date | None = None


def normalize_url(url: str) -> str:
    """Drop the fragment; lower-case scheme and host (the rest is case-sensitive)."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


@dataclass(frozen=True, slots=True)
class Source:
    """One site (or portal section) to crawl; see data/sources.toml for the fields."""

    name: str
    languages: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    article_pattern: str = ""
    listing_pattern: str = ""
    pagination: str = ""  # e.g. "{dir}index_{n}.shtml"; {dir} = start URL up to its last "/"
    first_page: int = 1
    link_xpath: str = ""  # where article links sit on a listing page (default: every <a href>)
    title: str = ""
    notes: str = ""  # what was confirmed about the site, and what was not
    _article: re.Pattern | None = field(default=None, compare=False, repr=False)
    _listing: re.Pattern | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_article", re.compile(self.article_pattern) if self.article_pattern else None)
        object.__setattr__(self, "_listing", re.compile(self.listing_pattern) if self.listing_pattern else None)

    def refusal(self, url: str) -> str | None:
        """Why this source may not fetch ``url`` (None when it may)."""
        parts = split_url(url)
        if parts is None:  # "http://[x]/" (see corpus_builder.urls): a link to nowhere
            return "bad-url"
        if parts.scheme not in ("http", "https"):
            return "bad-scheme"
        host = (parts.hostname or "").lower()
        domains = self.allowed_domains or tuple(urlsplit(u).hostname or "" for u in self.start_urls)
        if not any(host == d or host.endswith("." + d) for d in domains):
            return "off-domain"
        return None

    def page_url(self, start: str, n: int) -> str | None:
        """The n-th listing page of a start URL (``first_page`` is the start itself)."""
        if not self.pagination or n <= self.first_page:
            return start if n <= self.first_page else None
        base = start.split("?")[0]
        folder = base[: base.rfind("/") + 1]
        return self.pagination.format(dir=folder, start=start, base=base, n=n)

    def kind_of(self, url: str) -> str | None:
        """``article``, ``listing`` or None for a link this source ignores."""
        if self.refusal(url):
            return None
        if self._article is not None and self._article.search(url):
            return "article"
        if self._listing is not None and self._listing.search(url):
            return "listing"
        return None

    def discover(self, body: bytes, url: str, encoding: str | None = None) -> list[ListingLink]:
        """Article and listing links on a fetched listing page or feed, and its next page."""
        next_href = None
        if looks_like_feed(body):
            pairs = feed_links(body)
        else:
            root = parse_html(body, encoding)
            pairs = html_links(root, self.link_xpath or None)
            next_href = next_page_href(root) if root is not None else None
        here = normalize_url(url)
        found: dict[str, ListingLink] = {}
        for href, context in pairs:
            joined = join_url(url, href)
            if joined is None:  # an href that names no place ("http://[x]/"): one link fewer, not a failed page
                continue
            target = normalize_url(joined)
            kind = self.kind_of(target)
            if kind and target != here and target not in found:
                found[target] = ListingLink(target, kind, date_in_url(target) or date_in_text(context))
        joined = join_url(url, next_href) if next_href else None
        if joined is not None:
            target = normalize_url(joined)
            if target != here and self.refusal(target) is None and self.kind_of(target) != "article":
                found[target] = ListingLink(target, "next")
        return list(found.values())
