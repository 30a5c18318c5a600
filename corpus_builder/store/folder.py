"""Can a folder hold a corpus?  Checked before anything is written into it.

A build's ``--out`` may be new (it is created), an empty folder, or an
existing corpus.  A path that is a file, a folder that cannot be written
(permissions, a read-only file system), or a non-empty folder that is not a
corpus is refused with :class:`UnusableFolder`, whose message is one line
for the user, before any file or folder is created.
"""
from __future__ import annotations

import os
from pathlib import Path

from corpus_builder.store.manifest import NotACorpus, is_store


class UnusableFolder(NotACorpus):
    """An output folder that cannot hold a corpus (a file, read-only, someone else's folder)."""


def _existing_ancestor(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(".")


def check_corpus_folder(root: str | Path) -> None:
    """Raise :class:`UnusableFolder` unless ``root`` is a corpus, an empty folder, or can be created.

    A folder holding only dot-files (a lock, temp files of a run killed before
    its first commit) counts as empty.  Writes nothing."""
    root = Path(root)
    existing = _existing_ancestor(root)
    if not existing.is_dir():
        what = "is a file" if existing == root else f"cannot be created: {existing} is a file"
        raise UnusableFolder(f"{root}: {what}, not a folder")
    if existing == root and not is_store(root) and any(not p.name.startswith(".") for p in root.iterdir()):
        raise UnusableFolder(f"{root}: folder is not empty and not a corpus store "
                             "(give a new or empty folder, or an existing corpus)")
    if not os.access(existing, os.W_OK | os.X_OK):
        where = "folder is" if existing == root else f"cannot be created: {existing} is"
        raise UnusableFolder(f"{root}: {where} not writable (read-only or no permission)")
