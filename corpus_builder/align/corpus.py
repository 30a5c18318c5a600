"""The build's cross-document alignment step over the stored corpus.

After a build has committed its documents, the documents of the corpus are
paired across languages (only those that could pair with a new document:
other languages, within the pairing date window); pairs that involve a
document new in this run are aligned (clauses, then sentences) and their links added to the
``alignments`` table.  Pairs between older documents were aligned by the
run that added them, so a nightly run does only the new work.  Clauses are
re-split from the stored text (the splitter is deterministic), so the large
``clauses`` table with its tokens is never loaded here.
"""
from __future__ import annotations

import bisect
import json
import logging
from pathlib import Path
from typing import Iterable

from corpus_builder.align.pairing import DATE_WINDOW, pair_documents, profile_keys
from corpus_builder.align.report import PairReport
from corpus_builder.align.stage import align_corpus
from corpus_builder.parallel import ordered_map
from corpus_builder.records import Document, EncodingInfo

log = logging.getLogger(__name__)

REPORT_FILE = "alignment_report.jsonl"
_COLUMNS = ["doc_id", "url", "source", "lang", "title", "text", "published", "published_raw",
            "encoding_used", "origin"]


def stored_documents(root: str | Path, ids: set[str] | None = None) -> list[Document]:
    """The committed documents of the corpus (or those in ``ids``) as records."""
    import pyarrow.dataset as ds

    from corpus_builder.store.load import table_dataset

    where = ds.field("doc_id").isin(sorted(ids)) if ids is not None else None
    rows = table_dataset(root, "documents").to_table(columns=_COLUMNS, filter=where).to_pylist()
    return [
        Document(doc_id=r["doc_id"], url=r["url"], source=r["source"], lang=r["lang"], title=r["title"] or "",
                 text=r["text"], published=r["published"], published_raw=r["published_raw"],
                 encoding=EncodingInfo(None, None, None, r["encoding_used"]), origin=r["origin"] or "")
        for r in rows
    ]


def candidate_ids(root: str | Path, new: set[str], window: int = DATE_WINDOW) -> set[str]:
    """The new documents, and the documents of other languages that could pair with one of them:
    published within ``window`` days of it, or undated (an undated new document meets all)."""
    from corpus_builder.store.load import load_arrow

    table = load_arrow(root, "documents", columns=["doc_id", "lang", "published"]).to_pylist()
    fresh = [r for r in table if r["doc_id"] in new]
    langs = {r["lang"] for r in fresh}
    days = sorted(r["published"].toordinal() for r in fresh if r["published"])
    undated_new = any(r["published"] is None for r in fresh)

    def near(row: dict) -> bool:
        if row["published"] is None or undated_new:
            return True
        day = row["published"].toordinal()
        i = bisect.bisect_left(days, day - window)
        return i < len(days) and days[i] <= day + window

    return new | {r["doc_id"] for r in table if (langs - {r["lang"]}) and near(r)}


def align_new_documents(root: str | Path, new_ids: Iterable[str], writer,
                        workers: int = 1) -> tuple[int, list[PairReport]]:
    """Align the cross-language pairs that involve ``new_ids``; returns (links added, reports).

    ``writer`` is the open CorpusWriter of the run (its documents committed);
    ``workers`` processes compute the documents' pairing profiles.
    """
    new = set(new_ids)
    if not new:
        return 0, []
    docs = stored_documents(root, candidate_ids(root, new))
    if len({d.lang for d in docs}) < 2:
        return 0, []
    keys = dict(zip((d.doc_id for d in docs), ordered_map(profile_keys, docs, workers)))
    pairs = [p for p in pair_documents(docs, keys=keys) if p.src_doc_id in new or p.tgt_doc_id in new]
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
