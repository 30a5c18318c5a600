"""The parts of the distributed build that need no cluster: task planning, staged shards, the driver's merge.

The driver takes its map function as an argument, so here tasks run in this
process, in a chosen order, which makes cross-task duplicates and stale
attempts easy to set up.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from store_factory import make_clauses, make_doc

from corpus_builder.executors import build_corpus
from corpus_builder.executors.driver import build_with_tasks
from corpus_builder.executors.tasks import SEQ_SPAN, TaskSpec, plan_tasks, run_task
from corpus_builder.inputs import InputError
from corpus_builder.settings import load_settings
from corpus_builder.steps.rows import document_rows
from corpus_builder.store import CorpusWriter, load
from corpus_builder.store.staging import StagedWriter, drop_documents

PAGE = ("<html><head><meta charset='utf-8'><title>{t}</title></head><body><div class='article'><h1>{t}</h1>"
        "<p>1. Стороны подтвердили приверженность договору номер {n} и обсудили вопросы торговли.</p>"
        "<p>2. Стороны договорились провести {n} встреч в следующем году в Москве и Пекине.</p>"
        "</div></body></html>")


def write_pages(folder: Path, numbers) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in numbers:
        path = folder / f"p{n:03d}.html"
        path.write_text(PAGE.format(t=f"Заявление {n}", n=n), encoding="utf-8")
        paths.append(path)
    return paths


def test_plan_puts_each_warc_alone_and_pages_in_batches_in_input_order(tmp_path):
    pages = write_pages(tmp_path / "pages", range(5))
    warc = tmp_path / "x.warc.gz"
    warc.write_bytes(b"")
    plan = list(plan_tasks([pages[0], pages[1], warc, tmp_path / "missing.html", tmp_path / "pages"], html_batch=2))
    names = [[Path(p).name for p in t] if not isinstance(t, InputError) else t.reason for t in plan]
    assert names == [["p000.html", "p001.html"], ["x.warc.gz"], "missing", ["p000.html", "p001.html"],
                     ["p002.html", "p003.html"], ["p004.html"]]
    assert all(Path(p).is_absolute() for t in plan if not isinstance(t, InputError) for p in t)


def test_staged_writer_uses_its_sequence_range_and_an_attempt_tag(tmp_path):
    docs = [make_doc(i, lang) for i, lang in enumerate(("zh", "ru", "zh"))]
    staged = []
    for tag in ("aaaa", "bbbb"):  # two attempts of one task
        writer = StagedWriter(tmp_path, "RUN", 500, 510, tag, known={docs[2].doc_id})
        added = [writer.add_rows(d.doc_id, document_rows(d, make_clauses(d), writer.run_id)) for d in docs + docs[:1]]
        assert added == [True, True, False, False]
        staged.append(writer.finish())
    names = [{tmp.name for tmp, _ in files} for files in staged]
    assert not names[0] & names[1] and all(".aaaa.tmp" in n for n in names[0])
    assert [e.path for _, e in staged[0]] == [e.path for _, e in staged[1]]  # same final names
    seqs = {int(e.path.rsplit("-", 1)[1].split(".")[0]) for _, e in staged[0]}
    assert seqs <= set(range(500, 510)) and len(seqs) == len(staged[0])
    writer = StagedWriter(tmp_path, "RUN", 1, 2, "cccc")
    with pytest.raises(RuntimeError, match="sequence range"):
        for d in docs[:2]:  # two languages: two partitions, two files, one number
            writer.add_rows(d.doc_id, document_rows(d, make_clauses(d), writer.run_id))


def test_drop_documents_rewrites_files_and_deletes_emptied_ones(tmp_path):
    docs = [make_doc(i, "zh") for i in range(3)] + [make_doc(9, "ru")]
    writer = StagedWriter(tmp_path, "RUN", 1, 100, "t")
    for d in docs:
        writer.add_rows(d.doc_id, document_rows(d, make_clauses(d), writer.run_id))
    staged = writer.finish()
    kept = drop_documents(staged, {docs[0].doc_id, docs[3].doc_id})
    assert {e.table for _, e in kept} == {"documents", "clauses", "minhash", "pairing"}
    assert not any("lang=ru" in e.path for _, e in kept)  # the ru files held only the dropped document
    assert not [tmp for tmp, e in staged if "lang=ru" in e.path and tmp.exists()]
    for tmp, entry in kept:
        frame = pd.read_parquet(tmp)
        assert len(frame) == entry.rows and docs[0].doc_id not in set(frame["doc_id"])
        assert entry.bytes == tmp.stat().st_size


def in_process(order=None, stale: set[int] = frozenset()):
    """A MapTasks running tasks here in ``order``; tasks in ``stale`` first leave an abandoned attempt."""
    def run(specs, known):
        for spec in sorted(specs, key=lambda s: (order or []).index(s.index) if order else s.index):
            if spec.index in stale:
                run_task(spec, known)  # its files are never returned: like a worker killed before replying
            yield spec, run_task(spec, known)
    return run


def test_driver_keeps_the_first_copy_in_input_order_whatever_order_tasks_finish(tmp_path):
    pages = write_pages(tmp_path / "pages", range(6))
    inputs = [str(p) for p in pages[:4]] + [str(p) for p in pages[2:]]  # pages 2, 3 twice
    settings = load_settings(cli={"build": {"align": False}}, environ={})
    local = tmp_path / "local"
    want = build_corpus(inputs, local, load_settings(cli={"build": {"align": False, "workers": 1}}, environ={}))
    got = build_with_tasks(inputs, tmp_path / "tasks", settings, in_process(order=[3, 2, 1, 0], stale={1}),
                           html_batch=2)
    assert got.as_dict() == want.as_dict() and got.duplicates == 2
    columns = ["doc_id", "content_hash", "origin"]
    assert sorted(map(tuple, load(tmp_path / "tasks", "documents")[columns].values.tolist())) == \
        sorted(map(tuple, load(local, "documents")[columns].values.tolist()))
    assert not list((tmp_path / "tasks").rglob("*.tmp"))
    with CorpusWriter(tmp_path / "tasks") as writer:  # a later writer finds nothing to clean
        assert writer.manifest.runs[-2]["documents"] == 6 and writer.manifest.runs[-2]["status"] == "complete"
    assert max(int(f.name.rsplit("-", 1)[1].split(".")[0]) for f in (tmp_path / "tasks").rglob("part-*")) < 5 * SEQ_SPAN


def test_a_task_refuses_a_store_it_cannot_see(tmp_path):
    pages = write_pages(tmp_path / "pages", range(1))
    spec = TaskSpec(0, (str(pages[0]),), str(tmp_path / "elsewhere"), "RUN")
    with pytest.raises(FileNotFoundError, match="not visible on this worker"):
        run_task(spec)
    assert not (tmp_path / "elsewhere").exists()
