"""Exceptions shared by the stages."""
from __future__ import annotations


class Dropped(Exception):
    """A capture or document is dropped from the corpus, for a counted reason.

    ``reason`` is a short stable key (``"no-article"``, ``"empty"``, ``"binary"``,
    ``"not-html"``, ``"too-short"``, ``"duplicate"`` …) used in the run summary;
    ``detail`` is free text for the log.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
