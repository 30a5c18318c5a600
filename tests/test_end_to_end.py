"""The whole per-page pipeline on the seed page, and the build on real pages."""
from __future__ import annotations

import pandas as pd
import pytest
from seedpage import seed_html, seed_parts

from corpus_builder.executors import build_corpus
from corpus_builder.pipeline import analyse
from corpus_builder.records import Capture
from corpus_builder.settings import load_settings

CN_NUMERALS = "一二三四五六七八九十"


@pytest.fixture(scope="module")
def seed_result(seed_text):
    capture = Capture(url="http://www.toutiao-portal.example/news/show-11022.html", body=seed_html(seed_text))
    return analyse(capture)


def test_seed_page_has_no_boilerplate_line(seed_text, seed_result):
    doc, _ = seed_result
    header, title, body, footer = seed_parts(seed_text)
    assert doc.title == title == "中俄外长发表联合声明共同应对新的挑战"
    for line in header + footer:
        assert line not in doc.text, line
    for fragment in ("放大字体", "浏览次数", "资讯来源", "热门视频", "版权所有", "ICP备", "举报", "首页"):
        assert fragment not in doc.text, fragment
    assert doc.text.splitlines()[0].startswith("俄罗斯联邦和中华人民共和国本着")
    assert all(line.strip(" .。") for line in doc.text.splitlines()), "punctuation-only paragraph left"
    assert str(doc.published) == "2024-04-26"


def test_seed_page_has_twelve_clauses_in_order(seed_result):
    doc, clauses = seed_result
    assert [c.index for c in clauses] == list(range(13))
    assert clauses[0].number is None and clauses[0].text.startswith("俄罗斯联邦和中华人民共和国本着")
    assert [c.number for c in clauses[1:]] == list(range(1, 13))
    assert [c.label.strip() for c in clauses[1:4]] == ["一、", "2.", "3."]
    eight = clauses[8]
    assert eight.label == "八、"
    assert "各方对数字经济综合影响的认识" in eight.text and "关于世界各国的社会经济发展" in eight.text
    assert "俄罗斯和中国呼吁所有参与军控" in clauses[4].text
    for clause in clauses:
        assert doc.text[clause.start:clause.end].strip() != "" or clause.index == 0
        assert clause.tokens, clause.index
    assert "上海合作组织" in clauses[8].tokens


def test_seed_page_in_gbk_gives_the_same_document(seed_text, seed_result):
    doc, clauses = seed_result
    capture = Capture(url=doc.url, body=seed_html(seed_text, charset="gbk"))
    gbk_doc, gbk_clauses = analyse(capture)
    assert gbk_doc.encoding.used == "gb18030"
    assert gbk_doc.text == doc.text and len(gbk_clauses) == len(clauses)


def test_build_realdata_loads_with_declared_dtypes(shared_dir, tmp_path):
    out = tmp_path / "corpus"
    settings = load_settings(cli={"build": {"workers": 2}}, environ={})
    summary = build_corpus([shared_dir / "realdata"], out, settings)
    assert summary.documents >= 45 and summary.clauses >= summary.documents
    clauses = pd.read_parquet(out / "clauses")
    docs = pd.read_parquet(out / "documents")
    assert len(docs) == summary.documents and len(clauses) == summary.clauses
    for name in ("clause_index", "n_tokens", "char_start", "char_end"):
        assert str(clauses[name].dtype) == "int32", name
    assert str(clauses["clause_number"].dtype) == "Int32"
    assert isinstance(clauses["tokens"].iloc[0][0], str)
    assert {"doc_id", "url", "source", "lang", "title", "published", "clause_label", "text",
            "content_hash"} <= set(clauses.columns)
    assert set(docs["lang"].astype(str)) == {"zh", "ru"}
    again = build_corpus([shared_dir / "realdata"], out, settings)
    assert again.documents == 0 and again.duplicates == summary.documents
