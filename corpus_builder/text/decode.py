"""Bytes -> str with the charset evidence kept.

Order of evidence: BOM, then the HTTP ``Content-Type`` charset, then every
``<meta>`` charset in the head, then a detector (charset-normalizer).  Labels
are mapped the way browsers do (WHATWG): gb2312/gbk -> gb18030, latin-1 ->
windows-1252, big5 -> big5hkscs.

A declared charset is not trusted blindly: many Chinese portals declare
gb2312 but serve UTF-8, and archive wrappers declare utf-8 around GBK bytes.
Because GB18030 can decode almost any byte string, "decodes without error" is
no proof for it, while strict UTF-8 is: a non-ASCII body that is valid UTF-8
is UTF-8.  Otherwise the first declared charset that decodes cleanly wins.
One stray byte must not change a page's charset (and with it its language):
a body that is UTF-8 but for a few bytes is UTF-8, and a declared charset
that decodes all but a few bytes is the right one (:func:`few_errors`); the
bad bytes are replaced and counted (``EncodingInfo.replaced``).  Only then
the detector's guess, then the candidate with the fewest errors.
"""
from __future__ import annotations

import codecs
import logging
import re
import threading

from charset_normalizer import from_bytes

from corpus_builder.records import Capture, DecodedPage, EncodingInfo

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "cp936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030",
    "big5": "big5hkscs", "cp950": "big5hkscs", "x-x-big5": "big5hkscs",
    "iso-8859-1": "windows-1252", "latin-1": "windows-1252", "latin1": "windows-1252",
    "us-ascii": "windows-1252", "ascii": "windows-1252",
    "utf8": "utf-8", "unicode": "utf-8", "win-1251": "windows-1251", "cp1251": "windows-1251",
}
_META_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
_HEAD_BYTES = 16384
_DETECT_BYTES = 65536


# Python's text codecs that no page is written in: their decoders turn escapes into lone surrogates
# (unicode-escape), refuse everything (undefined) or read domain names (idna, punycode)
_NO_CHARSETS = frozenset(("unicode-escape", "raw-unicode-escape", "undefined", "idna", "punycode"))


def normalize_label(label: str | None) -> str | None:
    """Map a declared charset label to the Python codec a browser would use.

    Returns None for an unknown label, and for the names of Python codecs that are no
    charsets (``<meta charset="base64">`` made the page's decoding raise).
    """
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    key = _ALIASES.get(key, key)
    try:
        name = codecs.lookup(key).name
        if name in _NO_CHARSETS:
            return None
        b"a".decode(name)  # LookupError for Python's bytes-to-bytes codecs ("base64", "zlib", "rot13")
    except LookupError:
        return None
    except UnicodeDecodeError:
        pass  # a charset, whose decoder wants more than one byte (utf-16, utf-32)
    name = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs",
            "cp1251": "windows-1251", "cp1252": "windows-1252", "latin-1": "windows-1252",
            "iso8859-1": "windows-1252", "ascii": "windows-1252"}.get(name, name)
    return {"utf-8": "utf-8"}.get(name, name)


def header_charset(headers: dict[str, str] | None) -> str | None:
    """The raw charset label of a Content-Type header, if any."""
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type":
            match = _HEADER_RE.search(value)
            return match.group(1) if match else None
    return None


def meta_charsets(body: bytes) -> list[str]:
    """Raw charset labels of every ``<meta>`` in the first 16 KiB, in order."""
    return [m.group(1).decode("ascii", "replace") for m in _META_RE.finditer(body[:_HEAD_BYTES])]


def _bom(body: bytes) -> str | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


# The last clean strict decode (body, codec, text): decode_capture reuses it instead of
# decoding the page a second time.  Read as one tuple, so threads cannot mix two pages.
_last_clean: tuple[bytes, str, str] | None = None


def _decodes(body: bytes, codec: str) -> bool:
    """True if ``body`` decodes with ``codec`` without a single error."""
    global _last_clean
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return False
    _last_clean = (body, codec, text)
    return True


def _errors(body: bytes, codec: str) -> int:
    if _decodes(body, codec):
        return 0
    return body.decode(codec, errors="replace").count("\ufffd") + 1


def few_errors(body: bytes, codec: str) -> bool:
    """True when ``codec`` decodes ``body`` but for a few bytes: at most one error per
    500 non-ASCII bytes (a page in another charset fails on most of its non-ASCII bytes)."""
    non_ascii = len(body) - len(body.decode("ascii", "ignore"))
    if non_ascii < 50:  # too little text to tell a stray byte from a wrong charset
        return False
    return _errors(body, codec) <= 1 + non_ascii // 500


def detect(body: bytes) -> str | None:
    """The detector's best guess as a normalised codec name, or None."""
    best = from_bytes(body[:_DETECT_BYTES]).best()
    return normalize_label(best.encoding) if best else None


def choose_encoding(body: bytes, declared: list[str]) -> tuple[str, str | None]:
    """Return (codec to use, detector's guess or None when not consulted)."""
    bom = _bom(body)
    if bom:
        return bom, None
    if not body.isascii() and _decodes(body, "utf-8"):
        return "utf-8", None
    candidates = [c for c in (normalize_label(d) for d in declared) if c]
    for codec in candidates:
        if codec != "utf-8" and _decodes(body, codec):
            return codec, None
    if not body.isascii() and few_errors(body, "utf-8"):
        return "utf-8", None
    for codec in candidates:
        if codec != "utf-8" and few_errors(body, codec):
            return codec, None
    detected = detect(body)
    if detected and _decodes(body, detected):
        # a single-byte guess (e.g. ptcp154 for undeclared GBK) decodes anything; GB18030 with
        # at most a truncated character per 10 KB is real evidence (Cyrillic text fails it often)
        if not "\u4e2d".encode(detected, "ignore") and _errors(body, "gb18030") <= 1 + len(body) // 10_000:
            return "gb18030", detected
        return detected, detected
    pool = [c for c in [*candidates, detected, "gb18030", "windows-1251"] if c]
    return min(pool, key=lambda c: _errors(body, c)), detected


_replaced = threading.local()


def _count_replace(exc: UnicodeDecodeError) -> tuple[str, int]:
    """The "replace" error handler, counting the bytes it replaces (per thread)."""
    _replaced.count = getattr(_replaced, "count", 0) + exc.end - exc.start
    return "\ufffd", exc.end


codecs.register_error("corpus_builder.count_replace", _count_replace)


def decode_counting(body: bytes, codec: str) -> tuple[str, int]:
    """``body`` decoded with ``codec``, undecodable bytes as U+FFFD; and how many bytes those were."""
    _replaced.count = 0
    text = body.decode(codec, errors="corpus_builder.count_replace")
    return text, _replaced.count


_SURROGATES = re.compile("[\ud800-\udfff]")


def decode_capture(capture: Capture) -> DecodedPage:
    """Decode a capture's bytes, recording declared / detected / used charsets
    and how many undecodable bytes were replaced (and dropped from the text)."""
    body = capture.body
    http = header_charset(dict(capture.headers))
    metas = meta_charsets(body)
    codec, detected = choose_encoding(body, [d for d in [http, *metas] if d])
    last = _last_clean
    if last and last[0] is body and last[1] == codec:
        html, replaced = last[2], 0
    else:
        html, replaced = decode_counting(body, codec)
    if replaced:
        log.info("%s: %d undecodable bytes dropped (%s)", capture.origin, replaced, codec)
    if "\ufffd" in html:
        html = html.replace("\ufffd", "")
    if codecs.lookup(codec).name == "utf-7":
        # UTF-7 alone decodes to lone surrogates ("+2AA-"), where lxml's parser stops: the rest of
        # the page was lost.  They are no text: dropped like the undecodable bytes above
        html = _SURROGATES.sub("", html)
    if html.startswith("\ufeff"):
        html = html[1:]
    info = EncodingInfo(
        declared_http=http.lower() if http else None,
        declared_meta=metas[0].lower() if metas else None,
        detected=detected,
        used=codec,
        replaced=replaced,
    )
    return DecodedPage(capture=capture, html=html, encoding=info)
