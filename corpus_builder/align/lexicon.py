"""A small zh–ru–en lexicon of concepts (states, organisations, people, months …).

The data file ``data/lexicon_zh_ru_en.tsv`` has one concept per line:
``zh variants<TAB>ru variants<TAB>en variants``, variants separated by ``|``.
Chinese variants are found as substrings (longest first, no overlaps).
Russian variants are matched word by word on lower-cased stems, so that
inflection does not matter: «Российская Федерация», «Российской Федерации»
and «Российскую Федерацию» are the same concept.  English is matched on
lower-cased words.  A concept is named by its first English variant.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from operator import is_

from corpus_builder.resources import read_lines

LEXICON_FILE = "lexicon_zh_ru_en.tsv"

# Inflectional endings stripped from Russian lexicon words (longest first).
_RU_ENDINGS = sorted(
    "иями ями ами ого его ому ему ыми ими ой ей ий ый ая яя ое ее ые ие ую юю ов ев ом ем ам ям ах ях "
    "а я ы и у ю е о ь й".split(),
    key=len, reverse=True,
)
_MIN_STEM = 4       # words this short lose only a final vowel (and then take case endings only)
_MAX_TAIL = 4       # letters a text word may add after a stem (-ами, -ому, -овым)
_REFLEXIVE = ("ся", "сь")
_SHORT = -1         # marks a short word's stem: it takes a case ending, nothing else
_VOWELS = "аяыиуюеоьй"
_CASE_ENDINGS = {"", "а", "я", "ы", "и", "у", "ю", "е", "о", "ь", "й", "ой", "ей", "ом", "ем", "ам", "ям",
                 "ах", "ях", "ами", "ями", "ов", "ев", "ою", "ею"}
_WORD = re.compile(r"[\w'-]+")
# A word token, less a leading "75-" (75-летие -> летие, 75- -> ""): the lookahead starts a match only
# at a token's first character and the greedy tail takes the token to its end, so one C pass gives
# what _WORD and stripping ^\d+- from each token give.
_WORD_NO_NUM = re.compile(r"(?=[\w'-])(?:\d+-)?([\w'-]*)")
_DIGIT_HYPHEN = re.compile(r"-(?<=\d-)")  # starts with its literal: found like str.find, unlike \d-
_EN_MAX = 4         # longest English variant matched, in words


def ru_stem(word: str) -> str:
    """Lower-cased stem of a Russian word: one ending stripped (short words: a final vowel only)."""
    w = word.lower().replace("ё", "е")
    if len(w) <= _MIN_STEM:
        # a short word loses its final vowel (дети -> дет, Куба -> куб) and then
        # takes only case endings (детей, Кубы; not кубок), see _stem_fits
        return w[:-1] if len(w) >= 3 and w[-1] in _VOWELS else w
    if w.endswith(_REFLEXIVE) and len(w) > _MIN_STEM + 3:  # развивающиеся -> развивающие -> развивающ
        w = w[:-2]
    for end in _RU_ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= _MIN_STEM:
            return w[: -len(end)]
    return w


def words(text: str) -> list[str]:
    """Lower-cased word tokens (ё folded to е, a leading "75-" dropped)."""
    text = text.lower().replace("ё", "е")
    # with no digit before a hyphen no token starts with "75-": _WORD finds the same tokens, a sixth
    # faster (the search for "-" runs in C)
    return (_WORD_NO_NUM if _DIGIT_HYPHEN.search(text) else _WORD).findall(text)


@dataclass(slots=True)
class Lexicon:
    """Concept lookup for zh (substring), ru (stems) and en (words)."""

    zh: dict[str, str] = field(default_factory=dict)
    # first 3 letters -> [(stems, letters each text word may add, exact, concept)]
    ru: dict[str, list[tuple[tuple[str, ...], tuple[int, ...], bool, str]]] = field(default_factory=dict)
    en: dict[tuple[str, ...], str] = field(default_factory=dict)
    # first word -> lengths (longest first, at most _EN_MAX) of the en variants it starts
    _en_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # word -> concept, for the words that start no variant but themselves (most of them)
    _en_single: dict[str, str] = field(default_factory=dict)
    _zh_re: re.Pattern | None = None
    # text word -> the ru entries whose first stem it fits (a text repeats its words: each is tested once)
    _first_fit: dict[str, tuple] = field(default_factory=dict)

    def add(self, concept: str, zh: list[str], ru: list[str], en: list[str]) -> None:
        for form in zh:
            self.zh.setdefault(form, concept)
        for form in ru:
            toks = _WORD.findall(form)  # case kept: it tells names from common words
            if not toks:
                continue
            # all-caps abbreviations (ООН, ШОС, США) match only as whole words
            exact = form.isupper() and len(form) <= 5
            stems = tuple(words(form)) if exact else tuple(ru_stem(t) for t in toks)
            tails = tuple(_tail(t, exact) for t in toks)
            self.ru.setdefault(stems[0][:3], []).append((stems, tails, exact, concept))
            self._first_fit.clear()
        for form in en:
            key = tuple(words(form))
            self.en.setdefault(key, concept)
            if key and len(key) <= _EN_MAX:
                lengths = {len(key), *self._en_lengths.get(key[0], ())}
                self._en_lengths[key[0]] = tuple(sorted(lengths, reverse=True))
                if lengths == {1}:
                    self._en_single[key[0]] = self.en[key]
                else:
                    self._en_single.pop(key[0], None)
        self._zh_re = None

    def concepts(self, text: str, lang: str) -> Counter[str]:
        """How often each concept occurs in ``text`` (lang "zh", "ru" or "en")."""
        if lang == "zh":
            return Counter(map(self.zh.__getitem__, self._zh_pattern().findall(text)))
        toks = words(text)
        return self._ru_concepts(toks) if lang == "ru" else self._en_concepts(toks)

    def _zh_pattern(self) -> re.Pattern:
        if self._zh_re is None:
            # behind a test of the forms' first characters the engine enters the trie only where a
            # form may start (a tenth faster on real pages)
            firsts = "".join(sorted({re.escape(form[0]) for form in self.zh}))
            self._zh_re = re.compile(f"(?=[{firsts}]){trie_regex(self.zh)}" if self.zh else r"(?!x)x")
        return self._zh_re

    def _ru_concepts(self, toks: list[str]) -> Counter[str]:
        found: Counter[str] = Counter()
        fits = list(map(self._first_fit.get, toks))
        for i in compress(range(len(toks)), map(is_, fits, repeat(None))):  # words not seen before
            fits[i] = self._fitting_first(toks[i])
        free = 0  # tokens before this one belong to a match already
        # most words fit no entry: only those that do are visited in Python
        for i in compress(range(len(toks)), fits):
            if i < free:
                continue
            hit = self._longest(toks, i, fits[i])
            if hit:
                found[hit[1]] += 1
                free = i + hit[0]
        return found

    @staticmethod
    def _longest(toks: list[str], i: int, entries: tuple) -> tuple[int, str] | None:
        """Longest of the entries (their first stem fits token i) that fits from there: (tokens used, concept)."""
        best: tuple[int, str] | None = None
        for stems, tails, _exact, concept in entries:
            n = len(stems)
            if i + n > len(toks) or (best and best[0] >= n):
                continue
            if all(_stem_fits(toks[i + k], stems[k], tails[k]) for k in range(1, n)):
                best = (n, concept)
        return best

    def _fitting_first(self, token: str) -> tuple:
        fits = self._first_fit.get(token)
        if fits is None:
            fits = tuple(e for e in self.ru.get(token[:3], ()) if _stem_fits(token, e[0][0], e[1][0]))
            if len(self._first_fit) < 1 << 15:  # bounded: a long run meets new words forever
                self._first_fit[token] = fits
        return fits

    def _en_concepts(self, toks: list[str]) -> Counter[str]:
        """At every token the longest variant (up to _EN_MAX words) that starts there; only the
        tokens that start a variant are looked at."""
        starts, single, found = self._en_lengths, self._en_single, []
        # the tokens that start no variant (four in five) are passed over in C
        for i in compress(range(len(toks)), map(starts.__contains__, toks)):
            concept = single.get(toks[i]) or self._en_longest(toks, i)
            if concept:
                found.append(concept)
        return Counter(found)

    def _en_longest(self, toks: list[str], i: int) -> str | None:
        """The concept of the longest variant that starts at token i, if any."""
        for n in self._en_lengths[toks[i]]:
            concept = self.en.get(tuple(toks[i:i + n])) if i + n <= len(toks) else None
            if concept:
                return concept
        return None


def trie_regex(forms) -> str:
    """A regex matching any of ``forms``, the longest where several start at one place.

    The forms are merged into a prefix tree, so the engine follows one branch
    per character instead of trying a thousand alternatives at every position
    (an alternation of the sorted forms is the same language, several times slower).
    """
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict) -> str:
    children = [(ch, child) for ch, child in sorted(node.items()) if ch]
    if not children:
        return ""
    body = _branches(children)
    if len(children) > 1 or len(body) > 1:  # a single plain character needs no group
        body = f"(?:{body})"
    return body + "?" if "" in node else body


_LEAF = 32  # branches tried one by one; more are split in halves behind a test of their first characters


def _branches(children: list[tuple[str, dict]]) -> str:
    """The alternation of ``children`` (each a first character and its subtree).

    The engine tries an alternation's branches in turn, and the root of the
    lexicon has some 300; the first characters being distinct, at most one
    branch can match, so halves guarded by a one-character lookahead
    (``(?=[…])``) match the same and the engine tries some 2·log2(300) + 32
    branches per character that starts a form instead of 150 on average.
    """
    if len(children) <= _LEAF:
        return "|".join(re.escape(ch) + _node_regex(child) for ch, child in children)
    half = len(children) // 2
    return "|".join(f"(?=[{''.join(re.escape(ch) for ch, _ in part)}])(?:{_branches(part)})"
                    for part in (children[:half], children[half:]))


def _tail(word: str, exact: bool) -> int:
    """Letters a text word may add to the stem of ``word``; SHORT: only a case ending."""
    if exact:
        return 0
    if len(word) <= _MIN_STEM:
        return _SHORT
    return _MAX_TAIL + (2 if word.lower().endswith(_REFLEXIVE) else 0)


def _stem_fits(token: str, stem: str, tail: int) -> bool:
    if not token.startswith(stem):
        return False
    if tail == _SHORT:
        return token[len(stem):] in _CASE_ENDINGS
    return len(token) - len(stem) <= tail


def parse_lexicon(lines: list[str]) -> Lexicon:
    """Build a Lexicon from TSV lines (zh, ru, en variant lists)."""
    lex = Lexicon()
    for line in lines:
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 3:
            raise ValueError(f"lexicon line needs 3 tab-separated columns: {line!r}")
        zh, ru, en = ([v.strip() for v in c.split("|") if v.strip()] for c in cols[:3])
        lex.add(en[0] if en else (zh + ru)[0], zh, ru, en)
    return lex


@lru_cache(maxsize=None)
def default_lexicon() -> Lexicon:
    """The lexicon shipped under data/ (loaded once)."""
    return parse_lexicon(read_lines(LEXICON_FILE))
