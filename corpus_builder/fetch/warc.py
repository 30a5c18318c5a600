"""Reading WARC files as a stream of Captures (the writer lives beside it).

Only ``response`` records become captures (``resource`` records too, for
archives made by other tools); requests, metadata and revisits are skipped.
Records are read one at a time: an archive is never held in memory whole,
and no record's payload is inflated past ``max_bytes`` (a gzip bomb costs a
bounded read).  A record that cannot be a document (shorter than its
Content-Length: torn by a killed crawl or a partial copy; inflating past the
limit) is yielded as a :class:`BadRecord`, which the build counts and reports
as an input error, never as a (truncated) document.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from corpus_builder.records import Capture, path_text

log = logging.getLogger(__name__)


MAX_BYTES = 10_000_000  # the crawler's default max_bytes (settings.CrawlSettings)


class WarcError(Exception):
    """A WARC file that cannot be read at all."""


@dataclass(slots=True, frozen=True)
class BadRecord:
    """A record that is not made a capture: ``reason`` is ``torn`` or ``too-large``."""

    origin: str
    reason: str
    detail: str


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    except ValueError:
        return None


def _drain(record) -> bool:
    """Read the rest of the record's raw bytes; True if it held all its Content-Length."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return getattr(raw, "limit", 0) <= 0


def _capture(record, path: Path, max_bytes: int) -> Capture | BadRecord | None:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    fetched = _warc_date(record.rec_headers.get_header("WARC-Date"))
    origin = f"{path_text(path)}#{record.rec_headers.get_header('WARC-Record-ID') or ''}"
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = int(record.http_headers.get_statuscode() or 0)
        headers = {k: v for k, v in record.http_headers.headers}
    else:
        status = 200
        headers = {"Content-Type": record.rec_headers.get_header("Content-Type") or ""}
    body = record.content_stream().read(max_bytes + 1)  # inflated: a gzip bomb stops here
    complete = _drain(record)
    if not complete:
        return BadRecord(origin, "torn", f"record of {url} ends before its Content-Length ({record.length})")
    if len(body) > max_bytes:
        return BadRecord(origin, "too-large", f"{url}: payload passes {max_bytes} bytes")
    return Capture(url=url, body=body, headers=headers, fetched_at=fetched, status=status, origin=origin)


def iter_captures(path: str | Path, max_bytes: int = MAX_BYTES) -> Iterator[Capture | BadRecord]:
    """Yield a Capture per response/resource record of a (gzipped) WARC file,
    or a BadRecord for one that is torn or inflates past ``max_bytes``.

    A file that is not a WARC raises WarcError; a file cut short (a crawl
    killed mid-write) ends the stream with a ``torn`` BadRecord after the
    good records; junk after good records is a BadRecord too.
    """
    path = Path(path)
    started = False
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                if record.format != "warc":  # warcio reads any text as an ARC record
                    raise WarcError(f"{path_text(path)}: not a WARC file (found {record.format} data)")
                started = True
                if record.rec_type not in ("response", "resource"):
                    continue
                capture = _capture(record, path, max_bytes)
                if capture is not None:
                    yield capture
        except ArchiveLoadFailed as exc:
            if not started:  # warcio quotes the offending first line: binary noise for a non-WARC file
                raise WarcError(f"{path_text(path)}: not a WARC file (no WARC record at the start)") from exc
            yield BadRecord(f"{path_text(path)}@{fh.tell()}", "junk",
                            "bytes that are not a WARC record after the records read so far; the rest is skipped")
        except (EOFError, OSError, ValueError) as exc:  # zlib/gzip truncation surfaces here
            log.warning("%s: archive ends early (%s); records before it were read", path_text(path), exc)
            yield BadRecord(path_text(path), "torn", f"archive ends early ({exc}); records before it were read")


def is_warc(path: str | Path) -> bool:
    """True for file names that look like WARC archives."""
    name = Path(path).name.lower()
    return name.endswith((".warc", ".warc.gz"))
