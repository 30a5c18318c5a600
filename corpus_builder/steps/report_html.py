"""The HTML of the report's pages (steps.report gathers what they show).

Every page is self-contained (CSS and JavaScript inline, no external
resource) and every text of the corpus goes through :func:`esc`: titles and
bodies come from untrusted pages.  Links are only made for http(s) and file
URLs, so a ``javascript:`` URL in a page can never become a link.

A pair page is a table with one row per clause link (``tr.clause``,
``data-number`` the clause number as the texts number it), the clause labels
as written, and each side's sentences as ``span.s`` whose ``data-link`` is
shared by the sentences of one sentence link: hovering or clicking one
highlights its counterpart.  QA flags of the pair report sit on the rows
they concern; a numbering gap is a row of its own where the number is
missing.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any, Iterable

from corpus_builder.align.sentences import split_sentences
from corpus_builder.align.stage import joiner
from corpus_builder.urls import split_url

_STYLE = """body{font:15px/1.5 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%}
td,th{border-top:1px solid #ddd;padding:.4em;vertical-align:top;text-align:left}
.num{white-space:nowrap;color:#555;width:4em}.lang{font:bold 12px monospace;background:#eee;padding:0 .3em}
.s{cursor:pointer;border-radius:3px}.s.hl{background:#ffe58a}.flag{color:#a33;font-size:13px}
tr.flagged{background:#fff6f6}tr.gap td{color:#a33;font-style:italic}.meta{color:#666;font-size:13px}
ul{margin:0;padding-left:1.1em}"""
_SCRIPT = """(function(){var pinned=null;
function show(id){document.querySelectorAll('.hl').forEach(function(e){e.classList.remove('hl')});
if(!id)return;document.querySelectorAll('[data-link="'+id+'"]').forEach(function(e){e.classList.add('hl')});}
document.addEventListener('mouseover',function(ev){var t=ev.target.closest('[data-link]');
show(t?t.dataset.link:pinned);});
document.addEventListener('click',function(ev){var t=ev.target.closest('[data-link]');
pinned=(t&&t.dataset.link!==pinned)?t.dataset.link:null;show(pinned);});})();"""


def esc(value: Any) -> str:
    """Text for HTML content or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def href(url: str | None) -> str | None:
    """An escaped link target for http(s) and file URLs, else None (no javascript: links,
    no link for a URL urlsplit refuses, such as ``http://[x]/``: see corpus_builder.urls)."""
    parts = split_url(url) if url else None
    if parts is None or parts.scheme.lower() not in ("http", "https", "file"):
        return None
    return esc(url)


def link(url: str | None, text: Any) -> str:
    target = href(url)
    return f'<a href="{target}">{esc(text)}</a>' if target else esc(text)


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{_STYLE}</style></head>\n<body>\n{body}\n<script>{_SCRIPT}</script>\n</body></html>\n")


def origin_link(origin: str | None) -> str:
    """Where the bytes came from: a saved file, or a WARC record (``path#record-id``)."""
    if not origin:
        return ""
    path, _, record = origin.partition("#")
    uri = Path(path).as_uri() if Path(path).is_absolute() else None
    if record:
        return f"WARC record {esc(record)} in {link(uri, Path(path).name)}"
    return f"file {link(uri, path)}"


def _version(doc: dict, reposts: int) -> str:
    extra = f", {reposts} repost{'s' if reposts != 1 else ''}" if reposts else ""
    return (f'<li class="version" data-lang="{esc(doc["lang"])}"><span class="lang">{esc(doc["lang"])}</span> '
            f'{link(doc["url"], doc["title"] or doc["url"])} <span class="meta">{esc(doc["source"])}, '
            f'{esc(doc["published"] or "undated")}, {origin_link(doc["origin"])}{extra}</span></li>')


def _pair_summary(pair: dict) -> str:
    report = pair["report"] or {}
    flags = _flag_count(report)
    state = "ok" if not flags else f"{flags} QA flag{'s' if flags != 1 else ''}"
    return (f'<li class="pair"><a href="{esc(pair["page"])}">{esc(pair["src"]["lang"])}–{esc(pair["tgt"]["lang"])}'
            f'</a> <span class="meta">{state}</span></li>')


def _flag_count(report: dict) -> int:
    keys = ("src_only", "tgt_only", "src_gaps", "tgt_gaps", "unmatched_src", "unmatched_tgt", "suspicious")
    return sum(len(report.get(k) or []) for k in keys)


def index_page(statements: Iterable, reposts: dict[str, int]) -> str:
    """The list of statements, newest first."""
    rows = []
    for st in statements:
        versions = "".join(_version(v, reposts.get(v["doc_id"], 0)) for v in st.versions)
        total = sum(reposts.get(v["doc_id"], 0) for v in st.versions)
        pairs = "".join(_pair_summary(p) for p in st.pairs) or '<span class="meta">none</span>'
        sources = ", ".join(sorted({str(v["source"]) for v in st.versions}))
        rows.append(f'<tr class="statement"><td>{esc(st.date or "undated")}</td><td>{esc(sources)}</td>'
                    f'<td><ul>{versions}</ul></td><td class="reposts">{total}</td><td><ul>{pairs}</ul></td></tr>')
    body = ('<h1>Statements</h1>\n<table><thead><tr><th>date</th><th>source</th><th>language versions</th>'
            '<th>reposts</th><th>aligned pairs</th></tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody></table>")
    return page("Statements", body)


def _sentence_ids(rows: list[dict]) -> dict[tuple[str, int, int], str]:
    """(side, first clause of the clause link, sentence index) -> link id shared by both sides."""
    ids: dict[tuple[str, int, int], str] = {}
    for n, row in enumerate(r for r in rows if r["level"] == "sentence"):
        for side in ("src", "tgt"):
            for k in row[f"{side}_ids"]:
                ids[(side, row[f"{side}_clause"], k)] = f"s{n}"
    return ids


def _side(side: str, indexes: list[int], clauses: dict[int, dict], lang: str, ids: dict) -> tuple[str, str]:
    """(labels, sentences) cells of one side of a clause link."""
    labels = " ".join(esc(clauses[i]["clause_label"] or ("preamble" if i == 0 else "")) for i in indexes)
    sentences = [s for i in indexes for s in split_sentences(clauses[i]["text"], lang)]
    first = indexes[0] if indexes else -1
    spans = [f'<span class="s" data-link="{ids.get((side, first, k), "")}">{esc(s)}</span>'
             for k, s in enumerate(sentences)]
    return labels, joiner(lang).join(spans)


def _row_flags(src: list[int], tgt: list[int], a: dict, b: dict, report: dict) -> list[str]:
    flags = [] if src and tgt else ["unmatched clause: no counterpart"]
    for s in report.get("suspicious") or []:
        if list(s["src"]) == src and list(s["tgt"]) == tgt:
            flags.append(f"suspicious length ratio {s['ratio']:.2f} (usual {s['expected']:.2f})")
    numbers = {c["clause_number"] for c in [a[i] for i in src] + [b[j] for j in tgt]}
    for key, where in (("src_only", "source"), ("tgt_only", "target")):
        flags += [f"clause {n} only in the {where}" for n in report.get(key) or [] if n in numbers]
    return flags


def _number(src: list[int], tgt: list[int], a: dict, b: dict) -> int | None:
    for clause in [a[i] for i in src] + [b[j] for j in tgt]:
        if clause["clause_number"] is not None:
            return clause["clause_number"]
    return None


def _gap_rows(number: int | None, gaps: dict[str, list[int]], done: set) -> str:
    """Rows for the numbers missing before ``number`` on either side (each shown once)."""
    out = []
    for where, missing in gaps.items():
        for n in missing:
            if (where, n) not in done and (number is None or n < number):
                done.add((where, n))
                out.append(f'<tr class="gap" data-gap="{n}"><td colspan="5">numbering gap: no clause {n} '
                           f"in the {where} text</td></tr>")
    return "".join(out)


def pair_page(src_doc: dict, tgt_doc: dict, src_clauses: list[dict], tgt_clauses: list[dict], rows: list[dict],
              report: dict | None) -> str:
    """Two language versions side by side, one row per clause link."""
    report = report or {}
    a = {c["clause_index"]: c for c in src_clauses}
    b = {c["clause_index"]: c for c in tgt_clauses}
    ids = _sentence_ids(rows)
    gaps = {"source": report.get("src_gaps") or [], "target": report.get("tgt_gaps") or []}
    done: set = set()
    clause_links = sorted((r for r in rows if r["level"] == "clause"),
                          key=lambda r: (min(r["src_ids"], default=1 << 30), min(r["tgt_ids"], default=1 << 30)))
    out = []
    for row in clause_links:
        src, tgt = list(row["src_ids"]), list(row["tgt_ids"])
        number = _number(src, tgt, a, b)
        out.append(_gap_rows(number, gaps, done))
        flags = _row_flags(src, tgt, a, b, report)
        src_labels, src_text = _side("src", src, a, src_doc["lang"], ids)
        tgt_labels, tgt_text = _side("tgt", tgt, b, tgt_doc["lang"], ids)
        attrs = (f' data-number="{number}"' if number is not None else "") + (' class="clause flagged"' if flags
                                                                              else ' class="clause"')
        out.append(f'<tr{attrs}><td class="num src">{src_labels}</td>'
                   f'<td class="text" lang="{esc(src_doc["lang"])}">{src_text}</td><td class="num tgt">{tgt_labels}'
                   f'</td><td class="text" lang="{esc(tgt_doc["lang"])}">{tgt_text}</td><td class="flags">'
                   + "".join(f'<div class="flag">{esc(f)}</div>' for f in flags) + "</td></tr>")
    out.append(_gap_rows(None, gaps, done))
    title = f"{src_doc['lang']}–{tgt_doc['lang']}: {src_doc['title'] or src_doc['url']}"
    head = "".join(f'<p class="version"><span class="lang">{esc(d["lang"])}</span> '
                   f'{link(d["url"], d["title"] or d["url"])} <span class="meta">{esc(d["source"])}, '
                   f'{esc(d["published"] or "undated")}, {origin_link(d["origin"])}</span></p>'
                   for d in (src_doc, tgt_doc))
    summary = (f'<p class="meta">pair score {esc(report.get("pair_score", ""))} ({esc(report.get("pair_method", ""))});'
               f' clauses by {esc(report.get("clause_method", ""))}; {_flag_count(report)} QA flags. '
               'Hover over or click a sentence to see its counterpart.</p>')
    body = (f'<p><a href="index.html">← all statements</a></p><h1>{esc(title)}</h1>{head}{summary}\n'
            '<table class="pair"><thead><tr><th></th><th>' + esc(src_doc["lang"]) + '</th><th></th><th>'
            + esc(tgt_doc["lang"]) + '</th><th>QA</th></tr></thead>\n<tbody>\n' + "\n".join(filter(None, out))
            + "\n</tbody></table>")
    return page(title, body)
