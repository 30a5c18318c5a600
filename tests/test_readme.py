"""Every ```console example in README.md runs as written, and prints what it shows.

The commands run in order, in one temporary folder outside the checkout, with
the installed ``corpus-builder`` first on PATH: what a user who copies them
gets.  In the expected output a line ``...`` stands for any number of lines.
``../shared`` in a command means the real-data folder beside the checkout; the
command is skipped when it is absent.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
_BLOCK = re.compile(r"^```console\n(.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Example:
    line: int  # README line of the command
    command: str
    expected: tuple[str, ...]


def examples(text: str) -> list[Example]:
    """The ``$ command`` lines of every console block, each with the output lines below it."""
    found: list[Example] = []
    for block in _BLOCK.finditer(text):
        first_line = text.count("\n", 0, block.start(1)) + 1
        current: list = []
        for offset, line in enumerate(block.group(1).splitlines()):
            if line.startswith("$ "):
                current = [first_line + offset, line[2:], []]
                found.append(current)
            elif current:
                current[2].append(line.rstrip())
    out = []
    for line, command, expected in found:
        while expected and not expected[-1]:
            expected.pop()
        out.append(Example(line, command, tuple(expected)))
    return out


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Line-by-line equality where an expected ``...`` line matches any run of lines."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0].rstrip() == head and matches(rest, actual[1:])


def test_the_harness_reads_and_matches():
    text = "x\n```console\n$ a b\none\n\n$ c   # note\n...\nend\n```\n"
    assert examples(text) == [Example(3, "a b", ("one",)), Example(6, "c   # note", ("...", "end"))]
    assert matches(("...", "end"), ["1", "2", "end"]) and matches(("...", "end"), ["end"])
    assert not matches(("one",), ["one", "two"]) and not matches(("...", "end"), ["end", "x"])


EXAMPLES = examples(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("readme")


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"README:{e.line}" for e in EXAMPLES])
def test_readme_command(example: Example, workspace: Path, request: pytest.FixtureRequest):
    command = example.command
    if "../shared" in command:  # the shared_dir fixture skips the test when it is absent
        command = command.replace("../shared", str(request.getfixturevalue("shared_dir")))
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("PYTHONPATH", None)
    done = subprocess.run(["bash", "-c", command], cwd=workspace, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"README line {example.line}: `{example.command}` exited {done.returncode}:\n" \
                                 f"{done.stderr}"
    actual = [ln.rstrip() for ln in done.stdout.rstrip("\n").splitlines()]
    assert matches(example.expected, actual), (
        f"README line {example.line}: `{example.command}` printed\n" + "\n".join(actual)
        + "\n--- but the README shows ---\n" + "\n".join(example.expected))


def test_readme_has_examples_and_no_checkout_paths():
    assert len(EXAMPLES) >= 8
    assert all("corpus_builder/" not in e.command and "python -m pytest" not in e.command for e in EXAMPLES)
