"""What users install is what the suite tests: the wheel carries every module and data file.

The suite imports the installed corpus_builder (tests/conftest.py refuses the
checkout), so these tests compare that install, and a wheel built from the
checkout's files, with the checkout: a data file left out of the package data
globs, or a subpackage left out of pyproject.toml, fails here.
"""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import corpus_builder
from corpus_builder.resources import DataFileMissing, data_file, data_root, read_lines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
# what the repository ships as package data: everything in data/ but caches and editor debris
DATA_FILES = sorted(p.relative_to(REPO / "data").as_posix() for p in (REPO / "data").rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
MODULES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "corpus_builder").rglob("*.py"))


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "corpus_builder").rglob("__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert "corpus_builder.data" in listed
    folders = {"corpus_builder.data." + ".".join(p.relative_to(REPO / "data").parts)
               for p in (REPO / "data").rglob("*") if p.is_dir() and p.name != "__pycache__"}
    assert folders - listed == set(), "add data/'s folders to [tool.setuptools] packages"


def test_the_version_is_the_one_pyproject_declares():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert corpus_builder.__version__ == config["project"]["version"]


def test_the_install_holds_no_module_the_checkout_lacks():
    """A module moved out of the package (or deleted) must be gone from the install too: a stale
    build/lib/ left in the checkout by an earlier install would otherwise ship its old copy."""
    installed = Path(corpus_builder.__file__).resolve().parent
    found = sorted(("corpus_builder" / p.relative_to(installed)).as_posix() for p in installed.rglob("*.py")
                   if p.parts[len(installed.parts)] != "data")
    assert [m for m in found if m not in MODULES] == [], "remove build/ and reinstall"


def test_the_library_does_not_import_the_evaluation_helpers():
    """Gold-set readers and scoring live in scripts/evaluation/, which is not installed."""
    offenders = []
    for module in MODULES:
        for node in ast.walk(ast.parse((REPO / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [f"{module}: {name}" for name in names if name.split(".")[0] == "evaluation"]
    assert offenders == []


def test_every_data_file_of_the_checkout_is_installed_unchanged():
    assert "sources.toml" in DATA_FILES and "boilerplate/zh.txt" in DATA_FILES
    for name in DATA_FILES:
        assert data_file(name).read_bytes() == (REPO / "data" / name).read_bytes(), name


def test_data_files_are_read_through_importlib_resources():
    assert data_root().joinpath("sources.toml").is_file()
    assert "MultiplexedPath" not in str(data_root())  # a regular package, not a namespace
    assert read_lines("official_domains.txt")
    with pytest.raises(DataFileMissing, match="no/such.txt"):
        data_file("no/such.txt")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """A wheel built from a copy of the checkout's own files (no network: no build isolation)."""
    src, dist = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for folder in ("corpus_builder", "data"):
        shutil.copytree(REPO / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(src)], check=True, capture_output=True, text=True)
    (path,) = dist.glob("corpus_builder-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_holds_every_module_and_data_file(wheel):
    names = set(wheel.namelist())
    missing_modules = [m for m in MODULES if m not in names]
    missing_data = [d for d in DATA_FILES if f"corpus_builder/data/{d}" not in names]
    assert missing_modules == [] and missing_data == []
    assert not any(n.startswith(("tests/", "scripts/", "data/")) for n in names)


def test_the_wheel_declares_the_console_script(wheel):
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "corpus-builder = corpus_builder.cli:main" in wheel.read(entry_points).decode()


def test_the_console_script_runs_from_any_folder(tmp_path):
    script = Path(sys.executable).parent / "corpus-builder"
    out = subprocess.run([str(script), "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0
    for command in ("extract", "segment", "build", "sources"):
        assert command in out.stdout


def test_python_dash_m_runs_the_cli(tmp_path):
    out = subprocess.run([sys.executable, "-m", "corpus_builder", "sources"], capture_output=True, text=True,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("fmprc")
