"""What a crawl shows while it works: a live display on a terminal, a line a minute under cron, -v, -q.

The command runs in a child process (its own logging, a real stderr): once
with stderr on a pseudo-terminal, and with stderr on a pipe as under cron.
"""
from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import served  # noqa: E402
from portal import ARTICLE_PATTERN, article_paths, portal_site  # noqa: E402

CLI = [sys.executable, "-c", "from corpus_builder.cli import main; main()"]


@pytest.fixture(name="portal")
def running_portal():
    with served(portal_site()) as running:
        yield running


def _args(base: str, tmp_path: Path, *options: str) -> list[str]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "c.toml"
    config.write_text("[crawl]\ndelay = 0.0\nretries = 0\nprogress_seconds = 0.0\n", encoding="utf-8")
    return [*CLI, *options, "crawl", "--start-url", base + "/gbk/index.html", "--start-url", base + "/list",
            "--pattern", ARTICLE_PATTERN, "--config", str(config), "--out", str(tmp_path / "out")]


def _without_tty(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)


def test_without_a_terminal_progress_is_plain_lines(portal, tmp_path):
    _site, base = portal
    run = _without_tty(_args(base, tmp_path))
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert lines and all(re.fullmatch(r"crawl: \d+/\d+ URLs, \d+ failed, [\d.]+/s, \d+m\d\ds elapsed(, ETA .*)?", ln)
                         for ln in lines), lines[:3]
    assert "\x1b[" not in run.stderr  # no terminal codes in a cron mail


def test_verbose_logs_one_line_per_url_and_quiet_logs_nothing(portal, tmp_path):
    _site, base = portal
    run = _without_tty(_args(base, tmp_path / "v", "-v"))
    for path in article_paths()[:25]:  # the gbk section
        assert re.search(rf"INFO corpus_builder\.fetch\.crawler: captured article {re.escape(base + path)}$",
                         run.stderr, re.M), path
    assert re.search(r"listing-end listing .*/list/page/2 \(http-404\)", run.stderr)
    quiet = _without_tty(_args(base, tmp_path / "q", "-q"))
    assert quiet.returncode == 0 and quiet.stderr == "" and '"captured": ' in quiet.stdout


def test_on_a_terminal_a_live_display_shows_done_total_failed_rate_eta(portal, tmp_path):
    _site, base = portal
    master, slave = pty.openpty()
    child = subprocess.Popen(_args(base, tmp_path), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=slave, env={**os.environ, "COLUMNS": "120"})
    os.close(slave)
    screen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        try:
            chunk = os.read(master, 65536) if ready else b""
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            break
        screen += chunk
    out, _ = child.communicate(timeout=60)
    os.close(master)
    assert child.returncode == 0 and b'"captured": ' in out
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", screen.decode("utf-8", "replace"))
    total = 40 + 9  # 40 articles; 6 listing pages, the empty /list?page=4, 2 probes of /list that 404
    last = text.replace("\r", "\n").strip().splitlines()[-1]
    assert re.search(rf"crawl URLs .* {total}/{total} +100% 0 failed [\d.]+/s \d:\d\d:\d\d ETA 0:00:00", last), last


def test_build_counts_pages_against_the_number_of_page_files(tmp_path):
    pages = tmp_path / "pages"
    subprocess.run([*CLI, "examples", str(pages)], check=True, capture_output=True)
    env = {**os.environ, "CORPUS_BUILDER_CRAWL_PROGRESS_SECONDS": "0"}
    run = subprocess.run([*CLI, "build", str(pages), "--out", str(tmp_path / "corpus"), "--workers", "1"],
                         capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert [ln.split(",")[0] for ln in lines] == [f"build: {n}/4 pages" for n in range(1, 5)], lines
