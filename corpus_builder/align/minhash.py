"""MinHash signatures and LSH banding over character shingles (numpy, no scipy).

Texts are normalised first (:func:`normalise`): Traditional Chinese is
converted to Simplified with OpenCC (a repost in Traditional characters must
hash like the original), Unicode NFKC, lower case, and everything that is not
a letter or digit is dropped, so that spacing and punctuation of a portal do
not matter.  Shingles are ``SHINGLE`` consecutive characters, hashed with a
rolling polynomial and mixed; signatures use one permutation hashing (see
:func:`signature`), which is linear in the text and fast in numpy.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Sequence

import numpy as np

SHINGLE = 5
NUM_PERM = 64       # bins of the signature (a power of two)
_BIN_SHIFT = np.uint64(64 - 6)  # the top log2(NUM_PERM) bits of a hash pick its bin
BANDS = 21          # 21 bands x 3 rows: a pair at Jaccard 0.5 is a candidate with p=0.94, at 0.7 p>0.999
_BASE = np.uint64(0x100000001B3)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_SHIFT_29, _SHIFT_32 = np.uint64(29), np.uint64(32)
# made once: each is a numpy call per text otherwise
_BIN_INDEXES = np.arange(NUM_PERM)
_BINS = _BIN_INDEXES.astype(np.uint64)
_BIN_STARTS = _BINS << _BIN_SHIFT           # the smallest hash of each bin
_BIN_BITS = np.uint64(64 - int(_BIN_SHIFT))  # log2(NUM_PERM)
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: only reposts need it

    return opencc.OpenCC("t2s")


def lang_group(lang: str) -> str:
    """Languages whose texts may be copies of each other: zh, zh-Hant, zh-TW -> zh."""
    return lang.split("-")[0].split("_")[0].lower()


def normalise(text: str, lang: str) -> str:
    """Text reduced to what a copy keeps: simplified, NFKC, lower case, letters and digits only."""
    return text_of(normalised_codes(text, lang))


def normalised_codes(text: str, lang: str) -> np.ndarray:
    """The code points (uint32) of :func:`normalise` (text, lang): what the shingles are hashed
    from, so the string itself is only made for :func:`norm_hash`.

    Letters and digits are kept by a lookup in a table of the BMP (what ``[\\W_]`` does not
    match): one numpy call instead of a regex match for every run of spaces and punctuation.
    """
    if lang_group(lang) == "zh":
        text = _t2s().convert(text)
    codes = _code_points(_nfkc(text).lower())
    if len(codes) and codes.max() < len(_word_table()):
        return codes[_word_table()[codes]]
    return _code_points(_NON_WORD.sub("", text_of(codes)))  # empty, or beyond the BMP (emoji …)


def _code_points(text: str) -> np.ndarray:
    # surrogatepass: a lone surrogate (not a word character) must not stop the text
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def text_of(codes: np.ndarray) -> str:
    """The string of code points (inverse of the encoding used here)."""
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def _word_table() -> np.ndarray:
    """True for the code points of the BMP that ``_NON_WORD`` does not match (letters, digits)."""
    table = np.zeros(0x10000, dtype=bool)
    for run in re.finditer(r"[^\W_]+", "".join(map(chr, range(len(table))))):
        table[run.start():run.end()] = True
    return table


# Full-width forms (，：（）… of Chinese texts, U+FF01-FF5E) decompose to the ASCII character 0xFEE0 below.
_WIDE_FIRST, _WIDE_COUNT, _WIDE_SHIFT = np.uint32(0xFF01), np.uint32(0x5E), np.uint32(0xFEE0)


def _nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), several times faster on Chinese texts.

    NFKC composes the full compatibility decomposition (NFKD) of the text, and
    that of a character replaced by its own decomposition does not change:
    the result is the same.  Replacing the full-width forms and "…" (the
    characters of Chinese texts that NFKC changes) that way leaves most texts
    normalised, so the full normalisation (some 90 ns a character) is left
    to the few that need more.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    codes = _code_points(text)
    wide = (codes - _WIDE_FIRST) < _WIDE_COUNT  # unsigned: a code point below the block wraps round
    narrow = text_of(np.where(wide, codes - _WIDE_SHIFT, codes)).replace("\u2026", "...")
    return unicodedata.normalize("NFKC", narrow)


def norm_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def shingle_hashes(normalised: str) -> np.ndarray:
    """Distinct 64-bit hashes of the SHINGLE-character shingles of a normalised text."""
    h = _sorted_shingle_hashes(_code_points(normalised))
    return h[np.concatenate(([True], h[1:] != h[:-1]))]  # np.unique is several times slower here


def _sorted_shingle_hashes(codes: np.ndarray) -> np.ndarray:
    """The 64-bit hashes of the shingles of a normalised text's code points, sorted (repeats kept)."""
    if not len(codes):
        return np.zeros(0, dtype=np.uint64)
    cps = codes.astype(np.uint64)
    k = min(SHINGLE, len(cps))
    n = len(cps) - k + 1
    # in place, and without np.errstate (a context manager per text): array arithmetic wraps
    # around silently, only numpy scalars warn on overflow
    h = cps[:n].copy()
    for j in range(1, k):
        h *= _BASE
        h += cps[j: n + j]
    h ^= h >> _SHIFT_29  # mix the low bits up before multiply-shift
    h *= _MIX
    h ^= h >> _SHIFT_32
    h.sort()
    return h


def signature(normalised: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32) of a normalised text; all 0xFFFFFFFF if empty."""
    return codes_signature(_code_points(normalised))


def codes_signature(codes: np.ndarray) -> np.ndarray:
    """MinHash signature of a normalised text's code points (:func:`normalised_codes`).

    One permutation hashing: the top bits of a shingle hash pick one of
    NUM_PERM bins and each bin keeps its smallest hash.  The hashes come
    sorted, so each bin's minimum is found by a binary search (a repeated
    hash changes no minimum: they need not be made distinct); an empty
    bin borrows the next non-empty one (densification) so short texts compare
    fairly.  Linear in the text, unlike NUM_PERM separate hash functions.
    """
    hashes = _sorted_shingle_hashes(codes)
    if not len(hashes):
        return np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    idx = np.minimum(np.searchsorted(hashes, _BIN_STARTS), len(hashes) - 1)
    first = hashes[idx]
    filled = np.flatnonzero((first >> _BIN_SHIFT) == _BINS)
    donor = filled[np.searchsorted(filled, _BIN_INDEXES) % len(filled)]
    return ((first[donor] << _BIN_BITS) >> _SHIFT_32).astype(np.uint32)


def similarity(sig_a: Sequence[int] | np.ndarray, sig_b: Sequence[int] | np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.asarray(sig_a) == np.asarray(sig_b)))


def _band_keys(sigs: np.ndarray, band: int) -> np.ndarray:
    """One 64-bit key per signature for a band (a collision only adds a candidate to verify)."""
    rows = NUM_PERM // BANDS
    key = np.zeros(len(sigs), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col in sigs[:, band * rows: (band + 1) * rows].T:
            key = key * _BASE + col
    return key


def candidate_pairs(signatures: Sequence[np.ndarray]) -> set[tuple[int, int]]:
    """Index pairs that share at least one LSH band (each pair once, i < j).

    Per band the keys are sorted; each signature in a run of equal keys is
    linked to the run's first member and to its neighbour: enough for
    clustering, and linear in a run's size even when thousands of copies share it.
    """
    if len(signatures) < 2:
        return set()
    sigs = np.asarray(signatures, dtype=np.uint64).reshape(len(signatures), NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        key = _band_keys(sigs, band)
        order = np.argsort(key, kind="stable")
        same = key[order][1:] == key[order][:-1]
        if not same.any():
            continue
        starts = np.concatenate(([True], ~same))
        first = order[np.flatnonzero(starts)[np.cumsum(starts) - 1]]
        pos = np.flatnonzero(same) + 1
        for a, b in zip(order[pos].tolist(), order[pos - 1].tolist()):
            pairs.add((min(a, b), max(a, b)))
        for a, b in zip(order[pos].tolist(), first[pos].tolist()):
            pairs.add((min(a, b), max(a, b)))
    return pairs
