"""Gale–Church length cost and a banded dynamic-programming aligner.

The DP is generic: it is given the sizes of the two sides, the allowed link
shapes ("moves", e.g. (1, 1), (2, 1), (0, 1)) and a cost function for linking
``src[i:i+di]`` with ``tgt[j:j+dj]``; it returns the cheapest monotone path
that covers every segment on both sides exactly once.  Plain Gale–Church is
this DP with a length-only cost (:func:`gale_church`).

Length statistics for zh→ru come from the NTREX full set (see
../shared/bench/SCORING.md): about 3.24 Russian characters per Chinese
character with variance s² ≈ 26.1 per Chinese character.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

ZH_RU_RATIO = 3.24
ZH_RU_VARIANCE = 26.1

# Classic Gale & Church (1993) priors per link shape.
GC_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (2, 2): 0.011,
}

Move = tuple[int, int]
CostFn = Callable[[int, int, int, int], float]


@dataclass(frozen=True, slots=True)
class Bead:
    """One alignment unit (a "bead" in Gale & Church's terms): segments ``src``
    of one side linked with segments ``tgt`` of the other.

    Either side may be empty (a 1:0 or 0:1 link).  ``cost`` is the DP cost of
    the link; ``score`` a confidence in [0, 1] derived from it.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    cost: float = 0.0

    @property
    def score(self) -> float:
        """Logistic of the cost: about 0.9 for a clean 1:1 link, 0.05 for a 1:0 link."""
        return round(1.0 / (1.0 + math.exp(min(self.cost - 2.0, 50.0))), 4)

    @property
    def shape(self) -> str:
        return f"{len(self.src)}:{len(self.tgt)}"


def _norm_sf(z: float) -> float:
    """Two-sided tail probability P(|Z| >= z) of a standard normal."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def length_cost(len_src: float, len_tgt: float, ratio: float = ZH_RU_RATIO,
                variance: float = ZH_RU_VARIANCE, tail: float | None = None) -> float:
    """-log P(lengths | aligned) after Gale & Church: z of the length difference.

    ``ratio`` is target characters per source character; the variance grows
    with the (mean) length of the pair, as in the original paper.  With
    ``tail`` the probability of a large |z| is at least exp(-tail·|z|): real
    translations stray from the mean far more often than a normal law says
    (on NTREX zh↔ru |z| > 3 for 1.8 % of true 1:1 pairs, not 0.27 %), and a
    quadratic cost then overrules every other clue.
    """
    if len_src == 0 and len_tgt == 0:
        return 0.0
    mean = (len_src + len_tgt / ratio) / 2.0
    z = (len_tgt - ratio * len_src) / math.sqrt(variance * max(mean, 1.0))
    p = _norm_sf(z)
    if tail is not None:
        p = max(p, math.exp(-tail * abs(z)))
    return -math.log(max(p, 1e-300))


def band_limits(n: int, m: int, width: int) -> list[tuple[int, int]]:
    """For every source position i, the range of target positions kept by the band."""
    out = []
    for i in range(n + 1):
        centre = i * m / n if n else 0
        out.append((max(0, int(centre) - width), min(m, int(math.ceil(centre)) + width)))
    return out


def dp_align(n: int, m: int, moves: Sequence[Move], cost: CostFn, width: int | None = None) -> list[Bead]:
    """Cheapest monotone covering of src[0:n] and tgt[0:m] by links of ``moves``.

    The search keeps to a diagonal band of ``width`` cells either side (None:
    30).  When the best path runs along the band's edge, or the band leaves
    no path at all, the band is doubled and the search done again, so a long
    omission on one side still finds its path while ordinary text costs
    O(n · width).
    """
    width = 30 if width is None else width
    limits = band_limits(n, m, width)
    best = _fill(n, m, moves, cost, limits)
    if (n, m) not in best:
        if width >= max(n, m):
            raise ValueError("no alignment path: the moves cannot cover both sides")
        return dp_align(n, m, moves, cost, width * 2)
    links = _backtrack(best, n, m, cost)
    if width < max(n, m) and _touches_edge(links, limits, n, m):
        return dp_align(n, m, moves, cost, width * 2)
    return links


def _fill(n: int, m: int, moves: Sequence[Move], cost: CostFn, limits: list[tuple[int, int]]) -> dict:
    """The DP table inside the band: (i, j) -> (best cost, last move)."""
    best: dict[tuple[int, int], tuple[float, Move | None]] = {(0, 0): (0.0, None)}
    for i in range(n + 1):
        lo, hi = limits[i]
        for j in range(lo, hi + 1):
            if (i, j) == (0, 0):
                continue
            top, back = math.inf, None
            for di, dj in moves:
                prev = best.get((i - di, j - dj))
                if prev is None:
                    continue
                c = prev[0] + cost(i - di, j - dj, di, dj)
                if c < top:
                    top, back = c, (di, dj)
            if back is not None:
                best[(i, j)] = (top, back)
    return best


def _touches_edge(links: list[Bead], limits: list[tuple[int, int]], n: int, m: int) -> bool:
    """Whether the path comes within 2 cells of a band edge that is not a border of the table."""
    i = j = 0
    for link in links:
        i, j = i + len(link.src), j + len(link.tgt)
        lo, hi = limits[i]
        if (lo > 0 and j - lo < 2) or (hi < m and hi - j < 2):
            return True
    return False


def _backtrack(best: dict, n: int, m: int, cost: CostFn) -> list[Bead]:
    links: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = best[(i, j)][1]
        i, j = i - di, j - dj
        links.append(Bead(tuple(range(i, i + di)), tuple(range(j, j + dj)), cost(i, j, di, dj)))
    links.reverse()
    return links


def gale_church(src_lens: Sequence[int], tgt_lens: Sequence[int], ratio: float = ZH_RU_RATIO,
                variance: float = ZH_RU_VARIANCE) -> list[Bead]:
    """Plain Gale–Church: length cost plus the classic shape priors, nothing else."""
    src_pre = _prefix(src_lens)
    tgt_pre = _prefix(tgt_lens)
    penalty = {mv: -math.log(p) for mv, p in GC_PRIORS.items()}

    def cost(i: int, j: int, di: int, dj: int) -> float:
        ls, lt = src_pre[i + di] - src_pre[i], tgt_pre[j + dj] - tgt_pre[j]
        return length_cost(ls, lt, ratio, variance) + penalty[(di, dj)]

    return dp_align(len(src_lens), len(tgt_lens), list(GC_PRIORS), cost)


def _prefix(values: Sequence[int]) -> list[int]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out
