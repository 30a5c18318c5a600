"""Site names: the copyright lines among a page's text nodes."""
from __future__ import annotations

import re

from lxml import etree

from corpus_builder.text.sitenames import marked_texts, site_names

_MARK = re.compile("©|版权所有|Copyright|copyright")


def test_marked_texts_keeps_what_a_search_of_each_text_keeps():
    texts = ["Главная", " © 2020 МИД России ", "", "新华网 版权所有 ©", "COPYRIGHT", "text", "Copyright x",
             "a copyright b copyright", "©"]
    assert marked_texts(texts) == [t for t in texts if _MARK.search(t)]
    assert marked_texts(["a\x00©", "b", "©"]) == ["a\x00©", "©"]  # a NUL in a text: searched one by one
    assert marked_texts([]) == [] and marked_texts(["x"]) == []


def test_site_names_reads_copyright_lines_only_when_meta_names_no_part():
    page = """<html><head><title>t</title></head><body><p>Статья</p>
    <div>© 2020   Министерство
    иностранных дел</div><div>Copyright <b>RIA</b></div></body></html>"""
    tree = etree.fromstring(page, etree.HTMLParser())
    assert site_names(tree, {"og:site_name": "МИД"}, ("Заголовок", "МИД России")) == \
        "МИД\n© 2020 Министерство иностранных дел\nCopyright"
    assert site_names(tree, {"og:site_name": "МИД России"}, ("Заголовок", "МИД России")) == "МИД России"
