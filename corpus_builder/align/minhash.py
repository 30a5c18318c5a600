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

from corpus_builder.text.charmap import RunMap

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
    if lang_group(lang) == "zh":
        text = _t2s().convert(text)
    return _NON_WORD.sub("", _nfkc(text).lower())


# Full-width forms (，：（）… of Chinese texts) -> their compatibility decomposition (, : ( …).
_NARROW = RunMap({c: unicodedata.normalize("NFKD", chr(c)) for c in range(0xFF01, 0xFF5F)})


def _nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), three times faster on Chinese texts.

    NFKC composes the full compatibility decomposition (NFKD) of the text, and
    that of a character replaced by its own decomposition does not change:
    the result is the same.  Most Chinese texts need nothing else, so the full
    normalisation (some 90 ns a character) is left to the few that do.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", _NARROW(text))


def norm_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def shingle_hashes(normalised: str) -> np.ndarray:
    """Distinct 64-bit hashes of the SHINGLE-character shingles of a normalised text."""
    if not normalised:
        return np.zeros(0, dtype=np.uint64)
    cps = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
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
    h.sort()  # sorted and distinct (np.unique is several times slower here)
    return h[np.concatenate(([True], h[1:] != h[:-1]))]


def signature(normalised: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32) of a normalised text; all 0xFFFFFFFF if empty.

    One permutation hashing: the top bits of a shingle hash pick one of
    NUM_PERM bins and each bin keeps its smallest hash.  The hashes come sorted
    from np.unique, so each bin's minimum is found by a binary search; an empty
    bin borrows the next non-empty one (densification) so short texts compare
    fairly.  Linear in the text, unlike NUM_PERM separate hash functions.
    """
    hashes = shingle_hashes(normalised)
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
