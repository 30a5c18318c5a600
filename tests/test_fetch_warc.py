"""The WARC writer: digests, revisits, rotation, and recovery of a killed run's file."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "crawl"))
from crawlsite import fast_settings, news_source  # noqa: E402

from corpus_builder.fetch.crawler import Crawler  # noqa: E402
from corpus_builder.fetch.http import Exchange  # noqa: E402
from corpus_builder.fetch.state import CrawlState  # noqa: E402
from corpus_builder.fetch.warc import iter_captures  # noqa: E402
from corpus_builder.fetch.warc_writer import WarcStore, complete_prefix, recover_open_files  # noqa: E402


def exchange(n: int, status: int = 200, body: bytes | None = None) -> Exchange:
    body = f"<html><body>page {n} страница 页</body></html>".encode() if body is None else body
    return Exchange(f"http://127.0.0.1/p{n}.html", "GET", [("User-Agent", "t")], status, "OK", "HTTP/1.1",
                    [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")], body)


def read_all(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        return [r.rec_type for r in ArchiveIterator(fh) if r.content_stream().read() is not None]


def test_records_are_written_under_open_name_and_renamed_on_close(tmp_path):
    store = WarcStore(tmp_path, "run", max_bytes=10**9)
    ref = store.write_exchange(exchange(1))
    assert (tmp_path / f"{ref.warc_file}.open").exists() and not (tmp_path / ref.warc_file).exists()
    [closed] = store.close()
    assert closed.name == ref.warc_file and not list(tmp_path.glob("*.open"))
    [capture] = list(iter_captures(closed))
    assert capture.body.decode() == "<html><body>page 1 страница 页</body></html>"
    assert "Transfer-Encoding" not in capture.headers  # stored de-chunked
    assert read_all(closed) == ["response", "request"]


def test_304_and_identical_body_become_revisits(tmp_path):
    store = WarcStore(tmp_path, "run", max_bytes=10**9)
    first = store.write_exchange(exchange(1))
    store.write_exchange(exchange(1, status=304, body=b""))
    store.write_exchange(exchange(1), revisit_of=first.warc_date)
    [path] = store.close()
    with open(path, "rb") as fh:
        profiles = [r.rec_headers.get_header("WARC-Profile") for r in ArchiveIterator(fh) if r.rec_type == "revisit"]
    assert [p.rsplit("/", 1)[-1] for p in profiles] == ["server-not-modified", "identical-payload-digest"]
    assert len(list(iter_captures(path))) == 1


def test_rotation_at_size_limit(tmp_path):
    store = WarcStore(tmp_path, "run", max_bytes=2000)
    for n in range(6):
        store.write_exchange(exchange(n, body=bytes(range(256)) * 8))
    files = store.close()
    assert len(files) >= 3
    assert sum(len(list(iter_captures(f))) for f in files) == 6


@pytest.mark.parametrize("cut", [1, 10, 200])
def test_torn_open_file_is_cut_to_its_last_complete_record(tmp_path, cut):
    store = WarcStore(tmp_path, "run", max_bytes=10**9)
    refs = [store.write_exchange(exchange(n)) for n in range(3)]
    store._fh.close()  # a killed run: the file is never closed nor renamed
    open_path = tmp_path / f"{refs[0].warc_file}.open"
    whole = open_path.read_bytes()
    open_path.write_bytes(whole[:-cut])  # tear the last record
    [recovered] = recover_open_files(tmp_path)
    assert recovered.name == refs[0].warc_file and not open_path.exists()
    assert complete_prefix(recovered) == recovered.stat().st_size
    assert [c.url for c in iter_captures(recovered)] == [f"http://127.0.0.1/p{n}.html" for n in range(3)]
    assert read_all(recovered).count("request") == 2  # the torn request record was cut


def test_open_file_without_a_complete_record_is_removed(tmp_path):
    (tmp_path / "x.warc.gz.open").write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert recover_open_files(tmp_path) == []
    assert not list(tmp_path.iterdir())


def test_crawler_registers_captures_the_state_missed(tmp_path):
    """Killed between the WARC flush and the state commit: the capture is not fetched twice."""
    source = news_source("http://127.0.0.1:9")  # nothing listens: every fetch fails fast
    store = WarcStore(tmp_path / "warc", "killed", max_bytes=10**9)
    ref = store.write_exchange(exchange(7))
    store._fh.close()
    summary = Crawler(fast_settings(retries=0, connect_timeout=0.5), tmp_path, [source]).run()
    assert summary.recovered == [str(tmp_path / "warc" / ref.warc_file)]
    state = CrawlState(tmp_path / "state.sqlite")
    row = state.get("http://127.0.0.1/p7.html")
    assert row["status"] == "captured" and row["record_id"] == ref.record_id and row["etag"] is None
    state.close()
