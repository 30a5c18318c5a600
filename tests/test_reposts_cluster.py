"""Repost clustering: normalisation, MinHash, canonical choice, credible dates, seed page."""
from __future__ import annotations

from datetime import date, datetime, timezone

import opencc
import pytest
from store_factory import make_clauses, make_doc, make_text

from corpus_builder.align import minhash
from corpus_builder.align.reposts import choose_canonical, find_reposts, is_official, member_from_text
from corpus_builder.steps.reposts import rebuild_reposts
from corpus_builder.steps.rows import add_document
from corpus_builder.store import CorpusWriter, load
from corpus_builder.store.validate import validate

FETCHED = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _member(doc_id, text, url="https://portal.example.com/a", lang="zh", published=None, fetched=FETCHED):
    return member_from_text(doc_id, url, lang, text, published, fetched)


def test_official_domains_include_subdomains_only():
    assert is_official("https://www.fmprc.gov.cn/web/t1.shtml")
    assert is_official("http://mid.ru/ru/foreign_policy/")
    assert is_official("https://www.kremlin.ru/supplement/5413")
    assert not is_official("https://notmid.ru/a") and not is_official("https://mid.ru.example.com/a")
    assert is_official("https://a.example.org/x", domains=("example.org",))


def test_normalise_folds_script_case_and_punctuation():
    assert minhash.normalise("中俄外長發表聯合聲明。", "zh-Hant") == "中俄外长发表联合声明"
    assert minhash.normalise("Заявление  Сторон, 2020!", "ru") == "заявлениесторон2020"


def test_nfkc_shortcut_equals_unicodedata():
    import random
    import unicodedata

    # full-width forms next to what composes with its neighbours: combining marks, Hangul jamo
    alphabet = "，（）：！Ａａ１ｅ\u0301\u0327\u1100\u1161\u11a8가e中 ①™ﬁ\u00a0…"
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert minhash._nfkc(text) == unicodedata.normalize("NFKC", text), text


def test_normalised_code_points_keep_what_the_regex_keeps():
    import random
    import re

    import numpy as np

    every = "".join(map(chr, range(0x10000)))  # the table's whole range, lone surrogates included
    assert minhash.normalise(every, "ru") == re.sub(r"[\W_]+", "", unicodedata_nfkc(every).lower())
    # beyond the BMP (emoji, rare CJK) the regex does it; 𝐀 is a letter there, 😀 is not
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice("aЯ中 ,_1😀𝐀\U00020000\ud800…Ａ") for _ in range(rng.randint(0, 12)))
        expected = re.sub(r"[\W_]+", "", unicodedata_nfkc(text).lower())
        assert minhash.normalise(text, "en") == expected, text
        codes = minhash.normalised_codes(text, "en")
        assert codes.dtype == np.uint32 and minhash.text_of(codes) == expected
        assert minhash.codes_signature(codes).tolist() == minhash.signature(expected).tolist()


def unicodedata_nfkc(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def test_signature_is_the_documented_one_permutation_minhash():
    text = minhash.normalise(make_text(3, "zh", words=50), "zh")
    hashes = sorted({_shingle_hash(text[i:i + minhash.SHINGLE]) for i in range(len(text) - minhash.SHINGLE + 1)})
    first = {}
    for h in hashes:
        first.setdefault(h >> 58, h)
    filled = sorted(first)
    donors = [next((b for b in filled if b >= i), filled[0]) for i in range(minhash.NUM_PERM)]
    assert minhash.signature(text).tolist() == [(first[b] << 6 & (1 << 64) - 1) >> 32 for b in donors]
    assert minhash.signature("").tolist() == [0xFFFFFFFF] * minhash.NUM_PERM


def _shingle_hash(shingle: str) -> int:
    mask, h = (1 << 64) - 1, 0
    for ch in shingle:
        h = (h * 0x100000001B3 + ord(ch)) & mask
    h ^= h >> 29
    h = h * 0xBF58476D1CE4E5B9 & mask
    return h ^ h >> 32


def test_signature_similarity_tracks_overlap():
    text = make_text(1, "ru", words=300)
    sig = minhash.signature(minhash.normalise(text, "ru"))
    assert minhash.similarity(sig, minhash.signature(minhash.normalise(text + " конец", "ru"))) > 0.8
    other = minhash.signature(minhash.normalise(make_text(2, "ru", words=300), "ru"))
    assert minhash.similarity(sig, other) < 0.3


def test_exact_copies_and_near_copies_cluster_but_other_texts_do_not():
    base = make_text(7, "zh", words=300)
    members = [_member("a", base), _member("b", base + "\n"), _member("c", "首页 新闻\n" + base + "\n版权所有"),
               _member("d", make_text(8, "zh", words=300))]
    links = {l.doc_id: l for l in find_reposts(members)}
    assert set(links) == {"a", "b", "c"}
    assert len({l.cluster_id for l in links.values()}) == 1
    methods = {l.method for l in links.values()}
    assert "canonical" in methods and ("exact" in methods)


def test_languages_never_cluster_together():
    text = make_text(3, "zh", words=200)
    assert find_reposts([_member("a", text, lang="zh"), _member("b", text, lang="ru")]) == []


def test_canonical_prefers_official_then_earliest_credible_date():
    text = make_text(5, "zh", words=200)
    portal_old = _member("p1", text, published=date(2020, 9, 10))
    official = _member("o1", text, url="https://www.mfa.gov.cn/x", published=date(2020, 9, 11))
    assert choose_canonical([portal_old, official]).doc_id == "o1"
    future = _member("p2", text, published=date(2030, 1, 1))  # after its fetch: not credible
    late = _member("p3", text, published=date(2024, 4, 26))
    assert choose_canonical([future, late]).doc_id == "p3"
    links = {l.doc_id: l for l in find_reposts([future, late])}
    assert links["p2"].repost_of == "p3" and links["p2"].canonical_published == date(2024, 4, 26)


def _seed_docs(seed_text: str):
    body = "\n".join(ln.strip() for ln in seed_text.splitlines() if len(ln.strip()) > 40)
    trad = opencc.OpenCC("s2t").convert(body)
    official = make_doc(1, "zh", date(2020, 9, 11), url="https://www.fmprc.gov.cn/web/wjbzhd/t1813661.shtml",
                        text=body, source="fmprc")
    portal = make_doc(2, "zh", date(2024, 4, 26), url="https://news.portal.example.com/show-11022.html",
                      text=seed_text, source="portal")
    hant = make_doc(3, "zh-Hant", date(2024, 5, 2), url="https://hk.other-portal.example.net/a/77.html",
                    text="首頁 > 國際 > 正文\n" + trad + "\n本網站版權所有，轉載請註明出處\n相關新聞", source="hk")
    unrelated = make_doc(4, "zh", date(2021, 1, 1), text=make_text(4, "zh", words=600))
    return official, portal, hant, unrelated


def test_seed_page_and_traditional_copy_cluster_under_the_official_text(tmp_path, seed_text):
    official, portal, hant, unrelated = _seed_docs(seed_text)
    with CorpusWriter(tmp_path) as w:
        for doc in (portal, hant, unrelated):
            add_document(w, doc, make_clauses(doc))
        rebuild_reposts(w)
    first = load(tmp_path, "documents").set_index("doc_id")
    assert first.loc[hant.doc_id, "repost_of"] == portal.doc_id  # no official copy yet: earliest date wins
    with CorpusWriter(tmp_path) as w:  # a later run brings the official text
        add_document(w, official, make_clauses(official))
        links = rebuild_reposts(w)
    assert len({l.cluster_id for l in links}) == 1 and sum(1 for l in links if l.repost_of) == 2
    docs = load(tmp_path, "documents").set_index("doc_id")
    assert docs.loc[portal.doc_id, "repost_of"] == official.doc_id
    assert docs.loc[hant.doc_id, "repost_of"] == official.doc_id
    assert pd_isna(docs.loc[official.doc_id, "repost_of"])
    for doc in (official, portal, hant):
        assert docs.loc[doc.doc_id, "canonical_published"] == date(2020, 9, 11)
    assert pd_isna(docs.loc[unrelated.doc_id, "cluster_id"])
    assert docs.loc[unrelated.doc_id, "canonical_published"] == date(2021, 1, 1)
    reposts = load(tmp_path, "reposts").set_index("doc_id")
    assert reposts.loc[hant.doc_id, "similarity"] > 0.5
    assert validate(tmp_path).ok(strict=True)


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


@pytest.mark.parametrize("lang", ["zh", "ru"])
def test_empty_text_does_not_match_everything(lang):
    members = [_member("a", "", lang=lang), _member("b", "……", lang=lang), _member("c", make_text(1, lang))]
    assert {l.doc_id for l in find_reposts(members)} <= {"a", "b"}


def test_lsh_finds_pairs_near_the_threshold():
    """Copies sharing ~60% of their shingles must almost always become candidates."""
    found = 0
    for seed in range(40):
        base = make_text(seed, "ru", words=600).split("\n")
        other = make_text(seed + 1000, "ru", words=600).split("\n")
        a = minhash.signature(minhash.normalise("\n".join(base), "ru"))
        b = minhash.signature(minhash.normalise("\n".join(base[:2] + other[2:3]) + " ".join(base[2:])[:200], "ru"))
        found += bool(minhash.candidate_pairs([a, b]))
    assert found >= 36
