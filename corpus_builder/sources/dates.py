"""Dates of articles, from their URL or the text beside their link.

The patterns are data (data/crawl/url_dates.txt, text_dates.txt, months.tsv):
a regex with named groups ``y``, ``m``/``mon`` and (optionally) ``d``.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from corpus_builder.resources import read_lines


@lru_cache(maxsize=None)
def _patterns(name: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(line) for line in read_lines(f"crawl/{name}"))


@lru_cache(maxsize=None)
def _months() -> dict[str, int]:
    pairs = (line.split("\t") for line in read_lines("crawl/months.tsv"))
    return {name.strip().lower(): int(num) for name, num in pairs}


def _date(match: re.Match) -> date | None:
    groups = match.groupdict()
    month = groups.get("m")
    if month is None and groups.get("mon"):
        month = _months().get(groups["mon"].lower())
    try:
        return date(int(groups["y"]), int(month), int(groups.get("d") or 1))
    except (TypeError, ValueError):
        return None


def _first(patterns: tuple[re.Pattern, ...], text: str) -> date | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            found = _date(match)
            if found:
                return found
    return None


def date_in_url(url: str) -> date | None:
    """The publication date an article URL spells out, if any."""
    return _first(_patterns("url_dates.txt"), url)


def date_in_text(text: str) -> date | None:
    """The first date written in a short text (a listing line), if any."""
    return _first(_patterns("text_dates.txt"), text) if text else None


def parse_day(value: str | None) -> date | None:
    """A --since/--until value (YYYY-MM-DD); empty gives None, junk raises ValueError."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from exc
