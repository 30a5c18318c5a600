"""``corpus-builder extract``: saved pages -> one JSON object per page."""
from __future__ import annotations

import json
from pathlib import Path

import click

from corpus_builder.cli.failures import exit_crashed
from corpus_builder.errors import EXIT_FAILURES, Crash, Dropped
from corpus_builder.fetch.warc import is_warc
from corpus_builder.inputs import read_file_capture
from corpus_builder.records import Clause, Document, path_text

LANGS = ("auto", "zh", "ru", "en")


def document_json(path: str, doc: Document, clauses: list[Clause]) -> dict:
    """The stable JSON shape of `extract --json` (a contract: keep it stable)."""
    return {
        "path": path,
        "url": doc.url,
        "lang": doc.lang,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "text": doc.text,
        "encoding": doc.encoding.as_dict(),
        "clauses": [
            {"index": c.index, "number": c.number, "label": c.label, "heading": c.heading,
             "text": c.text, "tokens": c.tokens}
            for c in clauses
        ],
    }


def extract_one(path: str, url: str | None, lang: str | None) -> dict:
    """Extract one saved page; failures become ``{"path", "error"}``."""
    file, path = Path(path), path_text(path)  # a non-UTF-8 name is printed with \x escapes
    if not file.exists():
        return {"path": path, "error": "missing: no such file"}
    if file.is_dir():
        return {"path": path, "error": "not-a-file: is a folder (use `build` for folders)"}
    if is_warc(file):
        return {"path": path, "error": "warc: a WARC archive, not a page (use `build` for WARC files)"}
    try:
        capture = read_file_capture(file, url)
    except OSError as exc:
        return {"path": path, "error": f"unreadable: {exc}"}
    try:
        from corpus_builder.pipeline import analyse  # the extraction stack only when a page is read

        doc, clauses = analyse(capture, url=url, lang=lang)
    except Dropped as exc:
        return {"path": path, "error": str(exc)}
    except Exception as exc:  # our bug, not the page's fault: the command fails once the others are done
        crash = Crash.of(path, exc)
        return {"path": path, "error": f"crash: {crash.error}", "crash": crash}
    return document_json(path, doc, clauses)


def _human(item: dict) -> str:
    if "error" in item:
        return f"{item['path']}: ERROR {item['error']}"
    numbers = [c["number"] for c in item["clauses"] if c["number"] is not None]
    return (f"{item['path']}: [{item['lang']}] {item['title']!r} published={item['published']} "
            f"chars={len(item['text'])} clauses={len(item['clauses'])} numbered={numbers} "
            f"encoding={item['encoding']['used']}"
            + (f" replaced={item['encoding']['replaced']}" if item["encoding"]["replaced"] else ""))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--url", help="The page's URL (only with a single PATH).")
@click.option("--lang", type=click.Choice(LANGS), default="auto", show_default=True,
              help="Language of the page; auto detects it from the text.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per page.")
def extract(paths: tuple[str, ...], url: str | None, lang: str, as_json: bool) -> None:
    """Extract text, metadata and numbered clauses from saved pages (raw bytes).

    Pages are reported in input order; a page that fails gives an object with
    `path` and `error` and the others go on (exit status 1 if any failed,
    5 if a page hit an error in corpus-builder itself: its traceback is shown).
    """
    if url and len(paths) > 1:
        raise click.UsageError("--url names one page: give a single PATH with it")
    failed, crashes = 0, []
    for path in paths:
        item = extract_one(path, url, lang)
        failed += "error" in item
        if "crash" in item:
            crashes.append(item.pop("crash"))
        click.echo(json.dumps(item, ensure_ascii=False) if as_json else _human(item))
    if crashes:
        exit_crashed(crashes)
    if failed:
        raise SystemExit(EXIT_FAILURES)
