"""Title and publication date of a page.

Title: the page's own heading (``<h1>``, then other headings and elements
whose class names a title) when it also appears in ``<title>``/``og:title``;
else ``og:title``/``<title>`` with the site name cut off (separators in
``data/metadata/title_separators.txt``; see :func:`clean_title`), so
"标题_频道_新华网" -> "标题" and "Заголовок - РИА Новости" -> "Заголовок".

Date, most trusted first: ``<meta>`` tags listed in
``data/metadata/date_meta.txt``, JSON-LD ``datePublished``, ``<time
datetime>``, a date written near the top of the article (the header line
under the title), then a date spelled in the URL.  Returns the date and the
exact string it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from lxml import etree

from corpus_builder.resources import read_lines
from corpus_builder.text.dates import best_date, date_from_url, parse_date
from corpus_builder.text.paragraphs import squash
from corpus_builder.text.sitenames import site_names
from corpus_builder.urls import split_url

_TITLE_CLASS = re.compile(r"title|headline|biaoti|tit\b|h-title|article-head", re.I)
MIN_TITLE = 4
# a site's name holding its domain name, then a colon, before the headline
_DOMAIN_PREFIX = re.compile(r"^[^:]{0,30}\b[\w-]+\.(?:com|net|org|info|ru|ua|by|kz|su|рф)\b"
                            r"[^:.!?]{0,30}:\s+(?=\S)", re.I)
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}\.?", re.I)  # "NR2.RU", "MIGnews.com.ua"
MIN_TITLE_SHARE = 0.5
MIN_HEADLINE_WORDS = 4  # an h1 this long reads like a headline, not like a site's logo


@lru_cache(maxsize=None)
def _separators() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in read_lines("metadata/title_separators.txt")))


@lru_cache(maxsize=None)
def _date_meta_names() -> tuple[str, ...]:
    return tuple(read_lines("metadata/date_meta.txt"))


@lru_cache(maxsize=64)
def title_parts(raw: str) -> tuple[str, ...]:
    """The parts of a ``<title>`` between site-name separators, domain names left out
    (unless there is nothing else).  (Cached: find_title and clean_title both ask, and the
    split costs about 10 us a title: the separators open with ``\\s*``, so the regex engine
    tries them at every position.)"""
    parts = [p.strip() for p in _separators().split(squash(raw)) if p and p.strip()]
    if parts:
        parts[0] = _DOMAIN_PREFIX.sub("", parts[0])  # "NEWSmsk.com в Москве: Заголовок"
    return tuple([p for p in parts if not _DOMAIN.fullmatch(p)] or parts)


def clean_title(raw: str, site_names: str = "") -> str:
    """Cut the site name off a ``<title>``.

    Sites put their name after the title ("标题_新华网"), so the first part
    wins, unless another part is over twice as long ("新华网 - 长标题").
    A part that is a domain name ("NR2.RU", "kleo.ru") is the site's name
    wherever it stands, and a part opening in lower case ("… - новость из
    рубрики …") describes the page: it is no headline however long.  So is
    a part that ``site_names`` holds (the page's og:site_name and its
    copyright lines: "© Министерство иностранных дел Российской Федерации").
    """
    parts = title_parts(raw)
    if not parts:
        return squash(raw)
    if site_names and len(parts) > 1:
        parts = [p for p in parts if len(p) < MIN_SITE_NAME or p not in site_names] or parts
    headlines = [p for p in parts if not p[0].islower()] or parts
    longest = max(headlines, key=len)
    return longest if len(longest) > 2 * len(parts[0]) else parts[0]


MIN_SITE_NAME = 4  # characters: a shorter title part ("РФ") is no evidence either way
@dataclass(slots=True)
class PageTags:
    """What the metadata needs from the tree, read in one walk (:func:`page_tags`) before
    main_lines strips ``<head>``: meta values (lower-cased name/property/itemprop -> first
    non-empty content, photos' own microdata left out), JSON-LD scripts,
    ``<time datetime>`` values, and the texts of h1 headings, of h2/h3 and title-classed
    elements, and of those headings that are a link to the site's home page (a logo)."""

    meta: dict[str, str] = field(default_factory=dict)
    json_ld: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    logos: set[str] = field(default_factory=set)


_HEADING_TAGS = frozenset(("h1", "h2", "h3"))
_LABELLED_TAGS = frozenset(("div", "p", "span", "td", "strong", "b"))  # a title when their class/id says so
_WALKED = (*_LABELLED_TAGS, *_HEADING_TAGS, "meta", "script", "time")


def page_tags(tree: etree._Element) -> PageTags:
    """The :class:`PageTags` of ``tree``: one walk over the elements it looks at (each
    further walk over a page's ~600 elements costs about 0.07 ms; an XPath choosing the
    elements by their attributes costs more than this loop)."""
    tags = PageTags()
    for el in tree.iter(*_WALKED):
        tag = el.tag
        if tag in _LABELLED_TAGS:  # four in five of the elements walked: few have a class or id
            cls, id_ = el.get("class"), el.get("id")
            if (cls is not None and _title_label(cls)) or (id_ is not None and _title_label(id_)):
                _add_heading(tags, el, tag)
        elif tag in _HEADING_TAGS:
            _add_heading(tags, el, tag)
        elif tag == "meta":
            _add_meta(tags.meta, el)
        elif tag == "script":
            if el.get("type") == "application/ld+json":
                tags.json_ld.append(el.text or "")
        elif el.get("datetime"):  # a <time>
            tags.times.append(el.get("datetime"))
    return tags


def _add_heading(tags: PageTags, el: etree._Element, tag: str) -> None:
    """Record a heading's text (when of a title's length) and whether it is a logo."""
    # = "".join(el.itertext()) (text and tails of the descendants, no comments), in C
    text = squash(etree.tostring(el, method="text", encoding=str, with_tail=False))
    if _home_link(el):
        tags.logos.add(text)
    if MIN_TITLE <= len(text) <= 200:
        (tags.h1 if tag == "h1" else tags.headings).append(text)


def _add_meta(out: dict[str, str], el: etree._Element) -> None:
    """Lower-cased meta name/property/itemprop -> first non-empty content."""
    key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
    value = el.get("content")
    if key and value and value.strip() and not _of_embedded_media(el):
        out.setdefault(key.strip().lower(), value.strip())


_MEDIA_TYPES = ("ImageObject", "VideoObject", "AudioObject", "MediaObject", "Photograph")


def _of_embedded_media(meta: etree._Element) -> bool:
    """True for microdata of a photo or video inside the page (``<meta itemprop="datePublished">``
    under an ImageObject, or beside an ``<img>``): its date is the picture's, not the article's
    (a photo taken the day before, a gallery of an earlier visit)."""
    if meta.get("itemprop") is None:
        return False
    parent = meta.getparent()
    if parent is not None and parent.find("img") is not None:  # beside its picture (a slide)
        return True
    for el in meta.iterancestors():
        if el.get("itemscope") is not None:
            return (el.get("itemtype") or "").rstrip("/").endswith(_MEDIA_TYPES)
    return False


def _home_link(el: etree._Element) -> bool:
    """True when all of ``el`` is one link to the site's root ("/", "http://site.ru/")."""
    if len(el) != 1 or el[0].tag != "a" or (el.text or "").strip() or (el[0].tail or "").strip():
        return False
    raw = (el[0].get("href") or "").strip()
    if not raw:  # no target, or this very page
        return False
    href = split_url(raw)
    if href is None:  # "http://[x]/" (see corpus_builder.urls) links nowhere
        return False
    return href.path in ("", "/") and not href.query and not href.fragment


@lru_cache(maxsize=4096)
def _title_label(label: str) -> bool:
    """True when a class or id value names a title (cached: a page repeats its class names).
    Testing class and id apart equals testing "class id": no alternative of _TITLE_CLASS
    holds a space, and its ``\\b`` matches at a string's end as before the space."""
    return bool(_TITLE_CLASS.search(label))


def find_title(tree: etree._Element, tags: PageTags | None = None) -> str:
    """The article title without the site name ("" when the page has none); ``tags``:
    the page's :func:`page_tags`, when already known."""
    tags = page_tags(tree) if tags is None else tags
    meta, h1, logos = tags.meta, tags.h1, tags.logos
    head_title = squash(_first_title(tree))
    declared = [t for t in (meta.get("og:title"), head_title, meta.get("twitter:title")) if t]
    headings = h1 + tags.headings
    parts = title_parts(declared[0]) if declared else ()
    n_parts = len(parts)
    # (the page's own name is looked for only when the <title> has parts to choose from)
    cleaned = clean_title(declared[0], site_names(tree, meta, parts) if n_parts > 1 else "") if declared else ""
    if cleaned in logos and n_parts == 1:
        # the <title> is only the site's name (a blog theme's): the first headline-like heading names the post
        named = [h for h in headings if h not in logos and len(h.split()) >= MIN_HEADLINE_WORDS]
        if named:
            return named[0]
    if cleaned in headings:  # before a logo heading that is the site name in <title> too
        return cleaned
    for heading in headings:
        # a heading found in <title> is the title, unless it is the site or section name
        # there ("经济参考网" in "标题-经济参考网"): then it is much shorter than the cut title
        if any(heading in squash(t) for t in declared) and len(heading) >= MIN_TITLE_SHARE * len(cleaned):
            return heading
    if _generic(n_parts, cleaned, h1):
        return h1[0]
    return cleaned or (headings[0] if headings else "")


def _first_title(tree: etree._Element) -> str:
    """``tree.findtext(".//title") or ""``, subtree by subtree: lxml's iterators look ahead for
    the next match, so the first match of an iter(tag) over the whole tree costs a walk over all
    of it, and the <title> is in the first subtree (the small <head>) on almost every page."""
    for child in tree:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            continue
        found = next(child.iter("title"), None)  # (child itself included)
        if found is not None:
            return found.text or ""
    return ""


def _generic(n_parts: int, cleaned: str, h1: list[str]) -> bool:
    """True when a ``<title>`` of several parts (``n_parts``, counted by title_parts) holds
    none of the page's headings and the page's only h1 reads like a headline
    (:data:`MIN_HEADLINE_WORDS`) without holding the cut title: the portal's generic
    title ("Новости - Округ - site.ru"), and the h1 names the article.  (A one-part
    title is the headline itself; an h1 holding the cut title is that headline with its
    rubric or subtitle glued on.)"""
    return (len(h1) == 1 and len(h1[0].split()) >= MIN_HEADLINE_WORDS and cleaned not in h1[0]
            and n_parts >= 2)


_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def tag_dates(tree: etree._Element, tags: PageTags | None = None) -> list[str]:
    """Raw date strings from meta tags, JSON-LD and <time>, most trusted first (``tags``:
    as for find_title)."""
    tags = page_tags(tree) if tags is None else tags
    values = [tags.meta[name] for name in _date_meta_names() if name in tags.meta]
    values += [match.group(1) for script in tags.json_ld for match in _DATE_PUBLISHED.finditer(script)]
    return values + tags.times


def find_date(
    tagged: list[str], url: str | None, texts: list[str] = (), page_text: str = ""
) -> tuple[date | None, str | None]:
    """(publication date, the string it was read from); (None, None) if unknown.

    ``tagged`` are the raw values of :func:`tag_dates`; ``texts`` are visible
    texts to search in order of trust (the header between the title and the
    main text, where portals print the date line, then the lines around the
    article).  A date labelled as the document's own date (成文日期, the
    first line of date_labels.txt) anywhere in ``page_text`` beats them all:
    the corpus wants the date of the document.
    """
    own = best_date(page_text, labels=1)
    if own:
        return own
    for raw in tagged:
        day = parse_date(raw)
        if day:
            return day, raw.strip()
    for text in texts:
        found = best_date(text)
        if found:
            return found
    from_url = date_from_url(url)
    if from_url:
        return from_url
    return None, None
