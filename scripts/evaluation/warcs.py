"""Write a WARC of given pages with fixed dates and record ids: the same bytes make the same archive.

Used by tests/test_build_regression.py (digests of a build must not depend on
the day it ran) and scripts/bench_floor.py (a build of real pages).
"""
from __future__ import annotations

import io
import uuid
from datetime import datetime, timezone
from pathlib import Path

WARC_DATE = datetime(2025, 1, 1, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_warc(pages: list[tuple[str, bytes]], path: Path) -> Path:
    """One response record per (url, body), all dated WARC_DATE."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            fixed = {"WARC-Date": WARC_DATE, "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>"}
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                               warc_headers_dict=fixed)
            writer.write_record(record)
    return path
