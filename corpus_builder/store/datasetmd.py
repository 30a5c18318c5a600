"""DATASET.md: the store's own description, written at the end of every run.

Generated from the schema declaration (one line per column), the manifest
(provenance: runs) and the counts, so it cannot drift from the data.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus_builder.store.manifest import Manifest, atomic_write_text
from corpus_builder.store.schema import REGISTRY, SCHEMA_VERSION, YEAR_UNKNOWN
from corpus_builder.store.stats import store_stats

_INTRO = f"""# Corpus dataset

Chinese-Russian(-English) diplomatic texts (joint statements, declarations,
communiqués), built by corpus-builder.  Schema version {SCHEMA_VERSION}.

Layout: one folder per table, Parquet files (zstd) named
`part-<run id>-<seq>.parquet`.  `documents/` and `clauses/` are partitioned
Hive-style as `lang=<code>/year=<year of published>`; `year={YEAR_UNKNOWN}` holds
documents without a date.  `lang` and `year` are only in the folder names.
`manifest.json` lists the committed files with row counts and sha256; a file
not listed there is not part of the corpus.  `minhash/` (repost detection) and
`pairing/` (cross-language document pairing) are internal.

Load: `corpus_builder.load("<root>", table="clauses", lang="zh", since="2020-01-01")`
or `pandas.read_parquet("<root>/clauses")`.

Reposts: the same statement is often copied by portals (sometimes in
Traditional characters, with their own boilerplate and a later date).  Copies
are clustered by MinHash over character shingles of the normalised text; the
copy on an official domain is canonical, the others point to it in the
`reposts` table (rewritten by every run).  `load(table="documents")` adds the
columns `cluster_id`, `repost_of` (null for canonical and unique texts) and
`canonical_published` (the cluster's earliest credible date, else the
document's own date).  Keep one text per statement with
`docs[docs.repost_of.isna()]`.
"""


def _schema_section() -> list[str]:
    lines = ["## Schema", ""]
    for table, spec in REGISTRY.items():
        lines += [f"### {table}", "", f"{spec.doc[0].upper()}{spec.doc[1:]}.", ""]
        for col in spec.columns + spec.partitions:
            null = "" if col.nullable else ", not null"
            lines.append(f"- `{col.name}` ({col.type}{null}): {col.doc}")
        lines.append("")
    return lines


def _counts_section(stats: dict[str, Any]) -> list[str]:
    lines = ["## Counts", ""]
    lines += [f"- {table}: {n} rows" for table, n in stats["rows"].items()]
    lines.append(f"- reposts: {stats['reposts']['reposts']} copies in {stats['reposts']['clusters']} clusters")
    for key in ("documents_by_lang", "documents_by_year", "documents_by_source", "alignments_by_pair"):
        values = ", ".join(f"{k}: {v}" for k, v in stats[key].items()) or "none"
        lines.append(f"- {key.replace('_', ' ')}: {values}")
    return lines + [""]


def _provenance_section(manifest: Manifest) -> list[str]:
    lines = ["## Provenance", "", "| run | status | started | finished | documents | clauses | alignments |",
             "|---|---|---|---|---|---|---|"]
    keys = ("run_id", "status", "started_at", "finished_at", "documents", "clauses", "alignments")
    for r in manifest.runs:
        lines.append("| " + " | ".join(str(r.get(k, "-")) for k in keys) + " |")
    return lines + [""]


def render_dataset_md(root: str | Path, manifest: Manifest) -> str:
    stats = store_stats(root)
    return "\n".join([_INTRO] + _counts_section(stats) + _provenance_section(manifest) + _schema_section())


def write_dataset_md(root: str | Path, manifest: Manifest) -> None:
    """(Re)write ``<root>/DATASET.md`` atomically."""
    atomic_write_text(Path(root) / "DATASET.md", render_dataset_md(root, manifest))
