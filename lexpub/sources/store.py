"""Where lexpub's caches live and how a record is written: light enough for a verb that only reads,
hashes and compares (``check`` on content that passed before) to import without the YAML loader.

The folder is ``$LEXPUB_CACHE`` or ``$XDG_CACHE_HOME/lexpub`` (``~/.cache/lexpub``); ``LEXPUB_CACHE=off``
disables every cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

import lexpub


def folder() -> Path | None:
    """Where entries live, or None when caching is off."""
    env = os.environ.get("LEXPUB_CACHE")
    if env == "off":
        return None
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "lexpub"


@cache
def package_key() -> bytes:
    """Every file of the lexpub package and Python's version: a verdict holds only for the code that
    reached it (a changed rule anywhere makes every verdict stale)."""
    root = Path(str(lexpub.__file__)).parent
    h = hashlib.sha256(b"lexpub-verdicts-1\n" + sys.version.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".json", ".yaml") and "__pycache__" not in path.parts and path.is_file():
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def write_atomic(path: Path, blob: bytes) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def write_quietly(path: Path, blob: bytes) -> None:
    """A cache record written atomically, or not at all when the folder cannot be written."""
    write_atomic(path, blob)
