"""Pick the top-level clause numbering among paragraph-initial labels.

A label is anything that looks like numbering ("一、", "2.", "（三）", "а)").
Most are not clauses: sub-items, list items, numbers that happen to start a
paragraph.  The top level is found by sequence continuity:

* a sequence starts at number 1, and only if a 2 of the same style follows;
* a label continues it when its number is last+1 (a gap of up to MAX_GAP
  missing numbers is accepted and logged);
* a label in a style the sequence has not used yet ("2." after "一、") is
  accepted only if the sequence's own next item does not come later (else it is
  a sub-item) and its style has not already served for lists nested inside
  this sequence's clauses (一、 1. 2. 二、 3. 4.: paragraphs numbered across
  sections stay inside their sections);
* numbering restarts at 1 (a second numbered part, e.g. the articles of an
  annexed agreement) only in a style of the same or an outer rank, and only
  when the running sequence does not continue later.

Sub-item styles (а) б) в)) and dividers (第二章, Глава 2) become clauses only
when nothing else does.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol, Sequence

log = logging.getLogger(__name__)

MAX_GAP = 2  # missing numbers tolerated between two clauses
ROLES = ("clause", "sub", "divider")  # tried in this order


class LabelLike(Protocol):
    number: int
    style: str
    rank: int
    role: str  # clause | sub | divider


@dataclass(slots=True)
class _Run:
    """The numbering sequence being followed."""

    styles: set[str] = field(default_factory=set)
    rank: int = 99
    last: int = 0
    nested: set[str] = field(default_factory=set)  # styles seen and not taken


def select_top_level(labels: Sequence[LabelLike]) -> list:
    """The labels that are top-level clauses, in document order."""
    for role in ROLES:
        chosen = _follow([lab for lab in labels if lab.role == role])
        if chosen:
            return chosen
    return []


def _follow(labels: Sequence[LabelLike]) -> list:
    run, chosen = _Run(), []
    for i, lab in enumerate(labels):
        if run.styles and _continues(labels, i, run):
            if lab.number > run.last + 1:
                log.debug("clause numbering skips from %d to %d", run.last, lab.number)
        elif lab.number == 1 and _may_start(labels, i, run):
            run = _Run(rank=lab.rank)
        else:
            run.nested.add(lab.style)
            continue
        run.styles.add(lab.style)
        run.rank = min(run.rank, lab.rank)
        run.last = lab.number
        chosen.append(lab)
    return chosen


def _continues(labels: Sequence[LabelLike], i: int, run: _Run) -> bool:
    lab = labels[i]
    if not run.last < lab.number <= run.last + 1 + MAX_GAP:
        return False
    if lab.style in run.styles and lab.number == run.last + 1:
        return True
    if lab.style not in run.styles and lab.style in run.nested:
        return False  # a style already used for lists nested in this run's clauses
    return not _ahead(labels, i, run, lab.number)


def _ahead(labels: Sequence[LabelLike], i: int, run: _Run, upto: int) -> bool:
    """Does the run's own numbering bring a number in (last, upto] later on?"""
    for later in labels[i + 1:]:
        if later.style not in run.styles:
            continue
        if later.number <= run.last:
            return False  # that style restarted: the run is over
        if later.number <= upto:
            return True
    return False


def _may_start(labels: Sequence[LabelLike], i: int, run: _Run) -> bool:
    lab = labels[i]
    if run.styles and (lab.rank > run.rank or _ahead(labels, i, run, run.last + 1 + MAX_GAP)):
        return False
    for later in labels[i + 1:]:  # a 1 with no 2 after it is no numbering
        if later.number == 2:
            return True
        if later.style == lab.style:
            return False
    return False
