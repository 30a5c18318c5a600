"""Find calendar dates in strings: page text and metadata, page URLs, listing links.

Page dates (first match wins, earliest position in the string):
``2020-09-11T16:39:00+03:00``, ``2024-04-26 01:18``, ``2020/09/11``, ``2020.09.11``,
``2020年9月11日``, ``11 сентября 2020``, ``September 11, 2020``, ``11 September 2020``,
``11.09.2020`` (day first, the Russian order); years outside 1990..next year are
rejected: they are IDs, not dates.  A page's URL is read by :func:`date_from_url`
with the regexes of ``data/metadata/page_url_dates.txt`` (``/2020-09/12/``,
``/202009/t20200914_…``, ``/2020/09-12/``, ``/20200912/``).

Listing links (the crawler's ``--since``/``--until`` filter, before fetching):
:func:`date_in_url` and :func:`date_in_text` use the regexes of
``data/crawl/url_dates.txt`` and ``text_dates.txt`` (named groups ``y``,
``m``/``mon`` and, optionally, ``d``; no year window; a month folder will do).

Month names are data, one table for both: ``data/metadata/months.tsv``.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from corpus_builder.resources import read_lines

MIN_YEAR = 1990


@lru_cache(maxsize=None)
def month_names() -> dict[str, int]:
    """Lower-case month name -> month number."""
    out = {}
    for line in read_lines("metadata/months.tsv"):
        name, _, num = line.partition("\t")
        out[name.strip()] = int(num)
    return out


@lru_cache(maxsize=None)
def _text_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, group order) pairs; order names which groups are y, m, d.

    Each pattern opens with a lookahead for its first character: the regex
    engine then skips in C to the places where that character occurs, instead
    of trying the lookbehind or the month alternation at every position
    (5-8x faster on long page texts; the matches are the same).
    """
    months = month_names()
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    initials = re.escape("".join(sorted({name[0] for name in months}))) or "(?!)"
    return (
        (re.compile(r"(?=\d)(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"), "ymd"),
        (re.compile(r"(?=\d)(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "ymd"),
        (re.compile(rf"(?=\d)(?<!\d)(\d{{1,2}})\.?\s+({names})\.?,?\s+(\d{{4}})(?!\d)", re.I), "dMy"),
        (re.compile(rf"(?=[{initials}])\b({names})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)", re.I), "Mdy"),
        (re.compile(r"(?=\d)(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"), "dmy"),
    )


@lru_cache(maxsize=None)
def _regexes(name: str) -> tuple[re.Pattern[str], ...]:
    """The compiled regexes of a data file, one a line, in file order."""
    return tuple(re.compile(line) for line in read_lines(name))


def make_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the numbers are no plausible publication date."""
    if not MIN_YEAR <= year <= date.today().year + 1:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_match(match: re.Match[str], order: str) -> date | None:
    parts = dict(zip(order, match.groups()))
    month = parts.get("m") or str(month_names().get(parts.get("M", "").lower().rstrip("."), 0))
    return make_date(int(parts["y"]), int(month), int(parts["d"]))


def find_dates(text: str) -> list[tuple[int, date, str]]:
    """Every date in ``text`` as (position, date, matched string), in text order."""
    found = []
    for pattern, order in _text_patterns():
        for match in pattern.finditer(text):
            day = _from_match(match, order)
            if day:
                found.append((match.start(), day, match.group(0)))
    found.sort(key=lambda item: item[0])
    return found


@lru_cache(maxsize=None)
def _labels() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"(?:{line})\s*[:：]?\s*$", re.I) for line in read_lines("metadata/date_labels.txt"))


@lru_cache(maxsize=None)
def _any_label(count: int) -> re.Pattern[str]:
    """The first ``count`` labels in one pattern (searched in the whole page text).

    Case-insensitive only when a label has cased letters: IGNORECASE turns off
    the regex engine's fast literal search, which Chinese labels do not need.
    """
    labels = read_lines("metadata/date_labels.txt")[:count]
    cased = any(ch.lower() != ch.upper() for line in labels for ch in line)
    return re.compile("|".join(f"(?:{line})" for line in labels), re.I if cased else 0)


def best_date(text: str, labels: int | None = None) -> tuple[date, str] | None:
    """The date a header means: the best-labelled one (date_labels.txt), else the first.

    ``labels`` = n looks only for dates after the n most telling labels (and
    returns None when there is none).
    """
    if labels is not None and not _any_label(labels).search(text):
        return None  # a quick no: the page text is long, finding all its dates is not
    dates = find_dates(text)
    if not dates:
        return None
    for label in _labels()[:labels]:
        for pos, day, raw in dates:
            if label.search(text[max(0, pos - 12):pos]):
                return day, raw
    return (dates[0][1], dates[0][2]) if labels is None else None


@lru_cache(maxsize=None)
def _stamp_pattern() -> re.Pattern[str]:
    """A day and month without the year, then a time ("15 января 15:31", "5 января, 12:34",
    "16 янв | 17:10"), or a day-first date with a two-digit year then a time ("04.01.12 20:42")."""
    names = "|".join(sorted(map(re.escape, month_names()), key=len, reverse=True))
    return re.compile(rf"(?=\d)(?<!\d)(?:\d{{1,2}}\s+(?:{names})\.?|\d{{1,2}}\.\d{{1,2}}\.\d{{2}})"
                      r"[\s,|/]*\d{1,2}:\d{2}(?!\d)", re.I)


def time_stamps(text: str) -> list[str]:
    """Publication stamps without a full year (see :func:`_stamp_pattern`), as matched.

    No date is read from them (the year is unknown); they tell a page's date
    line from text.
    """
    return _stamp_pattern().findall(text)


def parse_date(text: str | None) -> date | None:
    """The first date in ``text`` (e.g. a meta tag value), or None."""
    if not text:
        return None
    dates = find_dates(text[:400])
    return dates[0][1] if dates else None


def date_from_url(url: str | None) -> tuple[date, str] | None:
    """A date spelled in a URL path, as (date, matched string), or None.

    Each pattern of ``page_url_dates.txt`` in turn, its first match only; the
    first plausible date (:func:`make_date`) wins.
    """
    if not url:
        return None
    for pattern in _regexes("metadata/page_url_dates.txt"):
        match = pattern.search(url)
        if match:
            day = make_date(int(match["y"]), int(match["m"]), int(match["d"]))
            if day:
                return day, match.group(0)
    return None


def _link_date(match: re.Match[str]) -> date | None:
    """The date of a listing pattern's match (a month name through months.tsv; day 1 if absent)."""
    groups = match.groupdict()
    month = groups.get("m")
    if month is None and groups.get("mon"):
        month = month_names().get(groups["mon"].lower())
    try:
        return date(int(groups["y"]), int(month), int(groups.get("d") or 1))
    except (TypeError, ValueError):
        return None


def _first_link_date(patterns: tuple[re.Pattern[str], ...], text: str) -> date | None:
    """The first valid date: pattern by pattern, each one's matches in text order."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            found = _link_date(match)
            if found:
                return found
    return None


def date_in_url(url: str) -> date | None:
    """The publication date a listing link's URL spells out (``crawl/url_dates.txt``), if any."""
    return _first_link_date(_regexes("crawl/url_dates.txt"), url)


def date_in_text(text: str) -> date | None:
    """The first date written in a short text beside a listing link (``crawl/text_dates.txt``), if any."""
    return _first_link_date(_regexes("crawl/text_dates.txt"), text) if text else None


def parse_day(value: str | None) -> date | None:
    """A --since/--until value (YYYY-MM-DD); empty gives None, junk raises ValueError."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from exc
