"""Split a document's main text into its preamble and numbered clauses.

Contract (what the rest of the pipeline relies on):

* ``split_clauses(text, doc_id, lang)`` returns :class:`Clause` records.
  Index 0 is always the preamble (the text before the first numbered clause;
  ``""`` with ``start == end == 0`` when there is none).  Numbered clauses
  follow with index 1..n in document order.  Text without numbering is one
  clause: index 0, number None, label "".
* ``label`` is the numbering as written ("一、", "2.", "（三）", "Статья 5"),
  ``number`` its value.  ``text`` is the clause WITHOUT its label, stripped,
  and always ``text == document_text[start:end]`` (the label and its spacing
  lie just before ``start``).  Hard-wrapped input is not re-flowed here.
* ``heading`` is a clause's short first line when it has no sentence-final
  punctuation and more text follows ("八、各方对数字经济综合影响的认识"), else None.
  The heading stays part of ``text``: a heading split from its body by a
  paragraph break is thereby joined back to it.
* Unnumbered paragraphs belong to the clause before them, except chapter and
  section headings ("第二章　监察机关及其职责", "Глава 2"): they end the clause
  before them and belong to no clause (clauses need not tile the text).

Which labels are clauses is decided by sequence continuity, not by style
alone (see :func:`select_top_level`): mixed styles (一、 2. 3.在 四、) still give
1, 2, 3, 4, nested lists ((一) inside 一、, а) inside 1.) stay inside their
parent, and a number that does not continue the sequence is plain text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from corpus_builder.records import Clause
from corpus_builder.text.clause_sequence import select_top_level
from corpus_builder.text.numerals import label_config, read_numeral

LANGS = ("zh", "ru", "en")
_INDENT = " \t\u3000\u00a0\ufeff"
# A heading ends without these; it is also short (see _HEADING_MAX).
_FINAL_PUNCT = set("。！？；：，、…,.!?;:")
_HEADING_MAX = {"zh": 40, "ru": 90, "en": 90}
_WRAP_RATIO = 0.8
# where an inline label may start: after a sentence end (or a colon) and spaces
_SENTENCE_END = re.compile(r"[。！？.!?…：:][ \t\u3000\u00a0]*(?=\S)")


@dataclass(frozen=True, slots=True)
class Style:
    """One numbering style from data/clause_labels.toml."""

    name: str
    regex: re.Pattern[str]
    numeral: str
    rank: int
    role: str
    inline: bool


@dataclass(frozen=True, slots=True)
class Label:
    """A numbering found at the start of a paragraph (or inline, after a sentence end)."""

    start: int  # offset of the label in the text
    body: int  # offset of the first non-space character after it
    text: str
    number: int
    style: str
    rank: int
    role: str


@lru_cache(maxsize=None)
def styles_for(lang: str) -> tuple[Style, ...]:
    """The numbering styles tried for a language, in priority order."""
    return tuple(
        Style(s["name"], re.compile(s["pattern"]), s["numeral"], int(s["rank"]),
              s.get("role", "clause"), bool(s.get("inline")))
        for s in label_config()["style"]
        if lang in s["langs"]
    )


def find_labels(text: str, lang: str) -> list[Label]:
    """Every paragraph-initial numbering in ``text`` (candidates, not yet clauses)."""
    labels, offset = [], 0
    for line in text.split("\n"):
        pos = offset + len(line) - len(line.lstrip(_INDENT))
        label = _match_label(text, pos, lang, styles_for(lang))
        if label is not None:
            labels.append(label)
        offset += len(line) + 1
    return labels


def find_inline_labels(text: str, lang: str) -> list[Label]:
    """Numberings right after a sentence end inside paragraphs ("…复苏。二、…").

    Only styles marked ``inline`` (一、, 第一条, Статья 1): for texts whose
    paragraph breaks were lost, and used only when no paragraph starts with a
    clause number, since inline lists ("分为：一、…；二、…") are common.
    """
    styles = tuple(s for s in styles_for(lang) if s.inline)
    labels = []
    for m in _SENTENCE_END.finditer(text):
        label = _match_label(text, m.end(), lang, styles)
        if label is not None:
            labels.append(label)
    return labels


def _match_label(text: str, pos: int, lang: str, styles: tuple[Style, ...]) -> Label | None:
    for style in styles:
        m = style.regex.match(text, pos)
        if m is None:
            continue
        number = read_numeral(style.numeral, m.group("num"), lang)
        if number is None:
            return None
        body = _skip_space(text, m.end())
        return Label(pos, body, m.group(0), number, style.name, style.rank, style.role)
    return None


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos].isspace() or text[pos] in _INDENT):
        pos += 1
    return pos


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so that it neither starts nor ends with whitespace."""
    while start < end and (text[start].isspace() or text[start] in _INDENT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INDENT):
        end -= 1
    return start, end


def find_heading(body: str, lang: str) -> str | None:
    """The clause's heading: a short first line, no final punctuation, text after it."""
    raw, _, rest = body.partition("\n")
    first, rest = " ".join(raw.split()), rest.strip()
    if not first or not rest or len(first) > _HEADING_MAX.get(lang, 90):
        return None
    if first[-1] in _FINAL_PUNCT:
        return None
    if lang != "zh" and ("," in first or rest[0].islower()):
        return None  # a hard-wrapped sentence, not a heading
    # Hard-wrapped text: the next line stops mid-sentence and the first line is
    # about as long as it.  (A body paragraph after a real heading ends a sentence.)
    following = rest.partition("\n")[0].rstrip()
    if following[-1] not in _FINAL_PUNCT and len(raw.rstrip()) > _WRAP_RATIO * len(following):
        return None
    return first


def _next_stop(stops: list[int], after: int, default: int) -> int:
    i = bisect.bisect_right(stops, after)
    return stops[i] if i < len(stops) else default


def split_clauses(text: str, doc_id: str = "", lang: str = "zh") -> list[Clause]:
    """Preamble (index 0) and numbered clauses (1..n) of a document's main text."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r} (expected one of {', '.join(LANGS)})")
    labels = find_labels(text, lang)
    top = select_top_level(labels)
    if not any(lab.role == "clause" for lab in top):
        inline = find_inline_labels(text, lang)
        if inline:
            labels = sorted(labels + inline, key=lambda lab: lab.start)
            top = select_top_level(labels)
    # a clause ends at the next clause or divider (chapter heading), whichever comes first
    stops = sorted({lab.start for lab in top} | {lab.start for lab in labels if lab.role == "divider"})
    start, end = _strip_span(text, 0, _next_stop(stops, -1, len(text)))
    if start == end:
        start = end = 0  # no preamble
    clauses = [Clause(doc_id, 0, None, "", None, text[start:end], start, end)]
    for i, label in enumerate(top, start=1):
        stop = _next_stop(stops, label.start, len(text))
        start, end = _strip_span(text, label.body, max(stop, label.body))
        body = text[start:end]
        clauses.append(Clause(doc_id, i, label.number, label.text, find_heading(body, lang), body, start, end))
    return clauses
