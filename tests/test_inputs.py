"""Input discovery and the ordered, bounded parallel map."""
from __future__ import annotations

import gzip
import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus_builder.inputs import InputError, iter_captures_from, looks_like_html
from corpus_builder.parallel import ordered_map


def _square(x: int) -> int:
    return x * x


def write_warc(path, pages):
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_folder_walk_takes_pages_and_warcs_in_sorted_order(tmp_path):
    (tmp_path / "b.html").write_text("<html><body>b</body></html>")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "noext").write_text("<!DOCTYPE html><html></html>")
    (tmp_path / "notes.md").write_text("# not a page")
    (tmp_path / "gold.txt").write_text("plain gold text, not html")
    write_warc(tmp_path / "c.warc.gz", [("http://x/1", b"<html>1</html>"), ("http://x/2", b"<html>2</html>")])
    items = list(iter_captures_from([tmp_path]))
    origins = [i.origin.split("#")[0].rsplit("/", 1)[-1] for i in items]
    assert origins == ["b.html", "c.warc.gz", "c.warc.gz", "noext"]  # a folder's files, then its subfolders
    assert [i.url for i in items[1:3]] == ["http://x/1", "http://x/2"]
    assert items[0].url.startswith("file://")


def test_missing_and_broken_inputs_are_items_not_crashes(tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(gzip.compress(b"this is not a warc record"))
    items = list(iter_captures_from([tmp_path / "nope.html", bad]))
    assert [type(i) for i in items] == [InputError, InputError]
    assert items[0].reason == "missing" and items[1].reason == "unreadable"


def test_truncated_warc_keeps_complete_records(tmp_path):
    path = tmp_path / "t.warc.gz"
    write_warc(path, [(f"http://x/{i}", b"<html>" + b"x" * 5000 + b"</html>") for i in range(3)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    urls = [c.url for c in iter_captures_from([path])]
    assert urls[:2] == ["http://x/0", "http://x/1"]


def test_sniffing():
    import pathlib
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = pathlib.Path(d) / "x"
        p.write_bytes(b"\xef\xbb\xbf  <HTML><body>")
        assert looks_like_html(p)
        p.write_bytes(b"PK\x03\x04 zip")
        assert not looks_like_html(p)


def test_ordered_map_keeps_order_whatever_the_workers():
    items = list(range(50))
    expected = [x * x for x in items]
    assert list(ordered_map(_square, iter(items), 1)) == expected
    assert list(ordered_map(_square, iter(items), 2, max_inflight=3)) == expected


def test_ordered_map_is_bounded():
    consumed = []

    def source():
        for i in range(100):
            consumed.append(i)
            yield i

    results = ordered_map(_square, source(), 2, max_inflight=4)
    next(results)
    assert len(consumed) <= 5
    assert list(results)[-1] == 99 * 99
