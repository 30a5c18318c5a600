"""URL parsing that never raises.

Pages and servers hand out URLs that :func:`urllib.parse.urlsplit` refuses with
ValueError (``http://[x]/``: a bracketed host that is no IP address;
``http://[::1/``: an unclosed bracket).  Such a URL names no place: callers get
None and treat it as no URL, instead of the exception failing a crawl or a build.
"""
from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit


def split_url(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or None when urlsplit refuses the URL."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def join_url(base: str, href: str) -> str | None:
    """``urljoin(base, href)``, or None when either cannot be parsed."""
    try:
        joined = urljoin(base, href)
    except ValueError:
        return None
    return joined if split_url(joined) is not None else None
