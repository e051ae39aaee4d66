"""The command line; errors become messages and exit statuses only in ``lexpub.cli.group``."""

from lexpub.cli.commands import main

__all__ = ["main"]
