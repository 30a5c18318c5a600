"""Crawl sources (sites) and their registry; see data/sources.toml."""
from corpus_builder.sources.base import Link, Source
from corpus_builder.sources.registry import all_sources, generic_source, register, select

__all__ = ["Link", "Source", "all_sources", "generic_source", "register", "select"]
