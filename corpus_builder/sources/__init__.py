"""Crawl sources (sites) and their registry; see data/sources.toml."""
from corpus_builder.sources.base import ListingLink, Source
from corpus_builder.sources.registry import all_sources, generic_source, register, select

__all__ = ["ListingLink", "Source", "all_sources", "generic_source", "register", "select"]
