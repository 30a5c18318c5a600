"""``stats``, ``validate`` and ``compact``: look after a corpus store."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from corpus_builder.cli.failures import one_line_error
from corpus_builder.errors import EXIT_FAILURES, EXIT_LOCKED, EXIT_USAGE

_STORE = click.Path(path_type=Path, file_okay=False)


def _table(title: str, counts: dict[str, Any]) -> None:
    click.echo(title)
    if not counts:
        click.echo("  (none)")
    width = max((len(str(k)) for k in counts), default=0)
    for key, value in counts.items():
        click.echo(f"  {str(key):<{width}}  {value:>10,}")


@click.command()
@click.argument("root", type=_STORE)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(root: Path, as_json: bool) -> None:
    """Counts of the corpus at ROOT: by source, language, year; alignments; reposts."""
    from corpus_builder.store.manifest import NotACorpus  # (pyarrow: lazily)

    try:
        from corpus_builder.store.stats import store_stats  # pyarrow only when the command runs

        data = store_stats(root)
    except NotACorpus as exc:
        raise one_line_error(str(exc), EXIT_USAGE) from None
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _table("rows", data["rows"])
    _table("documents by language", data["documents_by_lang"])
    _table("documents by year (0 = unknown)", data["documents_by_year"])
    _table("documents by source", data["documents_by_source"])
    _table("alignment pairs (src→tgt→level)", data["alignments_by_pair"])
    _table("reposts", data["reposts"])
    click.echo(f"{data['files']} files, {data['bytes']:,} bytes, {len(data['runs'])} runs")
    for run in data["runs"]:
        if run.get("status") not in ("complete", "running"):
            crashed = f": {run['crashed']} page(s) hit an error in corpus-builder ({run['error']})" \
                if run.get("crashed") else ""
            click.echo(f"run {run['run_id']} {run['status']}{crashed}")


@click.command()
@click.argument("root", type=_STORE)
@click.option("--strict", is_flag=True, help="Fail on warnings too (leftover temp files).")
def validate(root: Path, strict: bool) -> None:
    """Check the corpus at ROOT: schemas, checksums, keys, orphans, stray files.

    Exit 0 if sound, 1 on any problem, 2 if ROOT is not a corpus.
    """
    from corpus_builder.store.manifest import NotACorpus  # (pyarrow: lazily)

    try:
        from corpus_builder.store.validate import validate as validate_store

        report = validate_store(root)
    except NotACorpus as exc:
        raise one_line_error(str(exc), EXIT_USAGE) from None
    for line in report.problems:
        click.echo(f"PROBLEM  {line}")
    for line in report.warnings:
        click.echo(f"warning  {line}")
    verdict = "ok" if report.ok(strict) else "INVALID"
    click.echo(f"{verdict}: {report.files_checked} files checked, {len(report.problems)} problems, "
               f"{len(report.warnings)} warnings")
    if not report.ok(strict):
        raise SystemExit(1)


@click.command()
@click.argument("root", type=_STORE)
@click.option("--shard-rows", type=click.IntRange(min=1), default=200_000, show_default=True,
              help="Largest number of rows of a merged shard.")
def compact(root: Path, shard_rows: int) -> None:
    """Merge the small shards of each partition of the corpus at ROOT.

    Every file to merge is checked against its checksum first; exit 1 (nothing
    merged) if one is damaged, 3 if another run holds the corpus.
    """
    from corpus_builder.store.manifest import NotACorpus, ShardDamaged, StoreLocked  # (pyarrow: lazily)

    try:
        from corpus_builder.store.compact import compact as compact_store

        result = compact_store(root, shard_rows)
    except NotACorpus as exc:
        raise one_line_error(str(exc), EXIT_USAGE) from None
    except StoreLocked as exc:
        raise one_line_error(str(exc), EXIT_LOCKED) from None
    except ShardDamaged as exc:  # nothing was merged: merging would hide the damage
        raise one_line_error(f"{exc}; nothing merged", EXIT_FAILURES) from None
    click.echo(f"merged {result.merged} small files: {result.files_before} -> {result.files_after} files")
