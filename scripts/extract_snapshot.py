#!/usr/bin/env python
"""Regression snapshot of extract_document's output, for speed work that must not change it.

    python scripts/extract_snapshot.py save /tmp/before.jsonl [--synthetic 300]
    python scripts/extract_snapshot.py compare /tmp/before.jsonl /tmp/after.jsonl [--show 5]

``save`` runs extract_document over every page of the gold sets of ../shared
(DAnIEL zh/ru, CWCED, Scrapinghub, realdata: scripts/evaluation/goldsets.py),
every realdata page (with or without gold), every page of ../shared/official
and ../shared/seed, and ``--synthetic`` pages of the
synthetic portal archive (scripts/synth_archive.py, written to a temporary
folder), and writes one JSON line per page: its key and either the
document's (title, text, published, published_raw, lang, source_credit,
author) or the Dropped reason.  ``compare`` prints how many pages differ and
the first differences field by field; exit status 1 when any page differs.
Reads ../shared only; writes only where told (and the temporary archive).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))  # sibling scripts and evaluation/; corpus_builder is the installed package

from corpus_builder.errors import Dropped  # noqa: E402
from corpus_builder.records import Capture  # noqa: E402
from corpus_builder.text.decode import decode_capture  # noqa: E402
from corpus_builder.text.extract import extract_document  # noqa: E402
from evaluation.goldsets import SETS, load_set  # noqa: E402

FIELDS = ("title", "text", "published", "published_raw", "lang", "source_credit", "author")


def outcome(capture: Capture) -> dict:
    """What extract_document makes of one capture, as plain JSON values."""
    try:
        doc = extract_document(decode_capture(capture))
    except Dropped as exc:
        return {"dropped": exc.reason, "detail": exc.detail}
    return {name: (str(value) if value is not None else None)
            for name in FIELDS for value in [getattr(doc, name)]}


def gold_captures(shared: Path, cache: Path):
    """(key, capture) for every gold-set page and every realdata page."""
    for name in SETS:
        for page in load_set(name, shared, cache):
            yield f"{name}/{page.name}", Capture(url=page.url or f"file:///{page.name}", body=page.body)
    for path in sorted((shared / "realdata").glob("*/html/*.html")):
        yield (f"realdata-all/{path.parent.parent.name}/{path.name}",
               Capture(url=f"file://{path}", body=path.read_bytes()))
    # the official sites' articles and listings, and the seed (URLs from file names: the same each run)
    for path in sorted([*(shared / "official").rglob("*.htm*"), *(shared / "seed").glob("*.htm*")]):
        name = path.relative_to(shared).as_posix()
        yield name, Capture(url=f"file:///{name}", body=path.read_bytes())


def synthetic_captures(count: int):
    """(key, capture) for ``count`` pages of the synthetic portal archive."""
    if count <= 0:
        return
    from synth_archive import write_archive

    from corpus_builder.fetch.warc import iter_captures
    warc = Path(tempfile.mkdtemp()) / "synth.warc.gz"
    write_archive(warc, count)
    for n, capture in enumerate(iter_captures(warc)):
        yield f"synthetic/{n:05d}", capture


@click.group()
def main() -> None:
    """Save or compare extraction snapshots."""


@main.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--synthetic", type=int, default=300, show_default=True, help="Synthetic pages.")
@click.option("--shared", type=click.Path(path_type=Path), default=None, help="../shared folder.")
@click.option("--cache", type=click.Path(path_type=Path), default=REPO / ".bench", help="Unpack folder.")
def save(out: Path, synthetic: int, shared: Path | None, cache: Path) -> None:
    """Write the snapshot of every page to OUT (JSON lines)."""
    shared = shared or Path(os.environ.get("CORPUS_BUILDER_SHARED", REPO.parent / "shared"))
    if not shared.is_dir():
        raise click.ClickException(f"{shared} is absent")
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for source in (gold_captures(shared, cache), synthetic_captures(synthetic)):
            for key, capture in source:
                fh.write(json.dumps({"key": key, **outcome(capture)}, ensure_ascii=False) + "\n")
                count += 1
    click.echo(f"{count} pages -> {out}")


def _load(path: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {row.pop("key"): row for row in rows}


@main.command()
@click.argument("before", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("after", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--show", type=int, default=5, show_default=True, help="Differences printed in full.")
def compare(before: Path, after: Path, show: int) -> None:
    """Print the pages whose output differs between two snapshots."""
    old, new = _load(before), _load(after)
    keys = sorted(set(old) | set(new))
    differ = [key for key in keys if old.get(key) != new.get(key)]
    click.echo(f"{len(keys)} pages, {len(differ)} differ")
    for key in differ[:show]:
        a, b = old.get(key) or {}, new.get(key) or {}
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                click.echo(f"  {key} {name}:\n    - {str(a.get(name))[:300]!r}\n    + {str(b.get(name))[:300]!r}")
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
