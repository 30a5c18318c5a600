"""Language of a text by script: Han -> "zh", Cyrillic -> "ru", Latin -> "en".

The corpus is Chinese-Russian(-English), so counting letters per script is
enough and needs no model.  One Han character carries about as much text as
three Cyrillic or Latin letters, so Han counts are weighted by 3 before the
scripts are compared.  A text with no letters at all is "und" (undetermined).
"""
from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# runs, not single letters: counting sums run lengths, a list of runs is far shorter than one of letters
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_SAMPLE = 20_000  # characters looked at: enough for a stable vote, fast on huge pages
HAN_WEIGHT = 3


def _letters(runs: re.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def script_counts(text: str) -> dict[str, int]:
    """Letters per script in (the first 20k characters of) ``text``."""
    sample = text[:_SAMPLE]
    return {
        "zh": _letters(_HAN_RUN, sample) * HAN_WEIGHT,
        "ru": _letters(_CYRILLIC_RUN, sample),
        "en": _letters(_LATIN_RUN, sample),
    }


def detect_lang(text: str) -> str:
    """"zh", "ru" or "en" by the dominant script; "und" when there are no letters."""
    counts = script_counts(text)
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "und"


def han_ratio(text: str) -> float:
    """Share of Han characters among non-space characters (0 for an empty text)."""
    chars = len(text) - text.count(" ") - text.count("\n")
    return len(_HAN.findall(text)) / chars if chars > 0 else 0.0
