"""One capture in, one document with its tokenised clauses out.

``process_capture`` is the per-capture work of every build (decode ->
extract -> clauses -> segment -> the document's rows for every table of the
store, repost signature and pairing profile included).  It is a plain
function of its arguments so that worker processes can run it, leaving the
writer's process only the writing; each process loads the jieba dictionary
once, on first use.
"""
from __future__ import annotations

import ctypes
import logging
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from corpus_builder.errors import Crash, Dropped
from corpus_builder.records import Capture, Clause, Document
from corpus_builder.text.clauses import split_clauses
from corpus_builder.text.decode import decode_capture
from corpus_builder.text.extract import extract_document
from corpus_builder.text.segment import tokenize

log = logging.getLogger(__name__)

_BINARY_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


@dataclass(slots=True)
class Processed:
    """The outcome for one capture: a document's rows for the store, or a drop reason."""

    origin: str
    url: str
    doc_id: str | None = None  # None: dropped
    n_clauses: int = 0
    rows: dict | None = None   # {table: (partition, rows)}, as steps.rows.document_rows makes them
    reason: str | None = None
    detail: str = ""
    crash: Crash | None = None  # an exception in our code: fails the run, unlike a drop


class PageTimeout(BaseException):
    """A page's time budget ran out.  A BaseException, so that no ``except Exception``
    on the way (a parser's, a detector's) can swallow it."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise PageTimeout inside the block once ``seconds`` have passed (0: no budget).

    In a process's main thread (the local executor's workers, a single-process
    build, ``extract``) a SIGALRM timer; in any other thread (Dask's worker
    threads) a timer thread that raises the exception in the working thread.
    Either way the exception arrives between two Python bytecodes, so a long
    call into C (one lxml parse) finishes first.
    """
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _thread_timer(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expired(signum, frame):
        raise PageTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_timer(seconds: float) -> Iterator[None]:
    target, lock, active = threading.get_ident(), threading.Lock(), [True]

    def expired() -> None:
        with lock:  # never after the block has ended
            if active[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(PageTimeout))

    timer = threading.Timer(seconds, expired)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            active[0] = False
        timer.cancel()


def check_capture(capture: Capture) -> None:
    """Raise Dropped for captures that cannot hold an article at all."""
    if capture.status and not 200 <= capture.status < 300:
        raise Dropped("http-status", f"HTTP {capture.status}")
    if not capture.body or capture.body.isspace():  # = not body.strip(), without copying the body
        raise Dropped("empty", "no bytes")
    head = capture.body[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 BOM: NULs are half of its Latin letters
        head = head[2:].decode("utf-16-be" if head[0] == 0xFE else "utf-16-le", "replace").encode("utf-8")
    if b"\x00" in head:
        raise Dropped("binary", "NUL bytes: not a text page")
    if len(head) - len(head.translate(None, _BINARY_CONTROL)) > len(head) // 20:  # control bytes, one C pass
        raise Dropped("binary", "control bytes: not a text page")


def analyse(capture: Capture, *, url: str | None = None, lang: str | None = None) -> tuple[Document, list[Clause]]:
    """Decode, extract, split and tokenise one capture; raises Dropped."""
    check_capture(capture)
    page = decode_capture(capture)
    doc = extract_document(page, url=url, lang=lang)
    clauses = split_clauses(doc.text, doc.doc_id, doc.lang)
    for clause in clauses:
        clause.tokens = tokenize(clause.text, doc.lang)
    return doc, clauses


def process_capture(capture: Capture, lang: str | None = None, run_id: str = "",
                    page_timeout: float = 0.0) -> Processed:
    """The capture's rows for the store (stamped with ``run_id``).

    Never raises: a page the project refuses becomes a drop reason (``timeout``
    when it takes longer than ``page_timeout`` seconds, see time_budget), and an
    exception in the code becomes ``crash`` (with its traceback), which the
    build reports as a failure of the run once the other pages are done.
    """
    try:
        with time_budget(page_timeout):
            doc, clauses = analyse(capture, lang=lang)
        from corpus_builder.steps import rows as store_rows  # (the store's stack only where rows are made)

        rows = store_rows.document_rows(doc, clauses, run_id)
    except PageTimeout:
        log.warning("%s: dropped after its %gs time budget", capture.origin, page_timeout)
        return Processed(capture.origin, capture.url, reason="timeout", detail=f"over {page_timeout:g}s")
    except Dropped as exc:
        return Processed(capture.origin, capture.url, reason=exc.reason, detail=exc.detail)
    except Exception as exc:  # a bug: the other pages still go on, but the run fails
        crash = Crash.of(capture.origin, exc)
        return Processed(capture.origin, capture.url, reason="crash", detail=crash.error, crash=crash)
    return Processed(capture.origin, capture.url, doc.doc_id, len(clauses), rows)
