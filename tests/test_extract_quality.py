"""Quality gate: this project's extractor on the gold sets of ../shared (skips when absent).

Scores are computed exactly as ../shared/bench/SCORING.md says (see
scripts/evaluation/extraction_scoring.py) and must not fall below the floors pinned in
tests/extraction_floors.json (set a little under the measured figures, so a
change that makes extraction worse fails here).  Only our extractor runs,
not trafilatura, to keep this fast.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from corpus_builder.errors import Dropped
from corpus_builder.records import Capture
from corpus_builder.text.decode import decode_capture
from corpus_builder.text.extract import extract_document
from evaluation.extraction_scoring import macro, page_pr
from evaluation.goldsets import load_set

FLOORS = json.loads((Path(__file__).parent / "extraction_floors.json").read_text(encoding="utf-8"))
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("goldsets")


def _run(name: str, shared: Path, cache: Path) -> list[tuple]:
    """(gold page, document or None) for every page of a set."""
    out = []
    for page in load_set(name, shared, cache):
        capture = Capture(url=page.url or f"file:///{page.name}", body=page.body)
        try:
            out.append((page, extract_document(decode_capture(capture))))
        except Dropped:
            out.append((page, None))
    return out


@pytest.fixture(scope="module")
def results(shared_dir, cache) -> dict[str, list[tuple]]:
    return {name: _run(name, shared_dir, cache) for name in FLOORS["f1"]}


@pytest.mark.parametrize("name", sorted(FLOORS["f1"]))
def test_f1_floor(results, name):
    pairs = [page_pr(f"{doc.title}\n{doc.text}" if doc else "", page.gold) for page, doc in results[name]]
    score = macro(pairs)
    assert score.pages > 0
    assert score.f1 >= FLOORS["f1"][name], f"{name}: F1 {score.f1:.4f} < floor {FLOORS['f1'][name]}"


def test_cwced_date_accuracy(results):
    dated = [(doc, page.gold_date) for page, doc in results["cwced"] if page.gold_date]
    hits = sum(doc is not None and str(doc.published) == gold for doc, gold in dated)
    assert dated and hits / len(dated) >= FLOORS["cwced_date_accuracy"]


@pytest.mark.parametrize("name", ["daniel_zh", "daniel_ru", "cwced", "realdata"])
def test_no_mojibake_and_text(results, name):
    """Decoded text has no U+FFFD, no Cyrillic in a Chinese page; (nearly) every page yields text."""
    with_text = 0
    for page, doc in results[name]:
        if doc is None:
            continue
        with_text += 1
        assert "\ufffd" not in doc.text and "\ufffd" not in doc.title, page.name
        if len(_HAN.findall(page.gold)) > 20:
            assert len(_CYRILLIC.findall(doc.text)) <= 2, page.name
    assert with_text >= FLOORS["share_with_text"] * len(results[name])


def test_every_realdata_page_decodes(shared_dir):
    """Every raw page of ../shared/realdata decodes cleanly and, but for pages with no body, yields text."""
    dropped = []
    for lang in ("zh", "ru"):
        for path in sorted((shared_dir / "realdata" / lang / "html").glob("*.html")):
            page = decode_capture(Capture(url=f"file:///{path.name}", body=path.read_bytes()))
            assert "\ufffd" not in page.html, path.name
            if lang == "zh":
                assert len(_CYRILLIC.findall(page.html)) < len(_HAN.findall(page.html)), path.name
            try:
                doc = extract_document(page)
                assert doc.text and doc.lang == lang, path.name
            except Dropped as exc:
                dropped.append((path.name, exc.reason))
    assert len(dropped) <= 1, dropped
