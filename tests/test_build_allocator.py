"""The corpus-builder command chooses Arrow's allocator before pyarrow loads (see allocator.py)."""
from __future__ import annotations

import os
import subprocess
import sys

import pyarrow as pa
import pytest

_PROBE = "import corpus_builder.cli, pyarrow; print(pyarrow.default_memory_pool().backend_name)"


def _backend(env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if env_value:
        env["ARROW_DEFAULT_MEMORY_POOL"] = env_value
    return subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_command_makes_arrow_use_a_returning_allocator():
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow has no jemalloc")
    expected = "jemalloc" if sys.platform.startswith("linux") else "system"
    assert _backend(None) == expected


def test_a_users_own_choice_is_kept():
    assert _backend("system") == "system"


def test_nothing_is_changed_once_pyarrow_is_loaded(monkeypatch):
    from corpus_builder.allocator import ENV, prefer_returning_allocator

    monkeypatch.delenv(ENV, raising=False)
    assert "pyarrow" in sys.modules
    assert prefer_returning_allocator() is False and ENV not in os.environ
