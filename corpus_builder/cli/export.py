"""``corpus-builder export DIR --format tmx|moses|jsonl --out PATH [--src L] [--tgt L] [--level clause|sentence]``.

Reads the alignments table of the corpus at DIR.  ``--src``/``--tgt`` pick a
language pair in either direction (the store keeps zh→ru, zh→en, ru→en);
with neither, every pair present.  Moses writes one file set per pair:
PATH.<src> and PATH.<tgt> for the pair asked, PATH.<src>-<tgt>.<lang> for
each pair otherwise.  TMX and JSONL write one file: TMX units carry their
languages (three where the zh–ru, zh–en and ru–en links agree), JSONL rows
their ``src_lang``/``tgt_lang``.  Asking for a language or pair the corpus
does not hold is a usage error (exit 2) that lists what it holds.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from corpus_builder.align.export import FORMATS, write_jsonl, write_moses, write_tmx
from corpus_builder.align.units import lang_key, pairs_present, select_pair
from corpus_builder.cli.failures import usage_error as _usage


def _rows(corpus: Path) -> list[dict]:
    from corpus_builder.store.load import load_arrow  # pyarrow only when exporting
    from corpus_builder.store.manifest import NotACorpus

    try:
        return load_arrow(corpus, table="alignments").to_pylist()
    except (NotACorpus, FileNotFoundError, ValueError, OSError) as exc:
        raise _usage(f"{corpus}: cannot read the alignments table ({exc})") from None


def holdings(present: Counter) -> str:
    """What the corpus holds, e.g. "zh–ru (13 clause, 23 sentence links), ru–en (…)"."""
    if not present:
        return "no alignment links (built with --no-align? `corpus-builder align --corpus DIR` aligns it)"
    pairs: dict[tuple[str, str], dict[str, int]] = {}
    for (src, tgt, level), n in present.items():
        pairs.setdefault((src, tgt), {})[level] = n
    order = sorted(pairs, key=lambda p: (lang_key(p[0]), lang_key(p[1])))
    return ", ".join(f"{s}–{t} (" + ", ".join(f"{n} {lvl}" for lvl, n in sorted(pairs[(s, t)].items()))
                     + " links)" for s, t in order)


def _selected(rows: list[dict], src: str | None, tgt: str | None, level: str) -> dict[tuple[str, str], list[dict]]:
    present = pairs_present(rows)
    langs = {lang for s, t, _ in present for lang in (s, t)}
    for option, lang in (("--src", src), ("--tgt", tgt)):
        if lang is not None and lang not in langs:
            raise _usage(f"{option} {lang}: the corpus holds no {lang} links; it holds {holdings(present)}")
    if src is not None and src == tgt:
        raise _usage(f"--src and --tgt are both {src}")
    chosen = select_pair([r for r in rows if r["level"] == level], src, tgt)
    if not chosen:
        asked = f"{src or '*'}–{tgt or '*'}" if src or tgt else "any pair"
        raise _usage(f"no {asked} links at the {level} level; the corpus holds {holdings(present)}")
    return chosen


def _out_folder(out: Path) -> None:
    if out.is_dir():
        raise _usage(f"--out {out}: is a folder; give a file name (for moses: a prefix)")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _usage(f"--out {out}: cannot create folder {out.parent} ({exc.strerror})") from None



@click.command("export")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="Output format.")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Output file (for moses: the prefix of the per-language files). Folders are created.")
@click.option("--level", type=click.Choice(["clause", "sentence"]), default="sentence", show_default=True,
              help="Which links to export.")
@click.option("--src", default=None, metavar="LANG", help="Source language of the pair (default: every pair).")
@click.option("--tgt", default=None, metavar="LANG", help="Target language of the pair (default: every pair).")
@click.option("--lang", default=None, hidden=True, help="Old name of --src.")
def export(corpus: Path, fmt: str, out: Path, level: str, src: str | None, tgt: str | None,
           lang: str | None) -> None:
    """Export the aligned pairs of the corpus at CORPUS (every language pair unless --src/--tgt)."""
    chosen = _selected(_rows(corpus), src or lang, tgt, level)
    _out_folder(out)
    try:
        _write(chosen, fmt, out, level, named=not (src or lang) or not tgt)
    except OSError as exc:
        raise _usage(f"--out {out}: cannot write ({exc.strerror})") from None


def _write(chosen: dict[tuple[str, str], list[dict]], fmt: str, out: Path, level: str, named: bool) -> None:
    rows = [row for pair_rows in chosen.values() for row in pair_rows]
    if fmt == "tmx":
        n, multi = write_tmx(rows, out, "sentence" if level == "sentence" else "paragraph")
        click.echo(f"{n} translation units ({multi} in three languages) -> {out}")
    elif fmt == "jsonl":
        click.echo(f"{write_jsonl(rows, out)} links -> {out}")
    else:
        for (s, t), pair_rows in chosen.items():
            n, paths = write_moses(pair_rows, Path(f"{out}.{s}-{t}") if named else out)
            click.echo(f"{s}–{t}: {n} line pairs -> {', '.join(map(str, paths)) or '(nothing to write)'}")
