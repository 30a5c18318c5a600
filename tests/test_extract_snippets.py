"""Must-contain / must-not-contain checks on small portal pages written for these tests.

Each page in tests/fixtures/extract/ is described in cases.json: the text
snippets the extracted text must contain ("with") and must not contain
("without"), and the expected metadata (trafilatura's test style).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_builder.records import Capture
from corpus_builder.text.decode import decode_capture
from corpus_builder.text.extract import extract_document

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
META = ("title", "published", "lang", "source_credit", "author")


@pytest.fixture(scope="module")
def documents():
    docs = {}
    for name, case in CASES.items():
        capture = Capture(url=case["url"], body=(FIXTURES / name).read_bytes())
        docs[name] = extract_document(decode_capture(capture))
    return docs


@pytest.mark.parametrize("name", sorted(CASES))
def test_snippets(documents, name):
    text = documents[name].text
    for snippet in CASES[name]["with"]:
        assert snippet in text, f"{name}: missing {snippet!r}"
    for snippet in CASES[name]["without"]:
        assert snippet not in text, f"{name}: kept {snippet!r}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_metadata(documents, name):
    doc = documents[name]
    for key in META:
        if key in CASES[name]:
            value = getattr(doc, key)
            assert (str(value) if value is not None else None) == CASES[name][key], f"{name}: {key}"


@pytest.mark.parametrize("name", sorted(n for n in CASES if "encoding" in CASES[n]))
def test_legacy_encodings_decode(documents, name):
    assert documents[name].encoding.used in ("windows-1251", "gb18030")
    assert "\ufffd" not in documents[name].text


def test_paragraphs_are_clean(documents):
    for name, doc in documents.items():
        paragraphs = doc.text.split("\n")
        assert all(p == p.strip() and p for p in paragraphs), name
        assert "\u3000" not in doc.text and "  " not in doc.text, name
