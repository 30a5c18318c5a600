"""`crawl`, `sources`, and the config file: exit codes, JSON summary, clear errors."""
from __future__ import annotations

import configparser
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import ARTICLE_PATTERN, ARTICLES, Page, news_site, running_site  # noqa: E402,F401

from corpus_builder.cli.crawl import crawl, nightly, sources  # noqa: E402
from corpus_builder.settings import BuildSettings, CrawlSettings, Settings, load_settings  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CRON = REPO / "scripts" / "cron"


def fast_config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "config.toml"
    config.write_text("[crawl]\ndelay = 0.0\ntimeout = 1.0\nretries = 0\nrevisit_hours = 0.0\n" + extra,
                      encoding="utf-8")
    return config


def test_sources_lists_the_registry():
    result = CliRunner().invoke(sources, [])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines()]
    assert {"fmprc", "mid", "kremlin", "generic"} <= set(names)
    listed = [json.loads(line) for line in CliRunner().invoke(sources, ["--json"]).output.splitlines()]
    assert next(s for s in listed if s["name"] == "fmprc")["languages"] == ["zh"]


def test_generic_crawl_prints_json_and_exits_0(site, tmp_path):
    _site, base = site
    out = tmp_path / "out"
    result = CliRunner().invoke(crawl, ["--start-url", base + "/news/", "--pattern", ARTICLE_PATTERN,
                                        "--config", str(fast_config(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    # no pagination configured: the listing's index_1.html, index_2.html are found by probing numbered variants
    assert summary["captured"] == 3 + len(ARTICLES)
    assert summary["listing_ends"] == 5  # the 4 other probes of page 2 and index_3.html: 404, not failures
    assert (out / "state.sqlite").exists() and list((out / "logs").glob("*.log"))
    assert json.loads((out / "runs.jsonl").read_text().splitlines()[-1])["run_id"] == summary["run_id"]


def test_failures_exit_1_and_are_retried_next_run(site, tmp_path):
    site, base = site
    site.pages[ARTICLES[0][0]] = Page(b"down", status=503)
    args = ["--start-url", base + "/news/", "--pattern", ARTICLE_PATTERN,
            "--config", str(fast_config(tmp_path)), "--out", str(tmp_path / "out")]
    first = CliRunner().invoke(crawl, args)
    assert first.exit_code == 1 and json.loads(first.output)["failures"] == {"http-503": 1}
    site.pages[ARTICLES[0][0]] = news_site().pages[ARTICLES[0][0]]
    second = CliRunner().invoke(crawl, args)
    assert second.exit_code == 0 and json.loads(second.output)["captured"] == 1


@pytest.mark.parametrize("args, message", [
    (["--start-url", "http://127.0.0.1:1/"], "go together"),
    (["--source", "nope"], "unknown source"),
    (["--source", "generic"], "generic needs"),
    (["--source", "mid", "--since", "yesterday"], "not a date"),
    (["--source", "mid", "--config", "/nonexistent/config.toml"], "not found"),
])
def test_usage_errors_exit_2(tmp_path, args, message):
    result = CliRunner().invoke(crawl, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text, message", [
    ("[crawl\ndelay = 1", "not valid TOML"),
    ("[crawl]\ndelay = 'slow'\n", "expected float"),
    ("[crawl]\nspeed = 1\n", "unknown setting"),
    ("[crawl]\nsources_file = '/nonexistent/sources.toml'\n", "not found"),
])
def test_malformed_config_exits_2(tmp_path, text, message):
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    for command, args in ((nightly, []), (sources, []), (crawl, ["--source", "mid", "--out", str(tmp_path)])):
        result = CliRunner().invoke(command, [*args, "--config", str(config)])
        assert result.exit_code == 2 and message in result.output, (command.name, result.output)


def test_config_example_documents_every_default():
    example = REPO / "config.example.toml"
    settings = load_settings(example, environ={})
    assert settings == Settings()
    text = example.read_text(encoding="utf-8")
    for name in [*CrawlSettings.__dataclass_fields__, *BuildSettings.__dataclass_fields__]:
        assert re.search(rf"^{name} = ", text, re.M), name


def test_crontab_line_is_well_formed():
    lines = [ln for ln in (CRON / "corpus-builder.crontab").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    [line] = lines
    minute, hour, dom, month, dow, command = line.split(None, 5)
    assert 0 <= int(minute) < 60 and 0 <= int(hour) < 24 and (dom, month, dow) == ("*", "*", "*")
    assert "corpus-builder nightly --config" in command


def test_systemd_units_parse_and_verify(tmp_path):
    units = {}
    for name in ("corpus-builder-nightly.service", "corpus-builder-nightly.timer"):
        parser = configparser.ConfigParser(strict=True, interpolation=None)
        parser.optionxform = str
        parser.read(CRON / name)
        units[name] = parser
    service, timer = units.values()
    exec_start = service["Service"]["ExecStart"].split()
    assert exec_start[1:3] == ["nightly", "--config"]
    nightly.make_context("nightly", exec_start[2:])  # the arguments are valid for the command
    assert timer["Timer"]["Unit"] == "corpus-builder-nightly.service" and timer["Timer"]["OnCalendar"]
    if shutil.which("systemd-analyze") is None:
        return
    # verify a copy whose ExecStart points at a binary that exists here
    text = (CRON / "corpus-builder-nightly.service").read_text()
    (tmp_path / "corpus-builder-nightly.service").write_text(text.replace(exec_start[0], sys.executable))
    shutil.copy(CRON / "corpus-builder-nightly.timer", tmp_path)
    run = subprocess.run(["systemd-analyze", "verify", *sorted(map(str, tmp_path.iterdir()))],
                         capture_output=True, text=True, cwd=tmp_path)
    problems = [ln for ln in run.stderr.splitlines() if "ignoring" in ln or "Unknown" in ln or "Failed" in ln]
    assert problems == [], run.stderr


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_source_that_fetched_nothing_exits_6_and_is_named(tmp_path):
    dead = f"http://127.0.0.1:{_free_port()}"  # nothing listens: every request fails
    result = CliRunner().invoke(crawl, ["--start-url", dead + "/news/", "--pattern", ARTICLE_PATTERN,
                                        "--config", str(fast_config(tmp_path)), "--out", str(tmp_path / "out")])
    assert result.exit_code == 6, result.output
    record = json.loads(result.stdout)
    assert record["fetched_nothing"] == ["generic"] and record["exit_code"] == 6
    assert record["sources"]["generic"] == {"requested": 1, "failed": 1}
    assert "source generic fetched nothing" in result.stderr
    logged = json.loads((tmp_path / "out" / "runs.jsonl").read_text().splitlines()[-1])
    assert logged["exit_code"] == 6 and logged["fetched_nothing"] == ["generic"]


def test_robots_forbidding_the_site_exits_6(site, tmp_path):
    site, base = site
    site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    result = CliRunner().invoke(crawl, ["--start-url", base + "/news/", "--pattern", ARTICLE_PATTERN,
                                        "--config", str(fast_config(tmp_path)), "--out", str(tmp_path / "out")])
    assert result.exit_code == 6 and json.loads(result.stdout)["failures"] == {"robots": 1}
    assert not site.hits("/news/")


def test_some_failures_still_exit_1_not_6(site, tmp_path):
    site, base = site
    site.pages[ARTICLES[0][0]] = Page(b"gone", status=404)
    result = CliRunner().invoke(crawl, ["--start-url", base + "/news/", "--pattern", ARTICLE_PATTERN,
                                        "--config", str(fast_config(tmp_path)), "--out", str(tmp_path / "out")])
    record = json.loads(result.stdout)
    assert result.exit_code == 1 and record["exit_code"] == 1 and record["fetched_nothing"] == []
    assert record["failures"] == {"http-404": 1}


@pytest.mark.parametrize("record, code", [
    ({"failed": 0, "fetched_nothing": []}, 0),
    ({"failed": 3, "fetched_nothing": []}, 1),
    ({"failed": 3, "fetched_nothing": ["mid"]}, 6),
    ({"failed": 3, "fetched_nothing": ["mid"], "build": {"error": "OSError: disk full"}}, 4),
    ({"failed": 0, "fetched_nothing": ["mid"], "build": {"first_crash": {"where": "x"}}}, 5),
])
def test_exit_code_precedence(record, code):
    from corpus_builder.fetch.runner import exit_code
    assert exit_code(record) == code
