"""``corpus-builder examples DIR [--force]``: write the shipped example pages to DIR.

Four small pages of one joint statement, so that a new user can try every
command without crawling: the Chinese, Russian and English texts as their
official sites would print them, and a content-farm repost of the Chinese text
(portal boilerplate, numbering that mixes 一、 with 2. and 3., a clause heading
broken over two paragraphs, a portal date four years late).
"""
from __future__ import annotations

from pathlib import Path

import click

from corpus_builder.errors import EXIT_USAGE
from corpus_builder.resources import example_pages


@click.command("examples")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite example pages already in FOLDER.")
def examples(folder: Path, force: bool) -> None:
    """Write the example pages (a joint statement in zh, ru, en and a portal repost) to FOLDER."""
    pages = example_pages()
    clash = [p.name for p in pages if (folder / p.name).exists()]
    if clash and not force:
        click.echo(f"Error: {folder} already holds {', '.join(clash)} (--force overwrites them)", err=True)
        raise SystemExit(EXIT_USAGE)
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (folder / page.name).write_bytes(page.read_bytes())
    click.echo(f"{len(pages)} example pages -> {folder}/")
    for page in pages:
        click.echo(f"  {page.name}")
