"""Export aligned pairs: TMX 1.4b, Moses line-aligned files, JSONL.

Input is any iterable of mappings with AlignedPair's field names (rows of
the store's alignments table, or ``dataclasses.asdict`` of AlignedPair).
Links empty on one side (1:0, 0:1) carry no translation and are skipped by
TMX and Moses; JSONL keeps every row.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

from corpus_builder.align.units import translation_units
from corpus_builder.version import __version__

FORMATS = ("tmx", "moses", "jsonl")
XML_LANG = {"zh": "zh-CN", "ru": "ru", "en": "en"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def one_line(text: str, lang: str) -> str:
    """A segment on one line: line breaks become a space (nothing between Chinese)."""
    return _BREAKS.sub("" if lang == "zh" else " ", _CONTROL.sub("", text or "")).strip()


def _bilingual(rows: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    for row in rows:
        if (row.get("src_text") or "").strip() and (row.get("tgt_text") or "").strip():
            yield row


def write_tmx(rows: Iterable[Mapping[str, Any]], path: Path, segtype: str = "sentence") -> tuple[int, int]:
    """A TMX 1.4b file; returns (units written, units holding three or more languages).

    One <tu> per link with a <tuv> per language; where the links of three
    languages agree (:func:`~corpus_builder.align.units.translation_units`),
    one <tu> with all three.  ``segtype`` is "sentence" for sentence links,
    "paragraph" for clauses.  The header's srclang is the source language
    shared by every unit, else ``*all*``.
    """
    units = translation_units(list(_bilingual(rows)))
    firsts = {u.segs[0][0] for u in units}
    src = firsts.pop() if len(firsts) == 1 else "*all*"
    now = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write(f'  <header creationtool="corpus-builder" creationtoolversion={quoteattr(__version__)} '
                  f'datatype="plaintext" segtype={quoteattr(segtype)} adminlang="en" '
                  f'srclang="{XML_LANG.get(src, src)}" o-tmf="corpus-builder" creationdate="{now}"/>\n  <body>\n')
        for unit in units:
            out.write(f"    <tu tuid={quoteattr(unit.tuid)}>\n")
            for key, value in unit.props.items():
                out.write(f'      <prop type={quoteattr("x-" + key)}>{escape(str(value))}</prop>\n')
            for lang, text in unit.segs:
                seg = escape(one_line(text, lang))
                out.write(f'      <tuv xml:lang="{XML_LANG.get(lang, lang)}"><seg>{seg}</seg></tuv>\n')
            out.write("    </tu>\n")
        out.write("  </body>\n</tmx>\n")
    return len(units), sum(1 for u in units if len(u.segs) > 2)


def write_moses(rows: Iterable[Mapping[str, Any]], path: Path) -> tuple[int, list[Path]]:
    """PATH.<lang> files with one segment per line, line i of each a translation of the other."""
    rows = list(_bilingual(rows))
    if not rows:
        return 0, []
    src_lang, tgt_lang = rows[0]["src_lang"], rows[0]["tgt_lang"]
    paths = [Path(f"{path}.{src_lang}"), Path(f"{path}.{tgt_lang}")]
    n = 0
    with (open(paths[0], "w", encoding="utf-8", newline="\n") as a,
          open(paths[1], "w", encoding="utf-8", newline="\n") as b):
        for row in rows:
            if (row["src_lang"], row["tgt_lang"]) != (src_lang, tgt_lang):
                continue  # one language pair per file pair
            a.write(one_line(row["src_text"], src_lang) + "\n")
            b.write(one_line(row["tgt_text"], tgt_lang) + "\n")
            n += 1
    return n, paths


def _plain(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    if value != value:  # NaN / NA from pandas
        return None
    return value


def write_jsonl(rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    """One JSON object per link (every field), UTF-8, one per line."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False, default=str) + "\n")
            n += 1
    return n
