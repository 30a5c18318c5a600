"""The source registry: every crawlable site, by unique name.

Shipped sources come from data/sources.toml; a user's sources file (TOML, same
schema) adds or replaces tables; ``generic`` is built from a start URL and a
link regex (config ``start_urls``/``pattern`` or the CLI).  Code may also call
:func:`register` with a :class:`Source` (or subclass) instance.
"""
from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from corpus_builder.resources import data_file
from corpus_builder.settings import ConfigError, CrawlSettings, read_config
from corpus_builder.sources.base import Source

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GENERIC = "generic"
_FIELDS = {f.name: f for f in dataclasses.fields(Source) if not f.name.startswith("_") and f.name != "name"}
_REGISTRY: dict[str, Source] = {}


def source_from_table(name: str, table: Mapping[str, Any], where: str = "sources") -> Source:
    """Build a Source from one TOML table, with clear errors for bad fields."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _FIELDS:
            raise ConfigError(f"{where} [{name}]: unknown field {key!r} (known: {', '.join(sorted(_FIELDS))})")
        default = _FIELDS[key].default
        if isinstance(default, tuple):
            value = (value,) if isinstance(value, str) else tuple(value)
        elif not isinstance(value, type(default)):
            raise ConfigError(f"{where} [{name}].{key}: expected {type(default).__name__}, got {value!r}")
        values[key] = value
    try:
        return Source(name=name, **values)
    except re.error as exc:
        raise ConfigError(f"{where} [{name}]: bad regex: {exc}") from exc


def register(source: Source) -> Source:
    """Add (or replace) a source under its name."""
    _REGISTRY[source.name] = source
    return source


def _load_shipped() -> None:
    if _REGISTRY:
        return
    with data_file("sources.toml").open("rb") as fh:
        for name, table in tomllib.load(fh).items():
            register(source_from_table(name, table, "data/sources.toml"))


def generic_source(start_urls: tuple[str, ...], pattern: str, name: str = GENERIC) -> Source:
    """A source for any portal: start URLs plus an article-link regex."""
    bad = [u for u in start_urls if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).hostname]
    if not start_urls or bad:
        raise ConfigError(f"generic source needs http(s) start URLs (got {list(start_urls) or 'none'})")
    if not pattern:
        raise ConfigError("generic source needs a link pattern (--pattern / [crawl] pattern)")
    return source_from_table(name, {"start_urls": list(start_urls), "article_pattern": pattern,
                                    "title": "any portal: start URL + link pattern"}, "generic")


def all_sources(settings: CrawlSettings | None = None) -> dict[str, Source]:
    """Every known source: shipped, then the user's sources file, then generic."""
    _load_shipped()
    sources = dict(_REGISTRY)
    if settings is not None and settings.sources_file:
        where = settings.sources_file
        for name, table in read_config(Path(where)).items():
            if not isinstance(table, Mapping):
                raise ConfigError(f"{where}: [{name}] must be a table")
            sources[name] = source_from_table(name, table, where)
    if settings is not None and settings.start_urls:
        sources[GENERIC] = generic_source(settings.start_urls, settings.pattern)
    return sources


def select(names: tuple[str, ...], settings: CrawlSettings) -> list[Source]:
    """The named sources (all site sources when none named); unknown names raise ConfigError."""
    sources = all_sources(settings)
    if not names:
        return list(sources.values())
    unknown = [n for n in names if n not in sources]
    if unknown:
        hint = " (generic needs start_urls and pattern)" if GENERIC in unknown else ""
        raise ConfigError(f"unknown source(s): {', '.join(unknown)}{hint}; known: {', '.join(sorted(sources))}")
    return [sources[n] for n in names]
