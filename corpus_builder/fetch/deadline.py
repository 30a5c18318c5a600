"""A deadline on a whole HTTP response, status line and headers included.

requests and urllib3 bound only the silence between two packets (the read
timeout): a server that sends one header byte per second holds a request
forever.  Inside ``with Deadline(seconds):`` every response read on this
thread arms a timer when urllib3 starts reading it (``getresponse``); when the
timer fires, the socket is shut down, the blocked read returns, and
``Deadline.fired`` tells the caller that the failure was the deadline.  The
session needs :class:`DeadlineAdapter` mounted (``Fetcher`` does it).
"""
from __future__ import annotations

import socket
import threading
import time

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_local = threading.local()


class Deadline:
    """Bounds every response read on this thread while the ``with`` block runs."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.fired = False
        self._timer: threading.Timer | None = None

    def __enter__(self) -> "Deadline":
        _local.deadline = self
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()
        _local.deadline = None

    def arm(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the deadline passes (unless cancelled first)."""
        self.cancel()
        self._timer = threading.Timer(max(0.0, self.at - time.monotonic()), self._fire, (sock,))
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fire(self, sock: socket.socket) -> None:
        self.fired = True
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # already closed: nothing left to stop
            pass


class _Armed:
    """Arms this thread's deadline before the status line is read."""

    def getresponse(self):  # noqa: ANN201 - urllib3's own signature
        deadline = getattr(_local, "deadline", None)
        if deadline is not None and self.sock is not None:
            deadline.arm(self.sock)
        return super().getresponse()


class _HTTPConnection(_Armed, HTTPConnection):
    pass


class _HTTPSConnection(_Armed, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections honour this thread's :class:`Deadline`."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
