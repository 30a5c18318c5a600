"""Next-page discovery on listing pages, and the kremlin source on 23 real en.kremlin.ru listings.

The real pages are wget copies (../shared/official/README.md): in-site links
were rewritten to relative files, ``../59531.html`` for
``/events/president/news/59531`` and ``101.html`` for
``/events/president/news/page/101``; the test maps them back first.
"""
from __future__ import annotations

import re

import pytest

from corpus_builder.sources.links import parse_html
from corpus_builder.sources.pagination import is_next_text, next_page_href, numbered_variants, template_url
from corpus_builder.sources.registry import all_sources, generic_source

NEWS = "http://en.kremlin.ru/events/president/news"


@pytest.mark.parametrize("text", ["下一页", " 下 页 ", "后页", "Следующая", "Далее", "Next",
                                  "NEXT PAGE", "»", "›"])
def test_next_page_words(text):
    assert is_next_text(text)


@pytest.mark.parametrize("text", ["上一页", "Предыдущая", "Previous", "2", "尾页", "Next steps in the talks"])
def test_not_next_page_words(text):
    assert not is_next_text(text)


def test_rel_next_wins_over_link_text():
    # kremlin's pager: rel="next" goes to older items although its text reads "Previous"
    root = parse_html(b'<a href="99.html" rel="prev">Next</a><a href="101.html" rel="next">Previous</a>')
    assert next_page_href(root) == "101.html"
    root = parse_html('<a href="index_2.html">2</a><a href="index_1.html">下一页</a>'.encode())
    assert next_page_href(root) == "index_1.html"
    assert next_page_href(parse_html(b"<a href='/'>home</a><span>next</span>")) is None


def test_numbered_variants_of_start_urls():
    assert template_url("index.html", "http://x/news/", 2) == "http://x/news/index_1.html"
    assert template_url("index.shtml", "http://x/news/index.shtml", 3) == "http://x/news/index_2.shtml"
    assert template_url("page", "http://x/list?cat=5", 2) == "http://x/list?cat=5&page=2"
    assert template_url("path", "http://x/news/", 2) == "http://x/news/page/2"
    assert template_url("PAGEN_1", "https://mid.ru/ru/foreign_policy/news/", 2) == \
        "https://mid.ru/ru/foreign_policy/news/?PAGEN_1=2"
    assert numbered_variants("http://x/news/index.shtml") == ["index.shtml", "page", "PAGEN_1"]
    assert numbered_variants("http://x/news/")[:2] == ["index.html", "index.shtml"]


def test_generic_source_finds_the_next_page_on_the_page():
    source = generic_source(("http://127.0.0.1/news/",), "/article/")
    body = '<a href="/article/1.html">一</a><a href="index_1.html">下一页</a><a href="/about">about</a>'.encode()
    kinds = {l.url: l.kind for l in source.discover(body, "http://127.0.0.1/news/")}
    assert kinds == {"http://127.0.0.1/article/1.html": "article", "http://127.0.0.1/news/index_1.html": "next"}


def _read_back(text: str) -> str:
    """Undo wget's link rewriting (../shared/official/README.md)."""
    text = re.sub(r'href="\.\./(\d+)\.html"', r'href="/events/president/news/\1"', text)
    return re.sub(r'href="(\d+)\.html"', r'href="/events/president/news/page/\1"', text)


def test_kremlin_source_reads_every_item_and_the_next_page_of_real_listings(shared_dir):
    pages = sorted((shared_dir / "official" / "kremlin" / "page").glob("*.html"))
    if len(pages) != 23:
        pytest.skip("the 23 kremlin listing pages are not in ../shared")
    kremlin = all_sources()["kremlin"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        items = dict(re.findall(r'<div class="hentry[^"]*" data-id="(\d+)".*?<time [^>]*datetime="([\d-]+)"',
                                text, re.S))
        assert len(items) == 20, page.name
        url = f"{NEWS}/page/{page.stem}"
        links = kremlin.discover(_read_back(text).encode("utf-8"), url, "utf-8")
        articles = {l.url: l.published.isoformat() for l in links if l.kind == "article"}
        assert articles == {f"{NEWS}/{i}": day for i, day in items.items()}, page.name
        assert [l.url for l in links if l.kind != "article"] == [f"{NEWS}/page/{int(page.stem) + 1}"], page.name
