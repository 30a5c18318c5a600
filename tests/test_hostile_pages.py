"""Hostile pages (issue 18, cases 7a and the fuzz suite): UTF-16 pages are read, and no page,
however mangled, crashes a run.  The fuzz inputs are generated here from a fixed seed.

How much is tried is printed (``pytest -s``) and asserted: FUZZ_PAGES mangled pages per
mangling (truncation, random bytes, byte flips, deep nesting, unclosed tags) through
``process_capture``, the build's own per-page function, which turns a crash into a
``Crash`` record: any crash fails the test with the seed and the page to reproduce it.
"""
from __future__ import annotations

import random
import time

import pytest
from click.testing import CliRunner
from hostile_pages import RU as RU_PAGE
from hostile_pages import ZH as ZH_PAGE

from corpus_builder.cli import main
from corpus_builder.pipeline import process_capture
from corpus_builder.records import Capture

FUZZ_PAGES = 120  # per mangling; 5 manglings -> 600 pages, a few seconds
RU, ZH = RU_PAGE.format(cs="utf-8"), ZH_PAGE.format(cs="gbk")
SEEDS = [RU.encode("utf-8"), ZH.encode("gbk"), RU.encode("utf-16"), ZH.encode("utf-8")]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_a_utf16_page_with_a_bom_is_read(tmp_path, codec):
    page = tmp_path / "page.html"
    body = RU.replace("charset='utf-8'", "charset='utf-16'").encode(codec)
    page.write_bytes(body if body.startswith((b"\xff\xfe", b"\xfe\xff")) else b"\xfe\xff" + body)
    result = CliRunner().invoke(main, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    assert "[ru] 'Совместное заявление министров'" in result.output and "published=2020-09-11" in result.output


def truncate(rng: random.Random, body: bytes) -> bytes:
    return body[: rng.randrange(len(body))]


def random_bytes(rng: random.Random, body: bytes) -> bytes:
    """Any bytes, or (half the time) no control bytes and markup sprinkled in, which gets past
    the binary check into decoding and parsing."""
    if rng.random() < 0.5:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 6000)))
    pieces = [bytes(rng.randrange(0x20, 0x100) for _ in range(rng.randrange(1, 80))) for _ in range(80)]
    return b"<html><body>" + b"".join(rng.choice([b"<p>", b"</p>", b"<div>", b"\n"]) + p for p in pieces)


def flip_bytes(rng: random.Random, body: bytes) -> bytes:
    data = bytearray(body)
    for _ in range(rng.randrange(1, 40)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def deep_nesting(rng: random.Random, body: bytes) -> bytes:
    depth = rng.choice([500, 3000, 20_000])
    tag = rng.choice(["div", "span", "p", "table", "ul", "b", "font"])
    inner = body.replace(b"<body>", b"<body>" + f"<{tag} class='c'>".encode() * depth, 1)
    return inner if rng.random() < 0.5 else inner.replace(b"</body>", f"</{tag}>".encode() * depth + b"</body>")


def unclosed(rng: random.Random, body: bytes) -> bytes:
    junk = rng.choice([b"<p", b"<!--", b"<script>", b"<a href='", b"<![CDATA[", b"<meta charset='", b"&#x"])
    cut = rng.randrange(len(body))
    return body[:cut] + junk * rng.randrange(1, 300) + body[cut:]


MANGLINGS = [truncate, random_bytes, flip_bytes, deep_nesting, unclosed]


@pytest.mark.parametrize("mangle", MANGLINGS, ids=lambda f: f.__name__)
def test_no_mangled_page_crashes_the_pipeline(mangle):
    rng = random.Random(f"issue-18-{mangle.__name__}")
    started, outcomes = time.perf_counter(), {}
    for n in range(FUZZ_PAGES):
        body = mangle(rng, rng.choice(SEEDS))
        result = process_capture(Capture(url=f"https://fuzz.example/{n}.html", body=body, origin=f"fuzz#{n}"),
                                 page_timeout=10.0)
        assert result.crash is None, f"{mangle.__name__} page {n}: {result.crash.traceback}"
        key = "document" if result.doc_id else result.reason
        outcomes[key] = outcomes.get(key, 0) + 1
    assert sum(outcomes.values()) == FUZZ_PAGES
    print(f"\n{mangle.__name__}: {FUZZ_PAGES} pages in {time.perf_counter() - started:.2f}s: {outcomes}")


def test_a_build_of_mangled_pages_finishes_and_commits_the_good_ones(tmp_path):
    rng = random.Random("issue-18-build")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.html").write_bytes(SEEDS[0])
    for n in range(20):
        mangle = MANGLINGS[n % len(MANGLINGS)]
        (pages / f"m{n:02}.html").write_bytes(mangle(rng, rng.choice(SEEDS)))
    result = CliRunner().invoke(main, ["build", str(pages), "--out", str(tmp_path / "corpus"), "--no-align",
                                       "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert int(result.output.split()[0]) >= 1
    assert CliRunner().invoke(main, ["validate", str(tmp_path / "corpus")]).exit_code == 0
