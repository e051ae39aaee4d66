"""The ``lexpub`` group: the only place where errors become messages and exit statuses —
2 for bad input (sources, data, arguments), 1 for an internal failure."""

from __future__ import annotations

import os
from typing import Any

import click

from lexpub.errors import INTERNAL, LexpubError, io_error, operation_of


class LexpubGroup(click.Group):
    """Runs a command and maps lexpub errors to messages and exit statuses."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except LexpubError as exc:
            report(ctx, exc)
        except OSError as exc:  # the environment (read-only, no space, permission, missing program)
            report(ctx, io_error(exc, operation_of(exc)))
        except Exception as exc:  # a real bug: one line, no traceback, exit 1
            if os.environ.get("LEXPUB_DEBUG"):
                raise
            click.echo(f"error[internal]: {type(exc).__name__}: {str(exc)[:300]}", err=True)
            click.echo(INTERNAL, err=True)
            ctx.exit(1)


def report(ctx: click.Context, exc: LexpubError) -> None:
    """Print each issue of ``exc`` on standard error and exit with its status."""
    for issue in exc.issues:
        click.echo(str(issue), err=True)
    count = len(exc.issues)
    if count > 1:
        click.echo(f"{count} problems", err=True)
    ctx.exit(exc.exit_status)


@click.group(cls=LexpubGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lexpub")
def main() -> None:
    """lexpub: consolidated editions, service tables, citizen documents, diffs and publication
    of the Ministry of Defence orders, from the YAML corpus in source/."""
