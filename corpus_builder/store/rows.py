"""Records -> rows of the store's tables (dicts keyed by the schema's column names).

The only place that knows how a Document, Clause or AlignedPair maps to
columns.  The rows of the internal tables (repost signatures, pairing
profiles) are made next to the records they store (align.reposts.Member,
align.pairing.Profile); steps.rows puts a document's rows for every table
together.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Sequence

from corpus_builder.records import AlignedPair, Clause, Document, content_hash
from corpus_builder.store.schema import YEAR_UNKNOWN


def utc(moment: datetime | None) -> datetime | None:
    """Aware UTC datetime (a naive one is taken to be UTC already)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def partition_of(lang: str, published: date | None) -> dict[str, Any]:
    """Hive partition of a document and its clauses."""
    return {"lang": lang, "year": published.year if published else YEAR_UNKNOWN}


def document_row(doc: Document, n_clauses: int, run_id: str) -> dict[str, Any]:
    enc = doc.encoding
    return {
        "doc_id": doc.doc_id, "url": doc.url, "source": doc.source, "title": doc.title,
        "published": doc.published, "published_raw": doc.published_raw, "text": doc.text,
        "n_chars": len(doc.text), "n_clauses": n_clauses, "content_hash": doc.content_hash,
        "encoding_declared_http": enc.declared_http, "encoding_declared_meta": enc.declared_meta,
        "encoding_detected": enc.detected, "encoding_used": enc.used,
        "encoding_replaced": enc.replaced, "fetched_at": utc(doc.fetched_at),
        "origin": doc.origin, "source_credit": doc.source_credit, "author": doc.author, "run_id": run_id,
    }


def clause_row(doc: Document, clause: Clause, run_id: str) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id, "url": doc.url, "source": doc.source, "title": doc.title,
        "published": doc.published, "clause_index": clause.index, "clause_number": clause.number,
        "clause_label": clause.label, "heading": clause.heading, "text": clause.text,
        "tokens": list(clause.tokens), "n_tokens": len(clause.tokens), "char_start": clause.start,
        "char_end": clause.end, "content_hash": content_hash(clause.text), "run_id": run_id,
    }


def alignment_row(pair: AlignedPair, run_id: str) -> dict[str, Any]:
    return {
        "pair_id": pair.pair_id, "src_doc_id": pair.src_doc_id, "tgt_doc_id": pair.tgt_doc_id,
        "src_lang": pair.src_lang, "tgt_lang": pair.tgt_lang, "level": pair.level,
        "src_ids": list(pair.src_ids), "tgt_ids": list(pair.tgt_ids), "src_text": pair.src_text,
        "tgt_text": pair.tgt_text, "link_type": pair.link_type, "method": pair.method,
        "score": float(pair.score), "src_clause": pair.src_clause, "tgt_clause": pair.tgt_clause,
        "run_id": run_id,
    }


def check_clauses(doc: Document, clauses: Sequence[Clause]) -> None:
    """Clauses must belong to the document and have distinct indexes."""
    indexes = [c.index for c in clauses]
    if len(set(indexes)) != len(indexes):
        raise ValueError(f"{doc.doc_id}: duplicate clause indexes")
    for c in clauses:
        if c.doc_id != doc.doc_id:
            raise ValueError(f"clause {c.index} belongs to {c.doc_id}, not {doc.doc_id}")
