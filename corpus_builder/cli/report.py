"""``corpus-builder report DIR --out SITE``: a static HTML site to read the corpus (steps.report)."""
from __future__ import annotations

from pathlib import Path

import click

from corpus_builder.cli.failures import usage_error


@click.command("report")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder of the site (created; its index.html and pair-*.html pages are rewritten).")
def report(corpus: Path, out: Path) -> None:
    """Write a static, self-contained HTML report of the corpus at CORPUS: statements by date with their
    language versions and reposts, and every aligned pair side by side, clause by clause.

    Exit status: 0 done; 2 not a corpus or an unusable --out folder.
    """
    from corpus_builder.steps.report import write_report
    from corpus_builder.store.manifest import NotACorpus

    if out.exists() and not out.is_dir():
        raise usage_error(f"--out {out}: is a file, not a folder")
    try:
        statements, pages = write_report(corpus, out)
    except NotACorpus as exc:
        raise usage_error(str(exc)) from None
    except PermissionError as exc:
        raise usage_error(f"--out {out}: cannot write ({exc.strerror})") from None
    click.echo(f"{statements} statements, {pages} aligned pairs -> {out / 'index.html'}")
