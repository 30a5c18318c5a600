"""The Parquet store: CorpusWriter to append, load() to read, validate/stats/compact to maintain."""
from corpus_builder.store.load import load
from corpus_builder.store.writer import CorpusWriter, WriteSummary

__all__ = ["CorpusWriter", "WriteSummary", "load"]
