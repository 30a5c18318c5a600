"""``corpus-builder align``: two files of segments, or the documents stored in a corpus.

``align --corpus DIR [--since D] [--redo]`` pairs and aligns documents
already in the corpus (steps.realign): those in no link yet, or with
``--redo`` all of them (since D), replacing their old links in one commit.

``align --zh FILE --ru FILE [--json]``: sentence alignment of two files. Each
file holds one segment per line (UTF-8, a BOM is ignored, every line counts,
empty ones too). With ``--json`` the output is a JSON list of links ``{"zh":
[line indexes], "ru": [line indexes], "score": s}``: 0-based, in order, every
line of both files in exactly one link, an empty list on one side for a line
left without a translation. Without it, a readable listing.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import click

from corpus_builder.align.sentalign import align_documents
from corpus_builder.cli.failures import usage_error
from corpus_builder.errors import EXIT_LOCKED


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
@click.option("--zh", "zh_file", type=_FILE, help="Chinese segments, one per line.")
@click.option("--ru", "ru_file", type=_FILE, help="Russian segments, one per line.")
@click.option("--json", "as_json", is_flag=True, help="Print the links as a JSON list.")
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="Align the documents stored in this corpus instead (those in no link yet).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="With --corpus: only documents published on or after this day (YYYY-MM-DD).")
@click.option("--redo", is_flag=True, help="With --corpus: re-pair and re-align every selected document, "
                                             "replacing its old links.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="With --corpus: worker processes (default: the number of cores).")
def align(zh_file: Path | None, ru_file: Path | None, as_json: bool, corpus: Path | None, since, redo: bool,
          workers: int | None) -> None:
    """Align the lines of a Chinese and a Russian file (no model, no network), or, with --corpus,
    the stored documents of a corpus.

    Exit status: 0 done; 2 bad options or not a corpus; 3 another run holds the corpus.
    """
    if corpus is not None:
        if zh_file or ru_file or as_json:
            raise usage_error("--corpus aligns a corpus; --zh/--ru/--json align two files: give one or the other")
        _align_corpus(corpus, since.date() if since else None, redo, workers or os.cpu_count() or 1)
        return
    if since or redo or workers:
        raise usage_error("--since, --redo and --workers go with --corpus")
    if not (zh_file and ru_file):
        raise usage_error("give --zh FILE and --ru FILE, or --corpus DIR")
    _align_files(zh_file, ru_file, as_json)


def _align_corpus(corpus: Path, since, redo: bool, workers: int) -> None:
    from corpus_builder.steps.realign import align_stored
    from corpus_builder.store import CorpusWriter
    from corpus_builder.store.manifest import NotACorpus, StoreLocked, read_manifest

    try:
        read_manifest(corpus)  # never create a corpus where none is
        with CorpusWriter(corpus) as writer:
            result = align_stored(writer, since, redo, workers)
    except NotACorpus as exc:
        raise usage_error(f"--corpus {exc}") from None
    except StoreLocked as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_LOCKED) from exc
    click.echo(result.line())


def _align_files(zh_file: Path, ru_file: Path, as_json: bool) -> None:
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
