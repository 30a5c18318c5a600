"""A listing's next page, found on the page itself (no configuration needed).

In order: a ``rel="next"`` link (``<link>`` or ``<a>``); else a link whose
whole text is a next-page word (``data/crawl/next_words.txt``: 下一页,
Следующая, Next, », …).  When a start page shows neither (pagers written by
script, like fmprc's ``createPageHTML``), :func:`numbered_variants` gives the
usual numbered URLs of its second page (``index_1.html``, ``?page=2``,
``/page/2``, ``?PAGEN_1=2``) to probe; the one that answers with new
articles carries its template along the chain (:func:`template_url`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from corpus_builder.resources import read_lines

_INDEX = re.compile(r"^(?P<dir>.*/)(?P<stem>index|default)(?:_\d+)?\.(?P<ext>s?html?)$")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def next_words() -> frozenset[str]:
    return frozenset(_SPACES.sub("", w).lower() for w in read_lines("crawl/next_words.txt"))


def is_next_text(text: str) -> bool:
    """True when a link's whole text is a next-page word (spaces and case ignored)."""
    return _SPACES.sub("", text).lower() in next_words()


def next_page_href(root) -> str | None:
    """The href of the next page on a parsed listing (lxml root), or None."""
    for node in root.iter("link", "a"):
        rels = (node.get("rel") or "").lower().split()
        if "next" in rels and (node.get("href") or "").strip():
            return node.get("href").strip()
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:")) and is_next_text(anchor.text_content()):
            return href
    return None


def _with_query(url: str, key: str, n: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key] + [(key, str(n))]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def template_url(template: str, start: str, n: int) -> str | None:
    """Page ``n`` (the start page is 1) of ``start`` after one of the numbered templates."""
    parts = urlsplit(start)
    if template in ("page", "PAGEN_1"):
        return _with_query(start, template, n)
    if template == "path":
        path = re.sub(r"/page/\d+/?$", "", parts.path).rstrip("/")
        return urlunsplit(parts._replace(path=f"{path}/page/{n}", query="", fragment=""))
    if template.startswith("index."):  # index.html -> index_1.html for page 2
        match = _INDEX.match(parts.path)
        folder, stem = (match["dir"], match["stem"]) if match else (parts.path[: parts.path.rfind("/") + 1], "index")
        ext = template.split(".", 1)[1]
        return urlunsplit(parts._replace(path=f"{folder}{stem}_{n - 1}.{ext}", query="", fragment=""))
    return None


def numbered_variants(start: str) -> list[str]:
    """The templates worth probing for a start URL's second page, most likely first."""
    path = urlsplit(start).path or "/"
    match = _INDEX.match(path)
    if match:
        return [f"index.{match['ext']}", "page", "PAGEN_1"]
    if path.endswith("/"):
        return ["index.html", "index.shtml", "page", "path", "PAGEN_1"]
    if "." in path.rsplit("/", 1)[-1]:  # a file such as list.php or news.aspx
        return ["page", "PAGEN_1"]
    return ["page", "path", "PAGEN_1"]
