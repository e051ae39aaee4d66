"""Shared plumbing of the diff package: the Jinja2 environment and writing command output.

The environment is helper A's project-wide factory (:mod:`lexpub.render.env`) when present; a
minimal strict, autoescaping environment over ``templates/`` otherwise, with the same globals.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..i18n import t

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
HTML_LANG = {"kaz": "kk", "rus": "ru"}


@cache
def environment() -> Environment:
    try:
        from ..render.env import environment as shared

        return shared()
    except ImportError:  # pragma: no cover - only before the shared factory exists
        env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.globals["t"] = t
        return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def emit(data: bytes, out: Path | None) -> None:
    """Bytes to ``out`` (atomic write) or to standard output."""
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from ..publish import write_bytes

    write_bytes(out, data)


def parse_when(value: str, option: str) -> Any:
    """``latest`` → None, else a real ISO date; InputError naming ``option`` (exit status 2)."""
    if value == "latest":
        return None
    from ..dates import parse_iso
    from ..errors import InputError

    try:
        return parse_iso(value)
    except ValueError as exc:
        raise InputError.at(None, "bad-argument", f"{option}: {exc} (expected YYYY-MM-DD or latest)") from None
