"""DecodedPage -> Document: main text, title, date and credits of one article.

Contract (the pipeline builds on it)::

    extract_document(page, *, url=None, lang=None) -> Document

The main text comes from :func:`corpus_builder.text.mainblock.main_lines`
(one scoring pass over the lxml tree of the decoded ``str``, never of bytes:
see decode.py, the declared charset is often wrong).  trafilatura is not
called: on the gold sets it was both slower and worse than this pass, so it
is no fallback either (scripts/bench_extraction.py compares them).
Boilerplate and credit lines are then removed with the rules in
``data/boilerplate/`` and the paragraphs normalised
(:mod:`corpus_builder.text.paragraphs`); title and date come from
:mod:`corpus_builder.text.metadata`.

A page without an article raises :class:`corpus_builder.errors.Dropped` with
reason "empty", "binary", "no-article" or "too-short", and one whose main text
has no Chinese, Russian or English letter (language not given) with
"unknown-lang"; no other exception escapes for any input.
"""
from __future__ import annotations

import logging
import re

from lxml import etree

from corpus_builder.errors import Dropped
from corpus_builder.records import DecodedPage, Document, make_doc_id
from corpus_builder.text.boilerplate import strip_boilerplate
from corpus_builder.text.dates import find_dates, time_stamps
from corpus_builder.text.lang import detect_lang
from corpus_builder.text.mainblock import MIN_ARTICLE_WEIGHT as MIN_ARTICLE_CHARS
from corpus_builder.text.mainblock import main_lines
from corpus_builder.text.metadata import find_date, find_title, page_tags, squash, tag_dates
from corpus_builder.text.paragraphs import clean_paragraphs, ends_with, normalize
from corpus_builder.urls import split_url

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 20  # fewer letters than this is no article
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))  # C0 controls but \t \n \v \f \r
_WORD = re.compile(r"\w")
_WORDS = re.compile(r"\w+")
_TAG = re.compile(r"<\s*[a-zA-Z!/]")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# </body> and </html> end tags: libxml2 drops everything after the first </html>, and a page
# assembled from server-side includes may close its header include with one (gov.cn's
# 国务院公报 pages: the whole article after it was lost).  The parser closes both at the end.
_CLOSING = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[。.!?！？]$")
TITLE_MAX_LINES = 6
MIN_TITLE_PREFIX = 20     # a title this long opening the first line is that line's heading (see _drop_title)
DATELINE_HEAD = 3         # lines at the top of the text looked at for date lines
DATELINE_MAX_CHARS = 100  # a longer line is text that mentions a date
DATELINE_MAX_REST = 40    # letters besides the date (a byline, "Updated:") a date line may hold
DATELINE_MARK = 4         # ... and when it ends in a full stop, only a year mark ("г.", "года")
# huge_tree: libxml2 otherwise drops all text nested deeper than 255 elements,
# which unclosed <font>/<div> tags on old portals reach
# plain etree elements: lxml.html's element classes cost a lookup on every node
# collect_ids=False: no table of id attributes (nothing here looks elements up by id; ~4% of parsing)
_PARSER = etree.HTMLParser(huge_tree=True, collect_ids=False)


def source_of(url: str | None) -> str:
    """The URL's host, or "file" for file:// URLs and when there is no URL or no host
    can be read from it (``http://[x]/``, see corpus_builder.urls)."""
    parts = split_url(url) if url else None
    if parts is None or parts.scheme == "file" or not parts.hostname:
        return "file"
    return parts.hostname


def _controls(text: str) -> int:
    """How many C0 control characters (see _CONTROL_BYTES) ``text`` holds.

    Counted in its UTF-8 bytes: bytes below 0x20 never occur inside a
    multi-byte sequence, and deleting bytes runs in C several times faster
    than a regex scan of the str.
    """
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw) - len(raw.translate(None, _CONTROL_BYTES))


def check_body(markup: str) -> None:
    """Raise Dropped("empty"/"binary") for bodies that cannot hold an article."""
    if not markup or markup.isspace():
        raise Dropped("empty", "no bytes or only whitespace")
    sample = markup[:8192]
    if "\x00" in sample or _controls(sample) > len(sample) / 100:
        raise Dropped("binary", "control characters in the body")
    if not _TAG.search(sample) and not _WORD.search(sample):
        raise Dropped("empty", "no markup and no text")


def parse_html(markup: str) -> etree._Element:
    """Parse a decoded page with lxml (stray </html> and </body> tags ignored); Dropped("no-article")
    if lxml cannot."""
    try:
        tree = etree.fromstring(_CLOSING.sub("", _DECLARATION.sub("", markup)), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise Dropped("no-article", f"unparseable HTML: {exc}") from exc
    if tree is None:
        raise Dropped("no-article", "unparseable HTML")
    return tree


def _bare(text: str) -> str:
    """Letters and digits only, lower-cased: "Só quem se Ama..." and "Só quem se Ama…" are one title."""
    return "".join(_WORDS.findall(text.lower()))


def _spelled(line: str, bare_key: str, pos: int = 0) -> int:
    """Where ``_bare(line)`` ends when it spells on ``bare_key`` from ``pos``; -1 when it parts
    from it.  Word by word: a long paragraph is turned down at its first word, not listed whole."""
    for run in _WORDS.finditer(line.lower()):
        word = run.group()
        if not bare_key.startswith(word, pos):
            return -1
        pos += len(word)
    return pos


def _title_lines(lines: list[str], key: str) -> int:
    """How many leading lines spell the title (a title may be broken over a few lines)."""
    pos, bare_key = 0, _bare(key)
    for count, line in enumerate(lines[:TITLE_MAX_LINES], start=1):
        pos = _spelled(line, bare_key, pos)  # the lines so far spell bare_key[:pos]
        if pos == len(bare_key):
            return count
        if pos < 0:
            break
    line = lines[0] if lines else ""
    return int(len(line) < 2 * len(key) and key in line and not ends_with(_SENTENCE_END, line))


def _drop_title(lines: list[str], title: str) -> list[str]:
    """Remove the title (and repeats of it) from the head of the text.

    A first line that opens with the whole title and goes on is a heading
    with its subtitle (``<h1>Title<br>Subtitle</h1>``, joined as one line):
    the subtitle is kept; unless it goes on in lower case: then it is a
    sentence that begins with the title's words (a lead opening with a link
    to the event: "Direct Line with Vladimir Putin was broadcast live…").
    A repeat a few lines down (under a byline) goes too.
    """
    key = squash(title)
    while lines and key:
        count = _title_lines(lines, key)
        if not count:
            break
        lines = lines[count:]
    if (lines and len(key) >= MIN_TITLE_PREFIX and lines[0].startswith(key + " ")
            and not lines[0][len(key) + 1:len(key) + 2].islower()):  # "Title was broadcast…" is a sentence
        lines = [lines[0][len(key):].strip(), *lines[1:]]
    bare_key = _bare(key)  # a repeat under a byline line ("editor", then the title again)
    head = [line for line in lines[:DATELINE_HEAD] if not bare_key or _spelled(line, bare_key) != len(bare_key)]
    return head + lines[DATELINE_HEAD:]


def _is_dateline(line: str) -> bool:
    """A short line that is mostly a date ("November 12, 2018 | BY: Beachbody", "15 января 15:31").

    A line ending like a sentence is one only when little but the date is left ("05 января
    2012 г."): "Выборы пройдут 4 марта 2012 года." is text.
    """
    if len(line) > DATELINE_MAX_CHARS:
        return False
    found = [raw for _, _, raw in find_dates(line)] or time_stamps(line)
    rest = line
    for raw in found:
        rest = rest.replace(raw, "")
    letters = _letters(rest)
    if ends_with(_SENTENCE_END, line) and letters > DATELINE_MARK:
        return False
    return bool(found) and letters <= DATELINE_MAX_REST


def _drop_datelines(lines: list[str]) -> list[str]:
    """Remove date/byline lines from the head of the text: they are metadata
    (Document.published is read from them), not article text.  A stamp closing
    a head line (a subtitle printed with its time: "… приступа 04.01.12 20:42")
    is cut off it."""
    head = [_cut_stamp(line) for line in lines[:DATELINE_HEAD] if not _is_dateline(line)]
    return head + lines[DATELINE_HEAD:]


def _cut_stamp(line: str) -> str:
    """``line`` without a date-and-time stamp at its end (see dates.time_stamps)."""
    if not line[-1:].isdigit():  # cheap test first: a stamp ends with the minutes
        return line
    stamps = time_stamps(line)
    return line[:-len(stamps[-1])].rstrip() if stamps and line.endswith(stamps[-1]) else line


def _letters(text: str, enough: int | None = None) -> int:
    """Letters and digits of ``text``; with ``enough``, counting stops once that many are found."""
    if enough is None:
        return sum(map(len, _WORDS.findall(text)))  # runs, not characters: a far shorter list
    count = 0
    for run in _WORDS.finditer(text):  # an article passes the test within its first words
        count += run.end() - run.start()
        if count >= enough:
            break
    return count


def extract_document(page: DecodedPage, *, url: str | None = None, lang: str | None = None) -> Document:
    """The article of ``page`` as a Document (see the module docstring); ``lang`` None, ""
    or "auto": the language is detected (every caller passes its setting as it is)."""
    url = url or page.capture.url
    lang = None if lang in (None, "", "auto") else lang
    check_body(page.html)
    tree = parse_html(page.html)
    tags = page_tags(tree)  # before main_lines strips <head>
    title, tagged = find_title(tree, tags), tag_dates(tree, tags)
    found = main_lines(tree, title, lang)
    text_lang = lang or detect_lang("\n".join(found.lines) or title)
    lines, credits = strip_boilerplate(found.lines, text_lang, found.around)
    paragraphs = _drop_datelines(_drop_title(clean_paragraphs(lines, text_lang), normalize(title, text_lang)))
    text = "\n".join(paragraphs)
    letters = _letters(text, enough=MIN_TEXT_CHARS)  # exact below MIN_TEXT_CHARS
    if letters < MIN_TEXT_CHARS or not text:
        # a page with a little text is short; one with no visible text, or with text
        # but no article (a listing, a menu page), has no article
        short = letters or 0 < found.page_chars < MIN_ARTICLE_CHARS
        log.debug("%s: %d letters of main text, %d on the page", url, letters, found.page_chars)
        raise Dropped("too-short" if short else "no-article", f"{letters} letters of main text")
    if text_lang == "und":  # letters, but none Chinese, Russian or English (Greek, Korean): no language of ours
        raise Dropped("unknown-lang", "no Chinese, Russian or English letters in the main text")
    nearby = "\n".join([found.nearby, *credits.furniture])
    published, published_raw = find_date(tagged, url, [found.header, nearby], found.page_text)
    return Document(
        doc_id=make_doc_id(url, text), url=url, source=source_of(url), lang=text_lang,
        title=normalize(title, text_lang), text=text, published=published, published_raw=published_raw,
        encoding=page.encoding, fetched_at=page.capture.fetched_at, origin=page.capture.origin,
        source_credit=credits.first("source"), author=credits.first("author"),
    )
