"""Quality gate on the official sites' own pages (../shared/official), judged by their markup.

Scores are computed by scripts/evaluation/official.py (the same as
scripts/bench_official.py prints next to trafilatura) and must not fall
below the floors pinned in tests/official_floors.json: a little under the
measured figures, so that a change that makes the official pages worse fails
here.  ``dropped`` is a ceiling: pages with body text that came out empty.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_builder.errors import Dropped
from corpus_builder.records import Capture
from corpus_builder.text.decode import decode_capture
from corpus_builder.text.extract import extract_document
from evaluation.official import load_official, score_page, summarise

FLOORS = json.loads((Path(__file__).parent / "official_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores(shared_dir) -> dict[str, dict[str, float]]:
    if not (shared_dir / "official").is_dir():
        pytest.skip("../shared/official is not present")
    per_site: dict[str, list] = {}
    for page in load_official(shared_dir):
        try:
            doc = extract_document(decode_capture(Capture(url=page.url, body=page.body)), url=page.url)
            fields = (doc.title, doc.published.isoformat() if doc.published else "", doc.text)
        except Dropped:
            fields = ("", "", None)
        per_site.setdefault(page.site, []).append(score_page(page, *fields))
    return {site: summarise(found) for site, found in per_site.items()}


@pytest.mark.parametrize("site", sorted(FLOORS))
def test_official_pages_keep_their_floors(scores, site):
    got, floor = scores[site], FLOORS[site]
    assert got["pages"] >= 20
    assert got["dropped"] <= floor["dropped"], got
    for field in ("title", "date", "lead", "recall", "precision"):
        assert got[field] >= floor[field], (field, got)
