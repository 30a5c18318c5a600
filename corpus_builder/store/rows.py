"""Records -> rows of the store's tables (dicts keyed by the schema's column names).

The only place that knows how a Document, Clause or AlignedPair maps to
columns; the writer feeds these rows to the shard sinks.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Sequence

from corpus_builder.align.pairing import Profile, profile_of
from corpus_builder.align.reposts import Member, member_from_text
from corpus_builder.records import AlignedPair, Clause, Document, content_hash
from corpus_builder.store.rowcheck import check_rows
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
        "encoding_detected": enc.detected, "encoding_used": enc.used, "fetched_at": utc(doc.fetched_at),
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


def document_member(doc: Document) -> Member:
    """The document's repost-detection entry (normalised-text hash and MinHash signature).

    Pure function of the document: worker processes compute it so that the
    writer's process does not have to.
    """
    return member_from_text(doc.doc_id, doc.url, doc.lang, doc.text, doc.published, utc(doc.fetched_at))


def minhash_row(doc: Document, run_id: str, member: Member | None = None) -> dict[str, Any]:
    m = member if member is not None and member.doc_id == doc.doc_id else document_member(doc)
    return {"doc_id": m.doc_id, "url": m.url, "lang": m.lang, "published": m.published,
            "fetched_at": m.fetched_at, "norm_hash": m.norm_hash, "signature": m.signature, "run_id": run_id}


def member_from_row(row: dict[str, Any]) -> Member:
    """Inverse of minhash_row (rows as read back from the minhash table)."""
    import numpy as np

    return Member(row["doc_id"], row["url"], row["lang"], row["published"], row["fetched_at"],
                  row["norm_hash"], np.asarray(row["signature"], dtype=np.uint32))


def pairing_row(doc: Document, clauses: Sequence[Clause], run_id: str, profile: Profile | None = None
                ) -> dict[str, Any]:
    p = profile if profile is not None and profile.doc_id == doc.doc_id else profile_of(doc, clauses)
    keys = sorted(p.concepts)
    return {"doc_id": p.doc_id, "lang": p.lang, "published": p.published, "n_numbered": p.numbered,
            "n_chars": p.length, "concept_keys": keys, "concept_counts": [p.concepts[k] for k in keys],
            "numbers": sorted(p.numbers), "run_id": run_id}


def profile_from_row(row: dict[str, Any]) -> Profile:
    """Inverse of pairing_row (rows as read back from the pairing table)."""
    return Profile(row["doc_id"], row["lang"], row["published"], row["n_numbered"],
                   dict(zip(row["concept_keys"], row["concept_counts"])), set(row["numbers"]), row["n_chars"])


def check_clauses(doc: Document, clauses: Sequence[Clause]) -> None:
    """Clauses must belong to the document and have distinct indexes."""
    indexes = [c.index for c in clauses]
    if len(set(indexes)) != len(indexes):
        raise ValueError(f"{doc.doc_id}: duplicate clause indexes")
    for c in clauses:
        if c.doc_id != doc.doc_id:
            raise ValueError(f"clause {c.index} belongs to {c.doc_id}, not {doc.doc_id}")


def document_rows(doc: Document, clauses: Sequence[Clause], run_id: str, member: Member | None = None,
                  profile: Profile | None = None) -> dict[str, tuple[dict[str, Any], list]]:
    """A document's rows for each table it goes into, with the table's partition:
    ``{table: (partition, rows)}``.  Raises ValueError/TypeError on a bad record,
    before anything is kept (rows are checked against the schema here).
    ``member`` and ``profile`` are the document's repost signature and pairing
    profile when a worker computed them already."""
    if not doc.lang:
        raise ValueError(f"{doc.doc_id}: document without a language")
    check_clauses(doc, clauses)
    rows = {"documents": [document_row(doc, len(clauses), run_id)],
            "clauses": [clause_row(doc, c, run_id) for c in clauses]}
    for table, table_rows in rows.items():
        check_rows(table, table_rows)
    part = partition_of(doc.lang, doc.published)
    out = {table: (part, table_rows) for table, table_rows in rows.items()}
    out["minhash"] = ({}, [minhash_row(doc, run_id, member)])
    out["pairing"] = ({}, [pairing_row(doc, clauses, run_id, profile)])
    return out
