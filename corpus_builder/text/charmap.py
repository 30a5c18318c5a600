"""Map the characters of a translation table, touching only the runs that hold them.

``str.translate`` looks every character of a text up in its table: slow on a
long line of which few characters map, or none (traditional characters in a
simplified Chinese text, full-width digits in a line).  A :class:`RunMap`
searches first for one character to map (the regex engine skips to a candidate
in C, about 3x faster than a search for a run), returns most texts as they are,
and translates only the runs of mappable characters of the rest: the same
result as ``text.translate(table)``.  Used by the boilerplate rules (traditional
to simplified), paragraph normalisation and segmentation (full-width forms) and
the repost signatures (their compatibility forms).
"""
from __future__ import annotations

import re


class RunMap:
    """``text.translate(table)``, done on the runs of the table's characters only."""

    def __init__(self, table: dict[int, int | str]) -> None:
        chars = "".join(re.escape(chr(code)) for code in table)
        self._table = table
        self._one = re.compile(f"[{chars}]")
        self._runs = re.compile(f"[{chars}]+")

    def __call__(self, text: str) -> str:
        """``text.translate(table)`` (``text`` itself when nothing in it maps)."""
        if self._one.search(text) is None:
            return text
        return self._runs.sub(self._translate, text)

    def _translate(self, match: re.Match[str]) -> str:
        return match.group().translate(self._table)
