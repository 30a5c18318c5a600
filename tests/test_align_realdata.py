"""Real diplomatic zh/ru text (../shared/realdata/parallel): an interview published in both languages."""
from __future__ import annotations

import csv
import random

import pytest

from corpus_builder.align.sentalign import align_documents
from evaluation.alignment_scoring import dropped, identity, merged, strict_counts


@pytest.fixture(scope="module")
def interview(shared_dir):
    files = sorted((shared_dir / "realdata" / "parallel").glob("*zh-ru.tsv"))
    if not files:
        pytest.skip("no zh-ru parallel file in realdata")
    with files[0].open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t")][1:]
    return identity([r[0] for r in rows], [r[1] for r in rows])


def f1(variant) -> float:
    links = align_documents([(variant.zh, variant.ru)])[0]
    return strict_counts(variant.gold, [(l.src, l.tgt) for l in links]).prf()[2]


def test_line_aligned_interview_is_recovered(interview):
    assert f1(interview) == 1.0


@pytest.mark.parametrize("side", ["zh", "ru"])
def test_merged_and_dropped_lines(interview, side):
    assert f1(merged(interview, side, 0.2, random.Random(0))) >= 0.85
    assert f1(dropped(interview, side, 0.1, random.Random(0))) >= 0.85
