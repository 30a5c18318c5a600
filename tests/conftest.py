"""Shared fixtures.  Real data is read from ../shared, never copied here."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CORPUS_BUILDER_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (or $CORPUS_BUILDER_SHARED); the test is skipped when absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    """The seed page's text (a content-farm repost of the 2020 joint statement)."""
    files = sorted((shared_dir / "seed").glob("*.txt"))
    if not files:
        pytest.skip("seed page missing")
    return files[0].read_text(encoding="utf-8")
