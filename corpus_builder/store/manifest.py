"""The manifest: the one list of committed files, replaced atomically.

``<root>/manifest.json`` holds every committed file (path relative to the
root, table, partition, rows, bytes, sha256, run id, schema version) and the
runs that wrote them.  A file that is not listed is not part of the corpus:
load() never reads it and validate() reports it.  Every update writes a
temporary file, fsyncs it and ``os.replace``s it over the old manifest, so a
reader sees either the old or the new list, never a mix.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from corpus_builder.store.schema import SCHEMA_VERSION

MANIFEST = "manifest.json"
FORMAT = "corpus-builder-store"
LOCK = ".lock"
TMP_SUFFIX = ".tmp"


class NotACorpus(ValueError):
    """The path has no readable corpus manifest."""


class StoreLocked(Exception):
    """Another writer holds the store's lock."""


@dataclass(slots=True)
class FileEntry:
    path: str
    table: str
    partition: dict[str, Any]
    rows: int
    bytes: int
    sha256: str
    run_id: str
    schema_version: int = SCHEMA_VERSION


@dataclass(slots=True)
class Manifest:
    files: list[FileEntry] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    generation: int = 0

    def table_files(self, table: str) -> list[FileEntry]:
        return [f for f in self.files if f.table == table]

    def to_json(self) -> str:
        body = {"format": FORMAT, "schema_version": SCHEMA_VERSION, "generation": self.generation,
                "files": [asdict(f) for f in self.files], "runs": self.runs}
        return json.dumps(body, ensure_ascii=False, indent=1)


def new_run_id() -> str:
    """UTC timestamp plus a random suffix: sortable and unique."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


class ShardDamaged(ValueError):
    """A committed file whose bytes no longer match the manifest's sha256."""


def inside_store(rel: str) -> bool:
    """True if a manifest path names a file inside the store: relative, no ``..``, no
    backslash or NUL (a hand-edited or hostile manifest must never make a reader,
    compact or a build read or delete a file elsewhere)."""
    parts = rel.split("/")
    return (bool(rel) and not rel.startswith("/") and "\\" not in rel and "\0" not in rel
            and all(p not in ("", ".", "..") for p in parts))


def _entries(body: object) -> tuple[list[FileEntry], list, int]:
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ValueError("not a corpus-builder manifest")
    if not isinstance(body.get("files"), list):
        raise ValueError("no list of files")
    files = [FileEntry(**f) for f in body["files"]]
    outside = [f.path for f in files if not isinstance(f.path, str) or not inside_store(f.path)]
    if outside:
        raise ValueError(f"file path outside the store: {outside[0]!r}")
    return files, list(body.get("runs", [])), int(body.get("generation", 0))


def read_manifest(root: str | Path) -> Manifest:
    """Read ``root``'s manifest; NotACorpus if missing or malformed, or if a file
    path in it leaves the store."""
    path = Path(root) / MANIFEST
    try:
        return Manifest(*_entries(json.loads(path.read_text(encoding="utf-8"))))
    except FileNotFoundError as exc:
        raise NotACorpus(f"{root}: no {MANIFEST} (not a corpus-builder store)") from exc
    except (ValueError, KeyError, TypeError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise NotACorpus(f"{path}: unreadable manifest: {exc}") from exc


def verify_files(root: str | Path, entries: list[FileEntry]) -> None:
    """Raise ShardDamaged naming every entry whose file is missing or whose sha256
    differs from the manifest's (the store never returns changed data silently)."""
    damaged = []
    for entry in entries:
        try:
            if sha256_file(Path(root) / entry.path) != entry.sha256:
                damaged.append(f"{entry.path} (checksum differs)")
        except OSError as exc:
            damaged.append(f"{entry.path} ({exc.strerror or exc})")
    if damaged:
        raise ShardDamaged(f"{root}: {len(damaged)} damaged file(s): {', '.join(damaged[:5])}"
                           f"{' …' if len(damaged) > 5 else ''}; run `corpus-builder validate`")


def is_store(root: str | Path) -> bool:
    return (Path(root) / MANIFEST).is_file()


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def tmp_name(final: Path, tag: str = "") -> Path:
    """Hidden temporary name beside ``final`` (readers skip dot-files); ``tag``
    makes it unique to one writer (e.g. one attempt of a distributed task)."""
    return final.with_name(f".{final.name}{'.' + tag if tag else ''}{TMP_SUFFIX}")


def stage_text(path: Path, text: str) -> Path:
    """Write ``text`` to the temp name of ``path``, fsynced; return the temp path."""
    tmp = tmp_name(path)
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via temp file + fsync + os.replace."""
    os.replace(stage_text(path, text), path)
    fsync_dir(path.parent)


def write_manifest(root: str | Path, manifest: Manifest) -> None:
    """Commit ``manifest`` atomically (bumps its generation)."""
    manifest.generation += 1
    atomic_write_text(Path(root) / MANIFEST, manifest.to_json())


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_HELD_LOCKS: set[int] = set()  # lock fds this process holds


def _forget_locks_in_child() -> None:
    # A forked worker shares the writer's lock (flock belongs to the open file, which the
    # child's copy of the fd keeps open): a worker outliving a killed build would keep the
    # store locked.  Closing the copy (never unlocking it) leaves the parent's lock as it is.
    for fd in _HELD_LOCKS:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks_in_child)


def acquire_lock(root: Path) -> int:
    """Take the store's exclusive writer lock (released when the fd closes or the process dies;
    processes forked while it is held do not keep it)."""
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            raise StoreLocked(f"{root}: another writer is running") from exc
        raise
    _HELD_LOCKS.add(fd)
    return fd


def release_lock(fd: int) -> None:
    _HELD_LOCKS.discard(fd)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def find_debris(root: str | Path, manifest: Manifest, tables: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """(leftover temp files, Parquet files not in the manifest) under ``root``.

    Both are what an interrupted write leaves behind; neither is read by load().
    """
    root = Path(root)
    listed = {f.path for f in manifest.files}
    temps = sorted(p for p in root.glob(f".*{TMP_SUFFIX}") if p.is_file())
    orphans: list[Path] = []
    for table in tables:
        base = root / table
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file():
                continue
            if path.name.endswith(TMP_SUFFIX):
                temps.append(path)
            elif path.relative_to(root).as_posix() not in listed:
                orphans.append(path)
    return temps, orphans


def commit_files(root: str | Path, manifest: Manifest, new: list[tuple[Path, FileEntry]],
                 drop: list[FileEntry]) -> None:
    """Rename ``new`` temp files into place, replace the manifest, then delete ``drop``.

    The manifest switch is the commit point: before it readers see the old
    files, after it the new ones.  (A crash between the renames and the switch
    leaves uncommitted files that validate reports and the next writer removes;
    that window is only the renames themselves.)
    """
    root = Path(root)
    gone = {e.path for e in drop}
    manifest.files = [f for f in manifest.files if f.path not in gone] + [e for _, e in new]
    manifest.generation += 1
    # Everything slow (writing and fsyncing the new manifest) happens before the
    # renames, so that only a few os.replace calls separate the first shard
    # appearing from the manifest switch; directories are fsynced after it.
    staged = stage_text(root / MANIFEST, manifest.to_json())
    for tmp, entry in new:
        os.replace(tmp, root / entry.path)
    os.replace(staged, root / MANIFEST)
    for folder in {(root / e.path).parent for _, e in new} | {root}:
        fsync_dir(folder)
    for entry in drop:
        (root / entry.path).unlink(missing_ok=True)
