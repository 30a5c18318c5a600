"""A hostile or damaged store (issue 18, cases 6, 7d, 8): never changed data without saying
so, never a path outside the store, and a message with an exit code instead of a traceback."""
from __future__ import annotations

import errno
import json
import shutil

import pytest
from click.testing import CliRunner

import corpus_builder
from corpus_builder.cli import main
from corpus_builder.store import manifest as mf

RU = ("<html><head><meta charset='utf-8'><title>Заявление {n}</title></head><body><div class='article'>"
      + "".join(f"<p>{i}. Стороны подтвердили приверженность многосторонности и сотрудничеству "
                f"в рамках Организации Объединённых Наций, пункт {i} документа {{n}}.</p>" for i in range(1, 8))
      + "</div></body></html>")


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.fixture()
def store(tmp_path):
    """A corpus built by two runs: two small documents shards in one partition, for compact."""
    for n in (1, 2):
        page = tmp_path / f"p{n}.html"
        page.write_text(RU.format(n=n), encoding="utf-8")
        assert run("build", page, "--out", tmp_path / "corpus", "--no-align").exit_code == 0
    return tmp_path / "corpus"


def docs_shards(root):
    return [f for f in mf.read_manifest(root).files if f.table == "documents"]


def flip_a_bit(path, offset_share=0.5):
    data = bytearray(path.read_bytes())
    data[int(len(data) * offset_share)] ^= 0x01
    path.write_bytes(bytes(data))


def test_compact_refuses_a_damaged_shard_instead_of_laundering_it(store):
    before = (store / mf.MANIFEST).read_text()
    flip_a_bit(store / docs_shards(store)[0].path)
    result = run("compact", store)
    assert result.exit_code == 1 and "damaged" in result.output and "Traceback" not in result.output
    assert (store / mf.MANIFEST).read_text() == before  # nothing merged, no fresh checksum
    assert run("validate", store).exit_code == 1  # the damage is still reported


def test_load_verify_refuses_changed_data(store):
    assert len(corpus_builder.load(store, table="documents", verify=True)) == 2
    flip_a_bit(store / docs_shards(store)[1].path)
    with pytest.raises(mf.ShardDamaged, match="checksum differs"):
        corpus_builder.load(store, table="documents", verify=True)
    assert len(corpus_builder.load(store, table="clauses", verify=True)) > 0  # other tables still load


def test_a_manifest_path_outside_the_store_is_refused(store, tmp_path):
    victim = tmp_path / "victim" / "v.parquet"
    victim.parent.mkdir()
    shutil.copy(store / docs_shards(store)[0].path, victim)
    body = json.loads((store / mf.MANIFEST).read_text())
    for entry, bad in zip(body["files"][:2], ("../victim/v.parquet", "/etc/passwd")):
        entry["path"] = bad
    (store / mf.MANIFEST).write_text(json.dumps(body))
    for command in (["compact", store], ["validate", store], ["stats", store]):
        result = run(*command)
        assert result.exit_code == 2 and "outside the store" in result.output, (command, result.output)
    assert victim.exists()
    with pytest.raises(mf.NotACorpus):
        corpus_builder.load(store, table="documents")


@pytest.mark.parametrize("text", ["[1, 2]", '{"format": "corpus-builder-store", "files": [', "\xff\xfe", "null",
                                  '{"format": "corpus-builder-store", "files": {"a": 1}}'])
def test_a_broken_manifest_is_a_message_for_every_command(store, tmp_path, text):
    (store / mf.MANIFEST).write_bytes(text.encode("utf-8", "surrogateescape") if text != "\xff\xfe"
                                      else b"\xff\xfe{")
    page = tmp_path / "p1.html"
    for command in (["build", page, "--out", store, "--no-align"], ["compact", store], ["validate", store],
                    ["stats", store]):
        result = run(*command)
        assert result.exit_code == 2 and "manifest" in result.output, (command, result.output)
        assert "Traceback" not in result.output and "bug" not in result.output


def test_a_second_writer_gets_a_message_and_exit_3(store, tmp_path):
    lock = mf.acquire_lock(store)
    try:
        for command in (["build", tmp_path / "p1.html", "--out", store, "--no-align"], ["compact", store]):
            result = run(*command)
            assert result.exit_code == 3 and "another writer" in result.output, result.output
    finally:
        mf.release_lock(lock)


def test_a_full_disk_is_a_message_and_the_store_stays_valid(store, tmp_path, monkeypatch):
    page = tmp_path / "p3.html"
    page.write_text(RU.format(n=3), encoding="utf-8")
    real = mf.stage_text

    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(mf, "stage_text", full)
    result = run("build", page, "--out", store, "--no-align", "--workers", "1")
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert "Traceback" not in result.output and "bug" not in result.output
    monkeypatch.setattr(mf, "stage_text", real)
    assert run("validate", store).exit_code == 0
    again = run("build", page, "--out", store, "--no-align")
    assert again.exit_code == 0 and again.output.startswith("1 documents")
    assert len(corpus_builder.load(store, table="documents", verify=True)) == 3


def test_compact_removes_what_a_killed_compact_left(store):
    folder = (store / docs_shards(store)[0].path).parent
    temp = folder / ".part-compact-x-00001.parquet.tmp"
    orphan = folder / "part-compact-x-00002.parquet"
    temp.write_bytes(b"partial")
    orphan.write_bytes(b"renamed but never committed")
    assert run("compact", store).exit_code == 0
    assert not temp.exists() and not orphan.exists()
    assert run("validate", store, "--strict").exit_code == 0


def test_a_store_of_the_previous_schema_version_stays_valid_and_loads(store):
    """Schema 2 added documents.encoding_replaced: files written before it are sound, read as null."""
    import pyarrow.parquet as pq

    from corpus_builder.store.schema import file_schema

    entry = docs_shards(store)[0]
    path = store / entry.path
    old = pq.read_table(path).drop_columns(["encoding_replaced"])
    pq.write_table(old.cast(file_schema("documents", 1)), path, compression="zstd")
    manifest = mf.read_manifest(store)
    for f in manifest.files:
        if f.path == entry.path:
            f.sha256, f.bytes, f.schema_version = mf.sha256_file(path), path.stat().st_size, 1
    mf.write_manifest(store, manifest)
    assert run("validate", store).exit_code == 0
    docs = corpus_builder.load(store, table="documents")
    assert docs["encoding_replaced"].isna().sum() == 1 and (docs["encoding_replaced"] == 0).sum() == 1
    merged = run("compact", store)  # an old and a new file of one partition become one file
    assert merged.exit_code == 0 and "merged 8 small files" in merged.output, merged.output
    assert run("validate", store).exit_code == 0
    docs = corpus_builder.load(store, table="documents", verify=True)
    assert docs["encoding_replaced"].isna().sum() == 1 and (docs["encoding_replaced"] == 0).sum() == 1
