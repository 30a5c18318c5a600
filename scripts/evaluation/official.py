"""Score extraction on the official sites' own pages, judged by the sites' own markup.

../shared/official holds real fmprc.gov.cn and en.kremlin.ru article pages;
their markup says what the right answer is (see its README):

* fmprc: title ``#News_Body_Title``, date ``#News_Body_Time``, body the
  ``<p>``s of ``#News_Body_Txt_A`` (the first one is the lead);
* kremlin: title ``h1.entry-title``, date ``time.read__published[datetime]``
  (else the publication-status footer's), lead ``div.read__lead``, body
  ``div.entry-content``'s paragraphs without the ``masha-ignore`` parts
  (photos, captions, tags, status footer) and person tooltips.

Per page: dropped (the extractor gave nothing although the page has body
text), title exact, date exact, lead kept (the lead's text is in the output),
and body recall / precision over normalised characters of lines: a gold line
counts as recalled when it occurs in the output text, an output line counts
as precise when it occurs in the gold text (title, lead and body).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from evaluation.halves import half

_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")  # soft hyphens, zero-width characters


def norm(text: str) -> str:
    """Whitespace collapsed (full-width and no-break spaces too): the gold's and the outputs' lines."""
    return _SPACE.sub(" ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


def key(text: str) -> str:
    """What containment compares: NFKC (full- and half-width punctuation alike: the extractor
    may normalise "，" / ",") without any whitespace."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return _SPACE.sub("", text)


@dataclass(slots=True)
class OfficialPage:
    site: str
    name: str
    url: str
    body: bytes
    title: str
    date: str
    lead: str
    paragraphs: list[str] = field(default_factory=list)  # lead first

    @property
    def half(self) -> str:
        """"tune" or "check" (evaluation.halves): rules are checked on pages they were not tuned on."""
        return half(self.name)


def _texts(elements) -> list[str]:
    return [t for t in (norm(e.text_content()) for e in elements) if t]


def _fmprc(path: Path) -> OfficialPage | None:
    root = lxml.html.fromstring(path.read_bytes())
    body = root.xpath('//*[@id="News_Body_Txt_A"]')
    if not body:
        return None
    paragraphs = _texts(body[0].xpath(".//p")) or _texts(body)
    link = root.xpath('//*[@id="jiucuo_url"]/@href')
    url = re.search(r"url=(https?://\S+?\.s?html)", link[0]).group(1) if link and "url=" in link[0] else ""
    return OfficialPage("fmprc", path.name, url or f"https://www.fmprc.gov.cn/web/{path.stem}.shtml",
                        path.read_bytes(), "".join(_texts(root.xpath('//*[@id="News_Body_Title"]'))),
                        "".join(_texts(root.xpath('//*[@id="News_Body_Time"]')))[:10],
                        paragraphs[0] if paragraphs else "", paragraphs)


def _has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def _kremlin(path: Path) -> OfficialPage | None:
    root = lxml.html.fromstring(path.read_bytes())
    content = root.xpath(f"//div[{_has_class('entry-content')}]")
    if not content:
        return None
    # the page's own date; announcements carry it only in the publication-status footer
    date = (root.xpath(f"//time[{_has_class('read__published')}]/@datetime")
            or root.xpath(f"//div[{_has_class('read__status')}]//time/@datetime") or [""])[0]
    # not article text: photos and their captions, person tooltips, tags, the publication-status footer
    for junk in content[0].xpath(f".//*[{_has_class('masha-ignore')} or {_has_class('tooltip__text')}]"):
        junk.drop_tree()
    lead = _texts(root.xpath(f"//div[{_has_class('read__lead')}]"))
    paragraphs = lead + _texts(content[0].xpath(".//p")) or _texts(content)
    url = (root.xpath('//meta[@property="og:url"]/@content') or [f"http://en.kremlin.ru/{path.stem}"])[0]
    return OfficialPage("kremlin", path.name, url, path.read_bytes(),
                        " ".join(_texts(root.xpath(f"//h1[{_has_class('entry-title')}]"))),
                        date[:10], " ".join(lead), paragraphs)


def load_official(shared: Path) -> list[OfficialPage]:
    """Every article page of ../shared/official with its gold fields (listings are skipped)."""
    pages = [_fmprc(p) for p in sorted((shared / "official" / "fmprc").glob("*.html"))]
    pages += [_kremlin(p) for p in sorted((shared / "official" / "kremlin" / "news").glob("*.html"))]
    # a page whose article is only photos has no text to score (the extractor may drop it)
    return [p for p in pages if p is not None and any(p.paragraphs)]


@dataclass(slots=True)
class PageScore:
    dropped: bool
    title: bool
    date: bool
    lead: bool
    recall: float
    precision: float


def score_page(page: OfficialPage, title: str, date: str, text: str | None) -> PageScore:
    """One page's score; ``text`` None means the extractor dropped the page."""
    if text is None:
        return PageScore(bool(page.paragraphs), False, False, False, 0.0, 0.0)
    out = key(text)
    gold_all = key(" ".join([page.title, *page.paragraphs]))
    gold_lines = page.paragraphs
    out_lines = [ln for ln in (norm(x) for x in text.split("\n")) if ln]
    hit = sum(len(g) for g in gold_lines if key(g) in out)
    kept = sum(len(o) for o in out_lines if key(o) in gold_all)
    return PageScore(False, key(title) == key(page.title), date == page.date,
                     not page.lead or key(page.lead) in out,
                     hit / max(1, sum(len(g) for g in gold_lines)) if gold_lines else 1.0,
                     kept / max(1, sum(len(o) for o in out_lines)) if out_lines else 0.0)


def summarise(scores: list[PageScore]) -> dict[str, float]:
    """Counts and means over pages, as the issue's table reports them."""
    n = max(1, len(scores))
    return {"pages": len(scores), "dropped": sum(s.dropped for s in scores),
            "title": sum(s.title for s in scores) / n, "date": sum(s.date for s in scores) / n,
            "lead": sum(s.lead for s in scores) / n, "recall": sum(s.recall for s in scores) / n,
            "precision": sum(s.precision for s in scores) / n}
