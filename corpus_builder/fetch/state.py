"""Crawl state in SQLite (WAL): one row per URL, links found on listing pages.

A URL's row says what the last fetch gave: ``status`` is ``captured`` once a
response record holds its page (it stays ``captured`` when a later revisit
fails), else ``failed`` or ``pending``.  Validators (``etag``,
``last_modified``) and ``content_hash`` drive the next conditional request;
``warc_file``/``record_id``/``warc_offset`` locate the capture.  Each update is
committed on its own, after the WARC record it describes was flushed, so a run
killed at any point resumes from a consistent state.
"""
from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'article',
    status TEXT NOT NULL DEFAULT 'pending',
    http_status INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    published TEXT,
    final_url TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    last_fetched TEXT,
    captured_at TEXT,
    warc_file TEXT,
    record_id TEXT,
    warc_offset INTEGER,
    warc_date TEXT
);
CREATE INDEX IF NOT EXISTS urls_status ON urls(status, source);
CREATE TABLE IF NOT EXISTS links (
    listing TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    published TEXT,
    PRIMARY KEY (listing, url)
);
CREATE TABLE IF NOT EXISTS built (
    warc_file TEXT PRIMARY KEY,
    built_at TEXT NOT NULL
);
"""


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class CrawlState:
    """Thread-safe access to ``state.sqlite`` (one connection, serialised)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across a process kill
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get(self, url: str) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute("SELECT * FROM urls WHERE url = ?", (url,)).fetchone()

    def update(self, url: str, links: Iterable[tuple[str, str, str | None]] | None = None,
               **fields: Any) -> None:
        """Upsert one URL's row (and, for a listing, the links it holds) in one transaction."""
        stamp = now_iso()
        fields = {**fields, "last_seen": stamp}
        names = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        sets = ", ".join(f"{k} = excluded.{k}" for k in fields)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    f"INSERT INTO urls (url, first_seen, {names}) VALUES (?, ?, {marks}) "
                    f"ON CONFLICT(url) DO UPDATE SET {sets}", (url, stamp, *fields.values()))
                if links is not None:
                    self._db.execute("DELETE FROM links WHERE listing = ?", (url,))
                    self._db.executemany("INSERT OR IGNORE INTO links VALUES (?, ?, ?, ?)",
                                         [(url, u, kind, pub) for u, kind, pub in links])
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:  # SQLite ends it itself on some errors (a full disk)
                    self._db.execute("ROLLBACK")
                raise

    def links(self, listing: str) -> list[tuple[str, str, str | None]]:
        """The (url, kind, published) links last found on a listing page."""
        with self._lock:
            rows = self._db.execute("SELECT url, kind, published FROM links WHERE listing = ?", (listing,))
            return [(r[0], r[1], r[2]) for r in rows]

    def retry_candidates(self, source: str) -> list[sqlite3.Row]:
        """Articles of a source that failed before (fetch.revisit.due says which are tried again)."""
        with self._lock:
            return self._db.execute(
                "SELECT * FROM urls WHERE source = ? AND status = 'failed' AND kind = 'article'",
                (source,)).fetchall()

    def known_records(self, warc_file: str) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT record_id FROM urls WHERE warc_file = ?", (warc_file,))
            return {r[0] for r in rows}

    def built_files(self) -> set[str]:
        """Names of the WARC files a build has taken in."""
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT warc_file FROM built")}

    def mark_built(self, names: Iterable[str]) -> None:
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO built VALUES (?, ?)", [(n, now_iso()) for n in names])
