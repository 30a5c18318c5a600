"""Load the extraction gold sets of ../shared/bench and ../shared/realdata.

Each set is a list of :class:`GoldPage` (raw bytes, gold text, gold date).
The tar.xz archives are unpacked once into a cache folder (the scripts'
default is ``.bench/`` at the repository top, which git ignores); nothing is
copied into the project.  Used by scripts/bench_extraction.py,
scripts/extract_snapshot.py and tests/test_extract_quality.py.
"""
from __future__ import annotations

import gzip
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from evaluation.extraction_scoring import strip_p_tags

SETS = ("daniel_zh", "daniel_ru", "cwced", "scrapinghub", "realdata")
_GOLD_SUFFIXES = (".cleaned.txt", ".reference.txt", ".expected.html", ".expected.json", ".ground-truth.json")


@dataclass(slots=True)
class GoldPage:
    """One page of a gold set."""

    name: str
    body: bytes
    gold: str
    url: str | None = None
    gold_date: str | None = None  # "YYYY-MM-DD" or None when the gold has no date


def _unpack(archive: Path, cache: Path, top: str) -> Path:
    target = cache / top
    if not target.is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(cache, filter="data")
    return target


def _daniel(shared: Path, cache: Path, lang: str) -> list[GoldPage]:
    root = _unpack(shared / f"bench/extraction/daniel_v2.1/daniel_{lang}.tar.xz", cache, lang)
    pages = []
    for path in sorted((root / "html").iterdir()):
        ref = root / "reference" / path.name
        if ref.is_file():
            gold = strip_p_tags(ref.read_text(encoding="utf-8", errors="replace"))
            pages.append(GoldPage(path.name, path.read_bytes(), gold))
    return pages


def _cwced(shared: Path, cache: Path) -> list[GoldPage]:
    root = _unpack(shared / "bench/extraction/cwced_zh/cwced_zh.tar.xz", cache, "cwced")
    pages = []
    for path in sorted((root / "original").glob("*.html")):
        gold = root / "cleaned" / f"{path.stem}.txt"
        date_file = root / "date" / f"{path.stem}.txt"
        raw_date = date_file.read_text(encoding="utf-8").strip() if date_file.is_file() else "UNKNOWN"
        if gold.is_file():
            pages.append(GoldPage(path.stem, path.read_bytes(), gold.read_text(encoding="utf-8"),
                                  gold_date=None if raw_date.upper() == "UNKNOWN" else _ymd(raw_date)))
    return pages


def _ymd(raw: str) -> str:
    """'2005-3-11 12:12' -> '2005-03-11'."""
    parts = raw.split()[0].split("-")
    return "-".join([parts[0]] + [p.zfill(2) for p in parts[1:3]])


def _scrapinghub(shared: Path) -> list[GoldPage]:
    root = shared / "bench/extraction/scrapinghub_aeb"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(truth.items()):
        path = root / "html" / f"{key}.html.gz"
        if path.is_file():
            pages.append(GoldPage(key, gzip.decompress(path.read_bytes()), item.get("articleBody") or "",
                                  url=item.get("url")))
    return pages


def _gold_text(path: Path) -> str:
    """Gold text of a realdata gold file, whatever its form."""
    raw = path.read_text(encoding="utf-8")
    if path.name.endswith(".expected.html"):
        return "\n".join(t.strip() for t in lxml_html.fromstring(raw).itertext() if t.strip())
    if path.name.endswith(".expected.json"):
        data = next(iter(json.loads(raw).values()))
        sections = data.get("body", {}).get("sections", [])
        return "\n".join(p for s in sections for p in s.get("paragraphs", []))
    if path.name.endswith(".ground-truth.json"):
        return next(iter(json.loads(raw).values())).get("articleBody", "")
    return strip_p_tags(raw)


def _realdata(shared: Path) -> list[GoldPage]:
    pages = []
    for lang in ("zh", "ru"):
        golds = {}
        for path in (shared / "realdata" / lang / "text").glob("*"):
            for suffix in _GOLD_SUFFIXES:
                if path.name.endswith(suffix):
                    golds[path.name[: -len(suffix)]] = path
        for html in sorted((shared / "realdata" / lang / "html").glob("*.html")):
            stems = [s for s in golds if html.stem.startswith(s)]
            if stems:
                gold = _gold_text(golds[max(stems, key=len)])
                pages.append(GoldPage(f"{lang}/{html.stem}", html.read_bytes(), gold))
    return pages


def load_set(name: str, shared: Path, cache: Path) -> list[GoldPage]:
    """The pages of one gold set (see SETS)."""
    if name in ("daniel_zh", "daniel_ru"):
        return _daniel(shared, cache, name.split("_")[1])
    if name == "cwced":
        return _cwced(shared, cache)
    if name == "scrapinghub":
        return _scrapinghub(shared)
    if name == "realdata":
        return _realdata(shared)
    raise ValueError(f"unknown gold set {name!r} (known: {', '.join(SETS)})")
