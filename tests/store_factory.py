"""Small synthetic records for the store and repost tests (deterministic)."""
from __future__ import annotations

import random
from datetime import date, datetime, timezone

from corpus_builder.records import AlignedPair, Clause, Document, EncodingInfo, make_doc_id

ENC = EncodingInfo("utf-8", None, "utf-8", "utf-8")


def _word(rng: random.Random, lang: str) -> str:
    if lang.startswith("zh"):
        return "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(rng.randint(1, 3)))
    return "".join(chr(0x430 + rng.randrange(32)) for _ in range(rng.randint(2, 9)))


def make_text(seed: int, lang: str = "zh", words: int = 60) -> str:
    """Three lines of random pseudo-words: distinct seeds give unrelated texts."""
    rng = random.Random(seed)
    sep = "" if lang.startswith("zh") else " "
    return "\n".join(sep.join(_word(rng, lang) for _ in range(words // 3)) + f" {seed}-{k}" for k in range(3))


def make_doc(seed: int, lang: str = "zh", published: date | None = date(2020, 9, 11), url: str | None = None,
             text: str | None = None, source: str = "example", fetched_at: datetime | None = None) -> Document:
    text = text if text is not None else make_text(seed, lang)
    url = url or f"https://portal.example.com/{lang}/{seed}.html"
    fetched = fetched_at or datetime(2025, 1, 1, tzinfo=timezone.utc)
    return Document(make_doc_id(url, text), url, source, lang, f"title {seed}", text, published,
                    published.isoformat() if published else None, ENC, fetched, f"test#{seed}")


def make_clauses(doc: Document) -> list[Clause]:
    """One clause per line of the text; index 0 unnumbered (preamble)."""
    clauses, start = [], 0
    for i, line in enumerate(doc.text.split("\n")):
        tokens = line.split() or [line]
        clauses.append(Clause(doc.doc_id, i, i or None, f"{i}." if i else "", None, line, start,
                              start + len(line), tokens))
        start += len(line) + 1
    return clauses


def make_pair(src: Document, tgt: Document, k: int = 0) -> AlignedPair:
    return AlignedPair(f"{src.doc_id}:{tgt.doc_id}:{k}", src.doc_id, tgt.doc_id, src.lang, tgt.lang, "clause",
                       (k,), (k,), f"src {k}", f"tgt {k}", "1-1", "test", 0.9, k, k)


def corpus(n: int, langs: tuple[str, ...] = ("zh", "ru"), years: tuple[int | None, ...] = (2019, 2020, None)):
    """n (doc, clauses) pairs spread over languages and years (None = undated)."""
    out = []
    for i in range(n):
        year = years[i % len(years)]
        doc = make_doc(i, langs[i % len(langs)], date(year, 3, 1 + i % 27) if year else None,
                       source=f"src{i % 3}")
        out.append((doc, make_clauses(doc)))
    return out
