"""One executor interface: the corpus steps run after any executor's map, and no step needs to know which."""
from __future__ import annotations

import pytest

import corpus_builder
from corpus_builder.executors import ExecutorError, build_corpus, get_executor
from corpus_builder.executors.base import Executor
from corpus_builder.executors.local import LocalExecutor
from corpus_builder.inputs import read_file_capture
from corpus_builder.pipeline import analyse
from corpus_builder.resources import example_pages
from corpus_builder.settings import Settings, load_settings
from corpus_builder.steps.rows import add_document


def test_executors_are_found_by_name():
    assert isinstance(get_executor("local", Settings()), LocalExecutor)
    with pytest.raises(ExecutorError, match="known: local, dask"):
        get_executor("slurm", Settings())


class InProcess(Executor):
    """The smallest executor: analyses each page here and adds it through the writer."""

    name = "in-process"

    def map_pages(self, inputs, writer, summary, progress):
        new_ids = []
        for path in inputs:
            doc, clauses = analyse(read_file_capture(path))
            if add_document(writer, doc, clauses):
                summary.note_written(len(clauses))
                new_ids.append(doc.doc_id)
        return new_ids


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in example_pages():
        (folder / page.name).write_bytes(page.read_bytes())
    return sorted(folder.iterdir())


def _rows(root, table, columns):
    frame = corpus_builder.load(root, table=table)
    return sorted(map(tuple, frame[columns].astype(str).itertuples(index=False)))


def test_any_executor_gets_the_same_corpus_steps(pages, tmp_path):
    settings = load_settings(cli={"build": {"workers": 1}}, environ={})
    mine = InProcess(settings).run(pages, tmp_path / "mine")
    local = build_corpus(pages, tmp_path / "local", settings)
    assert (mine.documents, mine.alignments, len(mine.pair_reports)) == (4, 107, 3)
    assert (local.documents, local.alignments) == (4, 107)
    for table, columns in (("alignments", ["pair_id", "src_text", "tgt_text"]),
                           ("reposts", ["doc_id", "repost_of", "canonical_published"])):
        assert _rows(tmp_path / "mine", table, columns) == _rows(tmp_path / "local", table, columns)
    assert len(corpus_builder.load(tmp_path / "mine", table="reposts")) == 2


def test_without_alignment_the_reposts_are_still_rebuilt(pages, tmp_path):
    settings = load_settings(cli={"build": {"workers": 1, "align": False}}, environ={})
    summary = InProcess(settings).run(pages, tmp_path / "c")
    assert summary.alignments == 0 and len(corpus_builder.load(tmp_path / "c", table="alignments")) == 0
    assert len(corpus_builder.load(tmp_path / "c", table="reposts")) == 2
