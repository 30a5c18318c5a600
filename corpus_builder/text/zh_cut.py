"""jieba's dictionary cut (HMM off), computed in one pass per block: the same words, faster.

``jieba.Tokenizer.cut(text, HMM=False)`` builds a DAG of dictionary words as a
dict of lists, then finds the best route with a generator of (score, end)
tuples per character, slicing every word out of the text twice.  Segmentation
is the floor of the build's cost (issue 7), so this module does the same
computation without those intermediate objects: one right-to-left pass in
which each position scans its dictionary words (as get_DAG does) and keeps the
best of them (as calc does: the highest ``log(freq) - log(total) + score of the
rest``, the longest word on a tie, computed in jieba's order of floating-point
operations).  Blocks, skips and glued single ASCII characters follow jieba's
``cut`` and ``__cut_DAG_NO_HMM``.  ``tests/test_segment_zh_cut.py`` checks that
the words equal jieba's on real and random texts; it reads the tokenizer's
FREQ and total at each call, so words added later are seen.
"""
from __future__ import annotations

import re
from math import log

import jieba

# jieba's re_han_default and re_skip_default; re_eng is [a-zA-Z0-9].
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_SKIP = re.compile(r"(\r\n|\s)", re.U)
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def cut(tok: jieba.Tokenizer, text: str) -> list[str]:
    """``tok.lcut(text, False, False)``: jieba's words with HMM off."""
    tok.check_initialized()
    logtotal = log(tok.total)
    out: list[str] = []
    for i, block in enumerate(_HAN.split(text)):
        if i % 2:  # split() with one group alternates: text between matches, a match, ...
            _cut_block(block, tok.FREQ, logtotal, out)
        elif block:
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)  # jieba yields other characters one by one
    return out


def _cut_block(block: str, freq: dict, logtotal: float, out: list[str]) -> None:
    """The words of one run of Han/ASCII characters along jieba's best route."""
    n = len(block)
    score = [0.0] * (n + 1)
    end = list(range(n))
    for k in range(n - 1, -1, -1):
        best = None
        i, frag = k, block[k]
        f = freq.get(frag)
        while f is not None:
            if f:
                s = log(f) - logtotal + score[i + 1]
                if best is None or s >= best:  # ends ascend: on a tie the longer word wins
                    best, end[k] = s, i
            i += 1
            if i >= n:
                break
            frag = block[k:i + 1]
            f = freq.get(frag)
        if best is None:  # no dictionary word here: the character alone
            best = log(freq.get(block[k]) or 1) - logtotal + score[k + 1]
        score[k] = best
    _emit(block, end, out)


def _emit(block: str, end: list[int], out: list[str]) -> None:
    """Words along the route; single ASCII letters and digits in a row are glued (jieba's buf)."""
    x, n, buf = 0, len(block), ""
    while x < n:
        y = end[x] + 1
        word = block[x:y]
        if y - x == 1 and word in _ASCII_ALNUM:
            buf += word
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(word)
        x = y
    if buf:
        out.append(buf)
