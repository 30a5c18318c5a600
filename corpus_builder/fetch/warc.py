"""Reading WARC files as a stream of Captures (the writer lives beside it).

Only ``response`` records become captures (``resource`` records too, for
archives made by other tools); requests, metadata and revisits are skipped.
Records are read one at a time: an archive is never held in memory whole.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from corpus_builder.records import Capture

log = logging.getLogger(__name__)


class WarcError(Exception):
    """A WARC file that cannot be read at all."""


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    except ValueError:
        return None


def _capture(record, path: Path) -> Capture | None:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    fetched = _warc_date(record.rec_headers.get_header("WARC-Date"))
    origin = f"{path}#{record.rec_headers.get_header('WARC-Record-ID') or ''}"
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = int(record.http_headers.get_statuscode() or 0)
        headers = {k: v for k, v in record.http_headers.headers}
    else:
        status = 200
        headers = {"Content-Type": record.rec_headers.get_header("Content-Type") or ""}
    body = record.content_stream().read()
    return Capture(url=url, body=body, headers=headers, fetched_at=fetched, status=status, origin=origin)


def iter_captures(path: str | Path) -> Iterator[Capture]:
    """Yield a Capture per response/resource record of a (gzipped) WARC file.

    A file that is not a WARC raises WarcError; a truncated tail (a crawl
    killed mid-write) ends the stream with a warning after the good records.
    """
    path = Path(path)
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                if record.format != "warc":  # warcio reads any text as an ARC record
                    raise WarcError(f"{path}: not a WARC file (found {record.format} data)")
                if record.rec_type not in ("response", "resource"):
                    continue
                capture = _capture(record, path)
                if capture is not None:
                    yield capture
        except ArchiveLoadFailed as exc:
            # warcio quotes the offending first line, which is binary noise for a non-WARC file
            raise WarcError(f"{path}: not a WARC file (no WARC record at the start)") from exc
        except (EOFError, OSError, ValueError) as exc:  # zlib/gzip truncation surfaces here
            log.warning("%s: archive ends early (%s); records before it were read", path, exc)


def is_warc(path: str | Path) -> bool:
    """True for file names that look like WARC archives."""
    name = Path(path).name.lower()
    return name.endswith((".warc", ".warc.gz"))
