"""``corpus-builder align --zh FILE --ru FILE [--json]``: sentence alignment of two files.

Each file holds one segment per line (UTF-8, a BOM is ignored, every line
counts, empty ones too).  With ``--json`` the output is a JSON list of links
``{"zh": [line indexes], "ru": [line indexes], "score": s}``: 0-based, in
order, every line of both files in exactly one link, an empty list on one
side for a line left without a translation.  Without it, a readable listing.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from corpus_builder.align.sentalign import align_documents


def read_segments(path: Path) -> list[str]:
    """The lines of a UTF-8 text file (no line ends); a clear error for anything else."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot read ({exc.strerror})") from None
    if b"\x00" in raw:
        raise click.ClickException(f"{path}: binary data (NUL byte), expected UTF-8 text with one segment per line")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} "
                                   f"at offset {exc.start})") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("align")
@click.option("--zh", "zh_file", required=True, type=_FILE, help="Chinese segments, one per line.")
@click.option("--ru", "ru_file", required=True, type=_FILE, help="Russian segments, one per line.")
@click.option("--json", "as_json", is_flag=True, help="Print the links as a JSON list.")
def align(zh_file: Path, ru_file: Path, as_json: bool) -> None:
    """Align the lines of a Chinese and a Russian file (no model, no network)."""
    zh, ru = read_segments(zh_file), read_segments(ru_file)
    links = align_documents([(zh, ru)])[0]
    if as_json:
        click.echo(json.dumps([{"zh": list(l.src), "ru": list(l.tgt), "score": l.score} for l in links],
                              ensure_ascii=False))
        return
    for l in links:
        click.echo(f"zh {_span(l.src)} <-> ru {_span(l.tgt)}  ({l.shape}, score {l.score:.2f})")
        click.echo(f"  zh: {''.join(zh[i] for i in l.src)}")
        click.echo(f"  ru: {' '.join(ru[j] for j in l.tgt)}")


def _span(ids: tuple[int, ...]) -> str:
    if not ids:
        return "-"
    return str(ids[0]) if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"
