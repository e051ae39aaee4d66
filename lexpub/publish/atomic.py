"""Atomic publication of an output folder: write into a fresh sibling folder, swap it in at the end.

Why: a build killed midway must leave the previous ``build/`` intact and complete. Readers of the
output folder see either the old tree or the new one, never a mix.

Stage folders are hidden siblings named ``.<out>.new-<pid>-…`` (``.<out>.old-<pid>`` while swapping),
so a leftover from a killed build is never taken for output; the next build removes leftovers of
processes that no longer run (and puts back an old tree a kill left half-swapped). On Linux the swap
is one ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames. Output folders that hold sources, a git
repository, the working directory or a home folder are refused (``--out source`` must not wipe sources).
Given the folders of the new tree, the tree a swap puts aside is kept as ``.<out>-spare`` and recycled
as the next stage (emptied of files, or of the files the new tree does not need as they are), instead
of creating every folder anew and deleting the old tree.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from lexpub.errors import InputError, Loc, io_error, kv
from lexpub.publish.fingerprints import fingerprints_path, holds_only, recorded_tree, spare_fingerprints_path
from lexpub.publish.graph import sha256
from lexpub.publish.lock import writer_lock
from lexpub.publish.manifest import DIR_MODE, FILE_MODE, MANIFEST, claimed_by, foreign_files

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextmanager
def staged_dir(
    target: Path,
    folders: Collection[str] | None = None,
    recycle: Callable[[Path], None] | None = None,
    *,
    kind: str | None = None,
    claimed: bool = False,
) -> Iterator[Path]:
    """Yield a staging folder beside ``target``; on success it replaces ``target``.

    With ``folders`` (relative POSIX paths of every folder the new tree will hold), the tree the
    previous swap put aside (``.<out>-spare``) is recycled as the stage: ``recycle(stage)`` is called
    on it (the caller knows what it holds and keeps what the new tree needs, see
    :meth:`lexpub.fingerprints.Survey.recycle`), or, without ``recycle``, its files are unlinked and
    the folders not in ``folders`` removed — either way the folders that stay need no ``mkdir`` now
    and no ``rmdir`` after the swap. The tree swapped out is put aside as the next spare instead of
    being deleted. Without ``folders`` the stage starts empty and the old tree is deleted; without a
    spare the stage starts empty and ``recycle`` is not called.
    ``claimed``: the caller holds the writer lock and claimed ``target``
    under it (:func:`claim_folder`), so it is not claimed again.
    """
    target = target.resolve()
    refuse_unsafe_target(target)
    with writer_lock(target, kind or "write"):
        if kind is not None and not claimed:
            claim_folder(target, kind)
        try:
            with _staged(target, folders, recycle, kind) as stage:
                yield stage
        except OSError as exc:
            raise io_error(exc, "replace the output folder", target) from None


@contextmanager
def _staged(
    target: Path, folders: Collection[str] | None, recycle: Callable[[Path], None] | None, kind: str | None
) -> Iterator[Path]:
    clean_leftovers(target)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    os.chmod(stage, DIR_MODE)  # mkdtemp makes 0700: a web server running as another user could not read it
    spare = spare_path(target)
    ours = folders is not None and spare_is_ours(spare, kind, spare_fingerprints_path(target))
    try:
        if folders is not None and ours and spare.is_dir() and not spare.is_symlink():
            os.rmdir(stage)
            os.rename(spare, stage)  # a kill from here on leaves an ordinary stage leftover
            os.chmod(stage, DIR_MODE)
            if recycle is not None:
                recycle(stage)
            else:
                empty_keeping(stage, set(folders))
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    swap_in(stage, target, keep=spare if ours else None)


def refuse_inside_source(out: Path, source: Path) -> None:
    """An output folder is never inside the source folder (nor the source folder inside it)."""
    where, src = out.resolve(), source.resolve()
    if where.is_relative_to(src) or src.is_relative_to(where):
        raise InputError.at(
            Loc(str(out)),
            "out-in-source",
            f"refusing to write outputs into or over the source folder {source}",
            "out-in-source",
            kv(source=source),
        )


def claim_folder(target: Path, kind: str) -> None:
    """Refuse to replace ``target`` unless it is absent, empty, or a ``kind`` folder lexpub wrote whole.

    A build folder is not an issue folder and the reverse; a file the manifest does not account for
    (a user's own, the ``--data`` file) makes the folder not ours: nothing is replaced or deleted.
    The folder is listed only when the build's fingerprint record cannot vouch for it
    (:func:`lexpub.publish.fingerprints.holds_only`).
    """
    if not target.is_dir() or not any(target.iterdir()):
        return
    if kind == "build" and recorded_tree(target, fingerprints_path(target), MANIFEST):
        return  # the tree the last build recorded, untouched: a build folder holding only its files
    found, owned = claimed_by(target)
    if found is None:
        why = f"it is not empty and holds no manifest of lexpub {kind}"
    elif found != kind:
        why = f"it is the output of lexpub {found}, not of lexpub {kind}"
    elif holds_only(target, fingerprints_path(target), owned):
        return
    else:
        foreign = foreign_files(target, owned)
        if not foreign:
            return
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        why = f"it holds {len(foreign)} file(s) lexpub did not write: {shown}"
    raise InputError.at(
        Loc(str(target)), "out-not-ours", f"refusing to replace this folder: {why}", "out-not-ours", kv(why=why)
    )


def spare_is_ours(spare: Path, kind: str | None, record: Path | None = None) -> bool:
    """Whether the spare may be recycled or replaced; one holding foreign files is reported and kept.
    Listed only when its fingerprint ``record`` cannot vouch for it, as in :func:`claim_folder`."""
    if kind is None or not spare.is_dir() or spare.is_symlink():
        return True
    if kind == "build" and record is not None and recorded_tree(spare, record, MANIFEST):
        return True
    found, owned = claimed_by(spare)
    if found != kind:
        foreign = ["manifest.json"]
    elif record is not None and holds_only(spare, record, owned):
        return True
    else:
        foreign = foreign_files(spare, owned)
    if not foreign:
        return True
    shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
    sys.stderr.write(
        f"{spare}: warning[foreign-spare]: the previous tree kept for reuse holds files lexpub did not write "
        f"({shown}); it is left as it is, not reused and not deleted\n"
    )
    return False


def spare_path(target: Path) -> Path:
    """Where the tree swapped out waits to be recycled as the next stage (hidden, never output)."""
    return target.parent / f".{target.name}-spare"


def empty_keeping(root: Path, folders: set[str], rel: str = "") -> None:
    """Unlink every file and symlink under ``root``; remove the folders whose path is not in ``folders``.

    Symlinks are removed, never followed, so nothing outside ``root`` is touched.
    """
    with os.scandir(root) as it:
        entries = list(it)
    for entry in entries:
        sub = f"{rel}/{entry.name}" if rel else entry.name
        if entry.is_dir(follow_symlinks=False):
            empty_keeping(Path(entry.path), folders, sub)
            if sub not in folders:
                os.rmdir(entry.path)
        else:
            os.unlink(entry.path)


def refuse_unsafe_target(target: Path) -> None:
    """An output folder is replaced wholesale: refuse folders whose loss would destroy work."""
    why = ""
    if target.exists() and not target.is_dir():
        why = "it is a file, not a folder"
    elif target == Path(target.anchor) or target == _home():
        why = "it is a root or home folder"
    elif Path.cwd().resolve().is_relative_to(target):
        why = "it is the working folder or contains it"
    elif any((target / name).exists() for name in ("issuers.yaml", ".git", "pyproject.toml")) or _holds_yaml(
        target / "acts"
    ):
        why = "it holds sources or a repository (acts/*.yaml, issuers.yaml, .git or pyproject.toml)"
    if why:
        raise InputError.at(
            Loc(str(target)),
            "unsafe-output-folder",
            f"refusing to replace {target}: {why}",
            "unsafe-output-folder",
            kv(target=target, why=why),
        )


def _holds_yaml(folder: Path) -> bool:
    """Whether ``folder`` holds a ``*.yaml`` entry (as ``folder.glob("*.yaml")`` finds them; the
    ``acts/`` of a published tree holds a folder per work, so this runs through thousands of names)."""
    try:
        with os.scandir(folder) as it:
            return any(e.name.endswith(".yaml") for e in it)
    except OSError:
        return False


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry (some containers)
        return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(target: Path) -> None:
    """Remove stage folders of dead builds; restore an old tree a kill left between two renames."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(new|old)-(\d+)(?:-.*)?$")
    for entry in sorted(target.parent.iterdir()):
        m = pattern.match(entry.name)
        if not m or not entry.is_dir() or _pid_alive(int(m.group(2))):
            continue
        if m.group(1) == "old" and not target.exists():
            os.rename(entry, target)
        else:
            shutil.rmtree(entry, ignore_errors=True)


@cache
def _renameat2() -> Any:
    """libc's ``renameat2``, looked up once (``find_library`` runs ``ldconfig``); None where absent."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return None
    return getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None)


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the call is unavailable."""
    fn = _renameat2()
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(rc == 0)


def swap_in(stage: Path, target: Path, keep: Path | None = None) -> None:
    """Replace ``target`` by ``stage``: one atomic exchange where possible, else two renames.

    The previous tree is then deleted, or, with ``keep``, renamed there (to be recycled).
    """
    if target.exists() and exchange(stage, target):
        _discard(stage, keep)  # stage now holds the previous tree
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(stage, target)
    if old.exists():
        _discard(old, keep)


def _discard(old: Path, keep: Path | None) -> None:
    if keep is not None:
        if keep.is_symlink() or keep.exists():
            _remove(keep)
        try:
            os.rename(old, keep)
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def write_bytes(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write a file atomically (temp file + rename), creating parent folders; ``error[io]`` naming
    ``path`` when the system refuses (read-only, permission, no space). ``data`` may come in pieces."""
    try:
        _write_bytes(path, data)
    except OSError as exc:
        raise io_error(exc, "write", path) from None


def _write_bytes(path: Path, data: bytes | Iterable[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600; published files are world-readable
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                fh.writelines(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


MARK = "user.lexpub.sha256"  # extended attribute: the SHA-256 of the bytes lexpub wrote to a file


def emit(data: bytes, out: Path | None, *, source: Path | None = None, force: bool = False) -> None:
    """Command output: bytes to ``out`` (written atomically) or to standard output.

    ``out`` is never inside ``source``, and an existing file is replaced only if lexpub wrote it
    (its mark names its present bytes) or with ``force``, which says what it replaces.
    """
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    check_out_file(out, source=source, force=force, data=data)
    write_bytes(out, data)
    _mark(out, data)


def check_out_file(out: Path, *, source: Path | None, force: bool, data: bytes | None = None) -> None:
    """Refuse an output file inside the sources, or over a file lexpub did not write (without ``force``)."""
    where = out.resolve()
    if source is not None and where.is_relative_to(source.resolve()):
        raise InputError.at(
            Loc(str(out)),
            "out-in-source",
            f"refusing to write into the source folder {source}: --out must be elsewhere",
            "out-in-source.file",
            kv(source=source),
        )
    if not os.path.lexists(out):
        return
    if not where.is_file():
        raise InputError.at(
            Loc(str(out)),
            "out-not-ours",
            "refusing to replace it: it is not a regular file",
            "out-not-ours.not-regular",
        )
    if _made_by_lexpub(where, data):
        return
    if not force:
        raise InputError.at(
            Loc(str(out)),
            "out-not-ours",
            "refusing to replace a file lexpub did not write; give --force to replace it",
            "out-not-ours.file",
        )
    sys.stderr.write(f"{out}: note: --force: replacing a file lexpub did not write\n")


def _made_by_lexpub(path: Path, data: bytes | None) -> bool:
    current = path.read_bytes()
    if data is not None and current == data:
        return True  # nothing would change
    try:
        mark = os.getxattr(path, MARK)
    except OSError:
        return False
    return mark.decode("ascii", "replace") == sha256(current)


def _mark(path: Path, data: bytes) -> None:
    # a file system without user attributes: the file then counts as foreign (needs --force)
    with contextlib.suppress(OSError):
        os.setxattr(path, MARK, sha256(data).encode("ascii"))
