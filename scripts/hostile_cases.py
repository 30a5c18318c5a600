#!/usr/bin/env python
"""The hostile inputs of issue 18, one line of outcome each, for a before/after record.

    python scripts/hostile_cases.py [--cli "corpus-builder"] [--bomb-mb 200]

Generates each input in a temporary folder, runs the command on it and prints
what came out (exit status, documents, the first line of stderr, peak memory
of the gzip-bomb build).  ``--cli "python -m corpus_builder"`` with
``PYTHONPATH`` pointing at another checkout runs the same cases on older code.
Case 5 (quadratic work) is timed by scripts/bench_hostile.py; the robots.txt
and full-disk cases need a server or a small file system: tests/test_hostile_*.py.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import resource
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import click
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the hostile tests' pages
from hostile_pages import RU as _RU  # noqa: E402
from hostile_pages import ZH as _ZH  # noqa: E402

RU = _RU.replace("{cs}", "utf-8").replace("</div>", "<p>Документ {n}.</p></div>")  # {n}: one page per n
ZH = _ZH.format(cs="utf-8")


class Runner:
    def __init__(self, cli: str, work: Path) -> None:
        self.cli, self.work = shlex.split(cli), work

    def __call__(self, *args) -> tuple[int, str, str]:
        proc = subprocess.run([*self.cli, *map(str, args)], capture_output=True, text=True, cwd=self.work,
                              errors="replace")
        return proc.returncode, proc.stdout.strip(), proc.stderr.strip()


def first(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    tb = "Traceback " if any(ln.startswith("Traceback") for ln in lines) else ""
    return (tb + (lines[-1] if lines else ""))[:160]


def warc(path: Path, records: list[tuple[str, bytes, list]]) -> Path:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        for url, body, extra in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *extra], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return path


def stray(text: str) -> bytes:
    body = text.encode()
    at = body.index(b"</h1>") + 5
    return body[:at] + b"\xff" + body[at:]


def case_names(run: Runner, w: Path) -> str:
    pages = w / "names"
    pages.mkdir()
    for n in range(500):
        (pages / f"p{n:03}.html").write_text(RU.format(n=n), encoding="utf-8")
    with open(os.path.join(os.fsencode(pages), b"bad-\xff-name.html"), "wb") as fh:
        fh.write(ZH.encode())
    code, out, err = run("build", pages, "--out", w / "c1", "--no-align", "--workers", "2")
    runs = json.loads((w / "c1" / "manifest.json").read_text())["runs"] if (w / "c1" / "manifest.json").exists() else []
    return f"rc={code} {first(out) or first(err)} | run status {[r.get('status') for r in runs]}"


def case_stray_byte(run: Runner, w: Path) -> str:
    (w / "ru.html").write_bytes(stray(RU.format(n=1)))
    (w / "zh.html").write_bytes(stray(ZH))
    code, out, _ = run("extract", w / "ru.html", w / "zh.html")
    return f"rc={code} " + " || ".join(ln.split(": ", 1)[1][:60] + " … " + ln.rsplit(" ", 2)[-2] + " "
                                       + ln.rsplit(" ", 1)[-1] for ln in out.splitlines())


def gzip_zeros(megabytes: int) -> bytes:
    """A gzip body inflating to ``megabytes`` MiB of zeros, made in 1 MiB steps: this process never
    holds the inflated bytes (a forked child would count them in its peak RSS)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as fh:
        block = b"\0" * (1 << 20)
        for _ in range(megabytes):
            fh.write(block)
    return out.getvalue()


def case_bomb(run: Runner, w: Path, megabytes: int) -> str:
    bomb = gzip_zeros(megabytes)
    path = warc(w / "bomb.warc.gz", [("http://x/bomb", bomb, [("Content-Encoding", "gzip")]),
                                      ("http://x/ok", RU.format(n=1).encode(), [])])
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    code, out, err = run("build", path, "--out", w / "c3", "--no-align", "--workers", "1")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    grew = f"peak RSS of a child {peak / 1024:.0f} MB" if peak > before else "peak RSS below earlier cases"
    return f"{megabytes} MB bomb: rc={code} {first(out)} | {first(err)} | {grew}"


def case_torn(run: Runner, w: Path) -> str:
    whole = warc(w / "whole.warc", [(f"http://x/{n}", RU.format(n=n).encode(), []) for n in range(3)]).read_bytes()
    (w / "torn.warc").write_bytes(whole[: len(whole) - 600])
    code, out, err = run("build", w / "torn.warc", "--out", w / "c4", "--no-align")
    return f"rc={code} {first(out)} | {first(err)}"


def _small_store(run: Runner, root: Path, w: Path) -> list[dict]:
    for n in (1, 2):
        (w / f"s{n}.html").write_text(RU.format(n=n), encoding="utf-8")
        run("build", w / f"s{n}.html", "--out", root, "--no-align")
    return [f for f in json.loads((root / "manifest.json").read_text())["files"] if f["table"] == "documents"]


def case_compact(run: Runner, w: Path) -> str:
    root = w / "c6"
    shard = root / _small_store(run, root, w)[0]["path"]
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 1
    shard.write_bytes(bytes(data))
    code, out, err = run("compact", root)
    vcode, vout, _ = run("validate", root)
    victim = w / "victim" / "v.parquet"
    victim.parent.mkdir()
    root2 = w / "c6b"
    files = _small_store(run, root2, w)
    victim.write_bytes((root2 / files[0]["path"]).read_bytes())
    body = json.loads((root2 / "manifest.json").read_text())
    body["files"][0]["path"] = "../victim/v.parquet"
    (root2 / "manifest.json").write_text(json.dumps(body))
    pcode, pout, perr = run("compact", root2)
    return (f"flipped bit: compact rc={code} {first(out) or first(err)} ; validate rc={vcode} {first(vout)} || "
            f"../victim path: compact rc={pcode} {first(pout) or first(perr)} ; victim exists={victim.exists()}")


def case_smaller(run: Runner, w: Path) -> str:
    page = w / "u16.html"
    page.write_bytes(RU.format(n=1).replace("utf-8", "utf-16").encode("utf-16"))
    ucode, uout, _ = run("extract", page)
    root = w / "c7"
    files = _small_store(run, root, w)
    temp = (root / files[0]["path"]).parent / ".part-compact-x-00001.parquet.tmp"
    temp.write_bytes(b"partial")
    run("compact", root)
    return f"utf-16: rc={ucode} {first(uout)[:90]} || killed compact's temp file left after compact: {temp.exists()}"


def case_messages(run: Runner, w: Path) -> str:
    root = w / "c8"
    _small_store(run, root, w)
    (root / "manifest.json").write_text("[1, 2]")
    acode, _, aerr = run("validate", root)
    (root / "manifest.json").write_text('{"format": "corpus-builder-store", "files": [')
    bcode, _, berr = run("build", w / "s1.html", "--out", root)
    wpath = warc(w / "one.warc.gz", [("http://x/1", RU.format(n=1).encode(), [])])
    ecode, eout, _ = run("extract", wpath)
    one = warc(w / "a.warc", [("http://x/a", RU.format(n=1).encode(), [])]).read_bytes()
    two = warc(w / "b.warc", [("http://x/b", RU.format(n=2).encode(), [])]).read_bytes()
    (w / "junk.warc").write_bytes(one + b"\x00junk\xff" * 50 + two)
    jcode, jout, jerr = run("build", w / "junk.warc", "--out", w / "c8j", "--no-align")
    return (f"array manifest: validate rc={acode} {first(aerr)} || corrupt manifest: build rc={bcode} "
            f"{first(berr)} || extract WARC rc={ecode} {first(eout)} || junk mid-WARC rc={jcode} {first(jout)} "
            f"| {first(jerr)}")


@click.command()
@click.option("--cli", default="corpus-builder", show_default=True, help="How to run the command.")
@click.option("--bomb-mb", default=200, show_default=True, help="Inflated size of the gzip bomb.")
def main(cli: str, bomb_mb: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        w = Path(tmp)
        run = Runner(cli, w)
        for n, (name, case) in enumerate([
                ("1 non-UTF-8 file name", case_names), ("2 one stray 0xFF", case_stray_byte),
                ("3 gzip bomb in a WARC", lambda r, p: case_bomb(r, p, bomb_mb)), ("4 torn WARC record", case_torn),
                ("6 compact", case_compact), ("7 smaller holes", case_smaller), ("8 messages", case_messages)]):
            folder = w / f"case{n}"
            folder.mkdir()
            click.echo(f"{name}: {case(run, folder)}")


if __name__ == "__main__":
    main()
