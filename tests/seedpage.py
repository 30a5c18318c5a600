"""Build portal-style HTML pages from the seed text at test time.

The seed (../shared/seed) is a plain-text rendering of a content-farm page:
boilerplate lines above and below, body paragraphs indented by two spaces.
The page is rebuilt as HTML with each boilerplate line in its own element,
the way such portals lay them out, so tests can check that none survives.
"""
from __future__ import annotations

from html import escape


def seed_parts(seed_text: str) -> tuple[list[str], str, list[str], list[str]]:
    """(header lines, title, body paragraphs, footer lines) of the seed text."""
    lines = [ln.rstrip() for ln in seed_text.splitlines()]
    first_body = next(i for i, ln in enumerate(lines) if ln.startswith("  ") and ln.strip())
    last_body = max(i for i, ln in enumerate(lines) if ln.startswith("  ") and ln.strip())
    head = [ln.strip() for ln in lines[:first_body] if ln.strip()]
    body = [ln.strip() for ln in lines[first_body:last_body + 1] if ln.strip()]
    foot = [ln.strip() for ln in lines[last_body + 1:] if ln.strip()]
    return [head[0], *head[2:]], head[1], body, foot


def seed_html(seed_text: str, charset: str = "utf-8", extra_head: str = "") -> bytes:
    """The seed as a portal page: breadcrumb, title, widget line, article, footer."""
    header, title, body, footer = seed_parts(seed_text)
    crumbs = "".join(f"<a href='/c{i}'>{escape(p.strip())}</a> / " for i, p in enumerate(header[0].split("/")))
    info = "".join(f"<div class='info'>{escape(line)}</div>" for line in header[1:])
    paras = "".join(f"<p>&nbsp;&nbsp;{escape(p)}</p>" for p in body)
    foot = "".join(f"<div class='foot'>{escape(line)}</div>" for line in footer)
    html = (
        f"<!DOCTYPE html><html><head><meta charset='{charset}'><title>{escape(title)}_头条快讯网</title>"
        f"{extra_head}</head><body><div class='crumb'>{crumbs}</div>"
        f"<div class='main'><h1>{escape(title)}</h1>{info}<div class='content'>{paras}</div></div>"
        f"{foot}</body></html>"
    )
    return html.encode(charset, errors="xmlcharrefreplace")
