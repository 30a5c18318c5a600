"""The alignment step: pair and align the new documents over the stored corpus.

After a build has committed its documents, the documents of the corpus are
paired across languages and the pairs that involve a document new in this
run are aligned (clauses, then sentences); their links go to the
``alignments`` table.  Pairs between older documents were aligned by the run
that added them, so a nightly run does only the new work.

The work is cut into date windows: the new documents published in one span
of days, with every stored document that could pair with one of them
(within the pairing date window around the span, or undated).  Windows are
independent, so the build's worker processes take them in parallel, and
memory holds one window's profiles at a time however large the corpus.
Pairing reads the small per-document profiles of the ``pairing`` table
(computed by the workers that made the documents; a document stored before
that table existed gets its profile from its text here); only the paired
documents' texts are read.  Clauses are re-split from the stored text (the
splitter is deterministic), so the large ``clauses`` table with its tokens is
never loaded here.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Iterator

from corpus_builder.align.pairing import DATE_WINDOW, Profile, pair_profiles, profile_of
from corpus_builder.align.report import PairReport
from corpus_builder.align.stage import align_corpus
from corpus_builder.parallel import ordered_map
from corpus_builder.records import AlignedPair, Document, EncodingInfo

log = logging.getLogger(__name__)

REPORT_FILE = "alignment_report.jsonl"
SPAN_DAYS = 14  # days of new documents per window
_COLUMNS = ["doc_id", "url", "source", "lang", "title", "text", "published", "published_raw",
            "encoding_used", "origin"]


@dataclass(frozen=True, slots=True)
class AlignmentWindow:
    """New documents published in [first, last] (both None: the undated ones)."""

    root: str
    first: date | None
    last: date | None
    new_ids: frozenset[str]
    profiles_complete: bool = False  # every stored document has a pairing profile


def stored_documents(root: str | Path, where=None) -> list[Document]:
    """The committed documents of the corpus (those matching a pyarrow filter) as records."""
    from corpus_builder.store.load import table_dataset

    rows = table_dataset(root, "documents").to_table(columns=_COLUMNS, filter=where).to_pylist()
    return [
        Document(doc_id=r["doc_id"], url=r["url"], source=r["source"], lang=r["lang"], title=r["title"] or "",
                 text=r["text"], published=r["published"], published_raw=r["published_raw"],
                 encoding=EncodingInfo(None, None, None, r["encoding_used"]), origin=r["origin"] or "")
        for r in rows
    ]


def plan_windows(root: str | Path, new_ids: Iterable[str], span_days: int = SPAN_DAYS) -> list[AlignmentWindow]:
    """Cut the new documents into windows of ``span_days`` consecutive days of publication."""
    import pyarrow.dataset as ds

    from corpus_builder.store.load import table_dataset

    new, complete = set(new_ids), profiles_complete(root)
    only_new = ds.field("doc_id").isin(sorted(new))  # never the whole corpus in memory
    meta = table_dataset(root, "documents").to_table(columns=["doc_id", "published"], filter=only_new).to_pylist()
    dated = sorted((r["published"], r["doc_id"]) for r in meta if r["published"])
    windows: list[AlignmentWindow] = []
    while dated:
        first = dated[0][0]
        last = first + timedelta(days=span_days - 1)
        ids = [d for day, d in dated if day <= last]
        windows.append(AlignmentWindow(str(root), first, last, frozenset(ids), complete))
        dated = dated[len(ids):]
    undated = frozenset(r["doc_id"] for r in meta if not r["published"])
    if undated:
        windows.append(AlignmentWindow(str(root), None, None, undated, complete))
    return windows


def _candidates_filter(window: AlignmentWindow):
    """Documents that could pair with the window's new ones: near in date, or undated."""
    import pyarrow.dataset as ds

    if window.first is None:  # an undated document may pair with any other
        return None
    lo = window.first - timedelta(days=DATE_WINDOW)
    hi = window.last + timedelta(days=DATE_WINDOW)
    published = ds.field("published")
    return ((published >= lo) & (published <= hi)) | published.is_null()


def profiles_complete(root: str | Path) -> bool:
    """True when every committed document has its pairing profile (the manifest's row counts
    agree; validate checks that no profile lacks its document)."""
    from corpus_builder.store.manifest import read_manifest

    manifest = read_manifest(root)
    return (sum(f.rows for f in manifest.table_files("documents"))
            == sum(f.rows for f in manifest.table_files("pairing")))


def window_profiles(root: str | Path, where=None, complete: bool = False) -> list[Profile]:
    """Pairing profiles of the stored documents that match a pyarrow filter, by doc_id.

    Unless ``complete`` (see :func:`profiles_complete`), documents without a
    stored profile get one from their text."""
    import pyarrow.dataset as ds

    from corpus_builder.store.load import table_dataset

    rows = table_dataset(root, "pairing").to_table(filter=where).to_pylist()
    found = {r["doc_id"]: Profile.from_row(r) for r in rows}
    if complete:
        return [found[i] for i in sorted(found)]
    ids = table_dataset(root, "documents").to_table(columns=["doc_id"], filter=where).column("doc_id").to_pylist()
    missing = [i for i in ids if i not in found]
    if missing:  # stored by a version without the pairing table
        only = ds.field("doc_id").isin(missing)
        found.update((d.doc_id, profile_of(d)) for d in stored_documents(root, only if where is None else where & only))
    return [found[i] for i in sorted(ids)]


def align_window(window: AlignmentWindow) -> tuple[list[AlignedPair], list[PairReport]]:
    """Pair and align the documents of one window (a pure function of the store: runs in workers)."""
    import pyarrow.dataset as ds

    where = _candidates_filter(window)
    profiles = window_profiles(window.root, where, window.profiles_complete)
    if len({p.lang for p in profiles}) < 2:
        return [], []
    pairs = [p for p in pair_profiles(profiles) if p.src_doc_id in window.new_ids or p.tgt_doc_id in window.new_ids]
    if not pairs:
        return [], []
    touched = ds.field("doc_id").isin(sorted({i for p in pairs for i in (p.src_doc_id, p.tgt_doc_id)}))
    return align_corpus(stored_documents(window.root, touched if where is None else where & touched), pairs=pairs)


def aligned_windows(root: str | Path, ids: Iterable[str],
                    workers: int = 1) -> Iterator[tuple[list[AlignedPair], list[PairReport]]]:
    """Links and reports of the pairs that involve ``ids``, one date window at a time (``workers``
    processes); a document pair found from two windows is reported once (its links have the
    same pair ids in both, which the writer skips)."""
    windows = plan_windows(root, ids, SPAN_DAYS)
    seen: set[tuple[str, str]] = set()
    for links, window_reports in ordered_map(align_window, windows, min(workers, len(windows))):
        reports = []
        for report in window_reports:
            if (report.src_doc_id, report.tgt_doc_id) not in seen:
                seen.add((report.src_doc_id, report.tgt_doc_id))
                reports.append(report)
        yield links, reports


def align_new_documents(root: str | Path, new_ids: Iterable[str], writer,
                        workers: int = 1) -> tuple[int, list[PairReport]]:
    """Align the cross-language pairs that involve ``new_ids``; returns (links added, reports).

    ``writer`` is the open CorpusWriter of the run (its documents committed);
    ``workers`` processes align the date windows.
    """
    added, reports = 0, []
    for links, window_reports in aligned_windows(root, new_ids, workers):
        added += writer.add_alignments(links)
        reports.extend(window_reports)
    if reports:
        write_reports(root, reports)
        log.info("aligned %d document pairs: %d new links", len(reports), added)
    return added, reports


def report_line(report: PairReport) -> str:
    """One line of ``alignment_report.jsonl``: the report as a JSON object."""
    return json.dumps(report.as_dict(), ensure_ascii=False, default=str) + "\n"


def write_reports(root: str | Path, reports: list[PairReport]) -> Path:
    """Append this run's per-pair quality reports (one JSON object per line)."""
    path = Path(root) / REPORT_FILE
    with path.open("a", encoding="utf-8") as fh:
        fh.writelines(map(report_line, reports))
    return path
