"""Clause alignment: by clause number when both sides are numbered, else by content.

A joint statement has the same numbered clauses in every language (一、 in
Chinese, 1. in Russian) even when the sentences inside differ.  When both
sides carry numbers, clause n is linked with clause n, the preambles with
each other, and unnumbered clauses between two numbered ones are aligned
with the segment aligner.  Numbers present on one side only become 1:0 / 0:1
links and are reported, as are gaps in a side's numbering.  Without numbers
on both sides the clause texts are aligned by the segment aligner (length,
anchors), or, when one side has far fewer clauses than the other (its
numbering lost), the whole texts are one link and only their sentences are
aligned.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from corpus_builder.align.galechurch import Bead
from corpus_builder.align.langs import align_texts
from corpus_builder.records import Clause

MIN_NUMBERED = 2      # numbered clauses each side needs for alignment by number
MIN_SHARED = 0.5      # share of the smaller side's numbers the other must have too
MIN_SPLIT_RATIO = 0.5  # clause counts further apart than this: align the whole texts instead


@dataclass(slots=True)
class ClauseLink:
    """Clause indexes (``Clause.index``) linked across the two documents."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    method: str
    score: float


@dataclass(slots=True)
class ClauseAlignment:
    """The links plus what the numbering says about the pair."""

    links: list[ClauseLink]
    method: str
    src_gaps: list[int] = field(default_factory=list)
    tgt_gaps: list[int] = field(default_factory=list)
    src_only: list[int] = field(default_factory=list)
    tgt_only: list[int] = field(default_factory=list)

    @property
    def count_mismatch(self) -> bool:
        return bool(self.src_only or self.tgt_only)


def numbering_gaps(clauses: Sequence[Clause]) -> list[int]:
    """Numbers missing from 1..max on one side (2 in 1, 3, 4)."""
    nums = {c.number for c in clauses if c.number is not None}
    return [n for n in range(1, max(nums) + 1) if n not in nums] if nums else []


def _by_number(clauses: Sequence[Clause]) -> dict[int, Clause]:
    """First clause for each number (a repeated number is treated as unnumbered)."""
    out: dict[int, Clause] = {}
    for c in clauses:
        if c.number is not None and c.number not in out:
            out[c.number] = c
    return out


def can_align_by_number(src: Sequence[Clause], tgt: Sequence[Clause]) -> bool:
    a, b = _by_number(src), _by_number(tgt)
    if min(len(a), len(b)) < MIN_NUMBERED:
        return False
    return len(a.keys() & b.keys()) >= MIN_SHARED * min(len(a), len(b))


def align_clauses(src: Sequence[Clause], tgt: Sequence[Clause], src_lang: str = "zh",
                  tgt_lang: str = "ru") -> ClauseAlignment:
    """Link the clauses of two versions of one text (see the module doc)."""
    if can_align_by_number(src, tgt):
        return _align_numbered(src, tgt, src_lang, tgt_lang)
    full_a = [c.index for c in src if c.text.strip()]
    full_b = [c.index for c in tgt if c.text.strip()]
    if full_a and full_b and min(len(full_a), len(full_b)) < MIN_SPLIT_RATIO * max(len(full_a), len(full_b)):
        # one side is cut into clauses, the other hardly (numbering lost or never there):
        # clause links would be mostly 1:0, so link the whole texts and let the sentences align
        return ClauseAlignment([ClauseLink(tuple(full_a), tuple(full_b), "whole", 0.5)], "whole",
                               numbering_gaps(src), numbering_gaps(tgt))
    links = _content_links(list(src), list(tgt), src_lang, tgt_lang)
    return ClauseAlignment(links, "content", numbering_gaps(src), numbering_gaps(tgt))


def _content_links(src: list[Clause], tgt: list[Clause], src_lang: str, tgt_lang: str) -> list[ClauseLink]:
    """Align runs of clauses by their texts; empty clauses (an absent preamble) are skipped."""
    src = [c for c in src if c.text.strip()]
    tgt = [c for c in tgt if c.text.strip()]
    links: list[Bead] = align_texts([c.text for c in src], [c.text for c in tgt], src_lang, tgt_lang)
    return [ClauseLink(tuple(src[i].index for i in l.src), tuple(tgt[j].index for j in l.tgt),
                       "content", l.score) for l in links]


def _segments(clauses: Sequence[Clause], anchors: set[int]) -> list[tuple[Clause | None, list[Clause]]]:
    """Cut a clause list at the shared numbers: (numbered clause or None, unnumbered clauses after it)."""
    out: list[tuple[Clause | None, list[Clause]]] = [(None, [])]
    seen: set[int] = set()
    for c in clauses:
        if c.number in anchors and c.number not in seen:
            seen.add(c.number)
            out.append((c, []))
        else:
            out[-1][1].append(c)
    return out


def _align_numbered(src: Sequence[Clause], tgt: Sequence[Clause], src_lang: str, tgt_lang: str) -> ClauseAlignment:
    a, b = _by_number(src), _by_number(tgt)
    shared = a.keys() & b.keys()
    links: list[ClauseLink] = []
    seg_a = {(c.number if c else 0): rest for c, rest in _segments(src, shared)}
    seg_b = {(c.number if c else 0): rest for c, rest in _segments(tgt, shared)}
    for n in [0] + sorted(shared):
        if n:
            links.append(ClauseLink((a[n].index,), (b[n].index,), "number", 1.0))
        # the preamble and unnumbered clauses after clause n, incl. numbers one side lacks
        links.extend(_content_links(seg_a.get(n, []), seg_b.get(n, []), src_lang, tgt_lang))
    return ClauseAlignment(links, "number", numbering_gaps(src), numbering_gaps(tgt),
                           sorted(a.keys() - shared), sorted(b.keys() - shared))
