"""tokenize() / segment_zh(): jieba with the user dictionary, razdel, English regex."""
from __future__ import annotations

import marshal
import multiprocessing
import os
import tempfile

import jieba
import pytest

from corpus_builder.text import segment
from corpus_builder.text.segment import read_userdict, segment_zh, tokenize, zh_tokenizer


def test_user_dictionary_keeps_diplomatic_terms_whole():
    words = segment_zh("中俄新时代全面战略协作伙伴关系和上海合作组织、欧亚经济联盟")
    assert "全面战略协作伙伴关系" in words or "新时代全面战略协作伙伴关系" in words
    assert "上海合作组织" in words and "欧亚经济联盟" in words


def test_plain_jieba_splits_what_the_user_dictionary_joins():
    plain = segment.build_tokenizer(userdict=False)
    assert "欧亚经济联盟" not in list(plain.cut("欧亚经济联盟", HMM=False))
    assert "欧亚经济联盟" in segment_zh("欧亚经济联盟")


def test_userdict_entries_are_well_formed():
    entries = read_userdict()
    assert len(entries) >= 200
    words = [w for w, _, _ in entries]
    assert len(words) == len(set(words))
    for word, freq, tag in entries:
        assert freq and freq > 0 and tag, word
        assert not word.startswith("#")


def test_segment_zh_drops_whitespace_and_keeps_characters():
    line = " 习近平　和普京\t会谈。 "
    words = segment_zh(line)
    assert all(w.strip() == w and w for w in words)
    assert "".join(words) == "".join(line.split())


def test_full_width_digits_and_letters_stay_together_as_written():
    words = segment_zh("１９９６年ＷＨＯ发布报告")
    assert "１９９６" in words and "ＷＨＯ" in words


def test_global_jieba_is_untouched():
    segment_zh("上海合作组织")
    assert zh_tokenizer() is not jieba.dt
    assert "欧亚经济联盟" not in jieba.dt.FREQ or jieba.dt.FREQ.get("欧亚经济联盟") != 2000


def test_tokenize_russian_and_english():
    assert tokenize("Москва, 12 августа 2002 года.", "ru") == ["Москва", ",", "12", "августа", "2002", "года", "."]
    assert tokenize("The Parties' co-operation: 3.5%!", "en") == [
        "The", "Parties", "'", "co-operation", ":", "3.5", "%", "!"]
    assert tokenize("  ", "zh") == [] and tokenize("", "ru") == []


def test_tokenize_rejects_unknown_language():
    with pytest.raises(ValueError, match="unsupported language"):
        tokenize("text", "de")


def _child_segment(queue) -> None:
    queue.put(segment_zh("上海合作组织和欧亚经济联盟"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_works_in_forked_and_spawned_workers():
    expected = segment_zh("上海合作组织和欧亚经济联盟")
    for method in ("fork", "spawn"):
        ctx = multiprocessing.get_context(method)
        queue = ctx.Queue()
        proc = ctx.Process(target=_child_segment, args=(queue,))
        proc.start()
        result = queue.get(timeout=60)
        proc.join(timeout=60)
        assert proc.exitcode == 0
        assert result == expected


def test_numbers_with_decimals_thousands_and_percent_are_one_word():
    assert segment_zh("增长3.5%，达到1,200人") == ["增长", "3.5%", "，", "达到", "1,200", "人"]
    assert "１２．５" in segment_zh("１２．５亿")
    assert "Ｇ２０" in segment_zh("Ｇ２０峰会")  # letters and digits stay jieba's
    assert segment_zh("2016年6月25日") == ["2016", "年", "6", "月", "25", "日"]


def test_jieba_cache_read_whole_gives_what_jieba_loads(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    (tmp_path / "jieba.cache").write_bytes(marshal.dumps(({"中俄": 5, "中": 3}, 8)))
    tok = jieba.Tokenizer()
    assert segment.load_jieba_cache(tok)
    assert tok.FREQ == {"中俄": 5, "中": 3} and tok.total == 8 and tok.initialized
    assert tok.lcut("中俄", False, False) == ["中俄"]


@pytest.mark.parametrize("content", [None, b"", b"not marshal", b"\xe9"])
def test_missing_or_broken_jieba_cache_is_left_to_jieba(tmp_path, monkeypatch, content):
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    if content is not None:
        (tmp_path / "jieba.cache").write_bytes(content)
    tok = jieba.Tokenizer()
    assert not segment.load_jieba_cache(tok)
    assert not tok.initialized


def test_built_tokenizer_has_jiebas_dictionary_and_the_user_words():
    reference = jieba.Tokenizer()
    reference.initialize()
    for word, freq, tag in read_userdict():
        reference.add_word(word, freq, tag)
    tok = segment.build_tokenizer(userdict=True)
    assert tok.FREQ == reference.FREQ and tok.total == reference.total
