"""Inputs found by fuzzing that crashed a build (an exception other than Dropped), reduced.

Each page here raised in process_capture, which a build records as a crash
(exit 5); each must now give a document or a counted drop reason.
"""
from __future__ import annotations

import pytest

from corpus_builder.align.reposts import is_official
from corpus_builder.errors import Dropped
from corpus_builder.pipeline import process_capture
from corpus_builder.records import Capture
from corpus_builder.steps.report_html import href
from corpus_builder.text.decode import decode_capture
from corpus_builder.text.extract import extract_document

SENTENCE = "这是一个测试的句子，用来检查控制字符的处理方式。" * 4


def _page(body: str) -> Capture:
    return Capture(url="http://example.cn/a.html", body=f"<html><body><article><p>{body}</p></article></body></html>"
                   .encode("utf-8"))


@pytest.mark.parametrize("text", [
    "Η Ελλάδα είναι χώρα της νοτιοανατολικής Ευρώπης. " * 6,  # letters, none Chinese, Russian or English
    "한국어 문장입니다. 대한민국의 수도는 서울입니다. " * 8,
    "2020 1234 5678 9012 3456 7890. " * 10,  # digits only
])
def test_main_text_in_no_language_of_ours_is_dropped(text):
    # was ValueError("unsupported language 'und'") from split_clauses
    with pytest.raises(Dropped) as caught:
        extract_document(decode_capture(_page(text)))
    assert caught.value.reason == "unknown-lang"
    assert process_capture(_page(text)).reason == "unknown-lang"
    assert process_capture(_page(text), lang="en").reason is None  # a language given is used as it is


@pytest.mark.parametrize("control", ["\x1b", "\x0c", "\x01"])
@pytest.mark.parametrize("before", ["<b>b</b>中", "中"])
def test_hidden_element_whose_tail_holds_a_control_character(before, control):
    # lxml's parser keeps the control character, its API refused to set the merged tail (ValueError)
    page = _page(f"{SENTENCE}{before}<span hidden>x</span>{control}尾巴{SENTENCE}")
    doc = extract_document(decode_capture(page))
    plain = extract_document(decode_capture(_page(f"{SENTENCE}{before}{control}尾巴{SENTENCE}")))
    assert doc.text == plain.text  # the tail kept, in its place, as without the hidden element
    assert "中" in doc.text and "尾巴" in doc.text and "x" not in doc.text
    assert process_capture(page).reason is None


ENGLISH = "Joint statement of the foreign ministers on the situation in the region. " * 4


@pytest.mark.parametrize("target", ["http://[x]/", "//[a]", "http://[::1/"])
def test_link_that_urlsplit_refuses(target):
    # a heading whose only child is a link: urlsplit raised ValueError on its href
    page = Capture(url="http://example.org/a.html", body=(
        f'<html><body><h1><a href="{target}">Home</a></h1><article><p>{ENGLISH}</p></article></body></html>'
    ).encode("utf-8"))
    doc = extract_document(decode_capture(page))
    assert doc.text.startswith("Joint statement")
    assert process_capture(page).reason is None
    # the capture's own URL (a WARC record's target URI): no host to read
    odd = Capture(url=target + "a.html", body=page.body)
    assert extract_document(decode_capture(odd)).source == "file"
    assert process_capture(odd).reason is None
    assert not is_official(target)
    assert href(target) is None and href("http://example.org/") == "http://example.org/"


def test_a_utf7_page_with_a_lone_surrogate_keeps_the_text_after_it():
    # "+2AA-" is U+D800 alone in UTF-7; lxml's parser stopped there and the article was lost (too-short)
    paras = "".join(f"<p>Part {i}. " + "The joint statement of the two ministers was signed in Moscow. " * 4 + "</p>"
                    for i in range(3))
    html = (f"<html><head><meta charset='utf-7'><title>Joint statement</title></head><body>"
            f"<h1>Joint statement</h1><p>Before +2AA- after.</p>{paras}</body></html>")
    capture = Capture(url="http://example.org/a.html", body=html.encode("ascii"))
    page = decode_capture(capture)
    assert page.encoding.used == "utf-7" and "Before  after." in page.html
    doc = extract_document(page)
    assert doc.text.count("signed in Moscow") == 12
