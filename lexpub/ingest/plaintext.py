"""Adilet's plain text, the layout ``lexpub text`` prints: heading lines flush left, one unit per line
indented by six spaces. Blank lines carry nothing; the status block after the separator is lexpub's
own commentary, not the act, and is dropped."""

from __future__ import annotations

from pathlib import Path

from lexpub.errors import InputError, Loc
from lexpub.ingest.lines import Line, read_limited
from lexpub.ingest.normalise import indented, line

SEPARATOR = "—" * 20  # the line ``lexpub text`` puts before its status block


def decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            Loc(name, data.count(b"\n", 0, exc.start) + 1, 1),
            "import-encoding",
            "the text is not UTF-8",
            "import-encoding",
        ) from None
    if "\x00" in text:
        raise InputError.at(
            Loc(name, 1, 1), "import-encoding", "the file holds NUL bytes: not a text file", "import-encoding.nul"
        )
    return text


def split_lines(text: str, name: str, *, kazakh: bool) -> tuple[Line, ...]:
    """Non-blank lines, normalised, up to the status separator."""
    out = []
    for no, raw in enumerate(text.splitlines(), start=1):
        if raw.strip() == SEPARATOR:
            break
        if raw.strip():
            out.append(Line(name, no, indented(raw), line(raw, kazakh=kazakh)))
    return tuple(out)


def read_text(path: Path, name: str, *, kazakh: bool = True) -> tuple[Line, ...]:
    return split_lines(decode(read_limited(path, name), name), name, kazakh=kazakh)
