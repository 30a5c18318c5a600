"""The build: inputs -> captures -> documents and clauses -> the Parquet store -> corpus steps.

A build has two parts.  The *map* turns every capture of the inputs into its
rows (pipeline.process_capture) and commits them; where that work runs (this
machine's processes, a Dask cluster) is an executor's business
(corpus_builder.executors), and this module imports none.  Then
:func:`run_corpus_steps` runs the corpus-level steps over the committed
store, explicitly and in order: the alignment of the new documents, then the
repost clusters of the whole corpus.

:func:`build_corpus` is the one entry point; it lives in
corpus_builder.executors, which picks the executor the settings name.
"""
from __future__ import annotations

import logging
from typing import Sequence

from corpus_builder.settings import Settings
from corpus_builder.steps.alignment import align_new_documents
from corpus_builder.steps.reposts import rebuild_reposts
from corpus_builder.summary import BuildSummary

log = logging.getLogger(__name__)


def run_corpus_steps(writer, new_ids: Sequence[str], settings: Settings, summary: BuildSummary,
                     workers: int = 1) -> None:
    """After the map: align the pairs that involve ``new_ids`` (unless ``settings.build.align``
    is off), then rebuild the repost clusters; both read what ``writer`` (an open
    store.CorpusWriter) has committed.  ``workers`` processes align the date windows."""
    if settings.build.align and new_ids:
        writer.flush()  # the documents are committed before the cross-document steps read them
        summary.alignments, summary.pair_reports = align_new_documents(writer.root, new_ids, writer, workers)
    rebuild_reposts(writer)
