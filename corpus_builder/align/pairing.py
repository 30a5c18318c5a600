"""Document pairing: which documents are versions of one text in two languages.

Every document of one language is scored against every document of the
other.  The evidence, each a similarity in [0, 1]:

* date — days apart (same day 1.0, falling to 0 at the window's edge; a
  pair further apart than the window is not a candidate at all);
* clauses — numbered clause counts (min/max) and numbering (both numbered or
  both not);
* concepts — lexicon concepts (states, organisations, people, months …),
  name skeletons (卡瓦诺 / Кавано) and Latin words in title and text,
  cosine of the counts;
* numbers — digits, years, resolution numbers shared (Jaccard);
* length — text length ratio against the language pair's usual ratio.

The score is the weighted mean of the available evidence (an unknown date
counts neither way).  Pairs are chosen greedily from the best score down,
each document in at most one pair per other language, and only above
``min_score``.
"""
from __future__ import annotations

import bisect
import math
import operator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Mapping, Sequence

from corpus_builder.align.anchors import content_anchors, numbers
from corpus_builder.align.langs import params_for
from corpus_builder.align.lexicon import Lexicon, default_lexicon
from corpus_builder.records import Clause, Document

WEIGHTS = {"date": 1.0, "clauses": 1.5, "concepts": 2.0, "numbers": 1.5, "length": 1.0}
DATE_WINDOW = 7
MIN_SCORE = 0.45
# Same day and a plausible length are true of most unrelated articles of a busy news day: a pair
# also needs this much content evidence (concepts, numbers, clause structure).  On NTREX thrown
# together on one day it keeps 45 of 46 true pairs and 9 of 2,070 false candidates.
MIN_CONTENT = 0.3
# A translation's length stays near the language pair's usual ratio (true NTREX pairs: >= 0.37).
MIN_LENGTH = 0.3
_CONTENT = ("concepts", "numbers", "clauses")


@dataclass(slots=True)
class DocPair:
    """Two documents taken as versions of one text, with the evidence for it."""

    src_doc_id: str
    tgt_doc_id: str
    src_lang: str
    tgt_lang: str
    score: float
    method: str
    evidence: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Profile:
    """What pairing needs of one document: small, so it is computed once per document (in the
    build's workers) and stored (table ``pairing``); windows of the alignment step read these
    instead of the texts."""

    doc_id: str
    lang: str
    published: date | None
    numbered: int
    concepts: dict[str, int]
    numbers: set[float]
    length: int
    norm: float = field(init=False, compare=False, repr=False)  # Euclidean norm of the concept counts

    def __post_init__(self) -> None:
        counts = self.concepts.values()
        self.norm = math.sqrt(sum(map(operator.mul, counts, counts)))

    def to_row(self, run_id: str) -> dict[str, Any]:
        """The profile as a row of the store's ``pairing`` table."""
        keys = sorted(self.concepts)
        return {"doc_id": self.doc_id, "lang": self.lang, "published": self.published, "n_numbered": self.numbered,
                "n_chars": self.length, "concept_keys": keys, "concept_counts": [self.concepts[k] for k in keys],
                "numbers": sorted(self.numbers), "run_id": run_id}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Profile":
        """Inverse of :meth:`to_row` (rows as read back from the ``pairing`` table)."""
        return cls(row["doc_id"], row["lang"], row["published"], row["n_numbered"],
                   dict(zip(row["concept_keys"], row["concept_counts"])), set(row["numbers"]), row["n_chars"])


def profile_of(doc: Document, clauses: Sequence[Clause] | None = None, lexicon: Lexicon | None = None) -> Profile:
    """The pairing profile of a document (clauses split here when not given)."""
    lex = lexicon or default_lexicon()
    clauses = clauses_of(doc) if clauses is None else clauses
    text = f"{doc.title}\n{doc.text}"
    values = numbers(text)
    return Profile(doc.doc_id, doc.lang, doc.published, sum(1 for c in clauses if c.number is not None),
                   dict(content_anchors(text, doc.lang, lex)), set(values), len(doc.text) - doc.text.count(" "))


def _date_sim(a: date | None, b: date | None, window: int) -> float | None:
    if a is None or b is None:
        return None
    days = abs((a - b).days)
    return None if days > window else 1.0 - days / (window + 1)


def _cosine(a: Profile, b: Profile) -> float | None:
    if not a.concepts or not b.concepts:
        return None if not (a.concepts or b.concepts) else 0.0
    small, big = (a.concepts, b.concepts) if len(a.concepts) <= len(b.concepts) else (b.concepts, a.concepts)
    dot = sum(v * big.get(k, 0) for k, v in small.items())
    return dot / (a.norm * b.norm) if dot else 0.0


@lru_cache(maxsize=None)
def _usual_ratio(a_lang: str, b_lang: str) -> tuple[float, bool]:
    params, swap = params_for(a_lang, b_lang)
    return params.ratio, swap


def _length_sim(a: Profile, b: Profile) -> float:
    usual, swap = _usual_ratio(a.lang, b.lang)
    ratio = (a.length / max(b.length, 1)) if swap else (b.length / max(a.length, 1))
    return math.exp(-abs(math.log(max(ratio, 1e-6) / usual)) / 0.4)


def evidence(a: Profile, b: Profile, window: int = DATE_WINDOW) -> dict[str, float] | None:
    """Similarity per kind of evidence for two profiles; None when the dates rule the pair out."""
    out: dict[str, float] = {}
    if a.published and b.published:
        sim = _date_sim(a.published, b.published, window)
        if sim is None:
            return None
        out["date"] = sim
    if a.numbered or b.numbered:
        out["clauses"] = min(a.numbered, b.numbered) / max(a.numbered, b.numbered)
    concepts = _cosine(a, b)
    if concepts is not None:
        out["concepts"] = concepts
    if len(a.numbers | b.numbers) >= 2:  # one shared number (the year) says nothing
        out["numbers"] = len(a.numbers & b.numbers) / len(a.numbers | b.numbers)
    out["length"] = _length_sim(a, b)
    return out


def _plausible(ev: dict[str, float], min_score: float) -> bool:
    """Enough evidence overall, enough of it about the content, and a translation's length."""
    return (combine(ev) >= min_score and combine(ev, _CONTENT) >= MIN_CONTENT
            and ev.get("length", 1.0) >= MIN_LENGTH)


def combine(ev: dict[str, float], kinds: Sequence[str] | None = None) -> float:
    """Weighted mean of the evidence present (of ``kinds`` only, when given)."""
    present = [k for k in ev if kinds is None or k in kinds]
    total = sum(WEIGHTS[k] for k in present)
    return sum(WEIGHTS[k] * ev[k] for k in present) / total if total else 0.0


def clauses_of(doc: Document, given: dict[str, list[Clause]] | None = None) -> list[Clause]:
    """The document's clauses: from ``given`` when there, else split by the text stage."""
    if given and doc.doc_id in given:
        return given[doc.doc_id]
    from corpus_builder.text.clauses import split_clauses  # the text stage's splitter
    return split_clauses(doc.text, doc.doc_id, doc.lang)


def pair_documents(docs: Sequence[Document], clauses: dict[str, list[Clause]] | None = None,
                   min_score: float = MIN_SCORE, window: int = DATE_WINDOW,
                   lexicon: Lexicon | None = None) -> list[DocPair]:
    """Pairs of documents in different languages that are versions of one text.

    ``clauses`` maps doc_id to its clauses (documents missing from it are
    split here).
    Source side of each pair is the language first in zh, ru, en.
    """
    lex = lexicon or default_lexicon()
    return pair_profiles([profile_of(d, clauses_of(d, clauses), lex) for d in docs], min_score, window)


def pair_profiles(profiles: Sequence[Profile], min_score: float = MIN_SCORE,
                  window: int = DATE_WINDOW) -> list[DocPair]:
    """:func:`pair_documents` over the documents' profiles."""
    order = {"zh": 0, "ru": 1, "en": 2}
    nearby = _DateIndex(profiles, window)
    candidates = []
    for a in profiles:
        for b in nearby.around(a):
            if a.lang == b.lang or order.get(a.lang, 9) > order.get(b.lang, 9):
                continue
            if _length_sim(a, b) < MIN_LENGTH:  # cheap, and rules out most unrelated pairs
                continue
            ev = evidence(a, b, window)
            if ev is not None and _plausible(ev, min_score):
                candidates.append((combine(ev), a, b, ev))
    return _greedy(candidates)


class _DateIndex:
    """Profiles by publication day, so that a dated document meets only those near it (and the undated)."""

    def __init__(self, profiles: Sequence[Profile], window: int) -> None:
        dated = sorted((p for p in profiles if p.published), key=lambda p: p.published.toordinal())
        self.days = [p.published.toordinal() for p in dated]
        self.dated, self.window = dated, window
        self.undated = [p for p in profiles if not p.published]

    def around(self, a: Profile) -> list[Profile]:
        if not a.published:
            return self.dated + self.undated
        day = a.published.toordinal()
        lo = bisect.bisect_left(self.days, day - self.window)
        hi = bisect.bisect_right(self.days, day + self.window)
        return self.dated[lo:hi] + self.undated


def _greedy(candidates: list) -> list[DocPair]:
    """Best pairs first; a document joins at most one pair per other language."""
    taken: set[tuple[str, str]] = set()
    pairs = []
    for score, a, b, ev in sorted(candidates, key=lambda c: (-c[0], c[1].doc_id, c[2].doc_id)):
        if (a.doc_id, b.lang) in taken or (b.doc_id, a.lang) in taken:
            continue
        taken.update({(a.doc_id, b.lang), (b.doc_id, a.lang)})
        pairs.append(DocPair(a.doc_id, b.doc_id, a.lang, b.lang, round(score, 4),
                             "+".join(sorted(ev)), {k: round(v, 4) for k, v in ev.items()}))
    return pairs
