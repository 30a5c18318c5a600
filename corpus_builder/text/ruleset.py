"""Many case-insensitive rules searched as one, faster than one big alternation.

``RuleSet(patterns).search(text)`` is True exactly when
``re.compile("|".join(patterns), re.IGNORECASE).search(text)`` finds a match,
but avoids most of the per-position work of that alternation (a few times
faster on the boilerplate rules of data/boilerplate/):

* branches anchored at the start (a top-level alternative opening with ``^``)
  can only match at position 0: they are tried there with one ``match``;
  except those that scan the line before they can fail (``^.{0,60}©``,
  ``^(?=.{0,100}$)(?=.*来源)``) and need some literal: they wait for the
  literal test below, like the unanchored branches;
* every other branch that needs some literal text (its longest run of plain
  characters outside groups, or for a group it cannot do without, one literal
  of each of the group's alternatives, a positive lookahead counting as such a
  group; :func:`required_literals`) is searched
  only when the lower-cased text holds one of those literals (a plain,
  case-sensitive alternation of literals: the regex engine jumps in C from one
  candidate first character to the next);
* the remaining branches (no literal, or only a one-character ASCII one such
  as ".", which most texts hold) are searched every time.

Case folding: ``re.IGNORECASE`` compares simple lower-case forms, plus a few
extra equivalences (``re._casefix``: ſ ~ s, ᲀ ~ в …); ``str.lower`` agrees
except for U+0130 (İ -> i + U+0307) and the final sigma.  A text whose
lower-cased form holds a character where they might disagree (:func:`_unsafe`)
skips the literal test, and so does a literal holding one, so the answer is
always the regex's own.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

_OPAQUE_GROUPS = ("?!", "?<=", "?<!", "?#")  # negative lookarounds, comments; (?<=…) kept simple
_LOOKAHEAD = "?="  # consumes no text, yet what it needs is in the text: its literals are required too
_ESCAPE_WIDTH = {"x": 4, "u": 6, "U": 10}
_SCANNING = ("^.", "^(?=")  # anchored branches that read on along the line before failing
MIN_ASCII_LITERAL = 2  # a shorter ASCII literal is no use as a gate


@lru_cache(maxsize=None)
def _unsafe() -> re.Pattern[str]:
    """Lower-case characters on which str.lower and re.IGNORECASE may disagree (see module doc)."""
    chars = {"\u0307"}  # what U+0130 leaves behind after str.lower
    try:
        from re._casefix import _EXTRA_CASES
    except ImportError:  # another Python: trust no literal test
        return re.compile(r"[\s\S]")
    for key, others in _EXTRA_CASES.items():
        members = {key, *others}
        chars |= {chr(code) for code in members if code != min(members)}
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


def _walk(pattern: str, i: int = 0):
    """(index, character, group depth after it) of the characters outside escapes and classes.

    Raises ValueError at an unclosed class.
    """
    depth = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i)
            if i < 0:
                raise ValueError(f"unclosed class in {pattern!r}")
            continue
        depth += (ch == "(") - (ch == ")")
        yield i, ch, depth
        i += 1


def split_top(pattern: str) -> list[str] | None:
    """The top-level alternatives of a regex (None if its brackets do not balance)."""
    parts, start, depth = [], 0, 0
    try:
        for i, ch, depth in _walk(pattern):
            if depth < 0:
                return None
            if ch == "|" and depth == 0:
                parts.append(pattern[start:i])
                start = i + 1
    except ValueError:
        return None
    return parts + [pattern[start:]] if depth == 0 else None


def _class_end(pattern: str, i: int) -> int:
    """Index after the character class opening at ``i`` (-1 when unclosed)."""
    i += 1
    if pattern[i:i + 1] == "^":
        i += 1
    if pattern[i:i + 1] == "]":
        i += 1  # a "]" first in a class is a literal
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == "]":
            return i + 1
        else:
            i += 1
    return -1


def _group_end(pattern: str, i: int) -> int:
    """Index after the group opening at ``i`` (-1 when unclosed)."""
    try:
        for j, _, depth in _walk(pattern, i):
            if depth == 0:
                return j + 1
    except ValueError:
        pass
    return -1


def _escape_end(pattern: str, i: int) -> tuple[int, str | None]:
    """(index after the escape at ``i``, the literal character it stands for or None)."""
    ch = pattern[i + 1:i + 2]
    if ch and not ch.isalnum() and ch.isascii():
        return i + 2, ch
    if ch in _ESCAPE_WIDTH:
        return i + _ESCAPE_WIDTH[ch], None
    if ch == "N":
        return pattern.find("}", i) + 1 or len(pattern), None
    i += 2
    while ch.isdigit() and i < len(pattern) and pattern[i].isdigit():  # \12, \012
        i += 1
    return i, None


def _quantifier(pattern: str, i: int) -> tuple[int, bool, bool]:
    """(index after a quantifier at ``i``, item may be absent, item may repeat); (i, False, False) when none.

    ``{…}`` counts as optional whatever its bounds (a cautious answer is always right here).
    """
    ch = pattern[i:i + 1]
    if ch in ("*", "?"):
        end, optional = i + 1, True
    elif ch == "+":
        end, optional = i + 1, False
    elif ch == "{":
        bounds = re.match(r"\{\d*,?\d*\}", pattern[i:])
        end, optional = (i + bounds.end() if bounds else i), True
    else:
        return i, False, False
    if pattern[end:end + 1] in ("?", "+"):  # lazy, possessive
        end += 1
    return end, optional, True


def _group(inner: str) -> str | None:
    """The content of a group that consumes text or looks ahead; None for the other lookarounds,
    flags, references."""
    if inner.startswith(_OPAQUE_GROUPS):
        return None
    if inner.startswith(_LOOKAHEAD):
        return inner[2:]
    if inner.startswith("?:"):
        return inner[2:]
    if inner.startswith("?P<"):
        return inner[inner.find(">") + 1:]
    return None if inner.startswith("?") else inner


def _items(branch: str):
    """(literal character or None, group content or None, mandatory, ends a run) per item of a branch."""
    i = 0
    while i < len(branch):
        ch, literal, group = branch[i], None, None
        if ch == "\\":
            end, literal = _escape_end(branch, i)
        elif ch == "[":
            end = _class_end(branch, i)
        elif ch == "(":
            end = _group_end(branch, i)
            group = _group(branch[i + 1:end - 1]) if end > 0 else None
        else:
            end, literal = i + 1, (None if ch in ".^$*+?{}()|" else ch)
        if end <= i:
            raise ValueError(f"unbalanced pattern {branch!r}")
        end, optional, repeats = _quantifier(branch, end)
        yield literal, group, not optional, repeats
        i = end


def required_literals(pattern: str) -> frozenset[str] | None:
    """Literals one of which every match of ``pattern`` contains (None: no such set found)."""
    branches = split_top(pattern)
    if branches is None:
        return None
    if len(branches) > 1:
        found = [required_literals(branch) for branch in branches]
        return None if None in found else frozenset().union(*found)
    runs, groups, run = [], [], ""
    try:
        for literal, group, mandatory, repeats in _items(pattern):
            if literal and mandatory:
                run += literal
                if not repeats:
                    continue
            runs.append(run)
            run = ""
            if group is not None and mandatory:
                groups.append(group)
    except ValueError:
        return None
    best = max(runs + [run], key=len)
    if _strong(best):
        return frozenset([best])
    found = [literals for literals in map(required_literals, groups) if literals]
    # any of them is right: the first that makes a useful gate, else the run, else the first
    useful = [literals for literals in found if all(map(_strong, literals))]
    return next(iter(useful), None) or (frozenset([best]) if best else next(iter(found), None))


def _strong(literal: str) -> bool:
    """Whether ``literal`` is rare enough to gate on (see MIN_ASCII_LITERAL)."""
    return len(literal) >= MIN_ASCII_LITERAL or (bool(literal) and not literal.isascii())


def _alternation(branches: list[str], flags: int) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{b})" for b in branches), flags) if branches else None


def _lowered(literals: frozenset[str] | None) -> frozenset[str] | None:
    """``literals`` lower-cased, or None when the literal test cannot trust one of them."""
    if not literals or not all(map(_strong, literals)):
        return None  # "." or "@" is in most texts: such a gate would let everything through
    if any(len(literal.lower()) != len(literal) or _unsafe().search(literal.lower()) for literal in literals):
        return None
    return frozenset(literal.lower() for literal in literals)


class RuleSet:
    """Regexes searched as their alternation would be (see the module docstring)."""

    def __init__(self, patterns: Iterable[str], flags: int = re.IGNORECASE) -> None:
        start, free, start_gated, gated, literals = [], [], [], [], set()
        for pattern in patterns:
            for branch in split_top(pattern) or [pattern]:
                # (under re.VERBOSE spaces are no literals: no gate then)
                needs = None if flags & re.VERBOSE else _lowered(required_literals(branch))
                if branch.startswith("^") and (needs is None or not branch.startswith(_SCANNING)):
                    start.append(branch)  # most fail at their first characters: no gate needed
                elif needs is None:
                    free.append(branch)
                else:
                    (start_gated if branch.startswith("^") else gated).append(branch)
                    literals |= needs
        self._start = _alternation(start, flags)
        self._free = _alternation(free, flags)
        self._start_gated = _alternation(start_gated, flags)
        self._gated = _alternation(gated, flags)
        # plain literals, no IGNORECASE: the regex engine jumps in C from one first character to the next
        self._gate = _alternation(list(map(re.escape, sorted(literals))), 0)
        self._unsafe = _unsafe().search  # (bound once: search runs on every block of every page)

    def search(self, text: str) -> bool:
        """True when one of the rules is found in ``text``."""
        if self._start is not None and self._start.match(text):
            return True
        if self._free is not None and self._free.search(text):
            return True
        if self._gate is None:  # no gated branch
            return False
        low = text.lower()
        trusted = low.isascii() or not self._unsafe(low)  # (no unsafe character is ASCII; O(1) test)
        if trusted and not self._gate.search(low):
            return False  # none of the gated branches' literals is there: none of them can match
        if self._start_gated is not None and self._start_gated.match(text):
            return True
        return self._gated is not None and self._gated.search(text) is not None
