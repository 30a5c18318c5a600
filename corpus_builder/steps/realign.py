"""Align what is already stored: ``corpus-builder align --corpus DIR [--since D] [--redo]``.

A build aligns only the documents it adds, and none with ``--no-align``.
This step pairs and aligns documents already in the corpus: by default those
that are in no alignment link yet (built with ``--no-align``, or whose
counterpart arrived later), so a rerun adds nothing; with ``redo`` every
selected document, whose old links are then replaced (after a lexicon or
aligner update).  ``since`` selects documents published on or after a day.

The work is the build's alignment step (:mod:`.alignment`: date windows,
stored pairing profiles, worker processes).  Without ``redo`` the links are
appended like a build's; with it the old links of the selected documents and
the new ones change places in one commit of the store
(``CorpusWriter.replace_rows``), and their lines of ``alignment_report.jsonl``
are replaced too.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from corpus_builder.align.report import PairReport
from corpus_builder.steps.alignment import REPORT_FILE, aligned_windows, report_line, write_reports

log = logging.getLogger(__name__)


@dataclass(slots=True)
class RealignResult:
    """What :func:`align_stored` did."""

    documents: int = 0   # documents selected
    pairs: int = 0       # document pairs aligned (reported)
    added: int = 0       # links written
    replaced: int = 0    # old links removed (redo)

    def line(self) -> str:
        noun = "document" if self.documents == 1 else "documents"
        out = f"{self.documents} {noun} to align: {self.pairs} document pairs, {self.added} links added"
        return out + (f", {self.replaced} old links replaced" if self.replaced else "")


def select_documents(root: str | Path, since: date | None = None, redo: bool = False) -> list[str]:
    """doc_ids to align: published on or after ``since`` (if given) and, unless ``redo``,
    in no alignment link yet."""
    import pyarrow.dataset as ds

    from corpus_builder.store.load import column_values, table_dataset

    where = None if since is None else ds.field("published") >= since
    ids = table_dataset(root, "documents").to_table(columns=["doc_id"], filter=where).column("doc_id").to_pylist()
    if redo:
        return sorted(set(ids))
    linked = set(column_values(root, "alignments", "src_doc_id").to_pylist())
    linked |= set(column_values(root, "alignments", "tgt_doc_id").to_pylist())
    return sorted(set(ids) - linked)


def _reported_pairs(root: Path) -> set[tuple[str, str]]:
    path = root / REPORT_FILE
    if not path.is_file():
        return set()
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {(r["src_doc_id"], r["tgt_doc_id"]) for r in rows}


def align_stored(writer, since: date | None = None, redo: bool = False, workers: int = 1) -> RealignResult:
    """Pair and align stored documents (see the module doc); ``writer`` is an open CorpusWriter."""
    root = Path(writer.root)
    ids = select_documents(root, since, redo)
    result = RealignResult(documents=len(ids))
    if not ids:
        return result
    reports: list[PairReport] = []
    if redo:
        result.replaced, result.added = _replace_links(writer, ids, reports, workers)
        _replace_reports(root, set(ids), reports)
    else:
        known = _reported_pairs(root)
        for links, window_reports in aligned_windows(root, ids, workers):
            result.added += writer.add_alignments(links)
            reports.extend(r for r in window_reports if (r.src_doc_id, r.tgt_doc_id) not in known)
        if reports:
            write_reports(root, reports)
    result.pairs = len(reports)
    log.info("aligned %d stored documents: %s", len(ids), result.line())
    return result


def _replace_links(writer, ids: list[str], reports: list[PairReport], workers: int) -> tuple[int, int]:
    import pyarrow.dataset as ds

    from corpus_builder.store.rows import alignment_row

    def chunks() -> Iterator[list[dict]]:
        seen: set[str] = set()
        for links, window_reports in aligned_windows(writer.root, ids, workers):
            reports.extend(window_reports)
            fresh = [p for p in links if p.pair_id not in seen]
            seen.update(p.pair_id for p in fresh)
            yield [alignment_row(p, writer.run_id) for p in fresh]

    touched = ds.field("src_doc_id").isin(ids) | ds.field("tgt_doc_id").isin(ids)
    return writer.replace_rows("alignments", touched, chunks())


def _replace_reports(root: Path, ids: set[str], reports: list[PairReport]) -> None:
    """The report file without the lines of pairs touching ``ids``, then the new reports."""
    from corpus_builder.store.manifest import atomic_write_text

    path = root / REPORT_FILE
    old = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    kept = [line for line in old if line.strip() and not ({(r := json.loads(line))["src_doc_id"],
                                                           r["tgt_doc_id"]} & ids)]
    atomic_write_text(path, "".join(line + "\n" for line in kept) + "".join(map(report_line, reports)))
