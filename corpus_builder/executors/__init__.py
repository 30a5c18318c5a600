"""Where the build's per-capture work runs, behind one interface (executors.base.Executor).

``local`` (the default, executors.local) uses this machine's processes;
``dask`` (executors.dask, an optional extra: ``pip install '.[dask]'``) maps
the work over WARC files and batches of pages as Dask tasks, each staging its
own shards, and commits them all at once (executors.driver).  Either way the
corpus-level steps then run on the committed store (build.run_corpus_steps).
No step imports an executor; :func:`build_corpus` is the entry point.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from corpus_builder.executors.base import Executor, ExecutorError, Progress

if TYPE_CHECKING:  # pragma: no cover
    from corpus_builder.settings import Settings
    from corpus_builder.summary import BuildSummary

EXECUTORS = ("local", "dask")


def get_executor(name: str, settings: "Settings") -> Executor:
    """The executor called ``name``, set up with ``settings`` (Dask is imported only for ``dask``)."""
    if name == "local":
        from corpus_builder.executors.local import LocalExecutor

        return LocalExecutor(settings)
    if name == "dask":
        from corpus_builder.executors.dask import DaskExecutor

        return DaskExecutor(settings)
    raise ExecutorError(f"unknown executor {name!r} (known: {', '.join(EXECUTORS)})")


def build_corpus(inputs: Iterable[str | Path], out: str | Path, settings: "Settings | None" = None,
                 progress: Progress | None = None) -> "BuildSummary":
    """Build or update the corpus under ``out`` from HTML files, folders and WARCs, on the
    executor ``settings.build.executor`` names (``progress`` is called per page by ``local``).

    Documents already in the corpus are skipped (counted as duplicates); raises
    summary.BuildCrashed when the code fails on most pages."""
    from corpus_builder.settings import Settings

    settings = settings or Settings()
    return get_executor(settings.build.executor, settings).run(inputs, out, progress)


__all__ = ["EXECUTORS", "Executor", "ExecutorError", "Progress", "build_corpus", "get_executor"]
