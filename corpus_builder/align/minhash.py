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
    text = unicodedata.normalize("NFKC", text).lower()
    return _NON_WORD.sub("", text)


def norm_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def shingle_hashes(normalised: str) -> np.ndarray:
    """Distinct 64-bit hashes of the SHINGLE-character shingles of a normalised text."""
    if not normalised:
        return np.zeros(0, dtype=np.uint64)
    cps = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    k = min(SHINGLE, len(cps))
    h = np.zeros(len(cps) - k + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _BASE + cps[j: len(cps) - k + 1 + j]
        h ^= h >> np.uint64(29)          # mix the low bits up before multiply-shift
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
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
    bins = np.arange(NUM_PERM, dtype=np.uint64)
    idx = np.minimum(np.searchsorted(hashes, bins << _BIN_SHIFT), len(hashes) - 1)
    first = hashes[idx]
    filled = np.flatnonzero((first >> _BIN_SHIFT) == bins)
    donor = filled[np.searchsorted(filled, np.arange(NUM_PERM)) % len(filled)]
    return ((first[donor] << np.uint64(64 - int(_BIN_SHIFT))) >> np.uint64(32)).astype(np.uint32)


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
