"""The options several verbs share, declared once, and the parsing of their values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from lexpub.errors import InputError, kv
from lexpub.model.dates import parse_iso

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

LANGS = ("kaz", "rus")


def source_option(fn: F) -> F:
    """``--source``: the folder of the YAML corpus."""
    return click.option(
        "--source",
        "source",
        default="source",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of the YAML corpus.",
    )(fn)


def json_option(fn: F) -> F:
    """``--json``: machine-readable output instead of lines for a reader."""
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(fn)


def at_option(help_text: str = "YYYY-MM-DD or latest.", default: str | None = "latest") -> Decorator[Any]:
    """``--at``: a date or ``latest`` (see :func:`parse_at`)."""
    return click.option("--at", "at", default=default, show_default=default is not None, help=help_text)


def lang_option(help_text: str | None = None, *, name: str = "--lang", default: str | None = "kaz") -> Decorator[Any]:
    """A language of the model (``kaz``/``rus``): of the text, or of the interface where ``help_text`` says so."""
    dest = name.lstrip("-")
    return click.option(
        name, dest, type=click.Choice(list(LANGS)), default=default, show_default=default is not None, help=help_text
    )


def format_option(*choices: str, default: str) -> Decorator[Any]:
    """``--format``: one of the formats the verb writes."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True)


def out_file_option(fn: F) -> F:
    """``--out FILE``: write there atomically instead of to standard output."""
    return click.option(
        "--out",
        "out",
        default=None,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to FILE (atomically).",
    )(fn)


def force_option(fn: F) -> F:
    """``--force``: replace an ``--out`` file lexpub did not write (it says which)."""
    return click.option(
        "--force", "force", is_flag=True, help="Replace an --out file lexpub did not write (it says which)."
    )(fn)


def parse_at(value: str) -> dt.date | None:
    """``latest`` → None; otherwise a real ISO date, or a usage error (exit 2)."""
    if value == "latest":
        return None
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise InputError.at(
            None, "bad-argument", f"--at: {exc}", "bad-argument.option", kv(option="--at", why=exc)
        ) from None
