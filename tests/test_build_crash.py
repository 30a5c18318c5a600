"""An error in corpus-builder's own code fails the run; it is never a dropped page.

A page the project refuses (empty, binary, too short) is dropped with its
reason and the run succeeds.  An exception in the code (a bug, a data file
missing from the install, a worker that raises) lets the other pages go on and
be committed, then the command shows the first traceback and exits 5; the
store's run record says "failed" with the count.  The broken-install tests
copy the installed package, break one data file in the copy, and run the
command on it in a child process, as a user's broken install would run.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import corpus_builder
import corpus_builder.pipeline as pipeline
from corpus_builder.cli import main
from corpus_builder.errors import EXIT_CRASH
from corpus_builder.store.load import load
from corpus_builder.store.manifest import read_manifest

BODY = "双方就双边关系和共同关心的国际问题深入交换意见，达成广泛共识。"


def _pages(folder: Path, n: int = 4) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"p{i}.html").write_text(
            f"<html><head><meta charset='utf-8'><title>新闻{i}</title></head><body><div class='article'>"
            f"<h1>新闻{i}</h1>" + f"<p>第{i}篇。{BODY}</p>" * 4 + "</div></body></html>", encoding="utf-8")
    (folder / "empty.html").write_bytes(b"")
    return folder


def _raise_on_page_2(text: str, lang: str):
    if "第2篇" in text:
        raise KeyError("a bug on page 2")
    return _real_tokenize(text, lang)


_real_tokenize = pipeline.tokenize


@pytest.mark.parametrize("workers", [1, 2])
def test_a_page_that_raises_fails_the_build_and_the_others_are_committed(tmp_path, monkeypatch, workers):
    pages, out = _pages(tmp_path / "pages"), tmp_path / "corpus"
    monkeypatch.setattr(pipeline, "tokenize", _raise_on_page_2)  # forked workers inherit it
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--workers", str(workers)])
    assert result.exit_code == EXIT_CRASH, result.output
    assert "Traceback (most recent call last)" in result.stderr and "KeyError: 'a bug on page 2'" in result.stderr
    assert "p2.html" in result.stderr and "This is a bug" in result.stderr
    assert result.stdout.startswith("3 documents") and "dropped 1 (empty 1)" in result.stdout
    assert "FAILED: 1 page(s)" in result.stdout
    assert len(load(out, "documents")) == 3
    run = read_manifest(out).runs[-1]
    assert run["status"] == "failed" and run["crashed"] == 1 and "p2.html" in run["error"]
    stats = json.loads(CliRunner().invoke(main, ["stats", str(out), "--json"]).stdout)
    assert stats["runs"][-1]["crashed"] == 1
    assert "failed: 1 page(s) hit an error" in CliRunner().invoke(main, ["stats", str(out)]).stdout

    monkeypatch.setattr(pipeline, "tokenize", _real_tokenize)  # the bug fixed: the rerun adds the page
    again = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--workers", str(workers)])
    assert again.exit_code == 0 and again.stdout.startswith("1 documents (3 already in the corpus)")


def test_json_summary_carries_the_first_crash(tmp_path, monkeypatch):
    pages, out = _pages(tmp_path / "pages"), tmp_path / "corpus"
    monkeypatch.setattr(pipeline, "tokenize", _raise_on_page_2)
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--workers", "1", "--json"])
    summary = json.loads(result.stdout)
    assert result.exit_code == EXIT_CRASH and summary["crashed"] == 1 and summary["dropped"] == {"empty": 1}
    assert summary["first_crash"]["error"] == "KeyError: 'a bug on page 2'"


def test_when_every_page_fails_the_build_stops_early(tmp_path, monkeypatch):
    pages, out = _pages(tmp_path / "pages", n=30), tmp_path / "corpus"

    def always(text, lang):
        raise RuntimeError("broken")

    monkeypatch.setattr(pipeline, "tokenize", always)
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(out), "--workers", "1"])
    assert result.exit_code == EXIT_CRASH and "stopped after 10 pages failed" in result.stderr
    assert read_manifest(out).runs[-1]["status"] == "failed"


def test_extract_reports_a_crash_apart_from_bad_pages(tmp_path, monkeypatch):
    pages = _pages(tmp_path / "pages")
    monkeypatch.setattr(pipeline, "tokenize", _raise_on_page_2)
    result = CliRunner().invoke(main, ["extract", "--json", *(str(pages / f"p{i}.html") for i in range(4))])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == EXIT_CRASH and [("error" in x) for x in lines] == [False, False, True, False]
    assert lines[2]["error"] == "crash: KeyError: 'a bug on page 2'" and "Traceback" in result.stderr


# -- a broken install: a copy of the installed package with one data file broken ----------------

@pytest.fixture()
def broken_install(tmp_path):
    """Make a copy of the installed package; the test breaks a data file in it."""
    site = tmp_path / "site"
    shutil.copytree(Path(corpus_builder.__file__).parent, site / "corpus_builder",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return site / "corpus_builder" / "data"


def _run(site_data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site_data.parent.parent)}
    return subprocess.run([sys.executable, "-m", "corpus_builder", *args], input=stdin, env=env,
                          cwd=site_data.parent.parent.parent, capture_output=True, text=True, timeout=120)


def test_a_data_file_missing_from_the_install_fails_build_extract_and_segment(broken_install, tmp_path):
    (broken_install / "userdict_zh.txt").unlink()
    pages = _pages(tmp_path / "pages", n=3)
    check = _run(broken_install, "--version")
    assert check.returncode == 0
    built = _run(broken_install, "build", str(pages), "--out", str(tmp_path / "corpus"), "--workers", "2")
    assert built.returncode == EXIT_CRASH, built.stdout + built.stderr
    assert "DataFileMissing: data file not found: userdict_zh.txt" in built.stderr
    assert "Traceback (most recent call last)" in built.stderr and "0 documents" in built.stdout
    extracted = _run(broken_install, "extract", str(pages / "p0.html"))
    assert extracted.returncode == EXIT_CRASH and "userdict_zh.txt" in extracted.stderr
    segmented = _run(broken_install, "segment", stdin="中俄双方重申\n")
    assert segmented.returncode == EXIT_CRASH and "userdict_zh.txt" in segmented.stderr


def test_a_corrupt_data_file_fails_sources_with_a_traceback(broken_install):
    (broken_install / "sources.toml").write_text("[fmprc\nbroken = ", encoding="utf-8")
    listed = _run(broken_install, "sources")
    assert listed.returncode == EXIT_CRASH and "Traceback" in listed.stderr and "This is a bug" in listed.stderr
