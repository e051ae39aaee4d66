"""Fingerprints of published trees: a tree as a build wrote it → a record beside it; a record and the
tree as it is now → which files still hold the recorded bytes, and what else must go.

Why: a rebuild after editing one work must cost what changed, not what exists. A file is trusted to
hold the bytes recorded for it, without reading them, while its ``(size, mtime_ns, inode, device)``
is the one recorded and it is older than the record (a file changed within the same clock tick as
it was recorded could keep its fingerprint — git calls such files "racily clean" and re-reads them
too). A folder is trusted to hold exactly the names recorded in it on the same terms: creating,
removing or renaming an entry changes a folder's mtime; renaming the folder itself does not.

The build keeps the tree its last swap put aside (``.<out>-spare``, see :mod:`lexpub.publish`) and
recycles it as the next stage. A :class:`Survey` of that spare against its record says which of its
files already hold what the new tree needs (kept where they are: no unlink, no link) and which
entries are strays (never recorded, symlinks, special files) to remove; :meth:`Survey.recycle`
turns the spare into the stage. A record is a claim, checked file by file: a stale or foreign record
can only make a file be re-hashed or replaced, never be trusted with other bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "lexpub-fingerprints/2"


def file_entry(digest: str, st: os.stat_result) -> str:
    """``sha256:size:mtime_ns:inode:device`` — a file with that fingerprint holds those bytes.

    One string, not a list: a record of thousands of entries is read and written ~3× faster."""
    return f"{digest}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_dev}"


def folder_fp(st: os.stat_result) -> str:
    """``mtime_ns:inode:device``: equal ⇒ the same folder holding the same names."""
    return f"{st.st_mtime_ns}:{st.st_ino}:{st.st_dev}"


def parent(rel: str) -> str:
    return rel.rpartition("/")[0]


def plain_rels(rels: Collection[str], *, published: bool = False) -> bool:
    """Every name is a relative POSIX path with no empty, '.' or '..' part, no backslash and no NUL;
    with ``published``, no part starts with a dot and none is the manifest. Checked on all names at
    once (an index names thousands of files); False may also mean "check them one by one"."""
    if not rels:
        return True
    joined = "\n" + "\n".join(rels) + "\n"
    if published:
        bad = ["\\", "\x00", "/.", "\n.", "\n/", "//", "/\n", "\n\n", "\nmanifest.json\n"]
    else:
        bad = [
            "\\",
            "\x00",
            "\n/",
            "//",
            "/\n",
            "\n\n",
            "/./",
            "/.\n",
            "/../",
            "/..\n",
            "\n./",
            "\n.\n",
            "\n../",
            "\n..\n",
        ]
    return not any(b in joined for b in bad)


def plain_rel(rel: str) -> bool:
    """One name by the rule of :func:`plain_rels`."""
    return plain_rels([rel])


@dataclass(frozen=True)
class Record:
    """A tree as a build left it: file → :func:`file_entry`, folder (``""`` the root) → :func:`folder_fp`.

    ``before`` is when the record was written (its file's mtime): only entries older are trusted.
    """

    files: dict[str, str]
    folders: dict[str, str]
    before: int = 0

    @staticmethod
    def load(path: Path) -> Record | None:
        """The record at ``path``; None when missing, unreadable, of another format or naming unsafe paths."""
        try:
            with open(path, "rb") as fh:
                before = os.fstat(fh.fileno()).st_mtime_ns
                data = json.loads(fh.read().decode("utf-8"))
            files, folders = data["files"], data["folders"]
            if data.get("format") != FORMAT or not isinstance(files, dict) or not isinstance(folders, dict):
                return None
            if not plain_rels([f for f in folders if f]):
                return None  # file names are checked where a file is removed (Survey.recycle)
            if not all(type(v) is str for v in files.values()) or not all(type(v) is str for v in folders.values()):
                return None
            return Record(files, folders, before)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def dump(self) -> bytes:
        """Machine state, not published: compact, insertion order (nothing here needs to be reproducible)."""
        return (json.dumps({"format": FORMAT, "files": self.files, "folders": self.folders}) + "\n").encode()

    def holds(self, rel: str, digest: str, st: os.stat_result) -> bool:
        """The file ``st`` at ``rel`` is the one recorded with ``digest``, unchanged since."""
        return (
            self.files.get(rel) == file_entry(digest, st) and st.st_mtime_ns < self.before and stat.S_ISREG(st.st_mode)
        )


@dataclass
class Survey:
    """The spare tree at ``root`` checked against its record, read-only.

    ``valid`` are the recorded folders that are real folders (no symlink on the way) and hold only
    recorded names once ``strays`` are removed; ``seen`` the folders' fingerprints as surveyed.
    """

    root: str
    record: Record
    valid: set[str] = field(default_factory=set)
    strays: set[str] = field(default_factory=set)
    seen: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def of(root: Path, record: Record | None) -> Survey | None:
        """Survey ``root`` (None when it is not a real folder or has no record)."""
        if record is None or "" not in record.folders:
            return None
        try:
            st = os.lstat(root)
        except OSError:
            return None
        if not stat.S_ISDIR(st.st_mode):
            return None
        survey = Survey(str(root), record)
        survey.folder("", st)
        for rel in sorted(record.folders):
            if rel and parent(rel) in survey.valid and rel not in survey.strays:
                try:
                    survey.folder(rel, os.lstat(f"{survey.root}/{rel}"))
                except FileNotFoundError:
                    continue
        return survey

    def folder(self, rel: str, st: os.stat_result) -> None:
        if not stat.S_ISDIR(st.st_mode):
            self.strays.add(rel)  # a symlink or a file where a folder was: removed, never followed
            return
        fp = folder_fp(st)
        self.seen[rel] = fp
        self.valid.add(rel)
        if self.record.folders.get(rel) == fp and st.st_mtime_ns < self.record.before:
            return  # the same names as recorded
        path = f"{self.root}/{rel}" if rel else self.root
        prefix = f"{rel}/" if rel else ""
        with os.scandir(path) as it:
            for entry in it:
                child = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    ok = child in self.record.folders
                else:
                    ok = child in self.record.files and entry.is_file(follow_symlinks=False)
                if not ok:
                    self.strays.add(child)

    def keep(self, rel: str, digest: str) -> tuple[str, int] | None:
        """(record entry, size) of the spare's file at ``rel`` if that file holds ``digest``, else None."""
        entry = self.record.files.get(rel)
        if entry is None or not entry.startswith(digest) or rel.rpartition("/")[0] not in self.valid:
            return None
        try:
            st = os.lstat(f"{self.root}/{rel}")
        except OSError:
            return None
        ok = entry == file_entry(digest, st) and st.st_mtime_ns < self.record.before and stat.S_ISREG(st.st_mode)
        return (entry, st.st_size) if ok and rel not in self.strays else None

    def recycle(self, stage: Path, keep: Collection[str], folders: Collection[str]) -> set[str]:
        """Make the spare (now renamed ``stage``) hold only the files ``keep`` and the folders of
        ``folders`` that it has; returns the folders whose entries changed."""
        root = str(stage)
        touched: set[str] = set()
        for rel in sorted(self.strays):
            remove(f"{root}/{rel}")
            touched.add(parent(rel))
        for rel in set(self.record.files).difference(keep):
            if parent(rel) in self.valid and rel not in self.strays and plain_rel(rel):
                try:
                    os.unlink(f"{root}/{rel}")
                except FileNotFoundError:
                    continue
                touched.add(parent(rel))
        for rel in sorted(self.valid.difference(folders), reverse=True):
            if rel:
                remove(f"{root}/{rel}")
                touched.add(parent(rel))
        return touched


def remove(path: str) -> None:
    """Remove a file, a symlink (never followed) or a folder tree."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        try:
            os.rmdir(path)
        except OSError:
            shutil.rmtree(path)
    else:
        os.unlink(path)
