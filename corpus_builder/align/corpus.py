"""The build's cross-document alignment step over the stored corpus.

After a build has committed its documents, the documents of the corpus are
paired across languages; pairs that involve a document new in this run are
aligned (clauses, then sentences) and their links added to the
``alignments`` table.  Pairs between older documents were aligned by the
run that added them, so a nightly run does only the new work.  Clauses are
re-split from the stored text (the splitter is deterministic), so the large
``clauses`` table with its tokens is never loaded here.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Iterable

from corpus_builder.align.pairing import pair_documents
from corpus_builder.align.report import PairReport
from corpus_builder.align.stage import align_corpus
from corpus_builder.records import Document, EncodingInfo

log = logging.getLogger(__name__)

REPORT_FILE = "alignment_report.jsonl"
_COLUMNS = ["doc_id", "url", "source", "lang", "title", "text", "published", "published_raw",
            "encoding_used", "origin"]


def stored_documents(root: str | Path) -> list[Document]:
    """The committed documents of the corpus as records (text and metadata only)."""
    from corpus_builder.store.load import load_arrow

    rows = load_arrow(root, "documents", columns=_COLUMNS).to_pylist()
    return [
        Document(doc_id=r["doc_id"], url=r["url"], source=r["source"], lang=r["lang"], title=r["title"] or "",
                 text=r["text"], published=r["published"], published_raw=r["published_raw"],
                 encoding=EncodingInfo(None, None, None, r["encoding_used"]), origin=r["origin"] or "")
        for r in rows
    ]


def align_new_documents(root: str | Path, new_ids: Iterable[str], writer) -> tuple[int, list[PairReport]]:
    """Align the cross-language pairs that involve ``new_ids``; returns (links added, reports).

    ``writer`` is the open CorpusWriter of the run (its documents committed).
    """
    new = set(new_ids)
    if not new:
        return 0, []
    docs = stored_documents(root)
    if len({d.lang for d in docs}) < 2:
        return 0, []
    pairs = [p for p in pair_documents(docs) if p.src_doc_id in new or p.tgt_doc_id in new]
    touched = {i for p in pairs for i in (p.src_doc_id, p.tgt_doc_id)}
    if not touched:
        return 0, []
    links, reports = align_corpus([d for d in docs if d.doc_id in touched])
    added = writer.add_alignments(links)
    write_reports(root, reports)
    log.info("aligned %d document pairs: %d new links", len(reports), added)
    return added, reports


def write_reports(root: str | Path, reports: list[PairReport]) -> Path:
    """Append this run's per-pair quality reports (one JSON object per line)."""
    path = Path(root) / REPORT_FILE
    with path.open("a", encoding="utf-8") as fh:
        for report in reports:
            fh.write(json.dumps(report.as_dict(), ensure_ascii=False, default=str) + "\n")
    return path
