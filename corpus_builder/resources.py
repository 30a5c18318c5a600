"""Read the data files (lexicons, rules, dictionaries) the package ships.

The repository keeps them in the top-level ``data/`` folder; pyproject.toml
installs that folder as the regular package ``corpus_builder.data`` (it has an
``__init__.py``), so an installed tool and an editable checkout find them the
same way: through ``importlib.resources``, joined one path part at a time.
Never ``Path(str(files(...)))``: for a namespace package that string is
"MultiplexedPath('…')", not a folder.
"""
from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

DATA_PACKAGE = "corpus_builder.data"


class DataFileMissing(FileNotFoundError):
    """A data file the code needs is not in the installed package: a packaging bug, never bad input."""


def data_root() -> Traversable:
    """The installed ``corpus_builder.data`` package."""
    return resources.files(DATA_PACKAGE)


def data_file(name: str) -> Traversable:
    """One data file, e.g. ``data_file("boilerplate/zh.txt")``; raises DataFileMissing."""
    node = data_root()
    for part in name.split("/"):
        node = node / part
    if not node.is_file():
        raise DataFileMissing(f"data file not found: {name} (not in the installed package {DATA_PACKAGE})")
    return node


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment (``#``) lines of a data file, stripped."""
    text = data_file(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def example_pages() -> list[Traversable]:
    """The example pages shipped in ``data/examples`` (``*.html``), sorted by name."""
    folder = data_root() / "examples"
    if not folder.is_dir():
        raise DataFileMissing(f"data folder not found: examples (not in the installed package {DATA_PACKAGE})")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".html")), key=lambda p: p.name)
