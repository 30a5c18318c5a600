"""load(): filters, partition pruning, argument errors."""
from __future__ import annotations

from datetime import date

import pytest
from store_factory import corpus, make_pair

from corpus_builder.steps.rows import add_document
from corpus_builder.store import CorpusWriter, load
from corpus_builder.store.load import files_read


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("load") / "corpus"
    docs = corpus(30)
    with CorpusWriter(root) as w:
        for doc, clauses in docs:
            add_document(w, doc, clauses)
        w.add_alignments([make_pair(docs[0][0], docs[1][0], k) for k in range(2)])  # zh -> ru
    return root


def test_lang_filter_prunes_partitions(store):
    frame = load(store, "clauses", lang="ru")
    assert len(frame) == 45 and set(frame["lang"]) == {"ru"}
    read, total = files_read(store, "clauses", lang="ru")
    assert read == 3 and total == 6  # ru: 2019, 2020, unknown year


def test_since_prunes_years_and_filters_days(store):
    frame = load(store, "documents", since="2020-03-10")
    assert len(frame) and all(d >= date(2020, 3, 10) for d in frame["published"])
    assert set(frame["year"]) == {2020}
    assert files_read(store, "documents", lang="zh", since=date(2020, 1, 1)) == (1, 6)
    assert len(load(store, "documents", since=date(2019, 1, 1))) == 20  # undated ones excluded


def test_source_filter(store):
    frame = load(store, "documents", source="src1")
    assert len(frame) == 10 and set(frame["source"]) == {"src1"}


def test_alignments_lang_matches_either_side(store):
    assert len(load(store, "alignments", lang="ru")) == 2
    assert len(load(store, "alignments", lang="zh")) == 2
    assert len(load(store, "alignments", lang="en")) == 0


def test_bad_arguments(store):
    with pytest.raises(ValueError, match="unknown table"):
        load(store, "nope")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        load(store, "clauses", since="last year")
    with pytest.raises(ValueError, match="since"):
        load(store, "alignments", since="2020-01-01")


def test_columns_subset(store):
    frame = load(store, "clauses", columns=["doc_id", "text"], lang="zh")
    assert list(frame.columns) == ["doc_id", "text"] and len(frame) == 45


def test_year_filter_reads_one_partition(store):
    frame = load(store, "clauses", lang="zh", year=2019)
    assert len(frame) == 15 and set(frame["year"]) == {2019}
    assert files_read(store, "clauses", lang="zh", year=2019) == (1, 6)
    assert len(load(store, "documents", year=0)) == 10  # undated documents


def test_documents_columns_without_published(store):
    frame = load(store, "documents", columns=["doc_id", "title"])
    assert {"repost_of", "canonical_published"} <= set(frame.columns) and len(frame) == 30
