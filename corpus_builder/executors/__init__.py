"""Where the build's per-capture work runs: this machine's processes, or a Dask cluster.

``local`` (the default) is build.build_corpus's own process pool; nothing
here is imported for it.  ``dask`` maps the work over WARC files and batches
of pages as Dask tasks (executors.dask), each task staging its own shards,
and the driver commits them all at once and then runs the cross-document
steps (repost clusters, pairing, alignment) on the committed store
(executors.driver).  Dask is an optional extra: ``pip install '.[dask]'``.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from corpus_builder.build import BuildSummary
    from corpus_builder.settings import Settings

EXECUTORS = ("local", "dask")


class ExecutorError(Exception):
    """The chosen executor cannot run (not installed, scheduler unreachable, unknown name)."""


def build_on(name: str, inputs: Iterable[str | Path], out: str | Path, settings: "Settings") -> "BuildSummary":
    """Run a build on the executor ``name`` (any but ``local``, which build_corpus runs itself)."""
    if name == "dask":
        from corpus_builder.executors.dask import build_on_dask

        return build_on_dask(inputs, out, settings)
    raise ExecutorError(f"unknown executor {name!r} (known: {', '.join(EXECUTORS)})")
