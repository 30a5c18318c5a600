"""Hostile WARC input and gzip bombs (issue 18, cases 3, 4, 8): a record is read whole and
bounded, or it is an input error that is counted and reported, never a (truncated) document."""
from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import Page, Site, fast_settings, serve  # noqa: E402

from corpus_builder.cli import main  # noqa: E402
from corpus_builder.fetch.crawler import Crawler  # noqa: E402
from corpus_builder.fetch.warc import BadRecord, iter_captures  # noqa: E402
from corpus_builder.records import Capture  # noqa: E402
from corpus_builder.sources.base import Source  # noqa: E402

PAGE = ("<html><head><meta charset='utf-8'><title>Совместное заявление</title></head><body><div class='article'>"
        + "".join(f"<p>{i}. Стороны подтвердили приверженность многосторонности и сотрудничеству "
                  f"в рамках Организации Объединённых Наций, пункт {i}.</p>" for i in range(1, 30))
        + "</div></body></html>").encode()
BOMB = gzip.compress(b"\0" * 30_000_000, compresslevel=9)  # 30 KB that inflate to 30 MB


def write_warc(path: Path, bodies: list[tuple[str, bytes, list]], gz: bool = False) -> Path:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, body, extra in bodies:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *extra],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return path


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_a_gzip_bomb_in_a_warc_is_refused_after_a_bounded_read(tmp_path):
    warc = write_warc(tmp_path / "bomb.warc", [("http://x/bomb", BOMB, [("Content-Encoding", "gzip")]),
                                               ("http://x/ok", PAGE, [])])
    items = list(iter_captures(warc, max_bytes=1_000_000))
    assert [type(i) for i in items] == [BadRecord, Capture]
    assert items[0].reason == "too-large" and items[1].body == PAGE
    result = run("build", warc, "--out", tmp_path / "corpus", "--no-align")
    assert result.exit_code == 1 and "too-large" in result.output and "1 documents" in result.output


def test_a_record_shorter_than_its_content_length_is_an_input_error(tmp_path):
    whole = write_warc(tmp_path / "whole.warc", [(f"http://x/{i}", PAGE, []) for i in range(3)])
    torn = tmp_path / "torn.warc"
    data = whole.read_bytes()
    torn.write_bytes(data[: len(data) - len(PAGE) // 2])  # cut inside the last record's payload
    items = list(iter_captures(torn))
    assert [type(i) for i in items] == [Capture, Capture, BadRecord] and items[2].reason == "torn"
    result = run("build", torn, "--out", tmp_path / "corpus", "--no-align")
    assert result.exit_code == 1 and "torn" in result.output and "2 documents" in result.output


def test_a_gzipped_warc_cut_short_reports_it(tmp_path):
    whole = write_warc(tmp_path / "whole.warc.gz", [(f"http://x/{i}", PAGE, []) for i in range(3)], gz=True)
    data = whole.read_bytes()
    whole.write_bytes(data[: len(data) - 200])
    items = list(iter_captures(whole))
    assert all(isinstance(i, Capture) for i in items[:2]) and isinstance(items[-1], BadRecord)
    assert len([i for i in items if isinstance(i, Capture)]) == 2


def test_junk_in_the_middle_of_a_warc_is_reported_as_such(tmp_path):
    first = write_warc(tmp_path / "a.warc", [("http://x/0", PAGE, [])]).read_bytes()
    second = write_warc(tmp_path / "b.warc", [("http://x/1", PAGE, [])]).read_bytes()
    mixed = tmp_path / "mixed.warc"
    mixed.write_bytes(first + b"\x00\x01 garbage, not a record \xff" * 40 + second)
    result = run("build", mixed, "--out", tmp_path / "corpus", "--no-align")
    assert result.exit_code == 1, result.output
    assert "no WARC record at the start" not in result.output and "junk" in result.output
    assert "1 documents" in result.output


def test_extract_on_a_warc_says_use_build(tmp_path):
    warc = write_warc(tmp_path / "a.warc.gz", [("http://x/0", PAGE, [])], gz=True)
    result = run("extract", warc)
    assert result.exit_code == 1 and "use `build`" in result.output and "binary" not in result.output


def test_the_crawler_never_archives_a_gzip_bomb(tmp_path):
    site = Site()
    site.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
    site.pages["/list.html"] = Page(b'<html><body><a href="/bomb.html">b</a> <a href="/ok.html">o</a></body></html>')
    site.pages["/bomb.html"] = Page(BOMB, headers={"Content-Encoding": "gzip"})
    site.pages["/ok.html"] = Page(PAGE)
    server, base = serve(site)
    try:
        source = Source("bomb", start_urls=(base + "/list.html",), article_pattern=r"\.html$",
                        allowed_domains=("127.0.0.1",))
        summary = Crawler(fast_settings(max_bytes=1_000_000), tmp_path / "crawl", [source]).run()
    finally:
        server.shutdown()
    urls = [c.url for f in summary.warc_files for c in iter_captures(f)]
    assert base + "/ok.html" in urls and base + "/bomb.html" not in urls
    assert sum(Path(f).stat().st_size for f in summary.warc_files) < len(BOMB)


def test_a_robots_txt_past_the_size_limit_is_parsed_up_to_500_kib_and_obeyed(tmp_path):
    site = Site()
    padding = b"# " + b"x" * 97 + b"\n"
    rules = b"User-agent: *\nDisallow: /private/\n" + padding * 20_000  # 2 MB: past max_bytes (1 MB)
    site.pages["/robots.txt"] = Page(rules, content_type="text/plain")
    site.pages["/list.html"] = Page(b'<html><body><a href="/private/x.html">p</a> <a href="/ok.html">o</a>'
                                    b'</body></html>')
    site.pages["/private/x.html"] = Page(PAGE)
    site.pages["/ok.html"] = Page(PAGE)
    server, base = serve(site)
    try:
        source = Source("robots", start_urls=(base + "/list.html",), article_pattern=r"\.html$",
                        allowed_domains=("127.0.0.1",))
        Crawler(fast_settings(max_bytes=1_000_000), tmp_path / "crawl", [source]).run()
    finally:
        server.shutdown()
    assert site.hits("/ok.html") and not site.hits("/private/x.html")


def test_a_full_disk_during_a_crawl_is_one_message(tmp_path, monkeypatch):
    import errno

    from corpus_builder.fetch.warc_writer import WarcStore

    site = Site()
    site.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type="text/plain")
    site.pages["/list.html"] = Page(b"<html><body>" + b"".join(b'<a href="/n%d.html">n</a>' % i for i in range(6))
                                    + b"</body></html>")
    for i in range(6):
        site.pages[f"/n{i}.html"] = Page(PAGE)
    calls = []

    def full(self, *args, **kwargs):
        calls.append(1)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(WarcStore, "write_exchange", full)
    server, base = serve(site)
    try:
        result = CliRunner(env={"CORPUS_BUILDER_CRAWL_DELAY": "0"}).invoke(
            main, ["crawl", "--start-url", base + "/list.html", "--pattern", r"/n\d\.html$", "--out", str(tmp_path)])
    finally:
        server.shutdown()
    assert calls and result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert "bug" not in result.output
