"""Turn command-line inputs (HTML files, folders, WARC files) into Captures.

Explicit files are always read; inside folders only files that look like web
pages (by extension, or by sniffing the first bytes of extension-less files)
and WARC archives are taken, in sorted order so that runs are repeatable.
An input that cannot be read becomes an :class:`InputError` item in the
stream: it is reported and counted, and the other inputs go on.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from corpus_builder.fetch.warc import BadRecord, WarcError, is_warc, iter_captures
from corpus_builder.records import Capture, path_text

log = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp"}
_SNIFF = (b"<!doctype", b"<html", b"<head", b"<meta", b"<body", b"<div", b"<?xml", b"<!--", b"<title")


@dataclass(slots=True, frozen=True)
class InputError:
    """An input that could not be read (missing, unreadable, not a WARC …)."""

    path: str
    reason: str
    detail: str


def looks_like_html(path: Path) -> bool:
    """True when a file's name or first bytes say it is a web page."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    if path.suffix and path.suffix.lower() != ".txt" and len(path.suffix) <= 5:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    except OSError:
        return False
    return head.startswith(_SNIFF)


def _walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and (is_warc(path) or looks_like_html(path)):
                yield path


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files named directly, plus the page/WARC files found inside folders."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        else:
            yield InputError(path_text(path), "missing", "no such file or folder")


def read_file_capture(path: Path, url: str | None = None) -> Capture:
    """A saved page as a Capture (its URL defaults to the file's file:// URL)."""
    body = path.read_bytes()
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
    return Capture(url=url or path.resolve().as_uri(), body=body, fetched_at=mtime, origin=path_text(path))


def iter_captures_from(paths: Iterable[str | Path], url: str | None = None) -> Iterator[Capture | InputError]:
    """Stream Captures from files, folders and WARC archives, one at a time."""
    for item in expand_inputs(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            if is_warc(item):
                for capture in iter_captures(item):
                    if isinstance(capture, BadRecord):  # torn, a gzip bomb, junk: counted, never a document
                        yield InputError(capture.origin, capture.reason, capture.detail)
                    else:
                        yield capture
            else:
                yield read_file_capture(item, url)
        except (OSError, WarcError) as exc:
            log.info("cannot read %s: %s", item, exc)  # reported by the caller, counted
            yield InputError(path_text(item), "unreadable", path_text(exc))
