"""The command line: the only place where errors become messages and exit statuses."""

from lexpub.cli.commands import main

__all__ = ["main"]
