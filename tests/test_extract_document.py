"""extract_document: the seed page in a portal frame, metadata, Dropped, garbage input."""
from __future__ import annotations

import html
import random
from datetime import date

import pytest

from corpus_builder.errors import Dropped
from corpus_builder.records import Capture
from corpus_builder.text.decode import decode_capture
from corpus_builder.text.extract import extract_document

SEED_TITLE = "中俄外长发表联合声明共同应对新的挑战"
CREDIT_LINE = "资讯来源: http://www.bkanbing.com/news/show-11022.html"


def _doc(markup: str | bytes, url: str = "http://www.example.cn/news/1.html", **kw):
    body = markup.encode("utf-8") if isinstance(markup, str) else markup
    return extract_document(decode_capture(Capture(url=url, body=body)), **kw)


def _portal_page(seed_text: str) -> tuple[str, list[str]]:
    """The seed's article wrapped in portal furniture; returns (html, boilerplate lines)."""
    lines = [ln.strip() for ln in seed_text.splitlines() if ln.strip()]
    credit = lines.index(CREDIT_LINE)
    crumbs, title, info, body, foot = lines[0], lines[1], lines[2], lines[3:credit], lines[credit:]
    esc = html.escape
    parts = [f"<html><head><meta charset='utf-8'><title>{esc(title)}_头条快讯网</title></head><body>",
             f"<div class='nav'>{esc(crumbs)}</div><div class='main'><h1>{esc(title)}</h1>",
             f"<div class='info'>{esc(info)}</div><div class='content'>",
             *(f"<p>{esc(p)}</p>" for p in body), "</div></div>",
             *(f"<div class='foot'>{esc(p)}</div>" for p in foot), "</body></html>"]
    return "\n".join(parts), [crumbs, info] + foot


def test_seed_in_portal_frame(seed_text):
    markup, furniture = _portal_page(seed_text)
    doc = _doc(markup)
    assert doc.title == SEED_TITLE
    assert doc.published == date(2024, 4, 26)
    assert doc.lang == "zh" and doc.source == "www.example.cn"
    assert doc.source_credit == "http://www.bkanbing.com/news/show-11022.html"
    for line in furniture:
        assert line not in doc.text
    for marker in ("浏览次数", "友情链接", "热门视频", "版权所有", "ICP", "举报"):
        assert marker not in doc.text
    assert doc.text.startswith("俄罗斯联邦和中华人民共和国")
    assert doc.text.endswith("发挥建设性作用。")
    assert SEED_TITLE not in doc.text
    assert all(p.strip() and p.strip() not in {".", "。"} for p in doc.text.split("\n"))


ARTICLE = ("<html><head><title>{title}</title>{meta}</head><body><div id='nav'><a href='/'>Главная</a></div>"
           "<h1>{h1}</h1><div class='article'>{body}</div></body></html>")
RU_BODY = "".join(f"<p>Министры иностранных дел России и Китая обсудили вопрос номер {i} и договорились "
                  f"продолжить консультации по всем направлениям сотрудничества.</p>" for i in range(6))


def test_russian_article_metadata():
    meta = "<meta property='article:published_time' content='2020-09-11T16:39:00+03:00'>"
    markup = ARTICLE.format(title="Заявление министров - РИА Новости", meta=meta, h1="Заявление министров",
                            body=RU_BODY + "<p>Источник: ТАСС</p><p>Автор: Иван Петров</p>")
    doc = _doc(markup, url="https://ria.ru/20200911/x.html")
    assert (doc.title, doc.lang, doc.published) == ("Заявление министров", "ru", date(2020, 9, 11))
    assert doc.published_raw == "2020-09-11T16:39:00+03:00"
    assert (doc.source_credit, doc.author) == ("ТАСС", "Иван Петров")
    assert "Источник" not in doc.text and "Главная" not in doc.text
    assert doc.text.count("\n") == 5


def test_lang_argument_and_file_source():
    markup = ARTICLE.format(title="T", meta="", h1="Заявление", body=RU_BODY)
    doc = _doc(markup, url="file:///tmp/a.html", lang="ru")
    assert doc.source == "file" and doc.lang == "ru"
    assert _doc(markup, url="").source == "file"


def test_date_from_url_when_page_has_none():
    markup = ARTICLE.format(title="Заявление", meta="", h1="Заявление", body=RU_BODY)
    assert _doc(markup, url="http://www.chinanews.com/gn/2020/09-12/1.shtml").published == date(2020, 9, 12)


def test_doc_id_is_stable_and_depends_on_url():
    markup = ARTICLE.format(title="Заявление", meta="", h1="Заявление", body=RU_BODY)
    assert _doc(markup).doc_id == _doc(markup).doc_id
    assert _doc(markup).doc_id != _doc(markup, url="http://other.example/1").doc_id


@pytest.mark.parametrize("body,reason", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)) * 20, "binary"),
    (b"<html><body><p>Hi</p></body></html>", "too-short"),
    (b"<html><head><script>var a = 1;</script></head><body><script>document.write('x')</script></body></html>",
     "no-article"),
])
def test_dropped_reasons(body, reason):
    with pytest.raises(Dropped) as info:
        _doc(body)
    assert info.value.reason == reason


def test_listing_page_is_dropped():
    links = "".join(f"<li><a href='/news/{i}.html'>中俄关系新闻标题第{i}条 外交部发言人答记者问</a>"
                    f" 2020-09-{i % 28 + 1:02d}</li>"
                    for i in range(60))
    markup = f"<html><head><title>新闻列表_外交部</title></head><body><ul>{links}</ul></body></html>"
    with pytest.raises(Dropped) as info:
        _doc(markup)
    assert info.value.reason == "no-article"


def _garbage(rng: random.Random) -> bytes:
    pieces = ["<div>", "</div>", "<p>", "</p", "<script>", "<!--", "-->", "<![CDATA[", "&#x", "中俄", "Россия",
              "<html", "<?xml version='1.0'?>", "\x00", "<table><tr><td>", "<br/>", "<meta charset=gbk>", ">"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 300))).encode("utf-8", "replace") + bytes(
        rng.randrange(256) for _ in range(rng.randint(0, 50)))


def test_garbage_never_crashes():
    rng = random.Random(7)
    for _ in range(150):
        try:
            _doc(_garbage(rng))
        except Dropped:
            pass


def test_truncated_and_huge_pages(seed_text):
    markup, _ = _portal_page(seed_text)
    for cut in (10, len(markup) // 3, len(markup) // 2, len(markup) - 20):
        try:
            _doc(markup[:cut])
        except Dropped:
            pass
    huge = markup.replace("</body>", "<div>" + "<span>链接</span>" * 20000 + "</div></body>")
    assert _doc(huge).title == SEED_TITLE


def test_text_nested_deeper_than_libxml2_default_is_kept():
    # unclosed <font> tags nest every sentence one level deeper (old portals)
    sentence = "中俄双方同意加强合作，共同维护地区和平稳定。"
    markup = "<html><body><div>" + f"<font>{sentence}" * 600 + "</div></body></html>"
    doc = _doc(markup)
    assert doc.text.count(sentence) == 600


def test_deep_garbage_nesting_does_not_crash():
    markup = "<html><body>" + "<div>" * 20000 + "中俄" * 50 + "</div>" * 20000 + "</body></html>"
    try:
        _doc(markup)
    except Dropped:
        pass


def test_article_wrapped_in_a_link_is_still_text():
    # broken markup: an <a> left open around the whole article
    paragraphs = "".join(f"第{i}段：寒冷的天气里相对湿度降低，空气比较干燥，皮肤可能会变干、脱皮、失去光泽。<br><br>"
                         for i in range(12))
    markup = (f"<html><head><title>寒冬里如何保持水嫩肌肤</title></head><body><ul><li><a href='/'>首页</a></li>"
              f"<li><a href='/n'>新闻</a></li></ul>"
              f"<div class='intr'><a href='/x.html'>{paragraphs}</a></div></body></html>")
    doc = _doc(markup)
    assert doc.text.count("空气比较干燥") == 12 and "首页" not in doc.text
