"""Unit tests of the alignment building blocks: lengths, DP, anchors, lexicon, names, sentences,
and of the benchmark's link scoring (scripts/evaluation/alignment_scoring.py)."""
from __future__ import annotations

import random

import pytest

from corpus_builder.align.anchors import anchors, content_anchors, numbers, overlap, zh_numeral
from corpus_builder.align.galechurch import dp_align, gale_church, length_cost
from corpus_builder.align.lexicon import parse_lexicon, ru_stem
from corpus_builder.align.names import name_keys, skeleton
from corpus_builder.align.sentences import split_ru, split_sentences, split_zh
from evaluation.alignment_scoring import dropped, identity, merged, strict_counts


def test_length_cost_is_lowest_at_the_calibrated_ratio():
    best = length_cost(100, 324)
    assert best < length_cost(100, 250) < length_cost(100, 150)
    assert best < length_cost(100, 400) < length_cost(100, 600)


def test_heavy_tail_caps_the_cost_of_a_far_off_ratio():
    assert length_cost(100, 100, tail=1.35) < length_cost(100, 100) / 2


def test_dp_covers_every_segment_once_in_order():
    links = dp_align(5, 3, [(1, 1), (1, 0), (0, 1), (2, 1)], lambda i, j, di, dj: 1.0 if di == dj else 1.5)
    assert [i for l in links for i in l.src] == list(range(5))
    assert [j for l in links for j in l.tgt] == list(range(3))


def test_dp_band_is_widened_when_it_leaves_no_path():
    links = dp_align(40, 2, [(1, 1), (1, 0)], lambda i, j, di, dj: 0.0, width=1)
    assert [i for l in links for i in l.src] == list(range(40))


def test_gale_church_finds_a_two_to_one_link_by_length():
    src = [30, 10, 12, 40]
    tgt = [97, 72, 130]          # 10 + 12 zh chars -> 72 ru chars
    shapes = [(l.src, l.tgt) for l in gale_church(src, tgt)]
    assert shapes == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


@pytest.mark.parametrize("text, values", [
    ("2020年9月11日", [2020, 9, 11]),
    ("第 73/27 号决议", [73, 27]),
    ("1 000 человек и 3,5 %", [1000, 3.5]),
    ("1,000 people", [1000]),
    ("价值5000万英镑", [5e7]),
    ("50 млн фунтов", [5e7]),
    ("七十五周年", [75]),
    ("二〇二〇年", [2020]),
    ("5Млн, 2 Thousand, 3\u3000亿, 4万亿", [5e6, 2e3, 3e8, 4e12]),  # a scale word at once or after spaces, any case
    ("5\u1c84ыс 7 тонн 8.5 %", [5, 7, 8.5]),  # tall te is not т here, though re.I takes it for one
    ("5 MİLLION, 2 thouſand", [5e6, 2e3]),  # re.I matches İ and ſ, whose lower() is no key (was a KeyError)
])
def test_numbers_are_read_by_value(text, values):
    assert sorted(numbers(text)) == sorted(values)


def test_chinese_numerals_without_unit_are_words():
    assert zh_numeral("一一") is None
    assert zh_numeral("十二") == 12
    assert zh_numeral("一百零五") == 105


def test_overlong_or_foreign_chinese_numeral_runs_are_no_numbers():
    # found by fuzzing: a run of 〇/零 over 308 digits made float() overflow in numbers()
    # (over 4300, int() refused it); a run with another character raised KeyError
    assert zh_numeral("九" + "零" * 307) == 9 * 10 ** 307
    assert zh_numeral("九" + "零" * 308) is None
    assert zh_numeral("〇" * 5000) is None
    assert zh_numeral("千》") is None
    assert numbers("共" + "零" * 400 + "九人，2020年") == [2020.0]


def test_anchors_shared_across_languages():
    zh = anchors("2020年，联合国成立75周年。WHO呼吁？", "zh")
    ru = anchors("В 2020 году ООН исполняется 75 лет. ВОЗ и WHO призывают?", "ru")
    assert {"n:2020", "n:75", "l:who", "c:United Nations", "p:?"} <= (zh.keys() & ru.keys())
    shared, unshared = overlap(zh, ru)
    assert shared > unshared


@pytest.mark.parametrize("text, lang", [
    ("2020年，联合国成立75周年。WHO呼吁？习近平主席和普京总统会谈。", "zh"),
    ("В 2020 году ООН исполняется 75 лет. Путин и Си Цзиньпин, WHO и ВОЗ призывают!", "ru"),
    ("In 2020 the United Nations turned 75. WHO calls?", "en"),
])
def test_content_anchors_are_the_latin_concept_and_name_keys_of_anchors(text, lang):
    expected = {k: v for k, v in anchors(text, lang).items() if k[0] in "lct"}
    assert dict(content_anchors(text, lang)) == expected
    assert any(k.startswith("c:") for k in expected)


LEX = parse_lexicon([
    "俄罗斯联邦|俄罗斯\tРоссийская Федерация|Россия\tRussia",
    "联合国\tООН|Организация Объединенных Наций\tUnited Nations",
    "联合国安理会|安理会\tСовет Безопасности\tSecurity Council",
    "拉夫罗夫\tЛавров\tLavrov",
])


def test_russian_concepts_match_whatever_the_case_ending():
    text = "Российской Федерации, Российскую Федерацию, России; Лавровым и Лаврову; ООН, Организации Объединенных Наций"
    found = LEX.concepts(text, "ru")
    assert found == {"Russia": 3, "Lavrov": 2, "United Nations": 2}


def test_russian_abbreviations_match_whole_words_only():
    assert LEX.concepts("ООНовский пример", "ru") == {}


def test_chinese_concepts_take_the_longest_form():
    assert LEX.concepts("联合国安理会和联合国与俄罗斯联邦", "zh") == {
        "Security Council": 1, "United Nations": 1, "Russia": 1}


def test_english_concepts():
    assert LEX.concepts("Russia and Lavrov", "en") == {"Russia": 1, "Lavrov": 1}


def test_ru_stem_keeps_short_words():
    assert ru_stem("мир") == "мир"
    assert ru_stem("Федерация") == "федераци"


def test_lexicon_rejects_a_line_without_three_columns():
    with pytest.raises(ValueError):
        parse_lexicon(["中国\tКитай"])


@pytest.mark.parametrize("zh, ru", [("卡瓦诺", "Кавано"), ("斯图里奇", "Старридж"), ("弗雷克", "Флейк"),
                                    ("琼斯", "Джонс"), ("切尔西", "Челси")])
def test_name_skeletons_agree_across_scripts(zh, ru):
    assert set(name_keys(zh, "zh")) & set(name_keys(ru, "ru"))


def test_latin_names_skeleton_like_their_cyrillic_spelling():
    assert skeleton("Kavanaugh") == skeleton("kavano")
    assert name_keys("Zoran", "zh") == name_keys("Зоран", "ru")


def test_zh_sentences_keep_closing_quotes():
    assert split_zh("他说：“我们同意。”双方签署了协定！还有吗？好") == [
        "他说：“我们同意。”", "双方签署了协定！", "还有吗？", "好"]


def test_zh_semicolon_ends_a_sentence_and_lines_always_do():
    assert split_sentences("维护体系；反对制裁。\n第二行", "zh") == ["维护体系；", "反对制裁。", "第二行"]


def test_ru_sentences_by_razdel():
    assert split_ru("Стороны заявляют следующее. Г-н Иванов, т.е. министр, прибыл.") == [
        "Стороны заявляют следующее.", "Г-н Иванов, т.е. министр, прибыл."]


def test_strict_counts_include_null_links():
    gold = [((0,), (0,)), ((), (1,)), ((1,), (2,))]
    pred = [((0,), (0,)), ((1,), (1, 2))]
    c = strict_counts(gold, pred)
    assert (c.tp, c.pred, c.gold) == (1, 2, 3)
    assert c.prf()[0] == 0.5


def test_variants_keep_gold_links_consistent():
    base = identity([f"z{i}" for i in range(20)], [f"r{i}" for i in range(20)])
    for v in (merged(base, "zh", 0.2, random.Random(1)), merged(base, "ru", 0.2, random.Random(1)),
              dropped(base, "zh", 0.1, random.Random(1)), dropped(base, "ru", 0.1, random.Random(1))):
        assert [i for a, _ in v.gold for i in a] == list(range(len(v.zh)))
        assert [j for _, b in v.gold for j in b] == list(range(len(v.ru)))
        assert len(v.gold) < 20 or any(not a or not b for a, b in v.gold)


def test_dp_band_follows_a_long_omission():
    rng = random.Random(3)
    src = rng.sample(range(1000), 150)     # distinct "lengths": one right path
    tgt = src[:40] + src[110:]              # 70 segments missing on one side: far off the diagonal

    def cost(i, j, di, dj):
        if di == 0 or dj == 0:
            return 3.0
        return 0.0 if src[i] == tgt[j] else 20.0

    links = dp_align(len(src), len(tgt), [(1, 1), (1, 0), (0, 1)], cost, width=10)
    pairs = [(l.src[0], l.tgt[0]) for l in links if l.src and l.tgt]
    assert pairs == [(i, i) for i in range(40)] + [(i, i - 70) for i in range(110, 150)]


def test_longer_concepts_hide_the_words_inside_them():
    lex = parse_lexicon(["中国\tКитай\tChina", "发展中国家\tразвивающиеся страны\tdeveloping countries"])
    assert lex.concepts("发展中国家", "zh") == {"developing countries": 1}
    assert lex.concepts("развивающихся стран и развивающимися странами", "ru") == {"developing countries": 2}


def test_short_words_take_case_endings_only():
    lex = parse_lexicon(["古巴\tКуба\tCuba", "儿童\tдети\tchildren"])
    assert lex.concepts("Кубы, Кубе, детей, детям", "ru") == {"Cuba": 2, "children": 2}
    assert lex.concepts("кубок, детский", "ru") == {}


def test_counts_written_in_words():
    from corpus_builder.align.anchors import word_numbers
    assert word_numbers("меньше сорока восьми, двух стран, восемь заключенных, один из них", "ru") == [48, 2, 8]
    assert word_numbers("8 名囚犯，两名警察，三年，三街四坊", "zh") == [2, 3]
    assert {"n:8"} <= anchors("восемь заключенных", "ru").keys() & anchors("八名囚犯", "zh").keys()


def test_trie_regex_finds_the_same_matches_as_the_longest_first_alternation():
    import re

    from corpus_builder.align.lexicon import trie_regex

    forms = ["中国", "中国人民", "中国人", "中俄", "俄罗斯", "俄", "a.b", "上海合作组织", "上海"]
    text = "中国人民和俄罗斯人民，中俄关系；中国人在上海合作组织峰会上。俄方 a.b axb 上海"
    plain = re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
    trie = re.compile(trie_regex(forms))
    assert [m.group() for m in trie.finditer(text)] == [m.group() for m in plain.finditer(text)]
    assert trie.match("中国人民").group() == "中国人民" and trie.match("中国人").group() == "中国人"
    assert trie.fullmatch("axb") is None  # forms are literal: the dot is escaped


def test_trie_regex_with_many_first_characters_matches_the_alternation():
    import random
    import re

    from corpus_builder.align.lexicon import trie_regex

    rng = random.Random(7)
    letters = [chr(0x4E00 + i) for i in range(90)] + list("ab.")  # > 32 first characters: split branches
    forms = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 4))) for _ in range(400)}
    text = "".join(rng.choice(letters + [" "]) for _ in range(5000))
    plain = re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
    assert re.compile(trie_regex(forms)).findall(text) == plain.findall(text)
