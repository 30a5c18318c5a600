"""A static HTML report of a corpus: ``corpus-builder report DIR --out SITE/``.

``index.html`` lists the statements by date: the language versions of one
text (documents joined by alignment pairs), each with its title, source, URL
and origin (saved file or WARC record), how many reposts point to it, and a
link to every aligned pair.  Each pair has a page (:mod:`.report_html`)
showing the two texts clause by clause with sentence links highlighted
together, and the QA flags of ``alignment_report.jsonl`` where they occur.

Everything is read from the committed store; the pages are plain files with
their CSS and JavaScript inline (no CDN, no server), rewritten whole by each
run.  Titles and texts come from untrusted pages: the writer escapes them all.
"""
from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus_builder.steps.alignment import REPORT_FILE
from corpus_builder.steps.report_html import index_page, pair_page
from corpus_builder.store.manifest import atomic_write_text

log = logging.getLogger(__name__)
_DOC_COLUMNS = ["doc_id", "url", "source", "title", "published", "origin", "lang"]
_CLAUSE_COLUMNS = ["doc_id", "clause_index", "clause_number", "clause_label", "text", "lang"]


@dataclass(slots=True)
class Statement:
    """The language versions of one text, with their pairs."""

    versions: list[dict[str, Any]]
    pairs: list[dict[str, Any]] = field(default_factory=list)  # {"src", "tgt", "page", "report"}

    @property
    def date(self) -> str:
        days = [str(v["published"]) for v in self.versions if v["published"] is not None]
        return min(days) if days else ""


def _documents(root: Path) -> tuple[dict[str, dict], Counter]:
    """Documents by doc_id (reposts left out) and the number of reposts of each."""
    from corpus_builder.store.load import load

    frame = load(root, table="documents", columns=_DOC_COLUMNS)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    reposts = Counter(r["repost_of"] for r in rows if r["repost_of"])
    return {r["doc_id"]: r for r in rows if not r["repost_of"]}, reposts


def _reports(root: Path) -> dict[tuple[str, str], dict]:
    """The latest report line of each document pair."""
    path = root / REPORT_FILE
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return {(r["src_doc_id"], r["tgt_doc_id"]): r for r in map(json.loads, filter(str.strip, lines))}


def _links(root: Path) -> dict[tuple[str, str], list[dict]]:
    from corpus_builder.store.load import load_arrow

    by_pair: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in load_arrow(root, table="alignments").to_pylist():
        by_pair[(row["src_doc_id"], row["tgt_doc_id"])].append(row)
    return by_pair


def _statements(docs: dict[str, dict], pairs: list[tuple[str, str]]) -> list[Statement]:
    """Documents joined by pairs (union-find), newest first."""
    parent = {d: d for d in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[str, list[dict]] = defaultdict(list)
    for doc_id in sorted(docs):
        groups[find(doc_id)].append(docs[doc_id])
    order = {"zh": 0, "ru": 1, "en": 2}
    statements = [Statement(sorted(v, key=lambda d: (order.get(d["lang"], 3), d["doc_id"]))) for v in groups.values()]
    return sorted(statements, key=lambda s: (s.date, s.versions[0]["source"] or ""), reverse=True)


def _clauses(root: Path, doc_ids: list[str]) -> dict[str, list[dict]]:
    import pyarrow.dataset as ds

    from corpus_builder.store.load import table_dataset

    table = table_dataset(root, "clauses").to_table(columns=_CLAUSE_COLUMNS, filter=ds.field("doc_id").isin(doc_ids))
    out: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(table.to_pylist(), key=lambda r: r["clause_index"]):
        out[row["doc_id"]].append(row)
    return out


def _write_if_changed(path: Path, html: str) -> bool:
    """Write ``path`` unless it holds ``html`` already (a nightly refresh rewrites only what
    changed, so a synced or served copy of the site sees only new pages); True if written."""
    data = html.encode("utf-8")
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    atomic_write_text(path, html)  # a reader never sees half a page
    return True


def write_report(root: str | Path, out: str | Path) -> tuple[int, int]:
    """Write the site for the corpus at ``root`` into ``out``; returns (statements, pair pages)."""
    root, out = Path(root), Path(out)
    docs, reposts = _documents(root)
    links, reports = _links(root), _reports(root)
    statements = _statements(docs, list(links))
    out.mkdir(parents=True, exist_ok=True)
    pages = 0
    for statement in statements:
        ids = {v["doc_id"] for v in statement.versions}
        for (src, tgt), rows in sorted(links.items()):
            if src in ids and tgt in ids:
                page = f"pair-{src}-{tgt}.html"
                clauses = _clauses(root, [src, tgt])
                html = pair_page(docs[src], docs[tgt], clauses[src], clauses[tgt], rows, reports.get((src, tgt)))
                _write_if_changed(out / page, html)
                statement.pairs.append({"src": docs[src], "tgt": docs[tgt], "page": page,
                                        "report": reports.get((src, tgt))})
                pages += 1
    _write_if_changed(out / "index.html", index_page(statements, reposts))
    log.info("report: %d statements, %d pair pages -> %s", len(statements), pages, out)
    return len(statements), pages
