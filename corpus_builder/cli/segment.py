"""``corpus-builder segment [FILE]``: words of each line, separated by one space.

The output is the SIGHAN bakeoff format: one output line per input line
(empty lines stay empty), words joined by a single space, input whitespace
never emitted as a word.  Input is UTF-8 text (a BOM is ignored); anything
else is refused with a clear error rather than segmented as mojibake.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO, Iterator

import click

from corpus_builder.text.segment import tokenize


def _lines(stream: BinaryIO, name: str) -> Iterator[str]:
    """Decoded lines of a byte stream, without their line ends."""
    for number, raw in enumerate(stream, start=1):
        if b"\x00" in raw:
            raise click.ClickException(f"{name}: binary data (NUL byte) on line {number}, expected UTF-8 text")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise click.ClickException(
                f"{name}: not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} on line {number})"
            ) from None
        if number == 1:
            line = line.removeprefix("\ufeff")
        yield line.rstrip("\r\n")


@click.command("segment")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "ru", "en"]), default="zh", show_default=True,
              help="Language of the text: zh (jieba + user dictionary), ru (razdel), en.")
def segment(file: Path | None, lang: str) -> None:
    """Segment text into words: one output line per input line (stdin by default)."""
    if file is None:
        _write(sys.stdin.buffer, "<stdin>", lang)
        return
    with file.open("rb") as stream:
        _write(stream, str(file), lang)


def _write(stream: BinaryIO, name: str, lang: str) -> None:
    for line in _lines(stream, name):
        click.echo(" ".join(tokenize(line, lang)))
