"""Workers hand the writer finished rows; the output does not depend on the number of workers."""
from __future__ import annotations

import pandas as pd

import corpus_builder.pipeline as pipeline
from corpus_builder.executors import build_corpus
from corpus_builder.records import Capture
from corpus_builder.settings import load_settings
from corpus_builder.store.schema import TABLES

_PARA = ("中华人民共和国外交部长与俄罗斯联邦外交部长举行会谈，双方就双边关系和共同关心的国际问题交换意见。"
         "双方一致认为，两国全面战略协作伙伴关系处于历史最高水平。")


def _page(i: int) -> bytes:
    paras = "".join(f"<p>第{i}篇。{_PARA}{'补充说明。' * (i % 3)}</p>" for _ in range(4))
    return (f"<html><head><meta charset='utf-8'><title>新闻{i}</title></head><body><div class='nav'>"
            f"<a href='/'>首页</a></div><div class='article'><h1>新闻{i}</h1><div class='date'>2020年9月{i + 1}日"
            f"</div>{paras}</div><div class='footer'>版权所有</div></body></html>").encode("utf-8")


def test_process_capture_returns_rows_for_every_document_table_stamped_with_the_run():
    done = pipeline.process_capture(Capture(url="http://example.org/a", body=_page(1), status=200), run_id="r1")
    assert done.reason is None and done.n_clauses >= 1
    assert set(done.rows) == set(TABLES) - {"alignments", "reposts"}
    assert {row["run_id"] for _, rows in done.rows.values() for row in rows} == {"r1"}
    assert done.rows["documents"][1][0]["doc_id"] == done.doc_id


def test_an_exception_in_the_code_is_a_crash_with_its_traceback_not_a_drop(monkeypatch):
    def bad_rows(*args, **kwargs):
        raise ValueError("clause 3 belongs to another document")

    import corpus_builder.steps.rows as store_rows

    monkeypatch.setattr(store_rows, "document_rows", bad_rows)
    done = pipeline.process_capture(Capture(url="http://example.org/a", body=_page(1), status=200))
    assert done.rows is None and done.reason == "crash" and "another document" in done.detail
    assert done.crash is not None and done.crash.error == "ValueError: clause 3 belongs to another document"
    assert "Traceback (most recent call last)" in done.crash.traceback and "bad_rows" in done.crash.traceback


def test_one_or_two_workers_write_the_same_rows_in_the_same_order(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(9):
        (pages / f"p{i}.html").write_bytes(_page(i))
    tables = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        settings = load_settings(cli={"build": {"workers": workers}})
        assert build_corpus([pages], out, settings).documents == 9
        tables[workers] = {t: pd.read_parquet(out / t).drop(columns="run_id") for t in ("documents", "clauses")}
    for table in ("documents", "clauses"):
        pd.testing.assert_frame_equal(tables[1][table], tables[2][table])
