"""The Parquet store: CorpusWriter to append, load() to read, validate/stats/compact to maintain.

Layout of a store folder::

    manifest.json                 committed files (rows, bytes, sha256, run, schema version) + runs
    DATASET.md                    schema (one line per column), provenance, counts
    documents/lang=zh/year=2020/part-<run id>-<seq>.parquet
    clauses/lang=ru/year=0/...    year=0: documents without a publication date
    alignments/part-....parquet   not partitioned
    reposts/part-....parquet      one file, rewritten by every run
    minhash/part-....parquet      internal: MinHash signatures for repost detection
    pairing/part-....parquet      internal: per-document pairing profiles for the alignment step
    .lock                         writer lock (flock); .*.tmp files are writes in progress

The schema is declared once in :mod:`corpus_builder.store.schema`.
"""
from corpus_builder.store.load import load
from corpus_builder.store.writer import CorpusWriter, WriteSummary

__all__ = ["CorpusWriter", "WriteSummary", "load"]
