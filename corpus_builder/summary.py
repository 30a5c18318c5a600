"""What a build did, counted in one place for every executor.

The local executor counts each page as its result comes back; a task of a
distributed executor counts its own pages into a summary of its own, which
the driver merges.  A bad page is dropped with a counted reason; an
exception in the code is a :class:`~corpus_builder.errors.Crash`, which fails
the run once the other pages are committed, or stops it early
(:class:`BuildCrashed`) when crashes outnumber everything else.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from corpus_builder.errors import Crash
from corpus_builder.inputs import InputError
from corpus_builder.pipeline import Processed
from corpus_builder.records import Capture

log = logging.getLogger(__name__)

# Crashes that stop a build early, when they also outnumber the pages that went through:
# one page hitting a bug is reported at the end, a broken install is not run to the last page.
CRASH_STOP = 10


@dataclass(slots=True)
class BuildSummary:
    """What one build did: counts, and drops by reason."""

    captures: int = 0
    documents: int = 0
    duplicates: int = 0
    clauses: int = 0
    alignments: int = 0
    pair_reports: list = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    input_errors: list[InputError] = field(default_factory=list)
    crashes: list[Crash] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "captures": self.captures,
            "documents": self.documents,
            "duplicates": self.duplicates,
            "clauses": self.clauses,
            "alignments": self.alignments,
            "aligned_pairs": len(self.pair_reports),
            "dropped": dict(sorted(self.dropped.items())),
            "input_errors": len(self.input_errors),
            "crashed": len(self.crashes),
            "first_crash": self.crashes[0].as_dict() if self.crashes else None,
        }

    def line(self) -> str:
        """The one-line summary printed at the end of a build."""
        drops = ", ".join(f"{k} {v}" for k, v in sorted(self.dropped.items())) or "none"
        return (
            f"{self.documents} documents ({self.duplicates} already in the corpus), "
            f"{self.clauses} clauses, {self.alignments} alignment links in {len(self.pair_reports)} pairs; "
            f"dropped {sum(self.dropped.values())} ({drops})"
        ) + (f"; FAILED: {len(self.crashes)} page(s) hit an error in corpus-builder" if self.crashes else "")

    # -- counting ------------------------------------------------------------------
    def note_input_error(self, item: InputError) -> None:
        """Count and log an input that could not be read."""
        self.input_errors.append(item)
        self.dropped[f"input-{item.reason}"] += 1
        log.info("input %s: %s (%s)", item.path, item.reason, item.detail)

    def readable(self, items: Iterable[Capture | InputError]) -> Iterator[Capture]:
        """The captures of ``items`` (inputs.iter_captures_from); each input that could not
        be read is counted (note_input_error) instead."""
        for item in items:
            if isinstance(item, InputError):
                self.note_input_error(item)
            else:
                yield item

    def note_result(self, result: Processed, stop_early: bool = True) -> bool:
        """Count a page; True if it brings rows to write (then counted by note_written
        or note_duplicate once the writer has taken it or not).

        With ``stop_early``, raises BuildCrashed when crashes pass CRASH_STOP and
        outnumber the other pages."""
        self.captures += 1
        if result.rows is not None:
            return True
        if result.crash is not None:
            self.crashes.append(result.crash)
            log.error("error in corpus-builder on %s: %s", result.origin, result.crash.error)
            if stop_early and len(self.crashes) >= CRASH_STOP and 2 * len(self.crashes) > self.captures:
                raise BuildCrashed(self)
        else:
            self.dropped[result.reason or "error"] += 1
            log.info("dropped %s: %s %s", result.origin, result.reason, result.detail)
        return False

    def note_written(self, n_clauses: int) -> None:
        self.documents += 1
        self.clauses += n_clauses

    def note_duplicate(self, n: int = 1) -> None:
        self.duplicates += n

    def merge(self, part: "BuildSummary") -> None:
        """Add the page counts of a part of the build (a task's own summary)."""
        self.captures += part.captures
        self.duplicates += part.duplicates
        self.dropped.update(part.dropped)
        self.crashes.extend(part.crashes)
        self.input_errors.extend(part.input_errors)


class BuildCrashed(RuntimeError):
    """The build stopped early: the code fails on most pages (a bug or a broken install, not bad pages).

    What was written before is committed; ``summary`` says what the run did.
    """

    def __init__(self, summary: BuildSummary) -> None:
        super().__init__(f"stopped after {len(summary.crashes)} pages failed with an error in corpus-builder "
                         f"(first: {summary.crashes[0].where}: {summary.crashes[0].error})")
        self.summary = summary
