"""``build --out`` a folder that cannot hold a corpus: one line, exit 2, nothing written."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from corpus_builder.cli import main

PAGE = ("<html><head><title>t</title></head><body><article><p>" + "中俄双方重申致力于推进合作。" * 30
        + "</p></article></body></html>")


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "in" / "page.html"
    path.parent.mkdir()
    path.write_text(PAGE, encoding="utf-8")
    return path


def build(page, out):
    return CliRunner().invoke(main, ["build", str(page), "--out", str(out), "--workers", "1"])


def tree(path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --out "), result.output
    assert "Traceback" not in result.output and all(w in lines[0] for w in words), lines[0]


def test_out_is_a_file(page, tmp_path):
    target = tmp_path / "corpus"
    target.write_text("mine")
    one_line_error(build(page, target), "is a file")
    one_line_error(build(page, target / "sub"), "is a file")
    assert target.read_text() == "mine"


def test_out_is_someone_elses_folder(page, tmp_path):
    target = tmp_path / "photos"
    target.mkdir()
    (target / "holiday.jpg").write_bytes(b"\xff\xd8")
    one_line_error(build(page, target), "not empty and not a corpus")
    assert tree(target) == ["holiday.jpg"]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: permissions do not stop root from writing "
                                                "(the read-only file system case is simulated below)")
def test_out_is_read_only(page, tmp_path):
    target = tmp_path / "ro"
    target.mkdir()
    target.chmod(0o555)
    try:
        one_line_error(build(page, target), "not writable")
        one_line_error(build(page, target / "corpus"), "not writable")
        assert tree(target) == []
    finally:
        target.chmod(0o755)


def test_out_on_a_read_only_file_system(page, tmp_path, monkeypatch):
    import corpus_builder.store.folder as folder

    target = tmp_path / "mnt"
    target.mkdir()
    real = folder.os.access
    def access(path, mode, **kw):  # EROFS: reading works, writing does not, for root too
        return False if mode & os.W_OK and str(path).startswith(str(target)) else real(path, mode, **kw)

    monkeypatch.setattr(folder.os, "access", access)
    one_line_error(build(page, target), "not writable")
    one_line_error(build(page, target / "corpus"), "not writable")
    assert tree(target) == []


def test_new_nested_folder_and_existing_corpus_are_fine(page, tmp_path):
    target = tmp_path / "a" / "b" / "corpus"
    assert build(page, target).exit_code == 0
    (target / ".lock").touch()
    assert build(page, target).exit_code == 0  # an existing corpus is updated
