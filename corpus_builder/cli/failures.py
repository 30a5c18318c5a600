"""How every command reports an error in corpus-builder's own code.

Bad input (a broken page, a dead server, a wrong option) is the user's to fix
and gets a one-line message.  An exception in the code (a bug, a data file
missing from the install, a worker process that died) is ours: the command
shows the first traceback, says it is a bug, and exits ``EXIT_CRASH`` so that
cron never takes a broken tool's run for a success.
"""
from __future__ import annotations

from typing import NoReturn, Sequence

import click

from corpus_builder.errors import EXIT_CRASH, EXIT_FAILURES, EXIT_USAGE, Crash, disk_full


def one_line_error(message: str, code: int) -> click.ClickException:
    """A one-line ``Error: message`` ending the command with exit status ``code``, without
    click's usage banner."""
    err = click.ClickException(message)
    err.exit_code = code
    return err


def usage_error(message: str) -> click.ClickException:
    """:func:`one_line_error` with the usage exit status (2): for a value that is well-formed
    but cannot be used (a folder, a language the corpus lacks)."""
    return one_line_error(message, EXIT_USAGE)


def show_crashes(crashes: Sequence[Crash]) -> None:
    """The first crash's traceback and a one-line count, on stderr."""
    first = crashes[0]
    click.echo(first.traceback.rstrip(), err=True)
    more = f" ({len(crashes) - 1} more in the log)" if len(crashes) > 1 else ""
    click.echo(f"error: {len(crashes)} item(s) hit an error in corpus-builder itself, not in the input{more}; "
               f"first: {first.where}: {first.error}. This is a bug: please report it with the traceback above.",
               err=True)


def exit_crashed(crashes: Sequence[Crash]) -> NoReturn:
    """Show the crashes and end the command with EXIT_CRASH."""
    show_crashes(crashes)
    raise SystemExit(EXIT_CRASH)


class CrashGuardGroup(click.Group):
    """A click group whose commands turn any unexpected exception into the first traceback
    and EXIT_CRASH (click's own usage errors and exits pass through unchanged)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if disk_full(exc):  # not a bug: every write is staged and committed, what was committed stays valid
                click.echo(f"error: {getattr(exc, 'strerror', None) or exc}: nothing more was written; what was "
                           "committed before stays valid. Free some space and run the command again.", err=True)
                raise SystemExit(EXIT_FAILURES) from None
            exit_crashed([Crash.of(f"corpus-builder {ctx.invoked_subcommand or ''}".strip(), exc)])
