"""A zh and a ru version of one numbered statement: paired, aligned clause by clause, then by sentence."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from corpus_builder.align.clauses import align_clauses, numbering_gaps
from corpus_builder.align.langs import align_texts
from corpus_builder.align.pairing import pair_documents
from corpus_builder.align.sentences import split_sentences
from corpus_builder.align.stage import align_corpus
from corpus_builder.records import Clause, Document, EncodingInfo
from corpus_builder.text.clauses import split_clauses

FIXTURES = Path(__file__).parent / "fixtures" / "align"
ENC = EncodingInfo("utf-8", None, None, "utf-8")


def make_doc(doc_id: str, lang: str, text: str, published: date | None = date(2020, 9, 11)) -> Document:
    return Document(doc_id, f"https://example.org/{doc_id}", "test", lang, text.split("\n", 1)[0], text,
                    published, None, ENC)


@pytest.fixture(scope="module")
def statement() -> dict[str, Document]:
    return {lang: make_doc(f"stmt-{lang}", lang, (FIXTURES / f"statement_{lang}.txt").read_text(encoding="utf-8"))
            for lang in ("zh", "ru")}


@pytest.fixture(scope="module")
def aligned(statement):
    return align_corpus(list(statement.values()))


def test_the_two_versions_are_paired(statement):
    other_zh = make_doc("other-zh", "zh", "关于气候变化的新闻。今天下雨了。", date(2020, 9, 12))
    other_ru = make_doc("other-ru", "ru", "Новости о погоде. Сегодня дождь.", date(2020, 9, 10))
    pairs = pair_documents([other_zh, statement["ru"], statement["zh"], other_ru])
    best = {(p.src_doc_id, p.tgt_doc_id) for p in pairs}
    assert ("stmt-zh", "stmt-ru") in best
    (stmt,) = [p for p in pairs if p.src_doc_id == "stmt-zh"]
    assert stmt.score > 0.7 and "clauses" in stmt.method and "concepts" in stmt.method


def test_dates_far_apart_rule_a_pair_out(statement):
    late = replace(statement["ru"], published=date(2021, 3, 1))
    assert pair_documents([statement["zh"], late]) == []


def test_clauses_are_linked_one_to_twelve_by_number(aligned):
    pairs, reports = aligned
    clause_links = [p for p in pairs if p.level == "clause"]
    numbered = [(p.src_ids, p.tgt_ids) for p in clause_links if p.method == "number"]
    assert numbered == [((n,), (n,)) for n in range(1, 13)]
    assert any(p.src_ids == (0,) and p.tgt_ids == (0,) for p in clause_links)  # the preambles
    (report,) = reports
    assert report.clause_method == "number" and not report.src_only and not report.tgt_only
    assert "clauses by number: 13 links" in report.as_text()


def test_sentences_are_linked_inside_clauses(aligned):
    pairs, _ = aligned
    sentence = [p for p in pairs if p.level == "sentence"]
    by_clause: dict[int, list] = {}
    for p in sentence:
        by_clause.setdefault(p.src_clause, []).append((p.src_ids, p.tgt_ids))
    assert by_clause[1] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert by_clause[4] == [((0,), (0, 1))]          # one zh sentence, two ru sentences
    assert by_clause[7] == [((0, 1), (0,))]          # two zh sentences, one ru sentence
    assert by_clause[9] == [((0,), (0, 1))]
    assert all(p.src_text and p.tgt_text for p in sentence if p.link_type == "1-1")
    assert "75" in next(p.tgt_text for p in sentence if p.src_clause == 2 and p.src_ids == (0,))


def test_a_missing_clause_is_reported_not_shifted(statement):
    zh = split_clauses(statement["zh"].text, "zh", "zh")
    ru = [c for c in split_clauses(statement["ru"].text, "ru", "ru") if c.number != 5]
    result = align_clauses(zh, ru)
    assert result.method == "number" and result.src_only == [5] and result.tgt_gaps == [5]
    links = {(l.src, l.tgt) for l in result.links}
    assert ((5,), ()) in links and ((6,), (6,)) in links


def test_unnumbered_texts_are_aligned_by_content():
    zh = [Clause("a", i, None, "", None, t, 0, 0) for i, t in enumerate(
        ["双方支持联合国。", "2020年是重要的一年。", "中方感谢俄方。"])]
    ru = [Clause("b", i, None, "", None, t, 0, 0) for i, t in enumerate(
        ["Стороны поддерживают ООН.", "2020 год стал важным годом.",
         "Китайская сторона благодарит российскую сторону."])]
    result = align_clauses(zh, ru)
    assert result.method == "content"
    assert [(l.src, l.tgt) for l in result.links] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_numbering_gaps():
    cl = [Clause("a", i, n, "", None, "x", 0, 0) for i, n in enumerate([None, 1, 3, 4])]
    assert numbering_gaps(cl) == [2]


def test_report_flags_a_suspicious_length_ratio(statement):
    ru_text = statement["ru"].text.replace(
        "10. Стороны высоко оценивают сотрудничество по Ирану, Афганистану, Сирии и Корейскому полуострову.",
        "10. Стороны высоко оценивают сотрудничество. " + "Это очень длинное предложение без перевода. " * 12)
    _, reports = align_corpus([statement["zh"], replace(statement["ru"], text=ru_text)])
    (report,) = reports
    assert [s["src"] for s in report.suspicious] == [[10]]
    assert not report.ok and report.as_dict()["ok"] is False


DECOY_RU = """Совместное коммюнике о встрече министров иностранных дел государств – членов ШОС

1. Министры обсудили подготовку к заседанию Совета глав государств – членов ШОС в 2021 году.

2. Министры подчеркнули важность борьбы с наркотиками и организованной преступностью.

3. Министры договорились провести следующую встречу в Душанбе.
"""


def test_the_right_version_wins_over_a_similar_text_of_the_same_week(statement):
    decoy = make_doc("decoy-ru", "ru", DECOY_RU, date(2020, 9, 10))
    undated = replace(statement["ru"], doc_id="stmt-ru-undated", published=None)
    pairs = pair_documents([decoy, statement["zh"], undated])
    assert [(p.src_doc_id, p.tgt_doc_id) for p in pairs] == [("stmt-zh", "stmt-ru-undated")]
    assert "date" not in pairs[0].evidence


def test_seed_repost_aligns_with_the_russian_version_by_number(seed_text, statement):
    """The seed (a portal repost, numbering 一、 2. 3. 四、) against the ru fixture: clauses 1..12 by number."""
    zh = split_clauses(seed_text, "seed", "zh")
    ru = split_clauses(statement["ru"].text, "stmt-ru", "ru")
    result = align_clauses(zh, ru)
    assert [(l.src, l.tgt) for l in result.links if l.method == "number"] == [((n,), (n,)) for n in range(1, 13)]
    # inside clause 7 the sentence with resolution 73/27 is the one linked to the Russian sentence
    src = split_sentences(zh[7].text, "zh")
    links = align_texts(src, split_sentences(ru[7].text, "ru"), "zh", "ru")
    (linked,) = [l for l in links if l.tgt == (0,)]
    assert any("73/27" in src[i] for i in linked.src)


def test_three_languages_are_paired_each_with_each(statement):
    en = make_doc("stmt-en", "en", (FIXTURES / "statement_en.txt").read_text(encoding="utf-8"))
    pairs, reports = align_corpus([statement["zh"], statement["ru"], en])
    assert {(r.src_lang, r.tgt_lang) for r in reports} == {("zh", "ru"), ("zh", "en"), ("ru", "en")}
    assert all(r.clause_method == "number" and r.clause_links == 13 for r in reports)
    ru_en = [p for p in pairs if (p.src_lang, p.tgt_lang) == ("ru", "en") and p.level == "sentence"]
    by_clause = {}
    for p in ru_en:
        by_clause.setdefault(p.src_clause, []).append((p.src_ids, p.tgt_ids))
    assert by_clause[2] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert by_clause[9] == [((0, 1), (0,))]   # two ru sentences, one en sentence


def test_lost_numbering_on_one_side_aligns_the_whole_texts_by_sentence(statement):
    import re
    plain_ru = re.sub(r"(?m)^\d+\. ", "", statement["ru"].text)     # the ru version without its numbers
    pairs, reports = align_corpus([statement["zh"], replace(statement["ru"], text=plain_ru)])
    (report,) = reports
    assert report.clause_method == "whole"
    sentence = [p for p in pairs if p.level == "sentence"]
    ones = [p for p in sentence if p.link_type == "1-1"]
    assert len(ones) >= 20 and any("73/27" in p.src_text and "73/27" in p.tgt_text for p in sentence)


def test_same_day_articles_about_the_same_countries_are_not_paired():
    """Date, a shared year and the same country names are true of many unrelated articles of one day."""
    enc = EncodingInfo(None, None, None, "utf-8")
    day = date(2020, 9, 11)
    zh = Document("zh", "https://a.cn/1", "a.cn", "zh", "中俄外长会谈",
                  ("中国和俄罗斯两国外长在莫斯科举行会谈，双方就联合国安理会改革交换了意见。"
                   "外长表示，中方愿同俄方加强在上海合作组织框架内的协调。双方还讨论了2020年双边贸易的问题。") * 6,
                  day, None, enc)
    ru = Document("ru", "https://b.ru/2", "b.ru", "ru", "Выставка в Москве",
                  ("Министр сельского хозяйства России посетил выставку в Москве. Российские и китайские "
                   "компании обсудили поставки зерна в 2020 году. Выставка продлится до конца сентября. ") * 5,
                  day, None, enc)
    assert pair_documents([zh, ru]) == []
