"""The ``lexpub`` group: the only place where errors become messages and exit statuses —
2 for bad input (sources, data, arguments), 1 for an internal failure."""

from __future__ import annotations

from typing import Any

import click

from lexpub.errors import LexpubError


class LexpubGroup(click.Group):
    """Runs a command and maps lexpub errors to messages and exit statuses."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LexpubError as exc:
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
