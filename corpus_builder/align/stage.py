"""The alignment stage of the build: documents in, AlignedPair records and reports out.

``align_corpus`` pairs the documents (:mod:`.pairing`), aligns each pair's
clauses (:mod:`.clauses`), then the sentences inside every clause link
(:mod:`.sentalign`; zh–ru sentence links of the whole corpus are aligned in
two passes so that word associations learnt from all of them help each).
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from corpus_builder.align.clauses import ClauseAlignment, align_clauses
from corpus_builder.align.galechurch import Bead
from corpus_builder.align.langs import align_texts, params_for
from corpus_builder.align.pairing import DocPair, clauses_of, pair_documents
from corpus_builder.align.report import PairReport, is_suspicious
from corpus_builder.align.sentalign import align_documents
from corpus_builder.align.sentences import split_sentences
from corpus_builder.records import AlignedPair, Clause, Document

log = logging.getLogger(__name__)
SENTENCE_METHOD = "length+anchors+associations"


@dataclass(slots=True)
class _SentenceJob:
    """Sentences of one clause link, waiting to be aligned."""

    pair: DocPair
    src_clause: int
    tgt_clause: int
    src: list[str]
    tgt: list[str]


def pair_id(*parts: object) -> str:
    """Stable id of an aligned pair from what identifies it."""
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:24]


def joiner(lang: str) -> str:
    """How segments of a language are glued back together."""
    return "" if lang == "zh" else " "


def align_corpus(docs: Sequence[Document], clauses_by_doc: dict[str, list[Clause]] | None = None,
                 pairs: Sequence[DocPair] | None = None) -> tuple[list[AlignedPair], list[PairReport]]:
    """Pair the documents (unless ``pairs`` of them are given), align clauses and sentences;
    return the links and one report per pair."""
    clauses = {d.doc_id: clauses_of(d, clauses_by_doc) for d in docs}
    out: list[AlignedPair] = []
    reports: list[PairReport] = []
    jobs: list[_SentenceJob] = []
    for pair in (pair_documents(docs, clauses) if pairs is None else pairs):
        src, tgt = clauses[pair.src_doc_id], clauses[pair.tgt_doc_id]
        ca = align_clauses(src, tgt, pair.src_lang, pair.tgt_lang)
        links = _clause_pairs(pair, ca, src, tgt)
        out.extend(links)
        jobs.extend(_sentence_jobs(pair, ca, src, tgt))
        reports.append(_report(pair, ca, src, tgt, len(links)))
        log.info("paired %s %s (%.2f): %d clause links", pair.src_doc_id, pair.tgt_doc_id, pair.score, len(links))
    sentence_links = _align_sentences(jobs)
    per_pair = Counter((p.src_doc_id, p.tgt_doc_id) for p in sentence_links)
    for report in reports:
        report.sentence_links = per_pair[(report.src_doc_id, report.tgt_doc_id)]
    return out + sentence_links, reports


def _clause_pairs(pair: DocPair, ca: ClauseAlignment, src: list[Clause], tgt: list[Clause]) -> list[AlignedPair]:
    a = {c.index: c for c in src}
    b = {c.index: c for c in tgt}
    out = []
    for l in ca.links:
        out.append(AlignedPair(
            pair_id(pair.src_doc_id, pair.tgt_doc_id, "clause", l.src, l.tgt),
            pair.src_doc_id, pair.tgt_doc_id, pair.src_lang, pair.tgt_lang, "clause", l.src, l.tgt,
            "\n".join(a[i].text for i in l.src), "\n".join(b[j].text for j in l.tgt),
            f"{len(l.src)}-{len(l.tgt)}", l.method, l.score))
    return out


def _sentence_jobs(pair: DocPair, ca: ClauseAlignment, src: list[Clause], tgt: list[Clause]) -> list[_SentenceJob]:
    a = {c.index: c for c in src}
    b = {c.index: c for c in tgt}
    jobs = []
    for l in ca.links:
        if l.src and l.tgt:
            s = [x for i in l.src for x in split_sentences(a[i].text, pair.src_lang)]
            t = [x for j in l.tgt for x in split_sentences(b[j].text, pair.tgt_lang)]
            if s and t:
                jobs.append(_SentenceJob(pair, l.src[0], l.tgt[0], s, t))
    return jobs


def _align_sentences(jobs: list[_SentenceJob]) -> list[AlignedPair]:
    """Sentence links of every job; zh→ru jobs together (they share learnt associations)."""
    zh_ru = [k for k, j in enumerate(jobs) if (j.pair.src_lang, j.pair.tgt_lang) == ("zh", "ru")]
    results: dict[int, list[Bead]] = {}
    for k, links in zip(zh_ru, align_documents([(jobs[k].src, jobs[k].tgt) for k in zh_ru])):
        results[k] = links
    out = []
    for k, job in enumerate(jobs):
        links = results.get(k) or align_texts(job.src, job.tgt, job.pair.src_lang, job.pair.tgt_lang)
        out.extend(_sentence_pair(job, l) for l in links)
    return out


def _sentence_pair(job: _SentenceJob, link: Bead) -> AlignedPair:
    p = job.pair
    return AlignedPair(
        pair_id(p.src_doc_id, p.tgt_doc_id, "sentence", job.src_clause, link.src, link.tgt),
        p.src_doc_id, p.tgt_doc_id, p.src_lang, p.tgt_lang, "sentence", link.src, link.tgt,
        joiner(p.src_lang).join(job.src[i] for i in link.src), joiner(p.tgt_lang).join(job.tgt[j] for j in link.tgt),
        f"{len(link.src)}-{len(link.tgt)}", SENTENCE_METHOD, link.score, job.src_clause, job.tgt_clause)


def _report(pair: DocPair, ca: ClauseAlignment, src: list[Clause], tgt: list[Clause], n_links: int) -> PairReport:
    a = {c.index: c for c in src}
    b = {c.index: c for c in tgt}
    expected = params_for(pair.src_lang, pair.tgt_lang)[0].ratio
    if params_for(pair.src_lang, pair.tgt_lang)[1]:
        expected = 1 / expected
    rep = PairReport(pair.src_doc_id, pair.tgt_doc_id, pair.src_lang, pair.tgt_lang, pair.score, pair.method,
                     ca.method, n_links, 0, ca.src_only, ca.tgt_only, ca.src_gaps, ca.tgt_gaps)
    for l in ca.links:
        if not l.tgt:
            rep.unmatched_src.extend(l.src)
        elif not l.src:
            rep.unmatched_tgt.extend(l.tgt)
        else:
            ls = sum(len(a[i].text) for i in l.src)
            lt = sum(len(b[j].text) for j in l.tgt)
            ratio = lt / max(ls, 1)
            if min(ls, lt) >= 20 and is_suspicious(ratio, expected):
                rep.suspicious.append({"src": list(l.src), "tgt": list(l.tgt), "ratio": ratio, "expected": expected})
    return rep
