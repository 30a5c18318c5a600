#!/usr/bin/env python
"""Does one invalid byte change a page's charset?  (issue 18, case 2)

    python scripts/stray_byte_charsets.py

Inserts a single 0xFF byte (between characters) at 30 %, 50 % and 80 % of every
non-ASCII page of ../shared/realdata and counts the pages whose charset differs
from the clean page's.  Skips cleanly without ../shared.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from corpus_builder.records import Capture
from corpus_builder.text.decode import decode_capture

SHARED = Path(os.environ.get("CORPUS_BUILDER_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))


def with_stray_byte(body: bytes, share: float) -> bytes:
    at = int(len(body) * share)
    while at < len(body) and body[at] >= 0x80:  # not inside a multi-byte character
        at += 1
    return body[:at] + b"\xff" + body[at:]


def main() -> None:
    pages = sorted((SHARED / "realdata").rglob("*.html"))
    if not pages:
        sys.exit(f"skipped: no pages under {SHARED / 'realdata'}")
    tried = changed = 0
    for path in pages:
        body = path.read_bytes()
        if body.isascii():
            continue
        clean = decode_capture(Capture(url="x", body=body)).encoding.used
        for share in (0.3, 0.5, 0.8):
            tried += 1
            changed += decode_capture(Capture(url="x", body=with_stray_byte(body, share))).encoding.used != clean
    print(f"{tried} pages with one stray 0xFF: {changed} change charset")


if __name__ == "__main__":
    main()
