"""`nightly` builds each WARC file once; a failed build leaves its files pending."""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import fast_settings, news_site, news_source, serve  # noqa: E402

import corpus_builder.nightly as nightly_run  # noqa: E402
from corpus_builder.cli import crawl as crawl_cli  # noqa: E402
from corpus_builder.settings import Settings  # noqa: E402


class FakeSummary:
    def __init__(self, inputs, crashes=()):
        self.inputs = [Path(p).name for p in inputs]
        self.crashes = list(crashes)

    def as_dict(self):
        return {"inputs": self.inputs}


@pytest.fixture()
def settings(tmp_path):
    crawl = dataclasses.replace(fast_settings(), dir=str(tmp_path / "crawl"), corpus_dir=str(tmp_path / "corpus"))
    return Settings(crawl=crawl)


def test_failed_build_is_retried_by_the_next_run(settings, tmp_path, monkeypatch):
    site = news_site()
    server, base = serve(site)
    try:
        def broken(*args, **kwargs):
            raise RuntimeError("disk full")
        monkeypatch.setattr(nightly_run, "build_corpus", broken)
        first = nightly_run.nightly(settings, [news_source(base)])
        assert first["build"]["error"] == "RuntimeError: disk full" and first["build"]["pending"] == 1

        monkeypatch.setattr(nightly_run, "build_corpus", lambda inputs, out, s, progress=None: FakeSummary(inputs))
        second = nightly_run.nightly(settings, [news_source(base)])
        third = nightly_run.nightly(settings, [news_source(base)])
    finally:
        server.shutdown()
    first_file = Path(first["warc_files"][0]).name
    second_file = Path(second["warc_files"][0]).name
    assert second["build"]["inputs"] == sorted([first_file, second_file])
    assert third["build"]["inputs"] == [Path(third["warc_files"][0]).name]


def test_build_failure_exits_4_with_a_clear_message(settings, tmp_path, monkeypatch):
    def fake_nightly(settings, sources, window, observer=None, progress=None):
        return {"command": "nightly", "failed": 0, "build": {"error": "RuntimeError: disk full", "pending": 2}}
    monkeypatch.setattr(nightly_run, "nightly", fake_nightly)
    config = tmp_path / "c.toml"
    config.write_text('[crawl]\nsources = ["mid"]\n', encoding="utf-8")
    result = CliRunner().invoke(crawl_cli.nightly, ["--config", str(config)])
    assert result.exit_code == 4 and "build failed: RuntimeError: disk full" in result.output
    assert json.loads(result.output.splitlines()[0])["build"]["pending"] == 2


def test_pages_that_hit_a_bug_keep_their_warcs_pending_and_exit_5(settings, tmp_path, monkeypatch):
    from corpus_builder.errors import Crash
    from corpus_builder.summary import BuildSummary

    def crashed_build(inputs, out, s, progress=None):
        summary = BuildSummary(captures=3, documents=2)
        summary.crashes.append(Crash("a.warc.gz#1", "KeyError: 'x'", "Traceback (most recent call last):\n  ...\n"))
        return summary

    site = news_site()
    server, base = serve(site)
    try:
        monkeypatch.setattr(nightly_run, "build_corpus", crashed_build)
        first = nightly_run.nightly(settings, [news_source(base)])
        monkeypatch.setattr(nightly_run, "build_corpus", lambda inputs, out, s, progress=None: FakeSummary(inputs))
        second = nightly_run.nightly(settings, [news_source(base)])
    finally:
        server.shutdown()
    assert first["build"]["crashed"] == 1 and first["build"]["pending"] == 1
    assert first["build"]["first_crash"]["error"] == "KeyError: 'x'"
    assert len(second["build"]["inputs"]) == 2  # the first run's WARC is built again, after the fix
    runs = [json.loads(line) for line in (Path(settings.crawl.dir) / "runs.jsonl").read_text().splitlines()]
    assert runs[0]["build"]["crashed"] == 1

    monkeypatch.setattr(nightly_run, "nightly", lambda settings, sources, window, observer=None, progress=None: first)
    config = tmp_path / "c.toml"
    config.write_text('[crawl]\nsources = ["mid"]\n', encoding="utf-8")
    result = CliRunner().invoke(crawl_cli.nightly, ["--config", str(config)])
    assert result.exit_code == 5
    assert "Traceback" in result.stderr and "a.warc.gz#1: KeyError: 'x'" in result.stderr


def test_nightly_refreshes_the_report_when_configured(settings, tmp_path):
    report = tmp_path / "site"
    settings = dataclasses.replace(settings, crawl=dataclasses.replace(settings.crawl, report_dir=str(report)))
    site = news_site()
    server, base = serve(site)
    try:
        first = nightly_run.nightly(settings, [news_source(base)])
        index = report / "index.html"
        written = index.stat().st_mtime_ns
        second = nightly_run.nightly(settings, [news_source(base)])
    finally:
        server.shutdown()
    assert first["build"]["documents"] > 0 and first["report"]["statements"] > 0
    assert "<html" in index.read_text(encoding="utf-8").lower()
    assert "report" not in second  # nothing new was built: the site is left as it is
    assert index.stat().st_mtime_ns == written


def test_a_report_page_is_rewritten_only_when_it_changes(tmp_path):
    from corpus_builder.steps.report import _write_if_changed

    page = tmp_path / "index.html"
    assert _write_if_changed(page, "<html>a</html>") is True
    assert _write_if_changed(page, "<html>a</html>") is False
    assert _write_if_changed(page, "<html>b</html>") is True and page.read_text() == "<html>b</html>"
    assert not list(tmp_path.glob(".*.tmp"))
