"""Language pairs of alignment links, and multilingual translation units.

The store keeps each link once, in the direction the pairing chose (zh→ru,
zh→en, ru→en).  A researcher asks for a pair in either direction, so
:func:`orient` swaps the sides of a row; :func:`pairs_present` says which
pairs a set of rows holds.  :func:`translation_units` groups links into the
units of a TMX file: where the links of three languages agree on a
statement (the zh–ru, zh–en and ru–en links join the same segments), one
unit with all three; every other link is a unit of its own.

Rows are mappings with AlignedPair's field names (rows of the store's
alignments table).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

LANG_ORDER = ("zh", "ru", "en")  # the order of the versions in a unit: the corpus's languages first
Row = Mapping[str, Any]


def lang_key(lang: str) -> tuple[int, str]:
    """Sort key of a language: zh, ru, en first, then the others by code."""
    return (LANG_ORDER.index(lang), lang) if lang in LANG_ORDER else (len(LANG_ORDER), lang)


def orient(row: Row, src: str) -> dict[str, Any]:
    """The row with ``src`` as its source side (every src_*/tgt_* field swapped if needed)."""
    out = dict(row)
    if row["src_lang"] == src:
        return out
    for key in row:
        if key.startswith("src_"):
            other = "tgt_" + key[4:]
            out[key], out[other] = row.get(other), row[key]
    if out.get("link_type") and "-" in out["link_type"]:
        a, b = out["link_type"].split("-", 1)
        out["link_type"] = f"{b}-{a}"
    return out


def pairs_present(rows: Iterable[Row]) -> Counter:
    """Links per (src_lang, tgt_lang, level) as stored."""
    return Counter((r["src_lang"], r["tgt_lang"], r["level"]) for r in rows)


def select_pair(rows: Iterable[Row], src: str | None, tgt: str | None) -> dict[tuple[str, str], list[dict]]:
    """The links of every pair that matches ``src``/``tgt`` (None: any), oriented as asked,
    grouped by (src, tgt) in the order zh, ru, en; an unasked side keeps the stored direction."""
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        a, b = row["src_lang"], row["tgt_lang"]
        if src is not None and src not in (a, b) or tgt is not None and tgt not in (a, b):
            continue
        first = src if src is not None else (b if tgt == a else a)
        out[(first, b if first == a else a)].append(orient(row, first))
    return {k: out[k] for k in sorted(out, key=lambda p: (lang_key(p[0]), lang_key(p[1])))}


@dataclass(slots=True)
class Unit:
    """One translation unit: the same segment in two or more languages."""

    tuid: str
    segs: list[tuple[str, str]]  # (lang, text): source first; in LANG_ORDER when three languages
    props: dict[str, Any] = field(default_factory=dict)


def _side(row: Row, side: str) -> tuple:
    """What identifies one side's segment: language, document, clause (sentence level), indexes."""
    return (row[f"{side}_lang"], row.get(f"{side}_doc_id"), row.get("level"), row.get(f"{side}_clause"),
            tuple(int(i) for i in row.get(f"{side}_ids") or ()))


def _single(row: Row) -> Unit:
    props = {k: row[k] for k in ("level", "link_type", "method", "score") if row.get(k) is not None}
    segs = [(row["src_lang"], row["src_text"]), (row["tgt_lang"], row["tgt_text"])]
    return Unit(str(row.get("pair_id", "")), segs, props)


def translation_units(rows: Sequence[Row]) -> list[Unit]:
    """Units of ``rows``: one per three-language agreement, one per other link, in row order."""
    links: dict[tuple, dict[str, tuple[tuple, int]]] = defaultdict(dict)  # segment -> other lang -> (seg, row)
    for n, row in enumerate(rows):
        a, b = _side(row, "src"), _side(row, "tgt")
        links[a][b[0]] = (b, n)
        links[b][a[0]] = (a, n)
    used: set[int] = set()
    units: list[Unit] = []
    for n, row in enumerate(rows):
        if n in used:
            continue
        triangle = _triangle(links, _side(row, "src"), _side(row, "tgt"), n, used)
        if triangle is None:
            units.append(_single(row))
            continue
        used.update(triangle)
        units.append(_joined([rows[i] for i in sorted(triangle)]))
    return units


def _triangle(links, a: tuple, b: tuple, n: int, used: set[int]) -> tuple[int, int, int] | None:
    """Rows of a third language's links that join both segments of row ``n`` to one segment."""
    for lang, (c, ac) in links[a].items():
        if lang in (a[0], b[0]) or ac in used:
            continue
        bc = links[b].get(lang)
        if bc is not None and bc[0] == c and bc[1] not in used:
            return (n, ac, bc[1])
    return None


def _joined(rows: list[Row]) -> Unit:
    segs: dict[str, str] = {}
    for row in rows:
        segs.setdefault(row["src_lang"], row["src_text"])
        segs.setdefault(row["tgt_lang"], row["tgt_text"])
    props = {"level": rows[0]["level"], "links": ",".join(f"{r['src_lang']}-{r['tgt_lang']}" for r in rows),
             "score": min(float(r["score"]) for r in rows)}
    return Unit("+".join(str(r.get("pair_id", "")) for r in rows),
                sorted(segs.items(), key=lambda s: lang_key(s[0])), props)
