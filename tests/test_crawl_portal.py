"""A portal crawled from its start URLs and an article pattern alone: every listing page is found.

Pagination is not configured anywhere: 下一页 links (GBK and UTF-8 pages)
and ``?page=N`` (no link at all: the numbered variants are probed) are
followed, and a second run downloads no article again.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import served  # noqa: E402
from portal import ARTICLE_PATTERN, article_paths, portal_site  # noqa: E402

from corpus_builder.cli import main  # noqa: E402
from corpus_builder.fetch.warc import iter_captures  # noqa: E402


@pytest.fixture(name="portal")
def running_portal():
    with served(portal_site()) as running:
        yield running


def _crawl(base: str, tmp_path: Path, *extra: str):
    config = tmp_path / "config.toml"
    config.write_text("[crawl]\ndelay = 0.0\ntimeout = 2.0\nretries = 0\n", encoding="utf-8")
    starts = [a for path in ("/gbk/index.html", "/utf8/index.html", "/list") for a in ("--start-url", base + path)]
    result = CliRunner().invoke(main, ["crawl", *starts, "--pattern", ARTICLE_PATTERN, "--config", str(config),
                                       "--out", str(tmp_path / "out"), *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_article_of_a_paged_portal_is_captured_without_configuration(portal, tmp_path):
    site, base = portal
    summary = _crawl(base, tmp_path)
    captured = {c.url for f in summary["warc_files"] for c in iter_captures(f) if c.status == 200}
    expected = {base + p for p in article_paths()}
    assert expected <= captured, sorted(expected - captured)[:5]
    assert summary["failed"] == 0 and summary["fetched_nothing"] == []
    # the GBK 下一页 chain: index_1, index_2, and nothing past the last page (下一页 is plain text there)
    assert site.hits("/gbk/index_2.html") and not site.hits("/gbk/index_3.html")
    assert site.hits("/utf8/index_2.html") and site.hits("/list?page=3")
    # ?page=N was found by probing; the empty page past the last ended that chain
    assert site.hits("/list?page=4") and not site.hits("/list?page=5")
    assert all(len(site.hits(p)) == 1 for p in article_paths())  # each article fetched once


def test_a_second_run_downloads_no_article_again(portal, tmp_path):
    site, base = portal
    _crawl(base, tmp_path)
    site.log.clear()
    summary = _crawl(base, tmp_path)
    assert summary["captured"] == 0 and summary["skipped"] == len(article_paths())
    assert not any(site.hits(p) for p in article_paths())
    assert site.hits("/gbk/index_2.html")  # the listings are still read (conditionally), articles skipped
