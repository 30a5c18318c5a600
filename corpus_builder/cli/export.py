"""``corpus-builder export DIR --format tmx|moses|jsonl --out PATH [--level clause|sentence]``.

Reads the alignments table of the corpus at DIR and writes it as TMX 1.4b,
Moses line-aligned files (PATH.zh and PATH.ru) or JSON lines.
"""
from __future__ import annotations

from pathlib import Path

import click

from corpus_builder.align.export import FORMATS, write_jsonl, write_moses, write_tmx


def _rows(corpus: Path, level: str, lang: str | None) -> list[dict]:
    from corpus_builder.store import load  # pandas and pyarrow only when exporting
    try:
        frame = load(corpus, table="alignments", lang=lang)
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise click.ClickException(f"{corpus}: cannot read the alignments table ({exc})") from None
    if len(frame):
        frame = frame[frame["level"] == level]
    return frame.to_dict("records")


@click.command("export")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="Output format.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (for moses: the prefix of PATH.zh and PATH.ru).")
@click.option("--level", type=click.Choice(["clause", "sentence"]), default="sentence", show_default=True,
              help="Which links to export.")
@click.option("--lang", default=None, help="Only pairs with this language on one side.")
def export(corpus: Path, fmt: str, out: Path, level: str, lang: str | None) -> None:
    """Export the aligned pairs of the corpus at CORPUS."""
    if not out.parent.is_dir():
        raise click.UsageError(f"--out: folder {out.parent} does not exist")
    rows = _rows(corpus, level, lang)
    if fmt == "tmx":
        n = write_tmx(rows, out, "sentence" if level == "sentence" else "paragraph")
        click.echo(f"{n} translation units -> {out}")
    elif fmt == "jsonl":
        click.echo(f"{write_jsonl(rows, out)} links -> {out}")
    else:
        n, paths = write_moses(rows, out)
        click.echo(f"{n} line pairs -> {', '.join(map(str, paths)) or '(nothing to write)'}")
