"""Start-up stays light: `corpus-builder --help` and `extract` do not load the heavy libraries.

(Seconds are measured by hand, not here: `--help` 0.62 s -> 0.21 s and the first page of
`extract` 0.85 s -> 0.43 s on this machine, issue 19.  What is pinned is what gets imported.)
"""
from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "pyarrow", "numpy", "dask", "distributed", "polars", "duckdb")


def _imported(code: str) -> list[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_command_line_starts_without_the_data_libraries():
    assert _imported("import corpus_builder.cli") == []


def test_extracting_a_page_does_not_load_the_store(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><head><meta charset='utf-8'><title>Заявление</title></head><body><p>"
                    + "Стороны подтвердили приверженность многосторонности. " * 5 + "</p></body></html>",
                    encoding="utf-8")
    code = ("from corpus_builder.cli import main\n"
            f"try:\n    main(['extract', {str(page)!r}])\nexcept SystemExit as exit:\n    assert not exit.code")
    assert _imported(code) == []
