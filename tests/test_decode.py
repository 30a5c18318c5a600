"""Charset decisions: evidence order, WHATWG label mapping, wrong declarations."""
from __future__ import annotations

import codecs

import pytest

from corpus_builder.records import Capture
from corpus_builder.text.decode import decode_capture, header_charset, meta_charsets, normalize_label

ZH = "中俄外长发表联合声明，共同应对新的挑战。双方声明如下：一、现代世界正处于深刻变革阶段。" * 3
RU = "Министры иностранных дел России и Китая приняли совместное заявление о новых вызовах. " * 3


def page(text: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


def decode(body: bytes, headers: dict | None = None):
    return decode_capture(Capture(url="http://x/", body=body, headers=headers or {}))


@pytest.mark.parametrize("label,expected", [
    ("gb2312", "gb18030"), ("GBK", "gb18030"), ("x-gbk", "gb18030"), ("big5", "big5hkscs"),
    ("iso-8859-1", "windows-1252"), ("UTF8", "utf-8"), ("cp1251", "windows-1251"), ("koi8-r", "koi8-r"),
    ("no-such-charset", None), (None, None),
    # Python codecs that are no charsets: decoding a page with them raised (base64 ...) or made surrogates
    ("base64", None), ("zlib", None), ("rot13", None), ("hex", None), ("unicode_escape", None),
    ("raw-unicode-escape", None), ("undefined", None), ("idna", None), ("punycode", None),
    ("utf-16", "utf-16"), ("utf-7", "utf-7"),
])
def test_labels_map_like_browsers(label, expected):
    assert normalize_label(label) == expected


def test_gbk_page_declared_in_meta():
    d = decode(page(ZH, "gb2312").encode("gb18030"))
    assert d.encoding.used == "gb18030" and d.encoding.declared_meta == "gb2312"
    assert ZH in d.html


def test_page_declaring_gb2312_but_stored_as_utf8():
    d = decode(page(ZH, "gb2312").encode("utf-8"))
    assert d.encoding.used == "utf-8" and ZH in d.html


def test_http_header_wins_and_is_recorded():
    body = page(RU).encode("windows-1251")
    d = decode(body, {"Content-Type": "text/html; charset=windows-1251"})
    assert d.encoding.declared_http == "windows-1251" and d.encoding.used == "windows-1251"
    assert RU in d.html


def test_wrapper_declaring_utf8_around_gbk_bytes():
    body = page(ZH, "utf-8").encode("gb18030")
    d = decode(body)
    assert d.encoding.used == "gb18030" and ZH in d.html


def test_undeclared_cp1251_is_detected():
    d = decode(page(RU).encode("windows-1251"))
    assert d.encoding.detected is not None
    assert RU in d.html


def test_bom_beats_everything():
    body = codecs.BOM_UTF8 + page(ZH, "gbk").encode("utf-8")
    d = decode(body)
    assert d.encoding.used == "utf-8" and not d.html.startswith("\ufeff")


def test_big5_page():
    text = "中華人民共和國和俄羅斯聯邦聯合聲明。雙方重申。" * 5
    d = decode(page(text, "big5").encode("big5"))
    assert text in d.html


def test_stray_bytes_never_leave_replacement_characters():
    body = page(ZH, "gbk").encode("gb18030") + b"\xff\xfe\x81"
    assert "\ufffd" not in decode(body).html


def test_header_and_meta_parsing():
    assert header_charset({"content-type": 'text/html; charset="GBK"'}) == "GBK"
    assert header_charset({"Content-Type": "text/html"}) is None
    body = b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><meta charset=utf-8>'
    assert meta_charsets(body) == ["gb2312", "utf-8"]


def test_realdata_pages_decode_without_mojibake(shared_dir):
    pages = sorted((shared_dir / "realdata").glob("*/html/*"))
    assert pages
    for path in pages:
        d = decode(path.read_bytes())
        assert "\ufffd" not in d.html, path.name
        if "/zh/" in str(path):
            cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in d.html)
            assert cyrillic < 20, (path.name, cyrillic)


@pytest.mark.parametrize("label", ["base64", "hex", "zlib", "bz2", "uu", "quopri", "rot13", "undefined", "punycode",
                                   "unicode_escape"])
def test_a_page_declaring_a_python_codec_is_decoded_as_if_undeclared(label):
    # an ASCII page: the declared label is tried before any detection (base64 ... raised there)
    text = "The ministers signed a joint statement in Moscow. \\ud800 " * 5
    d = decode(page(text, label).encode("ascii"))
    assert d.encoding.declared_meta == label and text in d.html
    assert d.encoding.used == decode(page(text).encode("ascii")).encoding.used
