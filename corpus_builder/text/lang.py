"""Language of a text by script: Han -> "zh", Cyrillic -> "ru", Latin -> "en".

The corpus is Chinese-Russian(-English), so counting letters per script is
enough and needs no model.  One Han character carries about as much text as
three Cyrillic or Latin letters, so Han counts are weighted by 3 before the
scripts are compared.  A text with no letters at all is "und" (undetermined).
"""
from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SAMPLE = 20_000  # characters looked at: enough for a stable vote, fast on huge pages
HAN_WEIGHT = 3

# Letters are counted in the UTF-8 bytes of the text, where each script's ranges are sets of
# lead bytes, counted in C (bytes.translate deleting every other byte; several times faster than
# a regex over the str):
#   Cyrillic U+0400-04FF = lead bytes D0-D3;
#   Latin A-Z a-z = those bytes; U+00C0-01FF = C3-C7; U+0200-023F = C8; U+0240-024F = C9 80-8F;
#   Han U+5000-9FFF = E5-E9; U+4000-4FFF = E4 but U+4DC0-4DFF (E4 B7); U+3400-3FFF = E3 90-BF;
#   U+F900-FAFF = EF A4-AB (E3 and EF lead other characters too: those are regex searches).
# Continuation bytes are 80-BF, so a lead byte is never miscounted inside another character.


def _deleting_all_but(kept: bytes) -> bytes:
    return bytes(code for code in range(256) if code not in kept)


_CYRILLIC = _deleting_all_but(b"\xd0\xd1\xd2\xd3")
_LATIN = _deleting_all_but(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\xc3\xc4\xc5\xc6\xc7\xc8")
_HAN_LEADS = _deleting_all_but(b"\xe4\xe5\xe6\xe7\xe8\xe9")
_LATIN_MORE = re.compile(rb"\xc9[\x80-\x8f]")
_HAN_MORE = (re.compile(rb"\xe3[\x90-\xbf]"), re.compile(rb"\xef[\xa4-\xab]"))  # one literal lead each: fast
_NOT_HAN = re.compile(rb"\xe4\xb7")


def _kept(raw: bytes, deleting: bytes) -> int:
    return len(raw.translate(None, deleting))


def letter_counts(text: str) -> dict[str, int]:
    """Letters of ``text`` per script, unweighted: Han (U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF),
    Cyrillic (U+0400-04FF), Latin (A-Z, a-z, U+00C0-024F)."""
    raw = text.encode("utf-8", "surrogatepass")
    latin = _kept(raw, _LATIN) + (len(_LATIN_MORE.findall(raw)) if b"\xc9" in raw else 0)
    han = _kept(raw, _HAN_LEADS) - len(_NOT_HAN.findall(raw)) + sum(len(p.findall(raw)) for p in _HAN_MORE)
    return {"zh": han, "ru": _kept(raw, _CYRILLIC), "en": latin}


def script_counts(text: str) -> dict[str, int]:
    """Letters per script in (the first 20k characters of) ``text``, Han weighted."""
    counts = letter_counts(text[:_SAMPLE])
    counts["zh"] *= HAN_WEIGHT
    return counts


def detect_lang(text: str) -> str:
    """"zh", "ru" or "en" by the dominant script; "und" when there are no letters."""
    counts = script_counts(text)
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "und"


def han_ratio(text: str) -> float:
    """Share of Han characters among non-space characters (0 for an empty text)."""
    chars = len(text) - text.count(" ") - text.count("\n")
    return len(_HAN.findall(text)) / chars if chars > 0 else 0.0
