"""The package ships every subpackage and its data; the CLI entry points exist."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "corpus_builder").rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert "corpus_builder.data" in listed


def test_data_files_are_found():
    from corpus_builder.resources import data_dir

    assert data_dir().is_dir()
    assert any(data_dir().iterdir())


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "corpus_builder", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("extract", "segment", "build"):
        assert command in out.stdout
