"""The reader-neutral form of an input document: numbered lines, each flush left or indented.

Every reader (plain text, HTML, Word) produces this, so the structure parser and its line numbers in
messages are the same whatever the input format.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from lexpub.errors import InputError, Loc, kv

MAX_BYTES = 8 * 1024 * 1024
"""The largest input accepted: the longest MoD order with its Rules is well under 2 MB of text."""


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of the input: where it is, whether it is indented, and its normalised text."""

    file: str
    no: int
    indented: bool
    text: str

    @property
    def loc(self) -> Loc:
        return Loc(self.file, self.no, 1)


def read_limited(path: Path, name: str, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, refused beyond ``limit`` (a regular file only: a FIFO or device never blocks)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputError.at(Loc(name), "import-read", "not a regular file", "import-read.not-regular")
            if info.st_size > limit:
                raise InputError.at(
                    Loc(name),
                    "import-size",
                    too_big(info.st_size, limit),
                    "import-size",
                    kv(why=too_big(info.st_size, limit)),
                )
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError.at(
            Loc(name), "import-read", exc.strerror or str(exc), "import-read", kv(why=exc.strerror or str(exc))
        ) from None
    if len(data) > limit:
        raise InputError.at(
            Loc(name), "import-size", too_big(len(data), limit), "import-size", kv(why=too_big(len(data), limit))
        )
    return data


def too_big(size: int, limit: int) -> str:
    return f"the input is {size / 1048576:.1f} MB; at most {limit // 1048576} MB is accepted"
