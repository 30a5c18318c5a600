"""Length models per language pair and direction handling for the segment aligner.

The aligner's length cost reads "target characters per source character".
zh→ru is calibrated on NTREX (3.24, s² 26.1); zh→en and ru→en are rough
figures of the same kind (Gale & Church's s² 6.8 for two alphabetic
languages).  A pair given the other way round is swapped, aligned and
swapped back, so the caller may pass the sides in either order.
"""
from __future__ import annotations

import dataclasses
from typing import Sequence

from corpus_builder.align.associations import Associations
from corpus_builder.align.galechurch import Bead
from corpus_builder.align.sentalign import Params, align_segments

# (source, target) -> (target chars per source char, variance per source char)
RATIOS: dict[tuple[str, str], tuple[float, float]] = {
    ("zh", "ru"): (3.24, 26.1),
    ("zh", "en"): (3.0, 24.0),
    ("en", "ru"): (1.1, 6.8),
}


def params_for(src_lang: str, tgt_lang: str, base: Params = Params()) -> tuple[Params, bool]:
    """(aligner parameters, whether the sides must be swapped) for a language pair."""
    if (src_lang, tgt_lang) in RATIOS:
        ratio, var = RATIOS[(src_lang, tgt_lang)]
        return dataclasses.replace(base, ratio=ratio, variance=var), False
    if (tgt_lang, src_lang) in RATIOS:
        ratio, var = RATIOS[(tgt_lang, src_lang)]
        return dataclasses.replace(base, ratio=ratio, variance=var), True
    return dataclasses.replace(base, ratio=1.0, variance=6.8), False


def align_texts(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                assoc: Associations | None = None) -> list[Bead]:
    """Align two segment lists in any supported language order (links stay src→tgt)."""
    params, swap = params_for(src_lang, tgt_lang)
    if not swap:
        return align_segments(src, tgt, src_lang, tgt_lang, params=params, assoc=assoc)
    links = align_segments(tgt, src, tgt_lang, src_lang, params=params, assoc=assoc)
    return [Bead(l.tgt, l.src, l.cost) for l in links]
