"""split_clauses on small hand-written documents: every numbering style, nesting, false positives."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus_builder.text.clauses import find_labels, split_clauses

FIXTURES = Path(__file__).parent / "fixtures" / "clauses"


def load(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def check_offsets(text: str, clauses) -> None:
    assert [c.index for c in clauses] == list(range(len(clauses)))
    for c in clauses:
        assert text[c.start:c.end] == c.text
        assert c.text == c.text.strip()
    for prev, nxt in zip(clauses[1:], clauses[2:]):
        assert prev.end <= nxt.start  # clauses follow each other without overlap
    for c in clauses[1:]:
        assert c.label in text[: c.start]
        assert text[: c.start].rstrip().endswith(c.label)  # the label sits right before the text


def split(name: str, lang: str):
    text = load(name)
    clauses = split_clauses(text, "doc", lang)
    check_offsets(text, clauses)
    return clauses


def test_zh_nested_items_stay_inside_their_clause():
    clauses = split("zh_nested.txt", "zh")
    assert [c.number for c in clauses] == [None, 1, 2, 3, 4]
    assert [c.label for c in clauses] == ["", "一、", "二、", "三、", "四、"]
    assert clauses[0].text.startswith("中华人民共和国和俄罗斯联邦")
    assert "（三）人文交流日益密切。" in clauses[1].text
    assert "（二）在上海合作组织框架内加强合作。" in clauses[2].text
    assert "2. 第二项具体措施。" in clauses[3].text
    assert all(c.doc_id == "doc" for c in clauses)


def test_zh_numbers_inside_sentences_are_not_labels():
    clauses = split("zh_nested.txt", "zh")
    body = clauses[2].text
    for line in ("2030年前", "75周年", "3.5%"):
        assert line in body
    assert "第 73/27 号决议" in clauses[3].text


def test_zh_heading_is_a_short_unpunctuated_first_line():
    clauses = split("zh_nested.txt", "zh")
    assert clauses[2].heading == "双方将加强在国际事务中的协调"
    assert clauses[2].text.startswith("双方将加强在国际事务中的协调\n2030年前")
    assert clauses[1].heading is None  # ends with 。
    assert clauses[4].heading is None  # nothing follows


def test_zh_articles_with_label_alone_on_its_line():
    clauses = split("zh_articles.txt", "zh")
    assert [(c.number, c.label) for c in clauses[1:]] == [(1, "第一条"), (2, "第二条"), (3, "第三条")]
    assert clauses[1].heading == "定义"
    assert clauses[2].text == "双方在平等互利的基础上开展合作。"
    assert clauses[3].text == "本协定自签署之日起生效，有效期五年。"
    assert clauses[0].text == "中华人民共和国政府和俄罗斯联邦政府协定"


def test_zh_arabic_dunhao_and_a_date_at_paragraph_start():
    clauses = split("zh_styles.txt", "zh")
    assert [c.label for c in clauses[1:]] == ["1、", "2、", "3、"]
    assert clauses[2].text.endswith("11.09.2020 双方在莫斯科举行会谈。")


def test_ru_roman_sections_with_nested_arabic_and_letters():
    clauses = split("ru_roman.txt", "ru")
    assert [(c.number, c.label) for c in clauses[1:]] == [(1, "I."), (2, "II."), (3, "III.")]
    assert [c.heading for c in clauses[1:]] == [
        "Общие положения", "Международная безопасность", "Заключительные положения"]
    assert "2. Стороны будут координировать позиции." in clauses[1].text
    assert "б) за укрепление режима нераспространения." in clauses[2].text


def test_ru_articles_with_and_without_heading():
    clauses = split("ru_articles.txt", "ru")
    assert [c.label for c in clauses[1:]] == ["Статья 1.", "Статья 2.", "Статья 3."]
    assert [c.heading for c in clauses[1:]] == [None, "Предмет Соглашения", None]
    assert "2) в области энергетики." in clauses[2].text
    assert clauses[3].text == "Настоящее Соглашение вступает в силу 11.09.2020."


def test_en_articles_with_lettered_sub_items():
    clauses = split("en_articles.txt", "en")
    assert [c.label for c in clauses[1:]] == ["Article 1", "Article 2", "Article 3"]
    assert clauses[1].heading == "Definitions"
    assert '(b) "Territory" means the land territory.' in clauses[1].text
    assert clauses[0].text == "The Parties have agreed as follows:"


def test_en_closing_parenthesis_numbering():
    clauses = split("en_paren.txt", "en")
    assert [(c.number, c.label) for c in clauses[1:]] == [(1, "1)"), (2, "2)"), (3, "3)")]
    assert clauses[2].text == "Cooperation on 3.5% growth targets for 2021."


@pytest.mark.parametrize("text,labels", [
    ("（一）甲。\n（二）乙。\n（三）丙。", ["（一）", "（二）", "（三）"]),
    ("(一)甲。\n(二)乙。", ["(一)", "(二)"]),
    ("1．甲。\n2．乙。", ["1．", "2．"]),
    ("十九、甲。\n二十、乙。", []),  # a sequence must start at 1
    ("前言。\n1.甲。\n2.乙。", ["1.", "2."]),
    ("(1) 甲。\n(2) 乙。", ["(1)", "(2)"]),
    ("一．甲。\n二.乙。", ["一．", "二."]),
    ("①甲。\n②乙。\n③丙。", ["①", "②", "③"]),
    ("一、甲：\n①子。\n②子。\n二、乙。", ["一、", "二、"]),
])
def test_zh_label_forms(text, labels):
    clauses = split_clauses(text, lang="zh")
    assert [c.label for c in clauses[1:]] == labels


def test_mixed_styles_continue_one_sequence():
    text = "前言。\n一、甲。\n2. 乙。\n3.丙。\n四、丁。\n五、戊。"
    clauses = split_clauses(text, lang="zh")
    assert [c.number for c in clauses[1:]] == [1, 2, 3, 4, 5]
    assert [c.label for c in clauses[1:]] == ["一、", "2.", "3.", "四、", "五、"]
    assert clauses[3].text == "丙。"


def test_number_that_does_not_continue_is_text():
    text = "一、甲。\n9. 一个孤立的编号段落。\n二、乙。\n1. 项目。"
    clauses = split_clauses(text, lang="zh")
    assert [c.label for c in clauses[1:]] == ["一、", "二、"]
    assert clauses[1].text == "甲。\n9. 一个孤立的编号段落。"
    assert clauses[2].text == "乙。\n1. 项目。"  # a lone 1. with no 2. is no numbering


def test_small_gap_is_accepted_and_large_jump_is_not():
    text = "一、甲。\n二、乙。\n四、丁。\n九、壬。\n五、戊。"
    clauses = split_clauses(text, lang="zh")
    assert [c.number for c in clauses[1:]] == [1, 2, 4, 5]
    assert "九、壬。" in clauses[3].text


def test_restart_in_same_style_starts_a_second_part():
    text = "Указ.\n1. Утвердить.\n2. Опубликовать.\nПриложение\n1. Первый принцип.\n2. Второй принцип."
    clauses = split_clauses(text, lang="ru")
    assert [c.number for c in clauses[1:]] == [1, 2, 1, 2]
    assert clauses[2].text == "Опубликовать.\nПриложение"


def test_nested_list_in_last_clause_does_not_restart_or_continue():
    text = "一、甲。\n二、乙。\n三、丙：\n（一）子一。\n（二）子二。\n（三）子三。\n（四）子四。"
    clauses = split_clauses(text, lang="zh")
    assert [c.label for c in clauses[1:]] == ["一、", "二、", "三、"]
    assert clauses[3].text.endswith("（四）子四。")


def test_unnumbered_text_is_one_clause():
    text = "  双方举行了会谈。\n会谈在友好气氛中进行。  "
    clauses = split_clauses(text, "d", "zh")
    assert len(clauses) == 1
    c = clauses[0]
    assert (c.index, c.number, c.label, c.heading) == (0, None, "", None)
    assert text[c.start:c.end] == c.text == "双方举行了会谈。\n会谈在友好气氛中进行。"


def test_no_preamble_and_empty_text():
    clauses = split_clauses("1. Alpha.\n2. Beta.", lang="en")
    assert (clauses[0].text, clauses[0].start, clauses[0].end) == ("", 0, 0)
    assert [c.text for c in clauses[1:]] == ["Alpha.", "Beta."]
    empty = split_clauses("", lang="zh")
    assert [(c.index, c.text, c.start, c.end) for c in empty] == [(0, "", 0, 0)]


def test_letters_are_clauses_only_without_other_numbering():
    clauses = split_clauses("Стороны:\nа) первое;\nб) второе;\nв) третье.", lang="ru")
    assert [(c.number, c.label) for c in clauses[1:]] == [(1, "а)"), (2, "б)"), (3, "в)")]


def test_bad_language_is_rejected():
    with pytest.raises(ValueError, match="unsupported language"):
        split_clauses("text", lang="de")


def test_find_labels_reads_homoglyph_and_full_width_numbers():
    labels = find_labels("Статья З\nтекст", "ru") + find_labels("１２．正文", "zh")
    assert [(lab.text, lab.number) for lab in labels] == [("Статья З", 3), ("１２．", 12)]


def test_chapter_headings_end_the_clause_before_them():
    text = load("zh_law_chapters.txt")
    clauses = split_clauses(text, "law", "zh")
    check_offsets(text, clauses)
    assert [c.label for c in clauses[1:]] == ["第一条", "第二条", "第三条", "第四条", "第五条"]
    assert clauses[0].text == "（2018年3月20日第十三届全国人民代表大会第一次会议通过）"
    assert clauses[2].text == "坚持中国共产党对国家监察工作的领导。"  # no "第二章…" appended
    assert clauses[4].text.endswith("（三）对违法的公职人员依法作出政务处分决定。")
    assert all("章" not in c.text for c in clauses)


def test_chapters_are_clauses_only_without_other_numbering():
    text = "Глава 1. Общие положения\nТекст первой главы.\nГлава 2. Заключительные положения\nТекст."
    clauses = split_clauses(text, lang="ru")
    assert [(c.number, c.label) for c in clauses[1:]] == [(1, "Глава 1."), (2, "Глава 2.")]
    assert clauses[1].heading == "Общие положения"
    clauses = split_clauses("CHAPTER II\nArticle 1\nText.\nArticle 2\nMore.\nCHAPTER III\nArticle 3\nEnd.", lang="en")
    assert [c.label for c in clauses[1:]] == ["Article 1", "Article 2", "Article 3"]
    assert clauses[2].text == "More."


def test_paragraphs_numbered_across_sections_stay_in_their_sections():
    text = "一、政治领域\n1. 甲。\n2. 乙。\n二、经济领域\n3. 丙。\n4. 丁。"
    clauses = split_clauses(text, lang="zh")
    assert [c.label for c in clauses[1:]] == ["一、", "二、"]
    assert [c.heading for c in clauses[1:]] == ["政治领域", "经济领域"]
    assert clauses[2].text == "经济领域\n3. 丙。\n4. 丁。"


def test_roman_alone_on_its_line_and_cyrillic_lookalikes():
    text = "Преамбула.\nI\nПервый раздел.\nII\nВторой раздел.\nІІІ.\nТретий раздел (Cyrillic І)."
    clauses = split_clauses(text, lang="ru")
    assert [(c.number, c.label) for c in clauses[1:]] == [(1, "I"), (2, "II"), (3, "ІІІ.")]
    assert clauses[3].text == "Третий раздел (Cyrillic І)."


def test_inline_numbering_only_when_no_paragraph_is_numbered():
    merged = "双方声明如下：一、甲方同意。二、乙方同意。Статья 3 无关。三、完毕。"
    clauses = split_clauses(merged, lang="zh")
    check_offsets(merged, clauses)
    assert [c.label for c in clauses[1:]] == ["一、", "二、", "三、"]
    assert clauses[0].text == "双方声明如下："
    assert clauses[2].text == "乙方同意。Статья 3 无关。"
    # with numbered paragraphs, a list inside a paragraph stays text
    text = "一、分为两类：一、甲类。二、乙类。\n二、完毕。"
    clauses = split_clauses(text, lang="zh")
    assert [c.text for c in clauses[1:]] == ["分为两类：一、甲类。二、乙类。", "完毕。"]
