"""The executor interface: where a build's per-capture work runs.

An executor runs the *map* of a build (every capture of the inputs into its
rows, committed to the store) and nothing else; :meth:`Executor.run` wraps it
the same way for every executor: open the store, map, record crashes, then
the corpus-level steps (build.run_corpus_steps), which import no executor.
Modelled on datatrove's ``executor/base.py``: ``local`` and ``dask``
implement :meth:`Executor.map_pages`.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable, Iterable

from corpus_builder.build import run_corpus_steps
from corpus_builder.pipeline import Processed
from corpus_builder.settings import Settings
from corpus_builder.store import CorpusWriter
from corpus_builder.summary import BuildSummary

Progress = Callable[[Processed], None]


class ExecutorError(Exception):
    """The chosen executor cannot run (not installed, scheduler unreachable, unknown name)."""


class Executor(ABC):
    """Runs a build's map somewhere; ``name`` is what ``--executor`` calls it."""

    name: str = ""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def run(self, inputs: Iterable[str | Path], out: str | Path, progress: Progress | None = None) -> BuildSummary:
        """Build or update the corpus under ``out`` from HTML files, folders and WARCs.

        Documents already in the corpus are skipped (counted as duplicates).
        Raises summary.BuildCrashed when the code fails on most pages."""
        summary = BuildSummary()
        with CorpusWriter(Path(out).absolute(), shard_rows=self.settings.build.shard_rows) as writer:
            try:
                new_ids = self.map_pages(inputs, writer, summary, progress)
            finally:
                writer.note_crashes(summary.crashes)
            run_corpus_steps(writer, new_ids, self.settings, summary, self.step_workers())
        return summary

    @abstractmethod
    def map_pages(self, inputs: Iterable[str | Path], writer: CorpusWriter, summary: BuildSummary,
                  progress: Progress | None) -> list[str]:
        """Turn every capture of ``inputs`` into rows committed through ``writer``, counting
        into ``summary``; return the new doc_ids in input order."""

    def step_workers(self) -> int:
        """Processes for the corpus-level steps on the driver (1 unless the executor says)."""
        return 1
