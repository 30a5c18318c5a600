"""Per-element facts over a page's blocks, computed once per tree.

The elements that hold blocks are the owners of blocks and all their ancestors.
A walk up from each block's owner that stops at the first element already met
reaches each of them once (all ancestors of a met element were met with it),
instead of once per block under it; sums go from the elements' own blocks up
to their parents.

A block is under an element when the element is the block's owner or one of
its ancestors.  An element's blocks are usually the contiguous run
``starts[el]`` .. ``starts[el] + counts[el]``; not always: an inline element
(``<font>``) around paragraphs holds their blocks but not the blocks of its own
text between them (those belong to the nearest block-level ancestor).  Such
elements are listed in ``Spans.scattered`` with their block indices.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce
from itertools import accumulate
from typing import Callable, Sequence

from lxml import etree

from corpus_builder.text.blocks import Block
from corpus_builder.text.hints import Hints


@dataclass(slots=True)
class Spans:
    """Per element holding blocks: how many blocks it holds, its first block, its
    letters, link letters and positive block weight; the blocks of the elements whose
    blocks are no contiguous run (see the module doc).

    The dicts list the elements in the order a walk up from each block in turn meets
    them first, innermost first (ties in the container choice depend on it).
    """

    counts: dict[etree._Element, int]
    starts: dict[etree._Element, int]
    chars: dict[etree._Element, int]
    links: dict[etree._Element, int]
    positive: dict[etree._Element, float]
    scattered: dict[etree._Element, list[int]]
    _walk: "_Walk"

    @classmethod
    def of(cls, blocks: list[Block]) -> "Spans":
        walk = _Walk(blocks)
        order, first, counts = walk.order, walk.first, walk.counts
        chars = _range_sums(first, counts, [block.chars for block in blocks])
        links = _range_sums(first, counts, [block.link_chars for block in blocks])
        scattered = {}
        for i, found in walk.scattered.items():
            scattered[order[i]] = found
            chars[i] = sum(blocks[at].chars for at in found)
            links[i] = sum(blocks[at].link_chars for at in found)
        spans = cls(dict(zip(order, counts)), dict(zip(order, first)), dict(zip(order, chars)),
                    dict(zip(order, links)), {}, scattered, walk)
        # (max(w, 0.0) without a call per block; weights are never NaN, and -0.0 stays -0.0 as with max)
        spans.positive = spans.sums([w if (w := block.weight) >= 0.0 else 0.0 for block in blocks])
        return spans

    def blocks_of(self, el: etree._Element) -> Sequence[int]:
        """Indices of the blocks under ``el``, in order."""
        found = self.scattered.get(el)
        if found is not None:
            return found
        start = self.starts[el]
        return range(start, start + self.counts[el])

    def below_any(self, test: Callable[[etree._Element], bool]) -> tuple[list[etree._Element], list[bool]]:
        """Every element (in the dicts' order) and, per element, whether ``test`` holds for it or
        an ancestor; ``test`` is asked top-down, each element once, none below one it held for
        (one pass instead of a walk up from every block)."""
        walk = self._walk
        order, parents = walk.order, walk.parents
        found = [False] * len(order)
        for lo, hi in walk.groups:
            for i in range(hi - 1, lo - 1, -1):  # each after its parent (a walk's group lists it innermost first)
                parent = parents[i]
                found[i] = (parent >= 0 and found[parent]) or test(order[i])
        return order, found

    def furniture_blocks(self, hints: Hints) -> list[bool]:
        """Per block: ``hints.furniture`` of its owner, each element's verdict found once,
        top-down, and remembered by ``hints`` for its later furniture() calls."""
        order, found = self.below_any(hints.marked)
        hints.remember(order, found)
        return self.per_block(found)

    def per_block(self, values: list) -> list:
        """Per block, the value (in the dicts' order, as :meth:`below_any` lists them) of its owner."""
        return list(map(values.__getitem__, self._walk.owners))

    def sums(self, values: list[float]) -> dict[etree._Element, float]:
        """Per element, the values of its blocks added one by one in block order from 0.0:
        the very float a running total per element over the blocks gives (a difference of
        prefix sums rounds otherwise, and totals are compared).  The elements one walk met
        first share their first block, each holding the one before: one running total
        serves them all."""
        walk = self._walk
        first, counts = walk.first, walk.counts
        sums = [0.0 + values[start] for start in first]  # the answer for elements of one block
        for lo, hi in walk.long_groups:
            start = first[lo]
            # (the outermost holds the most blocks, unless scattered: then the group is measured)
            end = start + (counts[hi - 1] if not walk.scattered else max(counts[lo:hi]))
            running = list(accumulate(values[start:end], initial=0.0))
            sums[lo:hi] = map(running.__getitem__, counts[lo:hi])
        for i, found in walk.scattered.items():
            sums[i] = reduce(operator.add, map(values.__getitem__, found), 0.0)
        return dict(zip(walk.order, sums))


def _range_sums(first: list[int], counts: list[int], values: list[int]) -> list[int]:
    """Per element, the sum of ``values`` over its run of blocks (integers: prefix sums are exact)."""
    at = list(accumulate(values, initial=0))
    return [at[start + count] - at[start] for start, count in zip(first, counts)]


class _Walk:
    """The elements holding blocks, numbered in the order the walks up from each block
    meet them first: ``order``, and per number the parent's number (-1 for the root),
    the first block, the number of blocks; ``owners``, per block its owner's number;
    ``groups``, the (lo, hi) numbers each walk met (``long_groups``: those holding more
    than one block); ``scattered``, the block indices of elements whose blocks are no run."""

    def __init__(self, blocks: list[Block]) -> None:
        self.order: list[etree._Element] = []
        self.parents: list[int] = []
        self.first: list[int] = []
        self.groups: list[tuple[int, int]] = []
        self.owners = owners = self._meet(blocks)
        self.counts, lasts = self._count(owners)
        self.scattered = {}
        if sum(lasts) - sum(self.first) + len(lasts) != sum(self.counts):  # (no count exceeds its span)
            self.scattered = {i: self._held(i, owners, last) for i, last in enumerate(lasts)
                              if last - self.first[i] + 1 != self.counts[i]}
        # the walks whose elements hold more than one block (most hold one)
        self.long_groups = [(lo, hi) for lo, hi in self.groups if self.counts[hi - 1] > 1 or self.scattered]

    def _meet(self, blocks: list[Block]) -> list[int]:
        """Number the elements; returns each block's owner's number."""
        order, parents, first, ids = self.order, self.parents, self.first, {}
        owners, groups = [], self.groups
        met = 0  # len(order), kept in a local (the loop is the hottest of the scoring)
        for block in blocks:
            el = block.owner
            at = ids.get(el)
            if at is None:
                at, index = met, block.index
                while el is not None and el not in ids:
                    ids[el] = met
                    met += 1
                    order.append(el)
                    parents.append(met)  # the next one met, unless the walk ends here
                    first.append(index)
                    el = el.getparent()
                parents[-1] = ids[el] if el is not None else -1
                groups.append((at, met))
            owners.append(at)
        return owners

    def _count(self, owners: list[int]) -> tuple[list[int], list[int]]:
        """Blocks per element and its last block's index: each block counts at
        its owner, then each element adds its counts into its parent's, children first (a
        child is met in its parent's walk, before it, or in a later walk)."""
        counts, lasts, parents = [0] * len(self.order), self.first[:], self.parents
        for index, at in enumerate(owners):
            counts[at] += 1
            lasts[at] = index
        for lo, hi in reversed(self.groups):
            for i in range(lo, hi):
                parent = parents[i]
                if parent >= 0:
                    counts[parent] += counts[i]
                    if lasts[i] > lasts[parent]:
                        lasts[parent] = lasts[i]
        return counts, lasts

    def _held(self, i: int, owners: list[int], last: int) -> list[int]:
        """Indices of the blocks under element ``i`` from its first block to ``last``."""
        found = []
        for index in range(self.first[i], last + 1):
            at = owners[index]
            while at >= 0 and at != i:
                at = self.parents[at]
            if at == i:
                found.append(index)
        return found
