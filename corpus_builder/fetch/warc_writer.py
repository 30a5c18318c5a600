"""Writing WARC files: rotating, gzipped, never left corrupt under their final name.

Every HTTP exchange is written as a ``request`` record and a ``response``
record (warcio computes ``WARC-Block-Digest`` and ``WARC-Payload-Digest``).
A ``304 Not Modified`` answer, or a 200 whose body is byte-identical to the
last capture, is written as a ``revisit`` record instead (profiles
*server-not-modified* and *identical-payload-digest*): the bytes are kept,
but :func:`corpus_builder.fetch.warc.iter_captures` skips revisits, so the
build sees no new capture.

A file is written as ``<name>.warc.gz.open`` and renamed to ``<name>.warc.gz``
when closed.  Each record is one gzip member, flushed before the crawl state
is committed, so a run killed with SIGKILL leaves at worst a torn last member
in an ``.open`` file; :func:`recover_open_files` cuts it off and closes the file.
"""
from __future__ import annotations

import base64
import hashlib
import io
import logging
import os
import threading
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus_builder.fetch.http import Exchange

log = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
PROFILE_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# Hop-by-hop framing is undone before storage: the stored payload is de-chunked.
_DROP_HEADERS = {"transfer-encoding"}


@dataclass(frozen=True, slots=True)
class RecordRef:
    """Where a response (or revisit) record was written."""

    warc_file: str
    record_id: str
    offset: int
    warc_date: str


def payload_digest(body: bytes) -> str:
    """A WARC payload digest in warcio's form (``sha1:`` + base32)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _warc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _http_headers(ex: Exchange) -> StatusAndHeaders:
    headers = [(k, v) for k, v in ex.response_headers if k.lower() not in _DROP_HEADERS]
    return StatusAndHeaders(f"{ex.status} {ex.reason}".strip(), headers, protocol=ex.protocol)


class WarcStore:
    """Thread-safe rotating WARC writer for one run: ``<prefix>-<n>.warc.gz``."""

    def __init__(self, folder: Path, prefix: str, max_bytes: int, fsync: bool = False) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.fsync = fsync
        self.closed_files: list[Path] = []
        self._lock = threading.Lock()
        self._serial = 0
        self._fh: io.BufferedWriter | None = None
        self._path: Path | None = None
        self._writer: WARCWriter | None = None

    def _open(self) -> None:
        while True:  # never reuse a name: a closed file is never overwritten
            self._serial += 1
            self._path = self.folder / f"{self.prefix}-{self._serial:05d}.warc.gz"
            if not self._path.exists():
                try:
                    self._fh = open(str(self._path) + OPEN_SUFFIX, "xb")
                    break
                except FileExistsError:
                    continue
        self._writer = WARCWriter(self._fh, gzip=True)

    def _write(self, record) -> RecordRef:
        offset = self._fh.tell()
        self._writer.write_record(record)
        return RecordRef(self._path.name, record.rec_headers.get_header("WARC-Record-ID"), offset,
                         record.rec_headers.get_header("WARC-Date"))

    def write_exchange(self, ex: Exchange, *, revisit_of: str | None = None,
                       as_metadata: bool = False) -> RecordRef:
        """Write the request and its response (or a revisit); flushed on return.

        ``revisit_of`` is the WARC-Date of the capture this one repeats, for an
        identical payload; a 304 is always written as a revisit.  ``as_metadata``
        keeps a response that is not a page (robots.txt) as a ``metadata``
        record, so that no reader mistakes it for a document.
        """
        with self._lock:
            if self._fh is None:
                self._open()
            if as_metadata:
                response = self._metadata_record(ex)
            else:
                response = self._response_record(ex, revisit_of)
            ref = self._write(response)
            request = self._writer.create_warc_record(
                ex.url, "request", payload=io.BytesIO(ex.request_bytes()),
                warc_headers_dict={"WARC-Concurrent-To": ref.record_id})
            self._write(request)
            self._fh.flush()
            if self.fsync:
                os.fsync(self._fh.fileno())
            if self._fh.tell() >= self.max_bytes:
                self._close_current()
            return ref

    def _response_record(self, ex: Exchange, revisit_of: str | None):
        builder = self._writer
        if ex.status == 304:
            return builder.create_warc_record(
                ex.url, "revisit", http_headers=_http_headers(ex),
                warc_headers_dict={"WARC-Profile": PROFILE_NOT_MODIFIED,
                                   "WARC-Refers-To-Target-URI": ex.url})
        if revisit_of is not None:
            return builder.create_revisit_record(
                ex.url, payload_digest(ex.body), ex.url, revisit_of, http_headers=_http_headers(ex))
        return builder.create_warc_record(ex.url, "response", payload=io.BytesIO(ex.body),
                                          length=len(ex.body), http_headers=_http_headers(ex))

    def _metadata_record(self, ex: Exchange):
        payload = _http_headers(ex).to_bytes() + ex.body
        return self._writer.create_warc_record(ex.url, "metadata", payload=io.BytesIO(payload),
                                               length=len(payload),
                                               warc_content_type="application/http; msgtype=response")

    def _close_current(self) -> None:
        if self._fh is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(str(self._path) + OPEN_SUFFIX, self._path)
        self.closed_files.append(self._path)
        self._fh = self._writer = None

    def close(self) -> list[Path]:
        """Close the current file (renaming it); return every file this store wrote."""
        with self._lock:
            self._close_current()
            return list(self.closed_files)


def complete_prefix(path: Path) -> int:
    """Length of the longest prefix of a gzip file made of complete members."""
    good = pos = 0
    inflater = zlib.decompressobj(31)
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 16):
            data = chunk
            while data:
                try:
                    inflater.decompress(data)
                except zlib.error:
                    return good
                if not inflater.eof:
                    pos += len(data)
                    break
                pos += len(data) - len(inflater.unused_data)
                good = pos
                data = inflater.unused_data
                inflater = zlib.decompressobj(31)
    return good


def recover_open_files(folder: Path) -> list[Path]:
    """Close the ``.open`` files a killed run left: cut the torn tail, rename.

    Must only be called while holding the crawl lock (a live run's file would
    otherwise be cut).  Returns the recovered files; an empty one is deleted.
    """
    recovered = []
    for open_path in sorted(Path(folder).glob(f"*.warc.gz{OPEN_SUFFIX}")):
        keep = complete_prefix(open_path)
        final = open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])
        if keep == 0:
            open_path.unlink()
            log.warning("%s: no complete record; removed", open_path)
            continue
        with open(open_path, "r+b") as fh:
            dropped = fh.seek(0, os.SEEK_END) - keep
            fh.truncate(keep)
            os.fsync(fh.fileno())
        os.replace(open_path, final)
        log.warning("%s: recovered after an interrupted run (%d torn bytes cut)", final, dropped)
        recovered.append(final)
    return recovered
