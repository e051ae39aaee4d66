"""One writer at a time per output folder: an exclusive ``flock`` on a hidden sibling lock file.

Why: two builds into one ``--out`` interleave their swaps and spares and publish a tree that fails
``lexpub verify``, both exiting 0. The lock is ``.<out>.lock`` beside the folder (never inside it,
so it is neither published nor swapped away). A second writer does not wait: it fails at once with
``error[busy]`` naming the holder (pid and command), exit status 2. The kernel drops the lock when
its holder dies, however it dies, so a killed build never leaves the folder locked.

The lock file is removed on release; a writer that opened a file just unlinked by the previous
holder notices (its descriptor no longer names the path) and opens the path again.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lexpub.errors import InputError, Loc, io_error, kv

_HELD: dict[Path, int] = {}  # lock path → depth, for the writers of this process (re-entrant)
_MAX_HOLDER = 300  # characters of the holder's description shown in ``error[busy]``


def lock_path(target: Path) -> Path:
    """The lock file of output folder ``target``: ``.<name>.lock`` beside it."""
    target = target.resolve()
    return target.parent / f".{target.name}.lock"


def holder_line(command: str) -> str:
    """What the lock file says about its holder: pid and command line."""
    argv = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))
    return f"pid {os.getpid()}, lexpub {command} ({argv})"[:_MAX_HOLDER]


@contextmanager
def writer_lock(target: Path, command: str) -> Iterator[Path]:
    """Hold the exclusive lock of output folder ``target`` for the ``with`` block (re-entrant)."""
    path = lock_path(target)
    if path in _HELD:
        _HELD[path] += 1
        try:
            yield path
        finally:
            _HELD[path] -= 1
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = _acquire(path, target)
    except OSError as exc:
        raise io_error(exc, "create the lock file of the output folder", path) from None
    _HELD[path] = 1
    try:
        os.ftruncate(fd, 0)
        os.write(fd, (holder_line(command) + "\n").encode("utf-8", "replace"))
        yield path
    finally:
        del _HELD[path]
        try:
            path.unlink(missing_ok=True)  # while still locked: no one else holds this inode
        finally:
            os.close(fd)


def _acquire(path: Path, target: Path) -> int:
    """Open and lock ``path`` without waiting; ``error[busy]`` naming the holder if another has it."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise InputError.at(
                Loc(str(target)),
                "busy",
                f"another lexpub is writing {target} ({holder}); try again when it has finished",
                "busy",
                kv(target=target, holder=holder),
            ) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the previous holder removed the file between our open and our lock


def _read_holder(fd: int) -> str:
    """The holder's line. It writes it just after taking the lock, so an empty file is read again for
    up to half a second before the holder is said to be unknown."""
    text = ""
    for _ in range(50):
        try:
            text = os.pread(fd, _MAX_HOLDER * 4, 0).decode("utf-8", "replace").strip()
        except OSError:
            text = ""
        if text:
            break
        time.sleep(0.01)
    return text[:_MAX_HOLDER] or "holder unknown"
