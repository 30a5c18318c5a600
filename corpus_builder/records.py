"""Record types, one per pipeline stage; data flows one way.

Capture (raw bytes as fetched or saved) -> DecodedPage (text + encoding facts)
-> Document (clean main text + metadata) -> Clause (numbered clause + tokens)
-> AlignedPair (a link between spans of two documents).

All are slotted dataclasses.  Captures and Documents are immutable; a stage
returns a new record rather than mutating its input.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Mapping


def content_hash(text: str) -> str:
    """Stable hex digest of a text (sha256, first 32 hex chars)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def path_text(path: object) -> str:
    """A file path as valid UTF-8 text, for ``Capture.origin`` and messages.

    A file name that is not UTF-8 reaches Python with surrogate escapes, which
    Parquet, JSON and a UTF-8 terminal all refuse; its odd bytes are written
    as ``\\xff`` instead, so that one such name never stops a run.
    """
    text = str(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def make_doc_id(url: str, text: str) -> str:
    """Document id: the same URL with the same text always gets the same id."""
    return hashlib.sha256(f"{url}\n{content_hash(text)}".encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True, frozen=True)
class Capture:
    """A fetched or saved page: the exact bytes and where they came from.

    ``origin`` names the place the bytes were read from (a file path, or
    ``warc-path#offset``); ``url`` is the page's URL when known, else a
    ``file://`` URL of the origin.
    """

    url: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    status: int = 200
    origin: str = ""


@dataclass(slots=True, frozen=True)
class EncodingInfo:
    """What each charset signal said and what was finally used to decode."""

    declared_http: str | None
    declared_meta: str | None
    detected: str | None
    used: str
    replaced: int = 0  # undecodable bytes replaced (then dropped) while decoding with ``used``

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "declared_http": self.declared_http,
            "declared_meta": self.declared_meta,
            "detected": self.detected,
            "used": self.used,
            "replaced": self.replaced,
        }


@dataclass(slots=True, frozen=True)
class DecodedPage:
    """A capture decoded to a str, with the evidence for the charset."""

    capture: Capture
    html: str
    encoding: EncodingInfo


@dataclass(slots=True, frozen=True)
class Document:
    """One article: clean main text (paragraphs joined by "\\n") and metadata."""

    doc_id: str
    url: str
    source: str
    lang: str
    title: str
    text: str
    published: date | None
    published_raw: str | None
    encoding: EncodingInfo
    fetched_at: datetime | None = None
    origin: str = ""
    source_credit: str | None = None
    author: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(slots=True)
class Clause:
    """A numbered clause of a document (index 0 is the preamble).

    ``number`` is the normalised clause number (1, 2, 3 …; None for the
    preamble and for unnumbered text); ``label`` is the numbering exactly as
    written (``一、``, ``2.``, ``（三）``, ``IV.``); ``start``/``end`` are
    character offsets of the clause in ``Document.text``.
    """

    doc_id: str
    index: int
    number: int | None
    label: str
    heading: str | None
    text: str
    start: int
    end: int
    tokens: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class AlignedPair:
    """A link between spans of two documents in different languages.

    ``src_ids``/``tgt_ids`` are clause indexes (level "clause") or sentence
    indexes inside a clause (level "sentence").  Empty on one side means a
    1:0 or 0:1 link.
    """

    pair_id: str
    src_doc_id: str
    tgt_doc_id: str
    src_lang: str
    tgt_lang: str
    level: str
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    src_text: str
    tgt_text: str
    link_type: str
    method: str
    score: float
    src_clause: int | None = None
    tgt_clause: int | None = None
