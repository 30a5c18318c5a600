"""The ``corpus-builder`` command: a thin click layer over the library.

Each command lives in its own module of this package and is registered in
``_COMMANDS``; printing happens only here, never in the library.
"""
from __future__ import annotations

from corpus_builder.allocator import prefer_returning_allocator

prefer_returning_allocator()  # before any command module imports pyarrow

import importlib  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402

import click  # noqa: E402

from corpus_builder import __version__  # noqa: E402
from corpus_builder.cli.failures import CrashGuardGroup  # noqa: E402

# module name -> attribute holding the click command (or group), or a tuple of such attributes
_COMMANDS = {
    "extract": "extract",
    "segment": "segment",
    "build": "build",
    "crawl": ("crawl", "nightly", "sources"),
    "store": ("stats", "validate", "compact"),
    "align": "align",
    "export": "export",
    "report": "report",
    "examples": "examples",
}


@click.group(cls=CrashGuardGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpus-builder")
@click.option("-v", "--verbose", count=True,
              help="More log output (-v info: one line per crawled URL with its outcome; -vv debug).")
@click.option("-q", "--quiet", is_flag=True, help="Errors only: no progress display or progress lines.")
def main(verbose: int, quiet: bool) -> None:
    """Build a clean, aligned Chinese-Russian corpus of diplomatic texts."""
    level = logging.ERROR if quiet else logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        # the run log lowers the package's level to INFO for its file: stderr keeps the chosen level
        if type(handler) is logging.StreamHandler and handler.stream in (sys.stderr, sys.__stderr__):
            handler.setLevel(level)


for _module, _attrs in _COMMANDS.items():
    for _attr in (_attrs,) if isinstance(_attrs, str) else _attrs:
        main.add_command(getattr(importlib.import_module(f"corpus_builder.cli.{_module}"), _attr))
