"""Counts of a store: documents by source, language and year; clauses; alignments; reposts.

Partition counts come from the manifest (no file opened); the rest reads
single columns only.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from corpus_builder.store.load import table_dataset
from corpus_builder.store.manifest import Manifest, read_manifest
from corpus_builder.store.schema import PUBLIC_TABLES, REBUILT_TABLES


def _by_partition(manifest: Manifest, table: str, key: str) -> dict[str, int]:
    counts: Counter = Counter()
    for f in manifest.table_files(table):
        counts[str(f.partition.get(key))] += f.rows
    return dict(sorted(counts.items()))


def _value_counts(root: Path, manifest: Manifest, table: str, columns: list[str]) -> dict[str, int]:
    data = table_dataset(root, table, manifest).to_table(columns=columns)
    if not data.num_rows:
        return {}
    keys = data.column(columns[0]) if len(columns) == 1 else pc.binary_join_element_wise(
        *[data.column(c) for c in columns], "→")
    counted = pc.value_counts(keys)
    return dict(sorted(zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist())))


def _reposts(root: Path, manifest: Manifest) -> dict[str, int]:
    data = table_dataset(root, "reposts", manifest).to_table(columns=["cluster_id", "repost_of"])
    return {"clusters": len(pc.unique(data.column("cluster_id"))),
            "reposts": data.num_rows - data.column("repost_of").null_count}


def store_stats(root: str | Path) -> dict[str, Any]:
    """All counts of the store as a JSON-ready dict."""
    root = Path(root)
    manifest = read_manifest(root)
    rows = {t: sum(f.rows for f in manifest.table_files(t)) for t in PUBLIC_TABLES if t not in REBUILT_TABLES}
    return {
        "root": str(root),
        "rows": rows,
        "files": len(manifest.files),
        "bytes": sum(f.bytes for f in manifest.files),
        "documents_by_lang": _by_partition(manifest, "documents", "lang"),
        "documents_by_year": _by_partition(manifest, "documents", "year"),
        "documents_by_source": _value_counts(root, manifest, "documents", ["source"]),
        "clauses_by_lang": _by_partition(manifest, "clauses", "lang"),
        "alignments_by_pair": _value_counts(root, manifest, "alignments", ["src_lang", "tgt_lang", "level"]),
        "reposts": _reposts(root, manifest),
        "runs": [{k: r.get(k) for k in ("run_id", "status", "documents", "clauses", "alignments", "crashed", "error")}
                 for r in manifest.runs],
    }
