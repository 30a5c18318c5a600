"""The source registry, link discovery and dates."""
from __future__ import annotations

from datetime import date

import pytest

from corpus_builder.settings import ConfigError, CrawlSettings
from corpus_builder.sources import all_sources, generic_source, select
from corpus_builder.text.dates import date_in_text, date_in_url, parse_day


def test_shipped_sources_are_registered():
    sources = all_sources()
    assert {"fmprc", "mid", "kremlin"} <= set(sources)
    assert sources["fmprc"].languages == ("zh",)
    assert set(sources["mid"].languages) == {"ru", "en"}
    assert all(s.start_urls and s.notes for s in sources.values())


@pytest.mark.parametrize("name, url, kind", [
    ("fmprc", "https://www.fmprc.gov.cn/web/wjdt_674879/wjbxw_674885/202607/t20260716_11984399.shtml", "article"),
    ("fmprc", "https://www.mfa.gov.cn/web/wjdt_674879/wjbxw_674885/202009/t20200914_941134.shtml", "article"),
    ("fmprc", "https://www.fmprc.gov.cn/web/ziliao_674904/1179_674909/t1653294.shtml", "article"),
    ("fmprc", "https://www.fmprc.gov.cn/web/wjdt_674879/wjbxw_674885/index_3.shtml", "listing"),
    ("fmprc", "https://www.example.com/202009/t20200914_941134.shtml", None),
    ("mid", "https://mid.ru/ru/foreign_policy/news/2049686/", "article"),
    ("mid", "https://www.mid.ru/en/foreign_policy/news/1998294/", "article"),
    ("mid", "https://mid.ru/ru/foreign_policy/news/?PAGEN_1=2", "listing"),
    ("kremlin", "http://kremlin.ru/supplement/5920", "article"),
    ("kremlin", "http://en.kremlin.ru/events/president/news/79449", "article"),
    ("kremlin", "http://kremlin.ru/events/president/news/page/2", "listing"),
    ("kremlin", "ftp://kremlin.ru/supplement/5920", None),
])
def test_link_kinds_of_real_url_shapes(name, url, kind):
    assert all_sources()[name].kind_of(url) == kind


def test_pagination_templates():
    sources = all_sources()
    fmprc, mid, kremlin = sources["fmprc"], sources["mid"], sources["kremlin"]
    start = fmprc.start_urls[0]
    assert fmprc.page_url(start, 0) == start
    assert fmprc.page_url(start, 2) == start + "index_2.shtml"
    assert mid.page_url("https://mid.ru/ru/foreign_policy/news/", 3) == \
        "https://mid.ru/ru/foreign_policy/news/?PAGEN_1=3"
    assert kremlin.page_url("http://kremlin.ru/events/president/news", 2) == \
        "http://kremlin.ru/events/president/news/page/2"


def test_discover_html_listing_with_dates_in_url_and_text():
    fmprc = all_sources()["fmprc"]
    body = """<html><head><meta charset="gbk"></head><body><ul>
      <li><a href="./202009/t20200914_941134.shtml">中俄外长联合声明</a><span>2020-09-14</span></li>
      <li><a href="../t1653294.shtml">旧文章</a> 2019年4月26日</li>
      <li><a href="index_1.shtml">下一页</a></li><li><a href="http://www.gov.cn/x.html">政府</a></li>
    </ul></body></html>""".encode("gbk")
    base = "https://www.fmprc.gov.cn/web/ziliao_674904/1179_674909/"
    links = {link.url: link for link in fmprc.discover(body, base)}
    assert links[base + "202009/t20200914_941134.shtml"].published == date(2020, 9, 14)
    old = links["https://www.fmprc.gov.cn/web/ziliao_674904/t1653294.shtml"]
    assert old.kind == "article" and old.published == date(2019, 4, 26)
    assert links[base + "index_1.shtml"].kind == "next"  # 下一页: the next page, found on the page
    assert len(links) == 3  # the off-domain link is dropped


def test_discover_skips_hrefs_that_name_no_place():
    # "http://[x]/" (a bracketed host that is no IP address) and "http://[::1/" made urlsplit raise:
    # the whole listing page failed; now each such link is left out and the others are kept
    fmprc = all_sources()["fmprc"]
    body = """<html><body><ul><li><a href="http://[x]/202009/t20200914_1.shtml">坏链接</a></li>
      <li><a href="http://[::1/202009/t20200914_2.shtml">坏链接</a></li>
      <li><a href="./202009/t20200914_941134.shtml">中俄外长联合声明</a></li></ul>
      <a href="http://[x]/index_1.shtml">下一页</a></body></html>""".encode("utf-8")
    base = "https://www.fmprc.gov.cn/web/ziliao_674904/1179_674909/"
    assert [link.url for link in fmprc.discover(body, base)] == [base + "202009/t20200914_941134.shtml"]
    assert fmprc.refusal("http://[x]/t1.shtml") == "bad-url"


def test_discover_rss_and_sitemap():
    mid = all_sources()["mid"]
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><item><title>t</title>
      <link>https://mid.ru/ru/foreign_policy/news/2050001/</link>
      <pubDate>Wed, 26 Aug 2026 12:40:00 +0300</pubDate></item></channel></rss>"""
    [link] = mid.discover(rss, "https://mid.ru/rss")
    assert link.kind == "article" and link.published == date(2026, 8, 26)
    sitemap = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://mid.ru/en/foreign_policy/news/1998294/</loc><lastmod>2025-02-18</lastmod></url>
      <url><loc>https://mid.ru/en/about/</loc></url></urlset>"""
    [link] = mid.discover(sitemap, "https://mid.ru/sitemap.xml")
    assert link.published == date(2025, 2, 18)


@pytest.mark.parametrize("text, expected", [
    ("Опубликовано 14 сентября 2020 г.", date(2020, 9, 14)),
    ("11.09.2020 18:30", date(2020, 9, 11)),
    ("September 11, 2020", date(2020, 9, 11)),
    ("发布时间：2020年9月11日", date(2020, 9, 11)),
    # abbreviations from the one month table (data/metadata/months.tsv), shared with page dates
    ("14 сент. 2020", date(2020, 9, 14)),
    ("Sept 14, 2020", date(2020, 9, 14)),
    ("14 Smarch 2020", None),
    ("no date here", None),
])
def test_dates_in_listing_text(text, expected):
    assert date_in_text(text) == expected


def test_dates_in_urls():
    assert date_in_url("https://x.cn/web/202009/t20200914_941134.shtml") == date(2020, 9, 14)
    assert date_in_url("https://x.ru/2020/09/14/story/") == date(2020, 9, 14)
    assert date_in_url("https://x.ru/news/12345") is None
    assert parse_day("2020-09-01") == date(2020, 9, 1) and parse_day("") is None
    with pytest.raises(ValueError):
        parse_day("01/09/2020")


def test_generic_source_and_user_sources_file(tmp_path):
    extra = tmp_path / "sources.toml"
    extra.write_text('[portal]\nstart_urls = ["https://news.example.cn/list/"]\n'
                     "article_pattern = '/art/\\d+\\.html$'\n", encoding="utf-8")
    settings = CrawlSettings(sources_file=str(extra), start_urls=("https://p.example/",), pattern=r"/a/\d+")
    sources = all_sources(settings)
    assert sources["portal"].kind_of("https://news.example.cn/art/5.html") == "article"
    assert sources["generic"].kind_of("https://p.example/a/12") == "article"
    assert sources["generic"].kind_of("https://elsewhere.example/a/12") is None
    assert [s.name for s in select(("portal",), settings)] == ["portal"]


@pytest.mark.parametrize("table, message", [
    ('[x]\nstart_urls = ["https://a.example/"]\narticle_pattern = "("\n', "bad regex"),
    ('[x]\nstart_urlz = ["https://a.example/"]\n', "unknown field"),
    ('[x]\nfirst_page = "one"\n', "expected int"),
])
def test_bad_source_definitions_are_config_errors(tmp_path, table, message):
    extra = tmp_path / "s.toml"
    extra.write_text(table, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        all_sources(CrawlSettings(sources_file=str(extra)))


def test_generic_needs_urls_and_pattern_and_unknown_names_fail():
    with pytest.raises(ConfigError):
        generic_source(("ftp://a.example/",), "x")
    with pytest.raises(ConfigError):
        generic_source(("https://a.example/",), "")
    with pytest.raises(ConfigError, match="unknown source"):
        select(("nope",), CrawlSettings())
