"""Cluster reposts of one text and pick the canonical copy of each cluster.

Copies are found among documents of the same language group (zh, zh-Hant ->
zh): exact copies share the hash of the normalised text, near copies share an
LSH band of their MinHash signatures and have an estimated Jaccard similarity
of at least ``threshold``.  In each cluster the copy on an official domain
(data/official_domains.txt, subdomains included) wins, then the earliest date.
The cluster carries the earliest *credible* date of its members: a date after
the page's own fetch time is not credible, and a portal's later date never
replaces an earlier one (the seed's 2024 portal date loses to 2020).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from corpus_builder.align import minhash
from corpus_builder.resources import read_lines
from corpus_builder.urls import split_url

THRESHOLD = 0.5


@dataclass(slots=True, frozen=True)
class Member:
    """What clustering needs to know about one document."""

    doc_id: str
    url: str
    lang: str
    published: date | None
    fetched_at: datetime | None
    norm_hash: str
    signature: np.ndarray

    def to_row(self, run_id: str) -> dict[str, Any]:
        """The member as a row of the store's ``minhash`` table."""
        return {"doc_id": self.doc_id, "url": self.url, "lang": self.lang, "published": self.published,
                "fetched_at": self.fetched_at, "norm_hash": self.norm_hash, "signature": self.signature,
                "run_id": run_id}

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Member":
        """Inverse of :meth:`to_row` (rows as read back from the ``minhash`` table)."""
        return cls(row["doc_id"], row["url"], row["lang"], row["published"], row["fetched_at"],
                   row["norm_hash"], np.asarray(row["signature"], dtype=np.uint32))


@dataclass(slots=True, frozen=True)
class RepostLink:
    """One document's place in its cluster of copies (a row of the ``reposts`` table)."""

    doc_id: str
    cluster_id: str
    repost_of: str | None
    canonical_published: date | None
    similarity: float
    method: str

    def to_row(self, run_id: str) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "cluster_id": self.cluster_id, "repost_of": self.repost_of,
                "canonical_published": self.canonical_published, "similarity": self.similarity,
                "method": self.method, "run_id": run_id}


@lru_cache(maxsize=1)
def official_domains() -> tuple[str, ...]:
    return tuple(d.lower().lstrip(".") for d in read_lines("official_domains.txt"))


def is_official(url: str, domains: Sequence[str] | None = None) -> bool:
    """True if the URL's host is an official domain or one of its subdomains (False when
    no host can be read: ``http://[x]/``, see corpus_builder.urls)."""
    parts = split_url(url)
    host = (parts.hostname or "").lower().rstrip(".") if parts is not None else ""
    return any(host == d or host.endswith("." + d) for d in (domains or official_domains()))


def member_from_text(doc_id: str, url: str, lang: str, text: str, published: date | None = None,
                     fetched_at: datetime | None = None) -> Member:
    """Build a Member (normalise, hash, sign) from a document's text."""
    codes = minhash.normalised_codes(text, lang)
    return Member(doc_id, url, lang, published, fetched_at, minhash.norm_hash(minhash.text_of(codes)),
                  minhash.codes_signature(codes))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def _link_group(members: Sequence[Member], uf: _UnionFind, offset: int, threshold: float) -> None:
    first_of: dict[str, int] = {}
    for i, m in enumerate(members):
        uf.union(offset + i, offset + first_of.setdefault(m.norm_hash, i))
    sigs = [m.signature for m in members]
    empty = [bool(np.all(s == np.iinfo(np.uint32).max)) for s in sigs]  # no shingles: exact match only
    for i, j in minhash.candidate_pairs(sigs):
        if not (empty[i] or empty[j]) and minhash.similarity(sigs[i], sigs[j]) >= threshold:
            uf.union(offset + i, offset + j)


def clusters(members: Sequence[Member], threshold: float = THRESHOLD) -> list[list[Member]]:
    """Groups of two or more members that are copies of one text."""
    by_lang: dict[str, list[Member]] = {}
    for m in members:
        by_lang.setdefault(minhash.lang_group(m.lang), []).append(m)
    ordered = [m for group in by_lang.values() for m in group]
    uf, offset = _UnionFind(len(ordered)), 0
    for group in by_lang.values():
        _link_group(group, uf, offset, threshold)
        offset += len(group)
    found: dict[int, list[Member]] = {}
    for i, m in enumerate(ordered):
        found.setdefault(uf.find(i), []).append(m)
    return [c for c in found.values() if len(c) > 1]


def credible_date(member: Member) -> date | None:
    """The member's date, unless it lies after the page was fetched."""
    d = member.published
    if d is None or (member.fetched_at is not None and d > member.fetched_at.date()):
        return None
    return d


def choose_canonical(cluster: Sequence[Member], domains: Sequence[str] | None = None) -> Member:
    """Official copy first, then the earliest credible date, then the smallest doc_id."""
    def key(m: Member) -> tuple:
        d = credible_date(m)
        return (not is_official(m.url, domains), d is None, d or date.max, m.doc_id)
    return min(cluster, key=key)


def cluster_links(cluster: Sequence[Member], domains: Sequence[str] | None = None) -> list[RepostLink]:
    """One link per member: the canonical (repost_of None) and the copies pointing to it."""
    canon = choose_canonical(cluster, domains)
    dates = [d for d in map(credible_date, cluster) if d is not None]
    earliest = min(dates) if dates else None
    links = []
    for m in sorted(cluster, key=lambda m: m.doc_id):
        if m is canon:
            links.append(RepostLink(m.doc_id, canon.doc_id, None, earliest, 1.0, "canonical"))
            continue
        exact = m.norm_hash == canon.norm_hash
        sim = 1.0 if exact else minhash.similarity(m.signature, canon.signature)
        links.append(RepostLink(m.doc_id, canon.doc_id, canon.doc_id, earliest, sim,
                                "exact" if exact else "minhash"))
    return links


def find_reposts(members: Iterable[Member], threshold: float = THRESHOLD,
                 domains: Sequence[str] | None = None) -> list[RepostLink]:
    """Repost links for every document that has at least one copy."""
    return [link for c in clusters(list(members), threshold) for link in cluster_links(c, domains)]
