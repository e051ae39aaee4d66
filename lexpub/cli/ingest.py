"""Commands that read official texts back: ``parse-amendment`` (one amending text → operations).

Exit statuses: 0 when every line was read, 3 when some line was flagged (the result is still
printed), 2 when the input itself cannot be read.
"""

from __future__ import annotations

import json
import sys
from typing import Literal

import click

from lexpub.errors import InputError, kv

EXIT_FLAGGED = 3
MAX_INPUT = 8 * 1024 * 1024
"""An amending item is a few pages; 8 MB of it is a wrong file, refused before parsing."""


def _read_stdin() -> str:
    data = sys.stdin.buffer.read(MAX_INPUT + 1)
    if len(data) > MAX_INPUT:
        raise InputError.at(
            None,
            "input-too-large",
            f"<stdin>: more than {MAX_INPUT} bytes; one amending text expected",
            "input-too-large",
            kv(limit=MAX_INPUT),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            None, "encoding", f"<stdin>: not UTF-8 at byte {exc.start}", "encoding.stdin", kv(byte=exc.start)
        ) from None
    if "\x00" in text:
        raise InputError.at(None, "binary-input", "<stdin>: a NUL byte; text expected", "binary-input")
    if not text.strip():
        raise InputError.at(None, "empty-input", "<stdin>: no text", "empty-input")
    return text


@click.command("parse-amendment")
@click.option("--lang", type=click.Choice(["kaz", "rus"]), required=True, help="Language of the text.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON of issue 13: ops and flagged lines.")
def parse_amendment_command(lang: Literal["kaz", "rus"], as_json: bool) -> None:
    """Read one amending text from standard input and print its operations; never guess."""
    from lexpub.ingest.formulas import parse_amendment

    result = parse_amendment(_read_stdin(), lang)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        for op in result.ops:
            click.echo(json.dumps(op.to_json(), ensure_ascii=False))
        for flag in result.flagged:
            click.echo(f"<stdin>:{flag.line}: {flag.reason}: {flag.text}", err=True)
    if result.flagged:
        sys.exit(EXIT_FLAGGED)
