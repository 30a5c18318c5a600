"""On real zh↔ru text (NTREX, ../shared): this aligner beats plain Gale–Church on every variant."""
from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from evaluation.alignment_scoring import Counts, strict_counts

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_align.py"


@pytest.fixture(scope="module")
def bench(shared_dir):
    spec = importlib.util.spec_from_file_location("bench_align", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = shared_dir / "bench" / "align" / "ntrex"
    if not root.is_dir():
        pytest.skip("NTREX not present")
    return module, module.load_ntrex(root)


@pytest.mark.parametrize("variant", ["1:1", "merge-zh 20%", "drop-ru 10%"])
def test_beats_plain_gale_church(bench, variant):
    module, docs = bench
    variants = [module.VARIANTS[variant](d, random.Random(7)) for d in docs[:16]]  # a third: fast
    scores = {}
    for name, fn in module.ALIGNERS.items():
        total = Counts()
        for v, pred in zip(variants, fn(variants)):
            total.add(strict_counts(v.gold, pred))
        scores[name] = total.prf()[2]
    assert scores["ours"] > scores["gale-church"]
    assert scores["ours"] >= 0.85


def test_documents_find_their_translation_in_a_pile(bench):
    module, docs = bench
    result = module.pairing(docs)
    assert result["wrong"] == 0 and result["right"] >= 0.9 * result["documents"]
