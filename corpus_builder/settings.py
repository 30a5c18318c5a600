"""One frozen Settings object: defaults < config file (TOML) < environment < CLI.

Each section is a frozen dataclass.  A config file has one table per section::

    [crawl]
    delay = 2.0
    [build]
    workers = 2

Environment variables are ``CORPUS_BUILDER_<SECTION>_<FIELD>`` (upper case),
e.g. ``CORPUS_BUILDER_CRAWL_DELAY=0.5``.  CLI options are passed to
:func:`load_settings` as ``{"crawl": {"delay": 0.5}}``.  Unknown keys and
values of the wrong type are a :class:`ConfigError`, never silently ignored.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ENV_PREFIX = "CORPUS_BUILDER_"


class ConfigError(ValueError):
    """A malformed config file, environment variable or option value."""


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    """Polite crawling (see corpus_builder.fetch; config.example.toml documents each field)."""

    user_agent: str = "corpus-builder/0.1 (+https://github.com/corpus-builder/corpus-builder)"
    contact: str = "https://github.com/corpus-builder/corpus-builder"
    delay: float = 1.0              # seconds between two requests to one host (robots Crawl-delay wins if longer)
    timeout: float = 30.0           # read timeout: longest silence between two packets
    connect_timeout: float = 10.0
    total_timeout: float = 120.0    # cap on one response, however slowly it trickles
    retries: int = 3                # extra attempts after a connection error, 5xx or 429
    backoff: float = 1.0            # first retry waits ~backoff s, then doubling, plus jitter
    backoff_max: float = 60.0
    retry_after_max: float = 300.0  # a Retry-After longer than this is capped to it
    max_bytes: int = 10_000_000     # bodies past this are aborted (streamed, never held whole)
    max_redirects: int = 5
    warc_max_bytes: int = 1_000_000_000
    fsync: bool = False             # fsync each WARC record (power-loss safety; flush alone survives SIGKILL)
    workers: int = 4                # threads; each host is served by one thread at a time
    max_pages: int = 1000           # per source per run: listing pages + articles fetched
    max_listing_pages: int = 50     # pagination depth per start URL
    max_attempts: int = 5           # a URL failing this often for a transient reason is no longer retried
    retry_failed_days: float = 30.0  # a URL failed for good (404, not-html) is tried again after this, doubling
    retry_failed: bool = False      # `crawl --retry-failed`: try every failed URL again now
    progress_seconds: float = 60.0  # without a terminal (cron): one progress line on stderr this often
    revisit_hours: float = 20.0     # a page captured more recently than this is not requested again
    since: str = ""                 # YYYY-MM-DD: skip articles dated earlier
    until: str = ""                 # YYYY-MM-DD: skip articles dated later
    dir: str = "crawl"              # crawl dir: warc/, state.sqlite, logs/, runs.jsonl, lock
    corpus_dir: str = "corpus"      # where `nightly` builds the corpus
    report_dir: str = ""            # if set, `nightly` refreshes the HTML report of the corpus here
    sources: tuple[str, ...] = ()   # sources `nightly` crawls (empty: every registered site source)
    sources_file: str = ""          # extra source definitions (TOML, same schema as data/sources.toml)
    start_urls: tuple[str, ...] = ()  # a `generic` source: these start URLs ...
    pattern: str = ""               # ... and this article-link regex


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """Turning captures into the corpus."""

    workers: int = 0  # 0 = number of cores
    lang: str = "auto"
    shard_rows: int = 200_000
    page_timeout: float = 60.0  # seconds one page may take; past it the page is dropped as `timeout`
    align: bool = True  # pair new documents across languages and align them after the build
    executor: str = "local"  # "local" (this machine's processes) or "dask" (corpus_builder.executors)
    scheduler: str = ""      # dask: scheduler address (tcp://host:8786); empty = a local cluster of `workers`


@dataclass(frozen=True, slots=True)
class Settings:
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    build: BuildSettings = field(default_factory=BuildSettings)


def _coerce(value: Any, default: Any, where: str) -> Any:
    """Convert a config/env value to the type of the field's default."""
    kind = type(default)
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if isinstance(default, tuple):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(i).strip() for i in items if str(i).strip())
        if isinstance(default, (int, float)) and isinstance(value, bool):
            raise TypeError("boolean given")
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: expected {kind.__name__}, got {value!r}") from exc


def _apply(section: Any, values: Mapping[str, Any], where: str) -> Any:
    names = {f.name: f for f in dataclasses.fields(section)}
    updates = {}
    for key, value in values.items():
        if key not in names:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(sorted(names))})")
        updates[key] = _coerce(value, getattr(section, key), f"{where}.{key}")
    return dataclasses.replace(section, **updates)


def _merge(settings: Settings, layer: Mapping[str, Any], where: str) -> Settings:
    sections = {f.name for f in dataclasses.fields(settings)}
    for name, values in layer.items():
        if name not in sections:
            raise ConfigError(f"{where}: unknown section [{name}] (known: {', '.join(sorted(sections))})")
        if not isinstance(values, Mapping):
            raise ConfigError(f"{where}: [{name}] must be a table")
        settings = dataclasses.replace(settings, **{name: _apply(getattr(settings, name), values, f"{where} [{name}]")})
    return settings


def _env_layer(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    layer: dict[str, dict[str, str]] = {}
    for f in dataclasses.fields(Settings):
        prefix = f"{ENV_PREFIX}{f.name.upper()}_"
        for key, value in environ.items():
            if key.startswith(prefix):
                layer.setdefault(f.name, {})[key[len(prefix):].lower()] = value
    return layer


def read_config(path: str | Path) -> dict[str, Any]:
    """Parse a TOML config file, with a clear error for a missing or bad file."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def load_settings(
    config: str | Path | None = None,
    cli: Mapping[str, Mapping[str, Any]] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build the Settings: defaults, then the config file, env, CLI values.

    CLI values that are None (an option not given) are skipped.
    """
    settings = Settings()
    if config is not None:
        settings = _merge(settings, read_config(config), str(config))
    settings = _merge(settings, _env_layer(os.environ if environ is None else environ), "environment")
    if cli:
        given = {s: {k: v for k, v in vals.items() if v is not None} for s, vals in cli.items()}
        settings = _merge(settings, given, "command line")
    return settings
