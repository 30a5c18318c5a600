"""``corpus-builder crawl``, ``nightly`` and ``sources``.

Exit codes (for cron): 0 all good, 1 some URLs failed (recorded in the state
for a later retry), 2 configuration or usage error, 3 another run holds the
crawl dir's lock, 4 the build after a nightly crawl failed (its WARC files
stay pending and are built by the next run), 5 an error in corpus-builder's
own code (a bug: the first traceback is shown; ``crashed`` and ``first_crash``
in the JSON line), 6 a source fetched nothing at all (every request failed, or
robots.txt forbids the site; ``fetched_nothing`` in the JSON line names it).
Each run prints one JSON summary line on stdout, with its ``exit_code`` (also
appended to ``<crawl dir>/runs.jsonl``).
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from corpus_builder.cli.failures import exit_crashed
from corpus_builder.cli.progress import Progress
from corpus_builder.errors import EXIT_BUILD, EXIT_CRASH, EXIT_LOCKED, EXIT_NOTHING, Crash
from corpus_builder.fetch.crawler import DateWindow
from corpus_builder.fetch.runner import LockBusy, exit_code
from corpus_builder.settings import ConfigError, Settings, load_settings
from corpus_builder.sources.registry import GENERIC, all_sources, select
from corpus_builder.text.dates import parse_day


def _settings(config: str | None, crawl_options: dict) -> Settings:
    try:
        return load_settings(config, cli={"crawl": crawl_options})
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


def _window(settings: Settings) -> DateWindow:
    try:
        return DateWindow(parse_day(settings.crawl.since), parse_day(settings.crawl.until))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def _finish(run) -> None:
    """Run a crawl callable; print its JSON line; exit with the documented code."""
    try:
        record = run()
    except LockBusy as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(EXIT_LOCKED) from exc
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(json.dumps(record, ensure_ascii=False, sort_keys=True))
    code = exit_code(record)
    if code == EXIT_CRASH:
        crashed = [part["first_crash"] for part in (record, record.get("build") or {}) if part.get("first_crash")]
        exit_crashed([Crash.from_dict(c) for c in crashed])
    if code == EXIT_BUILD:
        click.echo(f"build failed: {record['build']['error']} (retried next run)", err=True)
    elif code == EXIT_NOTHING:
        for name in record["fetched_nothing"]:
            per = record["sources"][name]
            reasons = ", ".join(f"{k} {v}" for k, v in record["failures"].items())
            click.echo(f"error: source {name} fetched nothing: all {per['requested']} request(s) failed or were "
                       f"refused ({reasons}): the site is down, blocks us, or robots.txt forbids it", err=True)
    raise SystemExit(code)


_config_option = click.option("--config", type=click.Path(dir_okay=False), default=None,
                              help="TOML config file (see config.example.toml).")
_since_option = click.option("--since", default=None, help="Skip articles dated before YYYY-MM-DD.")
_until_option = click.option("--until", default=None, help="Skip articles dated after YYYY-MM-DD.")


@click.command()
@click.option("--source", "names", multiple=True, help="Source to crawl (repeatable; see `sources`).")
@click.option("--start-url", "start_urls", multiple=True, help="Start URL of a generic source (repeatable).")
@click.option("--pattern", default=None, help="Article-link regex of the generic source.")
@_since_option
@_until_option
@click.option("--max-pages", type=click.IntRange(min=0), default=None,
              help="Pages (listings + articles) fetched per source per run; 0 = no limit.")
@click.option("--retry-failed", is_flag=True, default=None,
              help="Try every URL that failed before again now (a 404 is otherwise retried after "
                   "retry_failed_days, doubling).")
@_config_option
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Crawl dir: warc/, state.sqlite, logs/, runs.jsonl.")
def crawl(names, start_urls, pattern, since, until, max_pages, retry_failed, config, out) -> None:
    """Crawl sources politely into WARC files, incrementally.

    With --start-url and --pattern a `generic` source is crawled (alone,
    unless --source names others too).
    """
    from corpus_builder.fetch.runner import crawl as run_crawl

    settings = _settings(config, {"since": since, "until": until, "max_pages": max_pages, "retry_failed": retry_failed,
                                  "start_urls": start_urls or None, "pattern": pattern, "dir": out})
    if (start_urls or pattern) and not (start_urls and pattern):
        raise click.UsageError("--start-url and --pattern go together")
    if start_urls and GENERIC not in names:
        names = (*names, GENERIC)
    window = _window(settings)

    def run() -> dict:
        chosen = select(tuple(names), settings.crawl)
        with Progress(settings.crawl.progress_seconds) as progress:
            return run_crawl(settings, Path(out), chosen, window, progress.track("crawl", "URLs").crawl_observer())

    _finish(run)


@click.command()
@_config_option
def nightly(config) -> None:
    """Crawl every configured source incrementally, then build the new captures.

    The config's [crawl] table names the crawl dir (`dir`), the corpus dir
    (`corpus_dir`) and the sources (`sources`; empty = every registered site).
    """
    from corpus_builder.nightly import nightly as run_nightly

    settings = _settings(config, {})
    window = _window(settings)

    def run() -> dict:
        names = settings.crawl.sources
        if not names:  # every site source; generic only when configured
            names = tuple(n for n in all_sources(settings.crawl) if n != GENERIC or settings.crawl.start_urls)
        chosen = select(names, settings.crawl)
        with Progress(settings.crawl.progress_seconds) as progress:
            observer = progress.track("crawl", "URLs").crawl_observer()
            return run_nightly(settings, chosen, window, observer, progress.track("build", "pages").page_counter())

    _finish(run)


@click.command()
@_config_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
def sources(config, as_json) -> None:
    """List the registered crawl sources."""
    settings = _settings(config, {})
    try:
        found = all_sources(settings.crawl)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    for name, src in sorted(found.items()):
        if as_json:
            click.echo(json.dumps({"name": name, "title": src.title, "languages": list(src.languages),
                                   "start_urls": list(src.start_urls), "feeds": list(src.feeds),
                                   "allowed_domains": list(src.allowed_domains)}, ensure_ascii=False))
        else:
            langs = ",".join(src.languages) or "-"
            click.echo(f"{name:10} {langs:6} {src.title}")
    if not as_json and GENERIC not in found:
        click.echo(f"{GENERIC:10} {'-':6} any portal: crawl --start-url URL --pattern REGEX")
