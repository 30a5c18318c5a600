"""Locate the data files (lexicons, rules, dictionaries) shipped under data/.

In a source checkout they live in the top-level ``data/`` folder; an installed
package carries the same folder as ``corpus_builder.data``.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

_REPO_DATA = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=None)
def data_dir() -> Path:
    """The folder holding the project's data files."""
    if _REPO_DATA.is_dir():
        return _REPO_DATA
    return Path(str(resources.files("corpus_builder.data")))


def data_path(name: str) -> Path:
    """Path of one data file, e.g. ``data_path("boilerplate/zh.txt")``."""
    path = data_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"data file not found: {name} (looked in {data_dir()})")
    return path


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment (``#``) lines of a data file, stripped."""
    text = data_path(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
