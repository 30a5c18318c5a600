"""A document's rows for every ``document`` table of the store.

The store's registry (store.schema.REGISTRY) declares which tables get rows
per document; this module holds how each is made, one row maker per table,
and refuses to import if the two disagree.  Worker processes call
:func:`document_rows`, so the writer's process only writes.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from corpus_builder.align.pairing import profile_of
from corpus_builder.align.reposts import member_from_text
from corpus_builder.records import Clause, Document
from corpus_builder.store.rowcheck import check_rows
from corpus_builder.store.rows import check_clauses, clause_row, document_row, partition_of, utc
from corpus_builder.store.schema import DOCUMENT_TABLES, REGISTRY

RowMaker = Callable[[Document, Sequence[Clause], str], list[dict[str, Any]]]


def _minhash(doc: Document, clauses: Sequence[Clause], run_id: str) -> list[dict[str, Any]]:
    member = member_from_text(doc.doc_id, doc.url, doc.lang, doc.text, doc.published, utc(doc.fetched_at))
    return [member.to_row(run_id)]


ROW_MAKERS: dict[str, RowMaker] = {
    "documents": lambda doc, clauses, run_id: [document_row(doc, len(clauses), run_id)],
    "clauses": lambda doc, clauses, run_id: [clause_row(doc, c, run_id) for c in clauses],
    "minhash": _minhash,
    "pairing": lambda doc, clauses, run_id: [profile_of(doc, clauses).to_row(run_id)],
}
if set(ROW_MAKERS) != set(DOCUMENT_TABLES):
    raise RuntimeError(f"row makers for {sorted(ROW_MAKERS)}, the store's document tables are {DOCUMENT_TABLES}")


def document_rows(doc: Document, clauses: Sequence[Clause], run_id: str) -> dict[str, tuple[dict, list[dict]]]:
    """``{table: (partition, rows)}`` for every document table.  Raises ValueError or
    TypeError on a bad record, before anything is kept (rows are checked against the schema)."""
    if not doc.lang:
        raise ValueError(f"{doc.doc_id}: document without a language")
    check_clauses(doc, clauses)
    rows = {}
    for table in DOCUMENT_TABLES:
        rows[table] = ROW_MAKERS[table](doc, clauses, run_id)
        check_rows(table, rows[table])
    part = partition_of(doc.lang, doc.published)  # after the checks: a bad date is a TypeError there
    return {table: (part if REGISTRY[table].partitions else {}, table_rows) for table, table_rows in rows.items()}


def add_document(writer, doc: Document, clauses: list[Clause]) -> bool:
    """Add one document and its clauses through an open store.CorpusWriter;
    False (nothing written) if the corpus has it already."""
    if writer.has_document(doc.doc_id):
        writer.summary.skipped_duplicates += 1
        return False
    return writer.add_rows(doc.doc_id, len(clauses), document_rows(doc, clauses, writer.run_id))
