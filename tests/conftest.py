"""Shared fixtures.  Real data is read from ../shared, never copied here."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CORPUS_BUILDER_SHARED", REPO.parent / "shared"))
# Set to 1 to test the source tree itself (an editable install); by default the
# suite refuses it, because users run the installed package, never the checkout.
ALLOW_CHECKOUT = "CORPUS_BUILDER_TEST_CHECKOUT"
# The evaluation helpers (gold-set readers, extraction and alignment scoring)
# are not part of the library: they live in scripts/evaluation/, which is not
# installed.  Tests import them from there (``from evaluation.goldsets import
# ...``).  Only scripts/ goes on sys.path, never the repository top, so
# ``corpus_builder`` still comes from the installed package (pytest_configure).
SCRIPTS = REPO / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


def pytest_configure(config: pytest.Config) -> None:
    """The suite tests the installed corpus_builder, not the checkout beside it."""
    import corpus_builder

    where = Path(corpus_builder.__file__).resolve().parent
    if REPO in where.parents and os.environ.get(ALLOW_CHECKOUT) != "1":
        raise pytest.UsageError(
            f"corpus_builder was imported from the checkout ({where}), not from an installed copy. "
            "Install it (`python -m pip install \".[test]\"`) and run `pytest` (not `python -m pytest`, "
            f"which puts the current folder first on sys.path); {ALLOW_CHECKOUT}=1 tests the checkout anyway."
        )


def pytest_report_header(config: pytest.Config) -> str:
    import corpus_builder

    return f"corpus_builder {corpus_builder.__version__} from {Path(corpus_builder.__file__).resolve().parent}"


@pytest.fixture(scope="session", autouse=True)
def _outside_the_checkout(tmp_path_factory: pytest.TempPathFactory):
    """Every test runs in a folder of its own, as users do: a ``python -c`` or
    ``python -m`` child would otherwise find the checkout's corpus_builder/ in
    the current folder (pytest starts in the checkout) and import that."""
    before = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    yield
    os.chdir(before)


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


@pytest.fixture(scope="session")
def example_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus built (with alignment) from the shipped example pages: one statement in zh, ru
    and en, and a zh repost.  Session-wide and read-only: tests write their outputs elsewhere."""
    from click.testing import CliRunner

    from corpus_builder.cli import main

    root = tmp_path_factory.mktemp("example-corpus")
    runner = CliRunner()
    assert runner.invoke(main, ["examples", str(root / "pages")]).exit_code == 0
    result = runner.invoke(main, ["build", str(root / "pages"), "--out", str(root / "corpus"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return root / "corpus"
