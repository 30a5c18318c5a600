"""The store's schema, declared once: every column of every table lives here.

Each table has *file columns* (stored in the Parquet files) and *partition
columns* (only in the Hive-style path ``lang=zh/year=2020``, never in the file:
pyarrow refuses a dataset where a column is both, and storing it once keeps
``pandas.read_parquet(dir)`` working).  ``year`` is the year of ``published``;
documents without a date go to ``year=0`` (:data:`YEAR_UNKNOWN`).

Descriptions sit next to the types so that DATASET.md is generated from the
same declaration the writer and the validator use.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = 2  # 2: documents.encoding_replaced
YEAR_UNKNOWN = 0  # partition value for documents without a publication date
META_VERSION = b"corpus_builder.schema_version"
META_TABLE = b"corpus_builder.table"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: pa.DataType
    doc: str
    nullable: bool = True
    pandas: str | None = None  # pandas dtype name for nullable ints (else pyarrow's default)
    since: int = 1  # schema version that added the column (older files lack it: read as null)


def _c(name: str, type_: pa.DataType, doc: str, nullable: bool = True, pandas: str | None = None,
       since: int = 1) -> Column:
    return Column(name, type_, doc, nullable, pandas, since)


_S, _I32, _I64, _D = pa.string(), pa.int32(), pa.int64(), pa.date32()
_TS = pa.timestamp("us", tz="UTC")
_RUN = _c("run_id", _S, "id of the build run that wrote the row (UTC timestamp + random suffix)", False)

_DOC_HEAD = [
    _c("doc_id", _S, "document id: hash of URL and text (records.make_doc_id)", False),
    _c("url", _S, "URL of the page the text was taken from", False),
    _c("source", _S, "source name (site or feed) the page came from", False),
    _c("title", _S, "title of the document"),
    _c("published", _D, "publication date as given by the page (None if unknown)"),
]

COLUMNS: dict[str, list[Column]] = {
    "documents": _DOC_HEAD + [
        _c("published_raw", _S, "the date exactly as written on the page"),
        _c("text", _S, "clean main text, paragraphs joined by newlines", False),
        _c("n_chars", _I32, "number of characters of text", False),
        _c("n_clauses", _I32, "number of clauses written for this document", False),
        _c("content_hash", _S, "sha256 (32 hex) of text", False),
        _c("encoding_declared_http", _S, "charset declared in the HTTP Content-Type header"),
        _c("encoding_declared_meta", _S, "charset declared in the HTML meta tag"),
        _c("encoding_detected", _S, "charset guessed from the bytes"),
        _c("encoding_used", _S, "charset actually used to decode the page", False),
        _c("encoding_replaced", _I32, "undecodable bytes dropped while decoding with encoding_used "
           "(0: none; null: written before schema version 2)", pandas="Int32", since=2),
        _c("fetched_at", _TS, "when the page was fetched (UTC)"),
        _c("origin", _S, "where the bytes were read from (file path or warc#offset)"),
        _c("source_credit", _S, "original source credited by the page (e.g. 'Xinhua')"),
        _c("author", _S, "author or byline"),
        _RUN,
    ],
    "clauses": _DOC_HEAD + [
        _c("clause_index", _I32, "position of the clause in the document (0 = preamble)", False),
        _c("clause_number", _I32, "normalised clause number (1, 2, 3 ...), null if unnumbered", pandas="Int32"),
        _c("clause_label", _S, "the numbering exactly as written (一、, 2., （三）, IV.)", False),
        _c("heading", _S, "clause heading if any"),
        _c("text", _S, "clause text", False),
        _c("tokens", pa.list_(_S), "word tokens (jieba for zh, razdel for ru)", False),
        _c("n_tokens", _I32, "number of tokens", False),
        _c("char_start", _I32, "start offset of the clause in the document text", False),
        _c("char_end", _I32, "end offset of the clause in the document text", False),
        _c("content_hash", _S, "sha256 (32 hex) of the clause text", False),
        _RUN,
    ],
    "alignments": [
        _c("pair_id", _S, "id of the aligned pair", False),
        _c("src_doc_id", _S, "source-side document id", False),
        _c("tgt_doc_id", _S, "target-side document id", False),
        _c("src_lang", _S, "source language", False),
        _c("tgt_lang", _S, "target language", False),
        _c("level", _S, "'clause' or 'sentence'", False),
        _c("src_ids", pa.list_(_I32), "clause (or sentence) indexes on the source side", False),
        _c("tgt_ids", pa.list_(_I32), "clause (or sentence) indexes on the target side", False),
        _c("src_text", _S, "source-side text", False),
        _c("tgt_text", _S, "target-side text", False),
        _c("link_type", _S, "link shape, e.g. '1-1', '2-1', '1-0'", False),
        _c("method", _S, "how the link was found", False),
        _c("score", pa.float64(), "aligner confidence", False),
        _c("src_clause", _I32, "clause index of the source side (sentence level)", pandas="Int32"),
        _c("tgt_clause", _I32, "clause index of the target side (sentence level)", pandas="Int32"),
        _RUN,
    ],
    "reposts": [
        _c("doc_id", _S, "a document that belongs to a cluster of copies of one text", False),
        _c("cluster_id", _S, "id of the cluster (doc_id of its canonical document)", False),
        _c("repost_of", _S, "canonical doc_id this document is a copy of (null for the canonical)"),
        _c("canonical_published", _D, "earliest credible publication date of the cluster"),
        _c("similarity", pa.float64(), "estimated Jaccard similarity to the canonical (1.0 exact)", False),
        _c("method", _S, "'canonical', 'exact' or 'minhash'", False),
        _RUN,
    ],
    "minhash": [
        _c("doc_id", _S, "document id", False),
        _c("url", _S, "document URL (official-domain check)", False),
        _c("lang", _S, "document language", False),
        _c("published", _D, "document publication date"),
        _c("fetched_at", _TS, "when the page was fetched"),
        _c("norm_hash", _S, "hash of the normalised text (exact-copy key)", False),
        _c("signature", pa.list_(pa.uint32()), "MinHash signature of the normalised text", False),
        _RUN,
    ],
    "pairing": [
        _c("doc_id", _S, "document id", False),
        _c("lang", _S, "document language", False),
        _c("published", _D, "document publication date"),
        _c("n_numbered", _I32, "number of numbered clauses", False),
        _c("n_chars", _I32, "length of the text without spaces", False),
        _c("concept_keys", pa.list_(_S), "concept, name and Latin-word anchors of title and text", False),
        _c("concept_counts", pa.list_(_I32), "how often each anchor of concept_keys occurs", False),
        _c("numbers", pa.list_(pa.float64()), "numeric values written in title and text", False),
        _RUN,
    ],
}

PARTITIONS: dict[str, list[Column]] = {
    "documents": [
        _c("lang", _S, "language code (partition lang=...)", False),
        _c("year", pa.int16(), f"year of published (partition year=...; {YEAR_UNKNOWN} = unknown)", False),
    ],
    "alignments": [], "reposts": [], "minhash": [], "pairing": [],
}
PARTITIONS["clauses"] = PARTITIONS["documents"]

@dataclass(frozen=True, slots=True)
class Table:
    """One output of the store, declared once: writers, compact, validate, stats and
    DATASET.md loop over :data:`REGISTRY` rather than naming tables.

    ``kind`` says how rows arrive: ``document`` tables get rows for each new
    document, in the same commit as the document (the build's ``steps.rows``
    has one row maker per such table); ``appended`` tables get rows after
    the documents (the alignment step); ``rebuilt`` tables are replaced
    whole by every run (the repost step)."""

    name: str
    kind: str
    public: bool                 # load() serves it; internal tables serve the build's later steps
    keys: tuple[str, ...]        # no two rows share these values
    refs: tuple[str, ...] = ()   # columns holding a doc_id of the documents table
    doc: str = ""

    @property
    def columns(self) -> list[Column]:
        return COLUMNS[self.name]

    @property
    def partitions(self) -> list[Column]:
        return PARTITIONS[self.name]


REGISTRY: dict[str, Table] = {t.name: t for t in (
    Table("documents", "document", True, ("doc_id",), doc="one row per document: text and metadata"),
    Table("clauses", "document", True, ("doc_id", "clause_index"), ("doc_id",),
          "one row per clause of a document, with its tokens"),
    Table("alignments", "appended", True, ("pair_id",), ("src_doc_id", "tgt_doc_id"),
          "clause and sentence links between language versions of a statement"),
    Table("reposts", "rebuilt", True, ("doc_id",), ("doc_id", "repost_of"),
          "clusters of copies of one text and the canonical copy of each"),
    Table("minhash", "document", False, ("doc_id",), ("doc_id",),
          "internal: each document's repost signature, so that reposts are found without re-reading texts"),
    Table("pairing", "document", False, ("doc_id",), ("doc_id",),
          "internal: each document's pairing profile, so that new documents are paired without re-reading old ones"),
)}
if not set(REGISTRY) == set(COLUMNS) == set(PARTITIONS):
    raise RuntimeError("every table must be declared in COLUMNS, PARTITIONS and REGISTRY")

TABLES = tuple(REGISTRY)                                                # every table of the store
PUBLIC_TABLES = tuple(t for t, spec in REGISTRY.items() if spec.public)  # what load() serves
DOCUMENT_TABLES = tuple(t for t, spec in REGISTRY.items() if spec.kind == "document")
APPENDED_TABLES = tuple(t for t, spec in REGISTRY.items() if spec.kind in ("document", "appended"))
REBUILT_TABLES = tuple(t for t, spec in REGISTRY.items() if spec.kind == "rebuilt")
KEYS = {t: spec.keys for t, spec in REGISTRY.items()}


def _pandas_metadata(table: str) -> bytes:
    """pandas metadata so that pandas.read_parquet restores nullable ints as Int32."""
    cols = [{"name": c.name, "field_name": c.name, "pandas_type": "int32", "numpy_type": c.pandas,
             "metadata": None} for c in COLUMNS[table] if c.pandas]
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": cols}).encode()


def file_schema(table: str, version: int = SCHEMA_VERSION) -> pa.Schema:
    """The exact schema of every Parquet file of ``table`` written with schema ``version``
    (with version metadata): an older version lacks the columns added since."""
    fields = [pa.field(c.name, c.type, nullable=c.nullable) for c in COLUMNS[table] if c.since <= version]
    meta = {META_VERSION: str(version).encode(), META_TABLE: table.encode(),
            b"pandas": _pandas_metadata(table)}
    return pa.schema(fields, metadata=meta)


def upgrade_batch(batch: pa.RecordBatch, table: str) -> pa.RecordBatch:
    """A batch read from a file of an older schema version, with the columns added
    since filled with nulls, in the declared order (compaction rewrites old files)."""
    schema = file_schema(table)
    if batch.schema.names == schema.names:
        return batch
    arrays = [batch.column(f.name) if f.name in batch.schema.names else pa.nulls(batch.num_rows, f.type)
              for f in schema]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def partition_schema(table: str) -> pa.Schema:
    """Schema of the Hive partition columns of ``table`` (empty if unpartitioned)."""
    return pa.schema([pa.field(c.name, c.type, nullable=False) for c in PARTITIONS[table]])


def full_schema(table: str) -> pa.Schema:
    """File columns followed by partition columns: what load() returns."""
    fs = file_schema(table)
    return pa.schema(list(fs) + list(partition_schema(table)), metadata=fs.metadata)


def check_table(table: str) -> str:
    """Return ``table`` or raise ValueError naming the known tables."""
    if table not in COLUMNS:
        raise ValueError(f"unknown table {table!r} (known: {', '.join(PUBLIC_TABLES)})")
    return table
