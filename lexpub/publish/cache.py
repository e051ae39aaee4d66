"""What a rebuild may reuse, and the records that make reuse safe — all kept beside or inside the
output folder, never trusted blindly.

- The cache index (``.cache/steps.json``: step key → {path: SHA-256}) says which steps need not run.
- The new tree is made from the spare (the tree before the published one, :mod:`lexpub.publish`):
  its files that already hold the bytes wanted — known by their stat fingerprints, recorded beside
  the folder (:mod:`lexpub.publish.fingerprints`) — stay where they are; the others are removed,
  hard-linked from the published tree or written. A file whose fingerprint is not the one recorded
  is not trusted (re-hashed when it is to be linked, else replaced).
- The fingerprints of the source files spare re-reading unchanged sources.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from lexpub.errors import BuildError, Issue
from lexpub.publish.atomic import exchange, spare_path, write_bytes
from lexpub.publish.fingerprints import (
    PUBLISHED,
    Entries,
    Record,
    Survey,
    file_entry,
    fingerprints_path,
    folder_fp,
    parent,
    patch_line,
    spare_fingerprints_path,
)
from lexpub.publish.graph import SourceHashes, Step, groups_of, is_per_work, sha256
from lexpub.publish.jsonchunks import encoded, members
from lexpub.publish.manifest import MANIFEST
from lexpub.sources.store import folder as cache_folder
from lexpub.sources.store import write_quietly

CACHE = ".cache"


def safe_rel(rel: str) -> str:
    """Output names are relative POSIX paths with no '..', no absolute part, no backslash."""
    if rel and "\\" not in rel and rel[0] not in "./" and rel != MANIFEST:
        parts = rel.split("/")
        if all(parts) and "." not in parts and ".." not in parts:
            return rel  # already the normal form PurePosixPath would give
    p = PurePosixPath(rel)
    if p.is_absolute() or ".." in p.parts or "\\" in rel or not rel or rel.startswith(".") or rel == MANIFEST:
        raise BuildError(Issue(None, "unsafe-output-path", f"refusing to write output {rel!r}"))
    return str(p)


def sources_path(out: Path) -> Path:
    """Fingerprints of the source files the last builds hashed (machine state, beside the output)."""
    return out.parent / f".{out.name}-sources.json"


SOURCES_FORMAT = "lexpub-sources/2"
SOURCE_ROOTS = 2
"""Source folders whose file fingerprints are kept: the last one built and the one before it."""


def load_sources(out: Path, source: Path) -> tuple[list[list[Any]], dict[str, str] | None, int]:
    """(every kept [root, files], the files of ``source`` as :class:`SourceHashes` gives them, the record's time)."""
    try:
        with open(sources_path(out), "rb") as fh:
            before = os.fstat(fh.fileno()).st_mtime_ns
            data = json.loads(fh.read().decode("utf-8"))
        roots = data["roots"] if data.get("format") == SOURCES_FORMAT else []
        mine = next((files for root, files in roots if root == str(source)), None)
        if not isinstance(mine, dict) or not all(type(v) is str for v in mine.values()):
            mine = None
        return roots, mine, before
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return [], None, 0


def save_sources(out: Path, source: Path, roots: list[list[Any]], hashes: SourceHashes) -> None:
    kept = [[str(source), hashes.files], *[r for r in roots if r[0] != str(source)][: SOURCE_ROOTS - 1]]
    write_bytes(sources_path(out), (json.dumps({"format": SOURCES_FORMAT, "roots": kept}) + "\n").encode())


INDEX = f"{CACHE}/steps.json"
BOOKKEEPING = "-"
"""The digest a record gives the index and the manifest: written anew by every build, never kept."""
INDEX_FORMAT = "lexpub-steps/1"


def index_bytes(steps: dict[str, dict[str, str]]) -> bytes:
    """The cache index: step key → {path: SHA-256} of every step of the tree (deterministic JSON)."""
    return b"".join(index_chunks(steps))


def index_chunks(steps: dict[str, dict[str, str]]) -> Iterator[bytes]:
    """:func:`index_bytes` in pieces (``json.dumps(…, sort_keys=True)``'s characters), for writing."""
    head = f'{{"format": {json.dumps(INDEX_FORMAT)}, "steps": '
    return encoded(chain([head], members(steps, sort_keys=True), ["}\n"]))


def load_index(prev: Path) -> dict[str, dict[str, str]]:
    """The previous build's index (its names are checked where they are used, see :meth:`Reuse.of`)."""
    try:
        data = json.loads((prev / INDEX).read_bytes().decode("utf-8"))
        steps = data["steps"] if data.get("format") == INDEX_FORMAT else {}
        if not isinstance(steps, dict) or not all(type(files) is dict for files in steps.values()):
            return {}
        return steps
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def plain_output(rel: str) -> bool:
    """``rel`` is an output name in normal form (:func:`safe_rel`)."""
    try:
        return safe_rel(rel) == rel
    except (BuildError, TypeError):
        return False


class Previous:
    """The published tree (``prev``) as a source of files for the stage: a file is taken when its
    fingerprint is the one recorded for it, or when its bytes hash to the digest wanted."""

    def __init__(self, prev: Path):
        self.root = str(prev)
        self.checked: dict[str, bool] = {}
        self._record: Entries | None = None

    @property
    def record(self) -> Entries:
        if self._record is None:  # read only when a file is not found as it should be in the spare
            self._record = Entries(fingerprints_path(Path(self.root)))
        return self._record

    def intact(self, rel: str, digest: str) -> tuple[str, int] | None:
        """(record entry, size) of the previous file at ``rel`` if it holds ``digest``; never a
        symlink or a path leaving ``prev``."""
        path = f"{self.root}/{rel}"  # strings, not Paths: this may run once per file to take
        try:
            if not _plain_folder(self.root, os.path.dirname(path), self.checked):
                return None
            st = os.lstat(path)
            if st.st_mode != PUBLISHED:
                return None  # a symlink, a special file or other permissions: never trusted, never linked
            entry = self.record.holds(rel, digest, st)
            if entry is not None:
                return entry, st.st_size
            with open(path, "rb") as fh:
                return (file_entry(digest, st), st.st_size) if sha256(fh.read()) == digest else None
        except OSError:
            return None


def _plain_folder(root: str, folder: str, checked: dict[str, bool]) -> bool:
    """``folder`` resolves to itself inside ``root`` (no symlinked folder on the way); memoised."""
    ok = checked.get(folder)
    if ok is None:
        ok = checked[folder] = os.path.realpath(folder) == folder and (folder + "/").startswith(root + "/")
    return ok


def link_or_copy(src: Path | str, dst: Path | str, made: set[str] | None = None) -> None:
    """Hard-link ``src`` (a file of the previous build) as ``dst``; copy where links are impossible.

    A file already at ``dst`` is replaced, never written into (its inode may be a published file's).
    """
    folder = os.path.dirname(dst)
    if made is None or folder not in made:
        os.makedirs(folder, exist_ok=True)
        if made is not None:
            made.add(folder)
    try:
        os.link(src, dst)
        return
    except FileExistsError:
        os.unlink(dst)
    except OSError:
        pass
    try:
        os.link(src, dst)
    except OSError:
        tmp = f"{dst}.lexpub-copy"
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)


def folder_prints(
    at: str, folders: set[str], seen: dict[str, str], recycled: list[set[str]], changed: list[str]
) -> dict[str, str]:
    """Fingerprints of every folder of the stage: as surveyed where nothing in it changed since, else read."""
    touched = set(recycled[0]) if recycled else set(folders)
    touched.update(os.path.dirname(rel) for rel in changed)
    touched.update(parent(f) for f in folders if f and f not in seen)  # a folder made now changed its parent
    out: dict[str, str] = {}
    for f in sorted(folders):
        fp = seen.get(f)
        out[f] = fp if fp is not None and f not in touched else folder_fp(os.lstat(f"{at}/{f}" if f else at))
    return out


PATCH_SHARE = 4
"""A record is written whole again once its patches hold more than 1/PATCH_SHARE of its entries."""


def patch_record(
    prev: Path,
    base: Record,
    digests: dict[str, str],
    recorded: dict[str, str],
    changed: list[str],
    prints: dict[str, str],
) -> bool:
    """After the swap, when the stage was the spare recorded by ``base``: append to the spare's record
    what changed (it now describes the published tree) and exchange it with the published tree's
    record (which now describes the spare). False when the record should be written whole instead."""
    files: dict[str, str | None] = dict.fromkeys(base.files.keys() - digests.keys())
    for rel in changed:
        files[rel] = recorded[rel]
    folders: dict[str, str | None] = dict.fromkeys(base.folders.keys() - prints.keys())
    for f, fp in prints.items():
        if base.folders.get(f) != fp:
            folders[f] = fp
    current, spare = fingerprints_path(prev), spare_fingerprints_path(prev)
    if base.patched + len(files) + len(folders) > (len(base.files) + len(base.folders)) // PATCH_SHARE:
        return False
    try:
        if os.lstat(spare).st_ino != base.ino:
            return False  # not the record that was read
        with open(spare, "ab") as fh:
            fh.write(patch_line(files, folders))
    except OSError:
        return False
    if not current.exists():
        os.replace(spare, current)
    elif not exchange(spare, current):
        os.replace(current, f"{current}.old")
        os.replace(spare, current)
        os.replace(f"{current}.old", spare)
    return True


def rotate_records(prev: Path, record: Record) -> None:
    """After the swap: the published tree's record becomes the spare's; the stage's is published."""
    current, spare = fingerprints_path(prev), spare_fingerprints_path(prev)
    try:
        os.replace(current, spare)
    except FileNotFoundError:
        spare.unlink(missing_ok=True)
    write_bytes(current, record.chunks())


def folders_of(rels: list[str]) -> set[str]:
    """Every folder (relative POSIX path) that holding the files ``rels`` needs."""
    folders: set[str] = set()
    for folder in {rel.rpartition("/")[0] for rel in rels}:  # thousands of files, far fewer folders
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


Hit = list[tuple[str, str, str, int, bool]] | None
"""How a step's files are had without running it: None when the spare holds every one, else
[(path, digest, record entry, size, in the spare)] — a file not in the spare is linked from ``prev``."""


@dataclass
class Reuse:
    """What the previous build leaves to this one: the spare's intact files and the steps not to run."""

    survey: Survey | None
    index: dict[str, dict[str, str]]
    spared: dict[str, str]
    """The spare's files that hold what its record says: path → SHA-256 (``sizes``: path → size)."""
    sizes: dict[str, int]
    hits: dict[str, Hit] = field(default_factory=dict)
    """Step key → how its files are had, for every step whose outputs are all found."""

    @staticmethod
    def of(prev: Path, steps: list[Step], *, use_cache: bool, spare: bool) -> Reuse:
        """Survey the spare and the index of ``prev``'s build. The spare's names are names a build
        recorded, each checked by safe_rel when its step produced it; a name only the index gives is
        checked before it is used (the index sits in the published tree, where anyone may edit it)."""
        survey = Survey.of(spare_path(prev), Record.load(spare_fingerprints_path(prev))) if spare else None
        index = load_index(prev) if use_cache else {}
        spared, sizes = survey.intact() if survey is not None else ({}, {})
        for name in (MANIFEST, INDEX):
            spared.pop(name, None)
        reuse = Reuse(survey, index, spared, sizes)
        previous = Previous(prev)
        for step in steps:
            files = index.get(step.key)
            if files is None:
                continue
            found = reuse.find(files, previous)
            if found is not False:
                reuse.hits[step.key] = found
        return reuse

    def find(self, files: dict[str, str], previous: Previous) -> Hit | Literal[False]:
        """How the files of a cached step are had, or False if one is neither spared nor intact in ``prev``."""
        if files.items() <= self.spared.items():  # every (path, digest) is one the spare holds: compared in C
            return None
        got = []
        for rel, digest in files.items():
            if self.spared.get(rel) == digest:
                entry = self.survey.record.files[rel] if self.survey is not None else ""
                got.append((rel, digest, entry, self.sizes[rel], True))
                continue
            taken = previous.intact(rel, digest) if plain_output(rel) else None
            if taken is None:
                return False
            got.append((rel, digest, taken[0], taken[1], False))
        return got


# --------------------------------------------------------------------------- producer kinds
@dataclass(frozen=True)
class Kind:
    """What planning needs of a producer — whether it runs once per work — without importing it."""

    __lexpub_per_work__: bool


def kinds(resolve: Any, code: str) -> Any:
    """``resolve`` for planning only: a producer of lexpub's own package is known per-work or global
    from a record kept for the code version ``code`` (every file of the package and templates, so a
    changed producer is a new record); a no-op rebuild then imports no renderer. A producer run per
    group of works is always imported: its groups are a function it holds. Producers from
    elsewhere, and any not in the record, are imported and recorded. The record lives in the parse
    cache's folder (:func:`lexpub.sources.store.folder`); an unreadable one is started afresh."""
    base = cache_folder()
    path = None if base is None else base / "producers" / f"{code}.json"
    known: dict[str, bool] = {}
    if path is not None:
        try:
            loaded = json.loads(path.read_bytes())
            known = {str(k): v for k, v in loaded.items() if isinstance(v, bool)}
        except (OSError, ValueError, AttributeError):
            known = {}

    def kind(spec: str) -> Any:
        if not spec.startswith("lexpub.") or spec not in known:
            fn = resolve(spec)
            if groups_of(fn) is not None:  # its groups are a function of the works: always imported
                return fn
            if spec.startswith("lexpub.") and path is not None:
                known[spec] = is_per_work(fn)
                write_quietly(path, json.dumps(known, sort_keys=True).encode())
            return fn
        return Kind(known[spec])

    return kind
