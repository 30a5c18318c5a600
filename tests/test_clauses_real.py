"""split_clauses on real documents read from ../shared (skipped when absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus_builder.text.clauses import split_clauses

SEED_LABELS = ["一、", "2.", "3.", "四、", "五、", "六、", "七、", "八、", "九、", "十、", "十一、", "十二、"]


@pytest.fixture(scope="module")
def statement(seed_text: str) -> str:
    """The statement body: non-empty stripped lines from the preamble to clause 十二."""
    lines = [ln.strip() for ln in seed_text.splitlines() if ln.strip()]
    first = next(i for i, ln in enumerate(lines) if ln.startswith("俄罗斯联邦和中华人民共和国本着"))
    last = next(i for i, ln in enumerate(lines) if ln.startswith("十二、"))
    return "\n".join(lines[first:last + 1])


def kremlin(shared_dir: Path, act: str) -> str:
    path = shared_dir / "realdata" / "ru" / "text" / f"kremlin_acts_bank_{act}.txt"
    if not path.exists():
        pytest.skip(f"{path.name} missing")
    return path.read_text(encoding="utf-8")


def assert_offsets(text: str, clauses) -> None:
    for c in clauses:
        assert text[c.start:c.end] == c.text


def test_seed_has_preamble_and_twelve_clauses(statement):
    clauses = split_clauses(statement, "seed", "zh")
    assert_offsets(statement, clauses)
    assert [c.index for c in clauses] == list(range(13))
    assert [c.number for c in clauses] == [None] + list(range(1, 13))
    assert [c.label for c in clauses[1:]] == SEED_LABELS
    assert clauses[0].text.startswith("俄罗斯联邦和中华人民共和国本着")
    assert clauses[0].text.endswith("双方声明如下:")
    assert clauses[3].text.startswith("在75年度日二战结束")  # "3.在…": label without a space


def test_seed_clause_8_heading_joined_with_its_body(statement):
    eight = split_clauses(statement, "seed", "zh")[8]
    assert eight.heading == "各方对数字经济综合影响的认识"
    assert eight.text.startswith("各方对数字经济综合影响的认识\n关于世界各国的社会经济发展")
    assert eight.text.endswith("支持信息产品和服务的全球供应链。")
    assert all(c.heading is None for i, c in enumerate(split_clauses(statement, "seed", "zh")) if i != 8)


def test_seed_unnumbered_paragraph_stays_in_clause_4(statement):
    clauses = split_clauses(statement, "seed", "zh")
    assert "建立战略互动,\n俄罗斯和中国呼吁所有参与军控" in clauses[4].text.replace("，", ",")
    assert clauses[5].text.startswith("双方将继续就促进和保护人权开展合作")
    # "2030年", "第75届", "第 73/27 号决议" at or inside paragraphs are no labels
    assert "2030年可持续发展议程" in clauses[1].text
    assert "第 73/27 号决议" in clauses[7].text


def test_kremlin_decree_and_its_annex(shared_dir):
    text = kremlin(shared_dir, "18458")
    clauses = split_clauses(text, "18458", "ru")
    assert_offsets(text, clauses)
    # the decree's items 1-3, then the annexed principles 1-3 (а)-т) are sub-items of 2)
    assert [c.number for c in clauses] == [None, 1, 2, 3, 1, 2, 3]
    assert clauses[0].text.startswith("У К А З")
    assert clauses[1].text.startswith("Утвердить  прилагаемые  общие принципы")
    assert clauses[3].text.startswith("Настоящий  Указ  вступает  в  силу")
    assert clauses[4].text.startswith("Настоящие   общие   принципы")
    assert "т) воздерживаться в публичных" in clauses[5].text
    assert "в) не допускать случаев принуждения" in clauses[6].text
    assert all(c.heading is None for c in clauses)


def test_kremlin_order_and_agreement_articles(shared_dir):
    text = kremlin(shared_dir, "18656")
    clauses = split_clauses(text, "18656", "ru")
    assert_offsets(text, clauses)
    assert [c.number for c in clauses] == [None, 1, 2] + list(range(1, 11))
    assert [c.label for c in clauses[3:]] == [
        f"Статья {n}" for n in ("1", "2", "З", "4", "5", "6", "7", "8", "9", "10")]
    assert clauses[1].text.startswith("Одобрить представленный ФПС России")
    assert clauses[5].text.startswith("Передача участка")  # "Статья З": a Cyrillic Ze typed for 3
    # numbers at wrapped line ends and starts ("статьей  1", "15 Соглашения", "1993 г.") are no labels
    assert "статьей  1\nнастоящего Соглашения" in clauses[4].text
    assert clauses[6].text.endswith("статье\n15 Соглашения от 25 мая 1993 г.")
    assert clauses[10].text.endswith("Соглашением от 25 мая\n1993 г.")
    assert clauses[12].text.startswith("Настоящее Соглашение вступает в силу")
    assert all(c.heading is None for c in clauses)  # hard-wrapped first lines are not headings


@pytest.mark.parametrize("sep", ["", " "])
def test_seed_with_paragraph_breaks_lost(statement, sep):
    merged = statement.replace("\n", sep)
    clauses = split_clauses(merged, "seed", "zh")
    assert_offsets(merged, clauses)
    assert [c.label for c in clauses[1:]] == SEED_LABELS
    assert clauses[0].text.endswith("双方声明如下:")
    assert clauses[8].text.startswith("各方对数字经济综合影响的认识" + sep + "关于世界各国")
