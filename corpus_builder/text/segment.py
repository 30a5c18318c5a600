"""Word segmentation: jieba for Chinese, razdel's rules for Russian, a regex for English.

Chinese uses a private ``jieba.Tokenizer`` (the global one is left alone) with
jieba's dictionary plus ``data/userdict_zh.txt`` (diplomatic names and terms),
HMM off: on SIGHAN 2005 MSR the HMM's guesses at unknown words cost more than
they gain (F1 0.812 with, 0.826 without; see scripts/bench_segment.py).  The
cut itself is :mod:`corpus_builder.text.zh_cut`: jieba's words, about twice as fast.

The tokenizer is built once per process, lazily, on first use.  A forked
worker inherits a built tokenizer as is; one that forks while another thread
is building gets a fresh lock and builds its own.
"""
from __future__ import annotations

import logging
import marshal
import os
import re
import tempfile
import threading
from pathlib import Path

import jieba

from corpus_builder.resources import read_lines
from corpus_builder.text.charmap import RunMap
from corpus_builder.text.ru_tokens import tokenize_ru
from corpus_builder.text.zh_cut import cut

USERDICT = "userdict_zh.txt"
# U+FF01..U+FF5E are full-width forms of ASCII 0x21..0x7E; the mapping keeps lengths.
_TO_ASCII = RunMap({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})
# A number not glued to Latin letters (G20, 3D stay jieba's): 1,200  3.5  80%.
_NUMBER = re.compile(r"(?<![A-Za-z0-9.,])[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?[%‰]?(?![A-Za-z0-9])")
_EN_WORD = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _reset_after_fork() -> None:
    global _lock
    _lock = threading.Lock()  # a lock held by a thread of the parent is never released


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def zh_tokenizer() -> jieba.Tokenizer:
    """This process's jieba tokenizer with the user dictionary loaded."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = build_tokenizer(userdict=True)
    return _tokenizer


def build_tokenizer(userdict: bool = True) -> jieba.Tokenizer:
    """A new, initialised jieba tokenizer (also used by the benchmark for plain jieba)."""
    # jieba logs "Building prefix dict ..." at DEBUG to its own stderr handler.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    if not load_jieba_cache(tok):
        tok.initialize()  # builds the prefix dict and writes jieba's cache
    if userdict:
        for word, freq, tag in read_userdict():
            tok.add_word(word, freq, tag)
    return tok


def load_jieba_cache(tok: jieba.Tokenizer) -> bool:
    """Initialise a default-dictionary tokenizer from jieba's own cache file; False if there is none.

    jieba reads the cache with ``marshal.load(file)``, which fetches the file
    piece by piece (0.56 s here); read whole and unmarshalled it takes 0.17 s,
    paid by every worker of every build.  The file is jieba's (written
    atomically by ``initialize``); anything unexpected leaves it to jieba.
    """
    if tok.dictionary != jieba.DEFAULT_DICT or tok.cache_file or tok.tmp_dir or tok.initialized:
        return False
    try:
        freq, total = marshal.loads((Path(tempfile.gettempdir()) / "jieba.cache").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    if not isinstance(freq, dict) or not freq or not isinstance(total, int):
        return False
    tok.FREQ, tok.total, tok.initialized = freq, total, True
    return True


def read_userdict(name: str = USERDICT) -> list[tuple[str, int | None, str | None]]:
    """Entries ``word [freq] [tag]`` of a jieba user dictionary; ``#`` comments skipped."""
    entries = []
    for line in read_lines(name):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((parts[0], freq, tag))
    return entries


def segment_zh(line: str) -> list[str]:
    """Chinese words of a line (jieba, HMM off, user dictionary); no whitespace tokens.

    Full-width digits and Latin letters (１９９６, ＷＨＯ) are cut as their ASCII
    forms, which jieba keeps together, and returned as written.  A number with
    its decimals, thousands and percent sign is one word (3.5%, １,２００).
    """
    ascii_line = _TO_ASCII(line)
    pieces = _cut_ascii(ascii_line)
    if ascii_line == line:  # the common case: the pieces are the words as written
        return [w for w in pieces if not w.isspace()]
    words, pos = [], 0
    for piece in pieces:
        word = line[pos:pos + len(piece)]  # the same characters as written
        pos += len(piece)
        if not word.isspace():
            words.append(word)
    return words


def _cut_ascii(line: str) -> list[str]:
    """jieba pieces of a line, numbers such as 3.5% or 1,200 kept whole (jieba splits at the dot)."""
    tok, pos, out = zh_tokenizer(), 0, []
    for m in _NUMBER.finditer(line):
        if m.group().isdigit():
            continue  # jieba keeps plain digit runs whole; one cut call is faster
        out += cut(tok, line[pos:m.start()])
        out.append(m.group())
        pos = m.end()
    out += cut(tok, line[pos:])
    return out


def tokenize(text: str, lang: str) -> list[str]:
    """Words and punctuation of ``text`` in language zh, ru or en; never whitespace."""
    if lang == "zh":
        return segment_zh(text)
    if lang == "ru":
        return tokenize_ru(text)  # razdel's tokens, about 5x faster
    if lang == "en":
        return _EN_WORD.findall(text)
    raise ValueError(f"unsupported language {lang!r} (expected zh, ru or en)")
