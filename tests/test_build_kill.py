"""SIGKILL the `build` command at random points: the store stays valid and the
rerun ends with exactly the rows of an uninterrupted build."""
from __future__ import annotations

import io
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus_builder.store.load import load
from corpus_builder.store.manifest import is_store
from corpus_builder.store.validate import validate

PAGES, KILLS = 240, 3
WORDS = ["合作", "伙伴关系", "双方", "联合国", "多边主义", "发展", "安全", "稳定", "经济", "对话"]


def _page(rng: random.Random, n: int) -> bytes:
    paras = "".join(
        f"<p>{i}、" + "，".join(rng.choice(WORDS) + rng.choice(WORDS) for _ in range(30)) + "。</p>"
        for i in range(1, rng.randint(3, 6)))
    return (f"<html><head><meta charset='utf-8'><title>声明{n}</title></head><body><div class='nav'>首页</div>"
            f"<div class='article'><h1>联合声明第{n}号</h1><p>2020年9月{1 + n % 28}日</p>{paras}</div>"
            f"<div class='footer'>版权所有</div></body></html>").encode("utf-8")


def _archive(path: Path) -> None:
    rng = random.Random(5)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(PAGES):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"http://portal.example/{n}.html", "response", payload=io.BytesIO(_page(rng, n)), http_headers=headers))


def _build(archive: Path, out: Path) -> subprocess.Popen:
    # Small shards so that commits happen all through the run.
    args = ["build", str(archive), "--out", str(out), "--workers", "2", "--no-align"]
    code = ("import sys; from corpus_builder.cli import main; "
            "import os; os.environ['CORPUS_BUILDER_BUILD_SHARD_ROWS'] = '40'; main(sys.argv[1:])")
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _rows(root: Path) -> tuple[list, list]:
    docs = load(root, "documents", columns=["doc_id", "content_hash"])
    clauses = load(root, "clauses", columns=["doc_id", "clause_index", "content_hash"])
    return (sorted(zip(docs["doc_id"], docs["content_hash"])),
            sorted(zip(clauses["doc_id"], clauses["clause_index"], clauses["content_hash"])))


def _complete(archive: Path, root: Path) -> float:
    started = time.monotonic()
    proc = _build(archive, root)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return time.monotonic() - started


@pytest.mark.slow  # repeated kills of child processes: `pytest -m slow`
def test_killed_builds_resume_to_the_same_rows(tmp_path):
    archive = tmp_path / "a.warc.gz"
    _archive(archive)
    # The uninterrupted build first: its duration places the kills inside a run.
    duration = _complete(archive, tmp_path / "clean")
    crashed = tmp_path / "crashed"
    rng = random.Random(11)
    kills = 0
    for _ in range(KILLS):
        proc = _build(archive, crashed)
        time.sleep(rng.uniform(0.2, 0.8) * duration)
        if proc.poll() is not None:
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        if is_store(crashed):
            report = validate(crashed)
            assert report.problems == [], report.problems
    assert kills >= 1
    _complete(archive, crashed)
    assert validate(crashed).ok(strict=True)
    crashed_rows, clean_rows = _rows(crashed), _rows(tmp_path / "clean")
    assert len(clean_rows[0]) == PAGES
    assert crashed_rows == clean_rows
