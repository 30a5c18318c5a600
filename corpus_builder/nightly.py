"""The nightly run: crawl every configured source, then build what the crawl brought.

Orchestration above the crawl (fetch.runner: lock, run log, runs.jsonl) and
the build (executors.build_corpus).  Exit codes (corpus_builder.errors): 0
all good, 1 some URLs failed (recorded for retry), 2 configuration or usage
error, 3 another run holds the lock, 4 the build after the crawl failed (its
WARC files are built next run), 5 an error in corpus-builder's own code.
"""
from __future__ import annotations

import logging
from pathlib import Path

from corpus_builder.executors import Progress, build_corpus
from corpus_builder.fetch.crawler import DateWindow, Observer
from corpus_builder.fetch.runner import locked_run
from corpus_builder.fetch.state import CrawlState
from corpus_builder.settings import Settings
from corpus_builder.sources.base import Source
from corpus_builder.steps.report import write_report
from corpus_builder.summary import BuildCrashed

log = logging.getLogger(__name__)


def build_pending(settings: Settings, out: Path, progress: Progress | None = None) -> dict:
    """Build every WARC file of the crawl dir ``out`` no build has taken in yet.

    Normally that is this run's files (and any recovered from a killed run);
    after a failed build its files stay pending and are built by the next run.
    """
    state = CrawlState(out / "state.sqlite")
    try:
        done = state.built_files()
        pending = [p for p in sorted((out / "warc").glob("*.warc.gz")) if p.name not in done]
        if not pending:
            return {"build": None}
        try:
            built = build_corpus(pending, Path(settings.crawl.corpus_dir), settings, progress=progress)
        except BuildCrashed as exc:  # the code fails on most pages: a bug, the WARCs stay pending
            log.error("build stopped: %s; %d WARC file(s) stay pending", exc, len(pending))
            return {"build": {**exc.summary.as_dict(), "pending": len(pending)}}
        except Exception as exc:  # the captures are safe in the WARCs: report, retry next run
            log.exception("build failed; %d WARC file(s) stay pending", len(pending))
            return {"build": {"error": f"{type(exc).__name__}: {exc}", "pending": len(pending)}}
        if built.crashes:  # pages that hit a bug are built again by the next run, after the fix
            log.error("%d page(s) hit an error in corpus-builder; %d WARC file(s) stay pending",
                      len(built.crashes), len(pending))
            return {"build": {**built.as_dict(), "pending": len(pending)}}
        state.mark_built(p.name for p in pending)
        return {"build": built.as_dict(), **_refresh_report(settings, built)}
    finally:
        state.close()


def _refresh_report(settings: Settings, built) -> dict:
    """Rewrite the HTML report (``[crawl] report_dir``) after a build that added documents."""
    if not settings.crawl.report_dir or not built.documents:
        return {}
    try:
        statements, pages = write_report(settings.crawl.corpus_dir, settings.crawl.report_dir)
    except OSError as exc:  # the corpus is built and safe; the report is retried next night
        log.error("report not refreshed: %s", exc)
        return {"report": {"error": f"{type(exc).__name__}: {exc}"}}
    return {"report": {"dir": settings.crawl.report_dir, "statements": statements, "pair_pages": pages}}


def nightly(settings: Settings, sources: list[Source], window: DateWindow = DateWindow(),
            observer: Observer | None = None, progress: Progress | None = None) -> dict:
    """Crawl the sources into ``[crawl] dir``, then build the new WARC files into ``corpus_dir``.

    ``observer`` sees every URL of the crawl, ``progress`` every page of the build (the CLI's display).
    """
    out = Path(settings.crawl.dir)
    return locked_run(settings, out, sources, window, "nightly",
                      lambda _summary: build_pending(settings, out, progress), observer)
