"""Shared plumbing of the diff package: templates through the project's one Jinja2 environment
(:mod:`lexpub.render.env`: autoescape, StrictUndefined) and writing command output.
"""

from __future__ import annotations

from typing import Any

from lexpub.errors import InputError, kv
from lexpub.model.dates import parse_iso
from lexpub.render.env import environment


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def parse_when(value: str, option: str) -> Any:
    """``latest`` → None, else a real ISO date; InputError naming ``option`` (exit status 2)."""
    if value == "latest":
        return None
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise InputError.at(
            None,
            "bad-argument",
            f"{option}: {exc} (expected YYYY-MM-DD or latest)",
            "bad-argument.date",
            kv(option=option, why=exc),
        ) from None
