"""``corpus-builder build``: HTML files, folders and WARCs -> the Parquet corpus."""
from __future__ import annotations

import json
import sys

import click

from corpus_builder.settings import ConfigError, load_settings


def _progress_bar():
    """A live counter on a terminal; nothing when output is redirected."""
    if not sys.stderr.isatty():
        return None, None
    bar = click.progressbar(length=0, label="pages", file=sys.stderr, show_pos=True)
    bar.__enter__()
    return bar, lambda _result: bar.update(1)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Corpus folder (created or updated).")
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
    """
    from corpus_builder.build import build_corpus
    from corpus_builder.executors import ExecutorError

    if scheduler and executor == "local":
        raise click.UsageError("--scheduler is for --executor dask")
    executor = executor or ("dask" if scheduler else None)
    try:
        settings = load_settings(config, cli={"build": {"workers": workers, "lang": lang, "align": align,
                                                        "executor": executor, "scheduler": scheduler}})
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    bar, progress = _progress_bar() if settings.build.executor == "local" else (None, None)
    try:
        summary = build_corpus(inputs, out, settings, progress=progress)
    except ExecutorError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for err in summary.input_errors:
        click.echo(f"warning: {err.path}: {err.reason} ({err.detail})", err=True)
    click.echo(json.dumps(summary.as_dict()) if as_json else summary.line())
    if summary.input_errors:
        raise SystemExit(1)
