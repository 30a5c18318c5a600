"""One capture in, one document with its tokenised clauses out.

``process_capture`` is the per-capture work of every build (decode ->
extract -> clauses -> segment).  It is a plain function of its arguments so
that worker processes can run it; each process loads the jieba dictionary
once, on first use.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from corpus_builder.errors import Dropped
from corpus_builder.align.pairing import Profile, profile_of
from corpus_builder.align.reposts import Member
from corpus_builder.records import Capture, Clause, Document
from corpus_builder.store.rows import document_member
from corpus_builder.text.clauses import split_clauses
from corpus_builder.text.decode import decode_capture
from corpus_builder.text.extract import extract_document
from corpus_builder.text.segment import tokenize

log = logging.getLogger(__name__)

_BINARY_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


@dataclass(slots=True)
class Processed:
    """The outcome for one capture: a document and clauses, or a drop reason."""

    origin: str
    url: str
    document: Document | None = None
    clauses: list[Clause] | None = None
    # repost signature and pairing profile, computed here rather than in the writer's process
    member: Member | None = None
    profile: Profile | None = None
    reason: str | None = None
    detail: str = ""


def check_capture(capture: Capture) -> None:
    """Raise Dropped for captures that cannot hold an article at all."""
    if capture.status and not 200 <= capture.status < 300:
        raise Dropped("http-status", f"HTTP {capture.status}")
    if not capture.body.strip():
        raise Dropped("empty", "no bytes")
    head = capture.body[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Dropped("binary", "NUL bytes: not a text page")
    if sum(head.count(bytes([c])) for c in _BINARY_CONTROL) > len(head) // 20:
        raise Dropped("binary", "control bytes: not a text page")


def analyse(capture: Capture, *, url: str | None = None, lang: str | None = None) -> tuple[Document, list[Clause]]:
    """Decode, extract, split and tokenise one capture; raises Dropped."""
    check_capture(capture)
    page = decode_capture(capture)
    doc = extract_document(page, url=url, lang=lang)
    clauses = split_clauses(doc.text, doc.doc_id, doc.lang)
    for clause in clauses:
        clause.tokens = tokenize(clause.text, doc.lang)
    return doc, clauses


def process_capture(capture: Capture, lang: str | None = None) -> Processed:
    """Never raises for a bad page: the failure becomes a counted reason."""
    try:
        doc, clauses = analyse(capture, lang=lang)
    except Dropped as exc:
        return Processed(capture.origin, capture.url, reason=exc.reason, detail=exc.detail)
    except Exception as exc:  # a bug on one page must not stop the run
        log.exception("unexpected failure on %s", capture.origin)
        return Processed(capture.origin, capture.url, reason="error", detail=f"{type(exc).__name__}: {exc}")
    return Processed(capture.origin, capture.url, document=doc, clauses=clauses, member=document_member(doc),
                     profile=profile_of(doc, clauses))
