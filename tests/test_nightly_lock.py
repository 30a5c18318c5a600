"""`nightly`: crawl then build; two runs started together never overlap."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import news_site, serve, write_sources_file  # noqa: E402

from corpus_builder.fetch.runner import LockBusy, crawl_lock  # noqa: E402

RUN_NIGHTLY = "import sys; from corpus_builder.cli.crawl import nightly; nightly(sys.argv[1:])"


def nightly_config(tmp_path: Path, base: str) -> Path:
    sources = write_sources_file(tmp_path, base)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[crawl]\ndelay = 0.2\ntimeout = 2.0\nrevisit_hours = 0.0\nsources = ["testnews"]\n'
        f'sources_file = "{sources}"\ndir = "{tmp_path / "crawl"}"\ncorpus_dir = "{tmp_path / "corpus"}"\n'
        "[build]\nworkers = 1\n", encoding="utf-8")
    return config


def start(config: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", RUN_NIGHTLY, "--config", str(config)], cwd=config.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow  # repeated kills of child processes: `pytest -m slow`
def test_two_nightly_runs_one_runs_one_exits_locked(tmp_path):
    server, base = serve(news_site())
    try:
        config = nightly_config(tmp_path, base)
        runs = [start(config), start(config)]
        results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in runs]
        # a third run, after both: incremental, nothing new to build
        again = start(config)
        again_code, again_out = again.wait(timeout=120), again.stdout.read()
    finally:
        server.shutdown()
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 3], results
    _, out, _ = next(r for r in results if r[0] == 0)
    _, _, err = next(r for r in results if r[0] == 3)
    assert "another run holds" in err and "Traceback" not in err
    record = json.loads(out.strip().splitlines()[-1])
    assert record["command"] == "nightly" and record["captured"] == 9
    print(record["build"])
    assert record["build"]["documents"] >= 6  # the six articles (listing pages may be dropped as non-articles)
    assert again_code == 0
    third = json.loads(again_out.strip().splitlines()[-1])
    assert third["captured"] == 0 and third["build"]["documents"] == 0
    runs_log = (tmp_path / "crawl" / "runs.jsonl").read_text().splitlines()
    assert len(runs_log) == 2  # the locked-out run wrote nothing


def test_lock_is_exclusive_and_released(tmp_path):
    with crawl_lock(tmp_path):
        try:
            with crawl_lock(tmp_path):
                raise AssertionError("second lock acquired")
        except LockBusy as exc:
            assert str(tmp_path / "lock") in str(exc)
    with crawl_lock(tmp_path):  # released on exit
        pass
