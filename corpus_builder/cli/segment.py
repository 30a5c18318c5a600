"""``corpus-builder segment [FILE] [--lang zh|ru|en]``: words of each line, separated by one space.

The output is the SIGHAN bakeoff format: one output line per input line
(empty lines stay empty), words joined by a single space, input whitespace
never emitted as a word.  Input is UTF-8 text (a BOM is ignored); anything
else is refused with a clear error rather than segmented as mojibake.
Without ``--lang`` each line is segmented in its own language, told by its
dominant script (text.lang: Han zh, Cyrillic ru, Latin en); a line with no
letters (numbers, punctuation) is cut by the Chinese segmenter, which keeps
numbers whole.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO, Iterator

import click

from corpus_builder.text.lang import detect_lang
from corpus_builder.text.segment import tokenize

UNDETERMINED = "zh"  # the segmenter of a line without letters


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
@click.option("--lang", type=click.Choice(["zh", "ru", "en"]), default=None,
              help="Language of the text: zh (jieba + user dictionary), ru (razdel), en "
                   "(default: detected for each line).")
def segment(file: Path | None, lang: str | None) -> None:
    """Segment text into words: one output line per input line (stdin by default)."""
    if file is None:
        _write(sys.stdin.buffer, "<stdin>", lang)
        return
    with file.open("rb") as stream:
        _write(stream, str(file), lang)


def line_lang(line: str) -> str:
    """The language a line is segmented in when none is given."""
    found = detect_lang(line)
    return UNDETERMINED if found == "und" else found


def _write(stream: BinaryIO, name: str, lang: str | None) -> None:
    for line in _lines(stream, name):
        click.echo(" ".join(tokenize(line, lang or line_lang(line))))
