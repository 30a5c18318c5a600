"""MinHash signatures and LSH banding over character shingles (numpy, no scipy).

Texts are normalised first (:func:`normalise`): Traditional Chinese is
converted to Simplified with OpenCC (a repost in Traditional characters must
hash like the original), Unicode NFKC, lower case, and everything that is not
a letter or digit is dropped, so that spacing and punctuation of a portal do
not matter.  Shingles are ``SHINGLE`` consecutive characters, hashed with a
rolling polynomial; signatures use the multiply-shift family, which is fast in
numpy and good enough for Jaccard estimates.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from typing import Sequence

import numpy as np

SHINGLE = 5
NUM_PERM = 64
BANDS = 16          # 16 bands x 4 rows: pairs above ~0.5 Jaccard become candidates
_SEED = 20200911
_BASE = np.uint64(0x100000001B3)
_NON_WORD = re.compile(r"[\W_]+")
_CHUNK = 4096       # shingles per block when hashing long texts (bounds memory)


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


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
    return a, b


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
    return np.unique(h)


def signature(normalised: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32) of a normalised text; all 0xFFFFFFFF if empty."""
    a, b = _permutations()
    sig = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint64)
    hashes = shingle_hashes(normalised)
    with np.errstate(over="ignore"):
        for start in range(0, len(hashes), _CHUNK):
            block = hashes[start: start + _CHUNK]
            values = (np.outer(block, a) + b) >> np.uint64(32)
            sig = np.minimum(sig, values.min(axis=0))
    return sig.astype(np.uint32)


def similarity(sig_a: Sequence[int] | np.ndarray, sig_b: Sequence[int] | np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.asarray(sig_a) == np.asarray(sig_b)))


def candidate_pairs(signatures: Sequence[np.ndarray]) -> set[tuple[int, int]]:
    """Index pairs that share at least one LSH band (each pair once, i < j)."""
    rows = NUM_PERM // BANDS
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, sig in enumerate(signatures):
        raw = np.asarray(sig, dtype=np.uint32)
        for band in range(BANDS):
            buckets[(band, raw[band * rows: (band + 1) * rows].tobytes())].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        # link each member to the first and to its neighbour: enough for clustering,
        # and linear in a bucket's size even when thousands of copies share it
        for pos in range(1, len(members)):
            pairs.add((members[0], members[pos]))
            pairs.add((members[pos - 1], members[pos]))
    return pairs
