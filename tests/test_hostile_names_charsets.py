"""Hostile inputs (issue 18, cases 1, 2): odd file names and stray bytes never stop a
run nor change a page's charset and language silently.  Inputs are generated here."""
from __future__ import annotations

import os

import pandas as pd
import pytest
from click.testing import CliRunner
from hostile_pages import RU, ZH

from corpus_builder.cli import main
from corpus_builder.records import Capture
from corpus_builder.text.decode import decode_capture


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def with_stray_byte(text: str, codec: str, stray: bytes = b"\xff") -> bytes:
    body = text.encode(codec)
    middle = body.index("</h1>".encode(codec)) + 5
    return body[:middle] + stray + body[middle:]


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses non-UTF-8 file names")
def test_a_file_name_that_is_not_utf8_is_built_like_any_other(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"p{i}.html").write_text(RU.format(cs="utf-8").replace("пункту", f"пункту {i}"), encoding="utf-8")
    odd = os.path.join(os.fsencode(pages), b"bad-\xff\xfe-name.html")
    with open(odd, "wb") as fh:
        fh.write(ZH.format(cs="utf-8").encode())
    result = run("build", pages, "--out", tmp_path / "corpus", "--no-align")
    assert result.exit_code == 0, result.output
    docs = pd.read_parquet(tmp_path / "corpus" / "documents")
    assert len(docs) == 4
    assert any(o.endswith("bad-\\xff\\xfe-name.html") for o in docs["origin"])
    extracted = run("extract", os.fsdecode(odd))
    assert extracted.exit_code == 0 and "bad-\\xff\\xfe-name.html: [zh]" in extracted.output


@pytest.mark.parametrize("text,codec,lang,expected,stray", [
    (RU, "utf-8", "ru", "utf-8", b"\xff"), (ZH, "utf-8", "zh", "utf-8", b"\xff"),
    (ZH, "gbk", "zh", "gb18030", b"\xff"), (RU, "windows-1251", "ru", "windows-1251", b"\x98")])
def test_one_invalid_byte_keeps_the_declared_charset_and_is_counted(tmp_path, text, codec, lang, expected, stray):
    page = tmp_path / "page.html"
    page.write_bytes(with_stray_byte(text.format(cs=codec), codec, stray))
    decoded = decode_capture(Capture(url="https://x.example/", body=page.read_bytes()))
    assert decoded.encoding.used == expected and decoded.encoding.replaced == 1
    result = run("extract", page)
    assert result.exit_code == 0 and f": [{lang}] " in result.output and "replaced=1" in result.output
    built = run("build", page, "--out", tmp_path / "corpus", "--no-align")
    assert built.exit_code == 0, built.output
    docs = pd.read_parquet(tmp_path / "corpus" / "documents")
    assert docs["encoding_used"].tolist() == [expected] and docs["encoding_replaced"].tolist() == [1]


def test_a_clean_page_replaces_nothing():
    body = RU.format(cs="utf-8").encode()
    assert decode_capture(Capture(url="https://x.example/", body=body)).encoding.replaced == 0
