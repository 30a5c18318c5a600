"""Repost detection on the real gold texts of ../shared/realdata.

Different real articles must never cluster; each article wrapped in other
portal boilerplate (and, for Chinese, converted to Traditional characters)
must cluster with the original.
"""
from __future__ import annotations

import opencc

from corpus_builder.align.reposts import find_reposts, member_from_text

WRAP = {"zh": ("首頁 > 新聞中心 > 國際\n字體：大 中 小 分享到：\n", "\n責任編輯：王某\n版權所有 未經授權禁止轉載"),
        "ru": ("Главная / Новости / Политика\nПоделиться\n", "\nПри перепечатке ссылка обязательна\nРеклама")}


def _gold(shared_dir):
    files = sorted((shared_dir / "realdata").glob("*/text/*"))
    return [(f.name, f.parts[-3], f.read_text(encoding="utf-8", errors="replace")) for f in files]


def test_distinct_real_articles_never_cluster(shared_dir):
    gold = _gold(shared_dir)
    assert len(gold) >= 20
    members = [member_from_text(name, f"https://site.example/{i}", lang, text) for i, (name, lang, text) in
               enumerate(gold)]
    assert find_reposts(members) == []


def test_each_real_article_finds_its_wrapped_copy(shared_dir):
    to_trad = opencc.OpenCC("s2t")
    missed = []
    for name, lang, text in _gold(shared_dir):
        if len(text) < 300:  # too short for a near-copy judgement either way
            continue
        head, tail = WRAP[lang]
        copy = head + (to_trad.convert(text) if lang == "zh" else text) + tail
        links = find_reposts([member_from_text("orig", "https://www.mid.ru/x", lang, text),
                              member_from_text("copy", "https://portal.example/y", lang, copy)])
        if {(l.doc_id, l.repost_of) for l in links} != {("orig", None), ("copy", "orig")}:
            missed.append(name)
    assert missed == []
