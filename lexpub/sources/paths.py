"""Files read from a source folder stay in it (issue 15 §6).

Why: a ``samples/applicants.csv`` linked to a real citizens' file elsewhere was published in the
build's PDFs; a seed ``/dev/zero`` made ``lexpub fidelity`` read forever. Every file lexpub reads
from a source folder must be a regular file inside it after every path component is resolved.
"""

from __future__ import annotations

import stat
from pathlib import Path

from lexpub.errors import InputError, Loc, kv

MAX_SOURCE_FILE = 64 * 1024 * 1024
"""Bytes: no source file (act, calendar, seed, sample) is near this; a larger one is refused, never read."""


def shown(path: Path) -> str:
    """A file found under ``--source`` as its messages name it: relative to the working directory when it
    lies under it (``source/calendars/2024.yaml``), else as the source folder was given.

    Why: the user opens the file the message names; a path relative to where they stand opens as is,
    whether they typed ``--source source`` or the build handed the folder on resolved."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except (ValueError, OSError):  # elsewhere, or the working directory is gone
            return str(path)
    return str(path)


def source_file(path: Path, source: Path, name: str | None = None) -> Path:
    """``path`` resolved, once checked to be a regular file inside ``source`` of a sane size."""
    shown = name or str(path)
    resolved = path.resolve()
    if not resolved.is_relative_to(source.resolve()):
        raise InputError.at(
            Loc(shown), "outside-source", "a file outside the source folder (a link out, or ..)", "outside-source"
        )
    try:
        st = resolved.stat()
    except FileNotFoundError:
        raise InputError.at(Loc(shown), "missing-file", "no such file in the source folder", "missing-file") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError.at(Loc(shown), "not-a-file", "not a regular file (a folder, a pipe or a device)", "not-a-file")
    if st.st_size > MAX_SOURCE_FILE:
        raise InputError.at(
            Loc(shown),
            "file-too-large",
            f"{st.st_size} bytes; a source file is at most {MAX_SOURCE_FILE}",
            "file-too-large",
            kv(size=st.st_size, limit=MAX_SOURCE_FILE),
        )
    return resolved
