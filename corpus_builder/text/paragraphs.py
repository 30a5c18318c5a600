"""Paragraph repair and normalisation of extracted text.

The normalisation rule (applied to every paragraph, in this order):

1. Every Unicode space (NBSP, U+3000 ideographic space, thin spaces, tabs) is
   a plain space; zero-width characters, soft hyphens and private-use
   characters (vendor glyphs of GBK pages, icon fonts) are removed; runs of
   spaces become one space; the paragraph is stripped.
2. Full-width ASCII letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) become half-width.
3. Chinese paragraphs (``lang == "zh"``): punctuation ``, ; : ? ! ( )`` touching
   a Han character becomes full-width (，；：？！（）), and spaces between two
   Han characters or between Han and full-width punctuation are removed.
   Russian/English paragraphs: full-width ，；：？！（） become half-width.
   The ASCII period is never changed (clause labels such as ``2.`` rely on it).
4. A second copy of a paragraph of 80+ characters is dropped (print and
   mobile copies of the article on the same page); of a shorter one (30+),
   only inside such a copy or right after its first copy (:func:`drop_repeats`).
5. A stray punctuation mark after the final sentence mark ("…贡献。 .") is
   removed; punctuation-only paragraphs are dropped.

Line repair: a line that ends inside a sentence is joined with the next one
when the break is clearly not a paragraph break: the line ends with a
comma-like mark (``,``/``，``/``、``) and the next
line starts with a lower-case letter or a Han character, or the line ends
without any punctuation and the next line starts with a lower-case letter.
In the HTML, a single ``<br>`` after a line that has no sentence-final mark
is such a break too (:func:`join_soft_breaks`), unless the next line starts
with a clause label (``二、``, ``（三）``, ``4.``, ``第五条``); ``<br><br>`` and
``<p>`` are real paragraph breaks.
"""
from __future__ import annotations

import re

from corpus_builder.text.charmap import RunMap


def squash(text: str | None) -> str:
    """Collapse all whitespace runs to one space and strip."""
    return " ".join(text.split()) if text else ""  # = re.sub(r"\s+", " ", text).strip(), in C


_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\ue000-\uf8ff]")
_FULLWIDTH_ALNUM = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)
                    if chr(code - 0xFEE0).isalnum()}
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_FW_PUNCT = "，；：？！（）"
_HW_PUNCT = ",;:?!()"
_TO_FULL = str.maketrans(_HW_PUNCT, _FW_PUNCT)
_TO_HALF = str.maketrans(_FW_PUNCT, _HW_PUNCT)
# full-width letters and digits (not the punctuation between them, ：；［ …) -> ASCII
_TO_HALFWIDTH = RunMap(_FULLWIDTH_ALNUM)
_FW_PUNCT_ANY = re.compile(f"[{_FW_PUNCT}]")
_HW_PUNCT_ANY = re.compile(r"[,;:?!()]")
# patterns open with a lookahead for their first character: the regex engine then jumps in C to
# the candidates instead of trying a lookbehind at every position of the line
_HAN_SPACE = re.compile(rf"(?=\s)(?<=[{_HAN}{_FW_PUNCT}。、“”《》])\s+(?=[{_HAN}{_FW_PUNCT}。、“”《》])")
_PUNCT_BEFORE_HAN = re.compile(rf"(?=[,;:?!()])(?:[,;:?!()](?=[{_HAN}])|(?<=[{_HAN}])[,;:?!()])")
_STRAY_MARKS = ".,。，;；"
_STRAY_END = re.compile(rf"(?=\s)(?<=[。！？.!?])\s+[{_STRAY_MARKS}]+$")
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
_SOFT_END = re.compile(r"[,，、]$")
_HAN_END = re.compile(rf"[{_HAN}{_FW_PUNCT}、]$")
_HAN_START = re.compile(rf"^[{_HAN}]")
_ANY_END_PUNCT = re.compile(r"[\W]$")
_LOWER_START = re.compile(rf"^[a-zа-яё]|^[{_HAN}]")
_LOWER_ONLY = re.compile(r"^[a-zа-яё]")


def normalize(paragraph: str, lang: str) -> str:
    """Apply the module's normalisation rule (steps 1-3) to one paragraph."""
    text = _INVISIBLE.sub("", paragraph)
    # step 1's spaces (NBSP, U+3000, thin spaces, tabs …) are all str.isspace: split() finds their runs
    text = " ".join(text.split())
    text = _TO_HALFWIDTH(text)
    if lang == "zh":
        if _HW_PUNCT_ANY.search(text):
            text = _PUNCT_BEFORE_HAN.sub(lambda m: m.group(0).translate(_TO_FULL), text)
        if " " in text:
            text = _HAN_SPACE.sub("", text)
    elif lang in ("ru", "en"):
        if _FW_PUNCT_ANY.search(text):
            text = text.translate(_TO_HALF)
    # cheap test first: a stray mark can only be the last character
    return _STRAY_END.sub("", text) if text and text[-1] in _STRAY_MARKS else text


def ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern.search(text)`` for a pattern of one character class and ``$``, done at the end.

    ``$`` matches at the end or before a final newline, so the character can only be one of the
    last two: searching from there gives the same answer without scanning the whole line.
    """
    return pattern.search(text, len(text) - 2) is not None


def _continues(line: str, nxt: str) -> bool:
    """True when the break between ``line`` and ``nxt`` is inside a sentence."""
    if ends_with(_SOFT_END, line) and _LOWER_START.match(nxt):
        return True
    return not ends_with(_ANY_END_PUNCT, line) and bool(_LOWER_ONLY.match(nxt))


def join_broken(lines: list[str], lang: str) -> list[str]:
    """Join lines broken inside a sentence (see module docstring)."""
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            # no space between Han characters: Chinese is written without them
            glue = "" if ends_with(_HAN_END, out[-1]) and _HAN_START.match(line) else " "
            out[-1] = out[-1] + glue + line
        else:
            out.append(line)
    return out


_SENTENCE_END = re.compile(r"[。！？.!?…:：;；」』”\"»)）]$")
_CLAUSE_LABEL = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.、．)]|第[一二三四五六七八九十百\d]+[条章节款])")


def join_soft_breaks(lines: list[tuple[str, bool]]) -> list[str]:
    """Join (text, after_single_br) lines broken inside a sentence by a lone <br>."""
    out: list[str] = []
    for text, soft in lines:
        if out and soft and not ends_with(_SENTENCE_END, out[-1]) and not _CLAUSE_LABEL.match(text):
            glue = "" if ends_with(_HAN_END, out[-1]) and _HAN_START.match(text) else " "
            out[-1] = out[-1] + glue + text
        else:
            out.append(text)
    return out


MIN_REPEAT_CHARS = 30    # a repeat of a paragraph this long may be a second copy of the article
SURE_REPEAT_CHARS = 80   # ... and one this long is: shorter lines recur as labels in the text itself


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Drop second copies of paragraphs (pages that carry a print or mobile copy).

    A repeated paragraph of :data:`SURE_REPEAT_CHARS` or more is dropped.  A
    shorter one (:data:`MIN_REPEAT_CHARS` or more) is dropped only when it
    follows a dropped copy or its own first copy: alone, a short line that
    recurs is a label of the text (an interview's recurring question, the
    currency lines of two rate tables, "Ingredients:"), not a copy.
    """
    seen: set[str] = set()
    out: list[str] = []
    copying = False  # the previous paragraph was dropped as a copy
    for para in paragraphs:
        size = len(para)
        if size >= MIN_REPEAT_CHARS:
            if para in seen and (size >= SURE_REPEAT_CHARS or copying or (out and out[-1] == para)):
                copying = True
                continue
            seen.add(para)
        copying = False
        out.append(para)
    return out


def clean_paragraphs(lines: list[str], lang: str) -> list[str]:
    """Normalise, repair, filter and de-duplicate lines into the final paragraphs."""
    normed = [normalize(line, lang) for line in lines]
    kept = [p for p in normed if p and not _PUNCT_ONLY.match(p)]
    return drop_repeats(join_broken(kept, lang))
