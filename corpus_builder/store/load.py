"""Read the store: only files listed in the manifest, filters pushed to pyarrow.

``load(root, table="clauses", lang="zh", since="2020-01-01")`` prunes whole
partitions (``lang=``/``year=`` folders) before reading and filters rows
inside the remaining files.  ``load(table="documents")`` joins the reposts
table in as the columns ``repost_of``, ``cluster_id`` and
``canonical_published`` (the cluster's earliest credible date, or the
document's own date when it has no copies).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from corpus_builder.store.manifest import Manifest, read_manifest, verify_files
from corpus_builder.store.schema import PARTITIONS, check_table, full_schema, partition_schema

_REPOST_COLUMNS = ["doc_id", "cluster_id", "repost_of", "canonical_published"]


def table_dataset(root: str | Path, table: str, manifest: Manifest | None = None) -> ds.Dataset:
    """A pyarrow dataset over the committed files of ``table`` (declared schema, typed partitions)."""
    root = Path(root)
    manifest = manifest if manifest is not None else read_manifest(root)
    paths = [str(root / f.path) for f in manifest.table_files(check_table(table))]
    part = ds.partitioning(partition_schema(table), flavor="hive") if PARTITIONS[table] else None
    return ds.dataset(paths, schema=full_schema(table), format="parquet", partitioning=part,
                      partition_base_dir=str(root / table))


def _as_date(since: date | str) -> date:
    if isinstance(since, date):
        return since
    try:
        return date.fromisoformat(str(since))
    except ValueError as exc:
        raise ValueError(f"since must be a date or 'YYYY-MM-DD', got {since!r}") from exc


def build_filter(table: str, lang: str | None = None, source: str | None = None,
                 since: date | str | None = None, year: int | None = None) -> ds.Expression | None:
    """The pyarrow filter for load()'s arguments (partition columns first, so pruning applies)."""
    check_table(table)
    parts: list[ds.Expression] = []
    partitioned = bool(PARTITIONS[table])
    if year is not None:
        if not partitioned:
            raise ValueError(f"year= is not supported for table {table}")
        parts.append(ds.field("year") == int(year))
    if lang is not None:
        if partitioned:
            parts.append(ds.field("lang") == lang)
        elif table == "alignments":
            parts.append((ds.field("src_lang") == lang) | (ds.field("tgt_lang") == lang))
        else:
            raise ValueError(f"lang= is not supported for table {table}")
    if since is not None:
        if not partitioned:
            raise ValueError(f"since= is not supported for table {table} (it has no dates)")
        day = _as_date(since)
        parts.append(ds.field("year") >= day.year)  # prunes folders; year=0 (unknown) never matches
        parts.append(ds.field("published") >= pa.scalar(day, pa.date32()))
    if source is not None:
        if "source" not in full_schema(table).names:
            raise ValueError(f"source= is not supported for table {table}")
        parts.append(ds.field("source") == source)
    expr = None
    for p in parts:
        expr = p if expr is None else expr & p
    return expr


def files_read(root: str | Path, table: str, **filters) -> tuple[int, int]:
    """(files a filtered load opens, files of the table): shows partition pruning."""
    dataset = table_dataset(root, table)
    expr = build_filter(table, **filters)
    return len(list(dataset.get_fragments(filter=expr))), len(dataset.files)


def _verify(root: str | Path, table: str, dataset: ds.Dataset, expr: ds.Expression | None) -> None:
    """ShardDamaged unless every file the filtered read opens matches its manifest sha256."""
    manifest = read_manifest(root)
    opened = {Path(fragment.path).resolve() for fragment in dataset.get_fragments(filter=expr)}
    verify_files(root, [f for f in manifest.table_files(table) if (Path(root) / f.path).resolve() in opened])


def load_arrow(root: str | Path, table: str = "clauses", lang: str | None = None, source: str | None = None,
               since: date | str | None = None, columns: list[str] | None = None,
               year: int | None = None, verify: bool = False) -> pa.Table:
    """Like load() but returns a pyarrow Table (no reposts join)."""
    dataset = table_dataset(root, table)
    expr = build_filter(table, lang, source, since, year)
    if verify:
        _verify(root, table, dataset, expr)
    return dataset.to_table(columns=columns, filter=expr)


def _join_reposts(root: str | Path, docs: pd.DataFrame) -> pd.DataFrame:
    reposts = table_dataset(root, "reposts").to_table(columns=_REPOST_COLUMNS).to_pandas()
    out = docs.merge(reposts, on="doc_id", how="left")
    if "published" in out:  # a document without copies is its own canonical text
        out["canonical_published"] = out["canonical_published"].where(out["cluster_id"].notna(), out["published"])
    return out


def load(root: str | Path, table: str = "clauses", lang: str | None = None, source: str | None = None,
         since: date | str | None = None, columns: list[str] | None = None,
         year: int | None = None, verify: bool = False) -> pd.DataFrame:
    """Load one table of the corpus at ``root`` as a pandas DataFrame.

    ``lang``, ``year`` (0 = undated) and ``since`` (a date or "YYYY-MM-DD", on
    ``published``) prune partitions; ``source`` filters rows.  For alignments
    ``lang`` matches either side.  Only files committed in the manifest are read.
    ``verify=True`` first checks every file to be read against its sha256 in the
    manifest and raises ShardDamaged (a ValueError) if any differs or is missing.
    """
    frame = load_arrow(root, table, lang, source, since, columns, year, verify).to_pandas()
    if table == "documents" and (columns is None or "doc_id" in columns):
        frame = _join_reposts(root, frame)
    return frame


def column_values(root: str | Path, table: str, column: str, manifest: Manifest | None = None) -> pa.Array:
    """All values of one column of a table (cheap: reads only that column)."""
    dataset = table_dataset(root, table, manifest)
    return pc.unique(dataset.to_table(columns=[column]).column(column))
