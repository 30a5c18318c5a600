"""corpus_builder.urls: URL parsing that never raises."""
from __future__ import annotations

import pytest

from corpus_builder.urls import join_url, split_url


@pytest.mark.parametrize("url", ["http://[x]/", "http://[::1/", "//[a]"])
def test_urls_urlsplit_refuses_are_none(url):
    assert split_url(url) is None and join_url("http://example.cn/a/", url) is None
    assert join_url(url, "b.html") is None


def test_good_urls_split_and_join_as_urllib_does():
    assert split_url("HTTP://Example.cn:8080/a?b#c").hostname == "example.cn"
    assert join_url("http://example.cn/a/b.html", "../c.html") == "http://example.cn/c.html"
    assert split_url("http://[::1]/").hostname == "::1"
