"""What a clean ``lexpub check`` said, remembered by the exact content of the source folder.

``check`` is a pure function of the source folder's files, lexpub's code, the folder as given (its
path is printed in notes) and the environment its wording reads. When all of these are the same as
for a run that found nothing wrong, the same lines are printed again without building a single
work: the folder is read, hashed, compared, done (issue 16: a warm ``check`` of 1,000 works within
3× the 4-act corpus). Only clean runs are recorded, so every problem is found and worded afresh.

Anything unusual in the folder — a symbolic link, a FIFO, a file larger than a source file may be —
gives no key: the full check runs and reports it as before. The record is checksummed; a damaged,
truncated or stale one is ignored. ``LEXPUB_CACHE=off`` records and replays nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import lexpub
from lexpub.sources.store import folder, package_key, write_quietly
from lexpub.sources.yamlfile import MAX_BYTES

KEPT = 16
"""Clean runs remembered (the latest): a working copy and a few branches or folders."""

ENV_PREFIXES = ("LEXPUB_", "LANG", "LC_")
"""The environment a message's wording or a path may depend on."""

TEMPLATES = Path(str(lexpub.__file__)).resolve().parent.parent / "templates"
"""lexpub's templates and static files beside the package (not in :func:`package_key`): part of the key."""

SETTLE_NS = 2_000_000_000
"""A file's status younger than this when the index was taken is hashed again next time."""

Lines = list[tuple[bool, str]]
"""What a run printed: (to standard error?, line), in order."""


def source_key(source: Path, options: str = "") -> str | None:
    """The key of everything ``check`` reads (see the module's docstring) and of the command line's
    ``options``, or None when the folder holds something other than plain folders and regular files
    of a source file's size."""
    h = hashlib.sha256(b"lexpub-check-1\n" + package_key())
    h.update(os.fsencode(str(source)) + b"\0" + options.encode("utf-8", "surrogateescape") + b"\0")
    for name in sorted(os.environ):
        if name.startswith(ENV_PREFIXES):
            h.update(f"{name}={os.environ[name]}\0".encode("utf-8", "surrogateescape"))
    for tree in (source, *([TEMPLATES] if TEMPLATES.is_dir() else [])):
        index = StatIndex(tree)
        try:
            for rel, digest in _files(tree, "", index):
                h.update(os.fsencode(rel) + b"\0" + digest)
        except (OSError, _Unusual):
            return None
        index.save()
        h.update(b"\1")
    return h.hexdigest()


class StatIndex:
    """The SHA-256 of each file of one source folder by its status (size, modification and change
    times in ns, inode), as git's index keeps them: a file whose status is the same is not read again
    (10,000 act files are 187 MB). The change time cannot be set back by a user; a status taken less
    than :data:`SETTLE_NS` before the index was is not trusted (a second write within the clock's
    granularity would leave the status unchanged). Checksummed; a damaged one is started afresh."""

    def __init__(self, source: Path):
        base = folder()
        name = hashlib.sha256(os.fsencode(os.path.abspath(source))).hexdigest()
        self.path = None if base is None else base / "stat" / name
        self.taken = time.time_ns()
        self.known = self._read()
        self.fresh: dict[str, list[Any]] = {}

    def _read(self) -> dict[str, list[Any]]:
        if self.path is None:
            return {}
        try:
            blob = self.path.read_bytes()
            if hashlib.sha256(blob[32:]).digest() != blob[:32]:
                return {}
            taken, rows = json.loads(blob[32:])
            return {str(k): v for k, v in rows.items() if max(v[1], v[2]) < int(taken) - SETTLE_NS}
        except (OSError, ValueError, TypeError, AttributeError, IndexError):
            return {}

    def digest(self, rel: str, path: str, st: os.stat_result) -> bytes:
        status = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        row = self.known.get(rel)
        if row is not None and row[:4] == status and isinstance(row[4], str):
            self.fresh[rel] = row
            return bytes.fromhex(row[4])
        digest = hashlib.sha256(Path(path).read_bytes()).digest()
        self.fresh[rel] = [*status, digest.hex()]
        return digest

    def save(self, *, merge: bool = False) -> None:
        """Write the rows met in this run; with ``merge``, keep the other known rows too (a query reads
        the status of ``acts/`` only, and must not make the next ``check`` hash the rest again)."""
        rows = {**self.known, **self.fresh} if merge else self.fresh
        if self.path is None or rows == self.known:
            return
        payload = json.dumps([self.taken, rows], separators=(",", ":")).encode()
        write_quietly(self.path, hashlib.sha256(payload).digest() + payload)


class _Unusual(Exception):
    """Something a plain source folder does not hold."""


def _files(base: Path, rel: str, index: StatIndex) -> list[tuple[str, bytes]]:
    """(relative path, SHA-256) of every regular file under ``base``, sorted, never following links."""
    out: list[tuple[str, bytes]] = []
    with os.scandir(base) as entries:
        found = sorted(entries, key=lambda e: e.name)
    for entry in found:
        path = f"{rel}/{entry.name}" if rel else entry.name
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISDIR(st.st_mode):
            out.append((path + "/", b""))
            out += _files(Path(entry.path), path, index)
        elif stat.S_ISREG(st.st_mode) and st.st_size <= MAX_BYTES:
            out.append((path, index.digest(path, entry.path, st)))
        else:
            raise _Unusual(path)
    return out


def _record_path() -> Path | None:
    base = folder()
    return None if base is None else base / "checks" / package_key().hex()


def _read() -> dict[str, Lines]:
    path = _record_path()
    if path is None:
        return {}
    try:
        blob = path.read_bytes()
        if hashlib.sha256(blob[32:]).digest() != blob[:32]:
            return {}
        known = json.loads(blob[32:])
        return {str(k): [(bool(err), str(line)) for err, line in v] for k, v in known}
    except (OSError, ValueError, TypeError):
        return {}


def said_before(key: str | None) -> Lines | None:
    """The lines a clean run on exactly this content printed, or None."""
    if key is None:
        return None
    return _read().get(key)


def remember(key: str | None, lines: Lines) -> None:
    """Record a clean run's lines under ``key`` (kept with the latest :data:`KEPT` others)."""
    path = _record_path()
    if key is None or path is None:
        return
    known = {k: v for k, v in _read().items() if k != key}
    rows = [*known.items(), (key, lines)][-KEPT:]
    payload = json.dumps([[k, [[e, line] for e, line in v]] for k, v in rows], ensure_ascii=False).encode()
    write_quietly(path, hashlib.sha256(payload).digest() + payload)
