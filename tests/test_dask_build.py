"""The build on a local Dask cluster gives the rows of a local build, even when tasks die or fail.

One LocalCluster of 2 worker processes serves the whole module; inputs are a
few small WARC files written here with warcio (pages from inline HTML),
one page repeated in two WARCs so that two tasks write the same document.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_builder.cli import main
from corpus_builder.executors.tasks import run_task
from corpus_builder.settings import load_settings
from corpus_builder.store import load

distributed = pytest.importorskip("distributed")

ZH_NUM = "一二三四五六七八九十"
RU_TERMS = ("торговле", "энергетике", "образованию", "культуре", "науке", "туризму")
ZH_TERMS = ("贸易", "能源", "教育", "文化", "科技", "旅游")
KEYS = {"documents": ["doc_id", "content_hash", "lang", "year"],
        "clauses": ["doc_id", "clause_index", "content_hash", "n_tokens"],
        "alignments": ["pair_id", "src_text", "tgt_text", "level"],
        "reposts": ["doc_id", "cluster_id"]}


def page(i: int, lang: str) -> str:
    """A small statement page: numbered clauses, a date for half of them, menus around."""
    if lang == "zh":
        title, date = f"中俄第{i}号联合声明", "2020年9月11日" if i % 2 else ""
        clauses = [f"{ZH_NUM[k]}、双方同意在{ZH_TERMS[(i + k) % 6]}领域加强第{i}号合作，每年举行{k + 2}次会议。"
                   for k in range(4)]
    else:
        title, date = f"Совместное заявление № {i}", "11 сентября 2020 года" if i % 2 else ""
        clauses = [f"{k + 1}. Стороны договорились укреплять сотрудничество № {i} по {RU_TERMS[(i + k) % 6]}, "
                   f"проводя {k + 2} встречи в год." for k in range(4)]
    body = "".join(f"<p>{c}</p>" for c in clauses)
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<div class='nav'><a href='/'>home</a> <a href='/news'>news</a></div><div class='article'>"
            f"<h1>{title}</h1><div class='date'>{date}</div>{body}</div><div class='footer'>©</div></body></html>")


def write_warc(path: Path, pages: list[tuple[str, str]]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                          http_headers=headers))
    return path


def _pages(numbers: range) -> list[tuple[str, str]]:
    return [(f"http://mfa.example/{lang}/{i}.html", page(i, lang)) for i in numbers for lang in ("zh", "ru")]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """Three WARCs (page 3 in the first two) and a folder of two saved pages."""
    base = tmp_path_factory.mktemp("inputs")
    a = write_warc(base / "a.warc.gz", _pages(range(0, 4)))
    b = write_warc(base / "b.warc.gz", _pages(range(3, 6)))
    c = write_warc(base / "c.warc.gz", _pages(range(6, 8)) + [("http://mfa.example/404", "")])
    saved = base / "saved"
    saved.mkdir()
    for lang in ("zh", "ru"):
        (saved / f"{lang}-8.html").write_text(page(8, lang), encoding="utf-8")
    return [str(a), str(b), str(c), str(saved)]


@pytest.fixture(scope="module")
def scheduler() -> str:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def local_corpus(inputs, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("local") / "corpus"
    result = CliRunner().invoke(main, ["build", *inputs, "--out", str(out), "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    return out, json.loads(result.output.splitlines()[-1])


def rows(root: Path) -> dict[str, list[tuple]]:
    """Sorted keys and content hashes of every public table."""
    return {t: sorted(map(tuple, load(root, t)[cols].astype(str).values.tolist())) for t, cols in KEYS.items()}


def assert_clean_store(root: Path) -> None:
    """Valid, no temp file left, no key twice."""
    check = CliRunner().invoke(main, ["validate", str(root)])
    assert check.exit_code == 0, check.output
    assert not [p for p in root.rglob("*.tmp")]
    got = rows(root)
    for table in ("documents", "alignments", "reposts"):
        assert len({r[0] for r in got[table]}) == len(got[table]), table
    assert len({r[:2] for r in got["clauses"]}) == len(got["clauses"])


def test_the_fixture_exercises_every_table(local_corpus):
    root, summary = local_corpus
    got = rows(root)
    assert summary["documents"] == 18 and summary["duplicates"] == 2
    assert got["clauses"] and got["alignments"] and got["reposts"]
    assert {r[3] for r in got["documents"]} == {"0", "2020"}  # both partitions of year


def test_dask_build_gives_the_rows_of_the_local_build(inputs, scheduler, local_corpus, tmp_path):
    out = tmp_path / "corpus"
    result = CliRunner().invoke(main, ["build", *inputs, "--out", str(out), "--scheduler", scheduler, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1]) == local_corpus[1]
    assert rows(out) == rows(local_corpus[0])
    assert_clean_store(out)
    again = CliRunner().invoke(main, ["build", *inputs, "--out", str(out), "--scheduler", scheduler, "--json"])
    summary = json.loads(again.output.splitlines()[-1])
    assert summary["documents"] == 0 and summary["duplicates"] == 20 and summary["alignments"] == 0
    assert rows(out) == rows(local_corpus[0])


def test_documents_already_in_the_store_are_not_written_again(inputs, scheduler, local_corpus, tmp_path):
    out = tmp_path / "corpus"
    first = CliRunner().invoke(main, ["build", inputs[0], "--out", str(out), "--workers", "1"])
    assert first.exit_code == 0, first.output
    result = CliRunner().invoke(main, ["build", *inputs, "--out", str(out), "--executor", "dask",
                                       "--scheduler", scheduler, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1])["documents"] == 18 - 8
    got, want = rows(out), rows(local_corpus[0])
    assert got["documents"] == want["documents"] and got["clauses"] == want["clauses"]
    assert_clean_store(out)


def test_without_a_scheduler_the_build_starts_a_local_cluster(inputs, local_corpus, tmp_path, monkeypatch):
    started = []
    real = distributed.LocalCluster
    monkeypatch.setattr(distributed, "LocalCluster", lambda **kw: started.append(kw) or real(**kw))
    out = tmp_path / "corpus"
    result = CliRunner().invoke(main, ["build", inputs[3], "--out", str(out), "--executor", "dask", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert [(kw["n_workers"], kw["processes"]) for kw in started] == [(2, True)]
    assert rows(out)["documents"] == [r for r in rows(local_corpus[0])["documents"] if r[0] in
                                      set(load(out, "documents")["doc_id"])] and len(rows(out)["documents"]) == 2


def flaky_task(marks: Path, how: dict, spec, known):
    """run_task, but the first attempt of some tasks dies or raises after writing its files."""
    mark = marks / f"{spec.index}"
    first = not mark.exists()
    mark.write_text(str(int(mark.read_text() or 0) + 1) if mark.exists() else "1")
    result = run_task(spec, known)
    action = how.get(spec.index)
    if first and action == "kill":
        os._exit(1)  # the worker process dies mid-task, its staged temp files on disk
    if action == "always" or (first and action == "raise"):
        raise RuntimeError(f"task {spec.index} failed")
    return result


def dask_settings(scheduler: str):
    return load_settings(cli={"build": {"executor": "dask", "scheduler": scheduler}}, environ={})


def test_killed_and_failing_tasks_are_retried_without_duplicate_rows(inputs, scheduler, local_corpus, tmp_path):
    from corpus_builder.executors.dask import build_on_dask

    marks = tmp_path / "marks"
    marks.mkdir()
    task = partial(flaky_task, marks, {0: "kill", 1: "raise"})
    summary = build_on_dask(inputs, tmp_path / "corpus", dask_settings(scheduler), task_fn=task)
    assert (marks / "0").read_text() == "2" and (marks / "1").read_text() == "2"  # each ran twice
    assert summary.as_dict() == local_corpus[1]
    assert rows(tmp_path / "corpus") == rows(local_corpus[0])
    assert_clean_store(tmp_path / "corpus")


def test_a_task_failing_every_attempt_fails_the_run_and_the_rest_is_committed(inputs, scheduler, tmp_path):
    from corpus_builder.executors.dask import build_on_dask

    marks = tmp_path / "marks"
    marks.mkdir()
    task = partial(flaky_task, marks, {2: "always"})
    summary = build_on_dask(inputs, tmp_path / "corpus", dask_settings(scheduler), task_fn=task)
    assert summary.input_errors == [] and len(summary.crashes) == 1
    assert str(inputs[2]) in summary.crashes[0].where and "Traceback" in summary.crashes[0].traceback
    assert (marks / "2").read_text() == "3"  # first attempt + 2 retries
    assert summary.documents == 18 - 4 and not summary.dropped
    assert len(load(tmp_path / "corpus", "documents")) == 14
    assert_clean_store(tmp_path / "corpus")


def test_the_local_build_does_not_import_dask(inputs, tmp_path):
    code = ("import sys; from corpus_builder.cli import main\n"
            "try:\n    main([" + ", ".join(repr(a) for a in ["build", inputs[3], "--out", str(tmp_path / "c"),
                                                             "--workers", "1"]) + "])\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "c" / "manifest.json").is_file()


def test_dask_executor_without_dask_is_a_clear_error(inputs, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    result = CliRunner().invoke(main, ["build", inputs[3], "--out", str(tmp_path / "c"), "--executor", "dask"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "pip install 'corpus-builder[dask]'" in result.output


def test_scheduler_options_are_checked(inputs, tmp_path):
    both = CliRunner().invoke(main, ["build", inputs[3], "--out", str(tmp_path / "c"), "--executor", "local",
                                     "--scheduler", "tcp://127.0.0.1:1"])
    assert both.exit_code == 2 and "--scheduler is for --executor dask" in both.output
    bad = CliRunner().invoke(main, ["build", inputs[3], "--out", str(tmp_path / "c"), "--scheduler", "nonsense://x"])
    assert bad.exit_code == 1 and "cannot reach the Dask scheduler" in bad.output
