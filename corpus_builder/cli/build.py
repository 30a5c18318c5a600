"""``corpus-builder build``: HTML files, folders and WARCs -> the Parquet corpus."""
from __future__ import annotations

import json
from pathlib import Path

import click

from corpus_builder.cli.failures import show_crashes, usage_error
from corpus_builder.cli.progress import Progress
from corpus_builder.errors import EXIT_CRASH, EXIT_FAILURES, EXIT_LOCKED, EXIT_USAGE
from corpus_builder.settings import ConfigError, load_settings


def _page_total(inputs) -> int | None:
    """Pages to build when every input is a page file (a WARC's record count is unknown until read)."""
    from corpus_builder.fetch.warc import is_warc
    from corpus_builder.inputs import expand_inputs

    files = [p for p in expand_inputs(inputs) if isinstance(p, Path)]
    return None if any(is_warc(p) for p in files) else len(files)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out", required=True, type=click.Path(),
              help="Corpus folder: new, empty, or an existing corpus (created or updated).")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--lang", type=click.Choice(("auto", "zh", "ru", "en")), default=None,
              help="Force the language of every page (default: detect).")
@click.option("--align/--no-align", default=None,
              help="Pair new documents across languages and align them (default: on).")
@click.option("--executor", type=click.Choice(("local", "dask")), default=None,
              help="Where the work runs: this machine's processes (local, default) or Dask.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); implies --executor dask. "
                   "Without it, dask starts a local cluster of --workers processes.")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="TOML config file.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def build(inputs, out, workers, lang, align, executor, scheduler, config, as_json) -> None:
    """Build or update the Parquet corpus from saved pages and WARC files.

    INPUTS are HTML files, folders of them (searched recursively) and WARC
    files. Documents already in the corpus are not added again.

    Exit status: 0 done; 1 some inputs could not be read; 3 another build
    holds the corpus; 5 an error in corpus-builder itself (a bug: the first
    traceback is shown; the other pages are committed); 2 a bad option or an
    output folder that cannot hold a corpus (nothing is written).
    """
    from corpus_builder.executors import ExecutorError, build_corpus
    from corpus_builder.store.folder import UnusableFolder, check_corpus_folder
    from corpus_builder.store.manifest import NotACorpus, StoreLocked
    from corpus_builder.summary import BuildCrashed

    if scheduler and executor == "local":
        raise click.UsageError("--scheduler is for --executor dask")
    executor = executor or ("dask" if scheduler else None)
    try:
        settings = load_settings(config, cli={"build": {"workers": workers, "lang": lang, "align": align,
                                                        "executor": executor, "scheduler": scheduler}})
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        check_corpus_folder(out)  # before a worker or a progress display starts
    except UnusableFolder as exc:
        raise usage_error(f"--out {exc}") from None
    try:
        with Progress(settings.crawl.progress_seconds) as progress:
            # dask reports per task, not per page (see the log): no page counter there
            counter = progress.track("build", "pages").page_counter(_page_total(inputs)) \
                if settings.build.executor == "local" else None
            summary = build_corpus(inputs, out, settings, progress=counter)
    except UnusableFolder as exc:  # changed since the check above
        raise usage_error(f"--out {exc}") from None
    except ExecutorError as exc:
        raise click.ClickException(str(exc)) from exc
    except StoreLocked as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_LOCKED) from exc
    except NotACorpus as exc:  # a corrupt or foreign manifest: nothing is written over it
        click.echo(f"error: {exc}; the corpus was not changed", err=True)
        raise SystemExit(EXIT_USAGE) from exc
    except BuildCrashed as exc:  # the code fails on most pages: stopped early, what was written is kept
        summary = exc.summary
        click.echo(f"error: {exc}", err=True)
    _report(summary, as_json)


def _report(summary, as_json: bool) -> None:
    """Warnings, the summary line, and the exit status (5 if the code failed, 1 if inputs did)."""
    for err in summary.input_errors:
        click.echo(f"warning: {err.path}: {err.reason} ({err.detail})", err=True)
    if summary.crashes:
        show_crashes(summary.crashes)
    click.echo(json.dumps(summary.as_dict()) if as_json else summary.line())
    if summary.crashes:
        raise SystemExit(EXIT_CRASH)
    if summary.input_errors:
        raise SystemExit(EXIT_FAILURES)
