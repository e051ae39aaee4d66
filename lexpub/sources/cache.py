"""A parse cache: a source file whose bytes were parsed and schema-checked before is read back from
a compact JSON record of plain values instead of being parsed again (pickled location objects would
be 10× larger and slower; ``marshal``, the issue's suggestion, is refused by this project's hygiene
rules because loading it can build code objects — JSON builds only data).

An entry is keyed by the SHA-256 of the file's bytes, lexpub's loader code and the schema, and holds
its own checksum: a corrupt, truncated or stale entry is ignored and rebuilt, never trusted. Only
files that parse and pass the schema are cached, so every error is always found and worded afresh.
The folder is ``$LEXPUB_CACHE`` or ``$XDG_CACHE_HOME/lexpub`` (``~/.cache/lexpub``) — never inside or
beside ``source/``; ``LEXPUB_CACHE=off`` disables it. Entries name no file: a location's file name is
the one the caller reads under.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

import lexpub
from lexpub.errors import Issue, Loc
from lexpub.sources import schema as shape
from lexpub.sources import yamlfile
from lexpub.sources.store import folder, package_key, write_atomic
from lexpub.sources.yamlfile import Located, Path_

FORMAT = b"lexpub-parse-2\n"


@cache
def code_key(schema_name: str) -> bytes:
    """What else an entry depends on: the loader's and the schema checker's code, the schema,
    lexpub's, PyYAML's and Python's versions."""
    h = hashlib.sha256(FORMAT)
    for mod in (yamlfile, shape, sys.modules[__name__]):
        h.update(Path(str(mod.__file__)).read_bytes())
    h.update((shape.SCHEMAS / f"{schema_name}.schema.json").read_bytes())
    h.update(f"{lexpub.__version__}|{yaml.__version__}|{sys.version}|{schema_name}".encode())
    return h.digest()


class _Locs(Mapping[Path_, Loc]):
    """Locations read back from an entry, made into :class:`Loc` only when asked for (an error)."""

    def __init__(self, file: str, raw: dict[Path_, tuple[int, int]]):
        self._file = file
        self._raw = raw

    def __getitem__(self, key: Path_) -> Loc:
        line, col = self._raw[key]
        return Loc(self._file, line, col)

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _pack(doc: Located) -> bytes:
    """``[data, [[line, column, *path], …] of values, … of keys]`` as compact UTF-8 JSON."""
    locs = [[v.line, v.column, *k] for k, v in doc.locs.items()]
    keys = [[v.line, v.column, *k] for k, v in doc.key_locs.items()]
    return json.dumps([doc.data, locs, keys], ensure_ascii=False, separators=(",", ":")).encode()


def _unpack(payload: bytes, file: str) -> Located | None:
    try:
        data, locs, keys = json.loads(payload)
        return Located(file, data, _Locs(file, _table(locs)), _Locs(file, _table(keys)))
    except (ValueError, TypeError):
        return None


def _table(rows: list[list[Any]]) -> dict[Path_, tuple[int, int]]:
    return {tuple(row[2:]): (row[0], row[1]) for row in rows}


def entry_path(base: Path, key: bytes) -> Path:
    name = key.hex()
    return base / "parse" / name[:2] / name[2:]


def read_entry(path: Path, key: bytes, file: str) -> Located | None:
    """The entry's document, or None if it is missing, truncated, altered or for other bytes."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(FORMAT) + 64
    if len(blob) < head or not blob.startswith(FORMAT):
        return None
    stored_key, digest, payload = blob[len(FORMAT) : len(FORMAT) + 32], blob[len(FORMAT) + 32 : head], blob[head:]
    if stored_key != key or hashlib.sha256(payload).digest() != digest:
        return None
    return _unpack(payload, file)


def write_entry(path: Path, key: bytes, doc: Located) -> None:
    """Write atomically (a reader never sees half an entry); a cache that cannot be written is skipped."""
    payload = _pack(doc)
    write_atomic(path, FORMAT + key + hashlib.sha256(payload).digest() + payload)


def load_checked(path: Path, name: str, schema_name: str, raw: bytes | None = None) -> tuple[Located, list[Issue]]:
    """Read ``path`` (shown as ``name``; ``raw``: its bytes if already read), parse it and check it
    against the schema: from the cache when these bytes passed before, else afresh (caching the
    result when it has no issue)."""
    if raw is None:
        raw = yamlfile.read_bounded(path, name)
    base = folder()
    key = b""
    if base is not None:
        key = hashlib.sha256(code_key(schema_name) + hashlib.sha256(raw).digest()).digest()
        hit = read_entry(entry_path(base, key), key, name)
        if hit is not None:
            return hit, []
    doc = yamlfile.loads(yamlfile.decode(raw, name), name)
    problems = shape.check(doc, schema_name)
    if base is not None and not problems:
        write_entry(entry_path(base, key), key, doc)
    return doc, problems


def targets_of(data: Any) -> tuple[str, ...]:
    """The works an act's amending operations target (``{op, target: work#eId}`` anywhere in it)."""
    found: set[str] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            target = item.get("target")
            if "op" in item and isinstance(target, str):
                found.add(target.partition("#")[0])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return tuple(sorted(found))


class TargetIndex:
    """Which works each act file amends, by the SHA-256 of its bytes: lets a query find the acts
    related to one act without parsing the others. Stored as one checksummed JSON record;
    an unreadable one is started afresh."""

    def __init__(self) -> None:
        base = folder()
        self.path = None if base is None else base / "targets" / code_key("act").hex()
        self.known: dict[str, tuple[str, ...]] = self._read()
        self.changed = False

    def _read(self) -> dict[str, tuple[str, ...]]:
        if self.path is None:
            return {}
        try:
            blob = self.path.read_bytes()
        except OSError:
            return {}
        digest, payload = blob[:32], blob[32:]
        if hashlib.sha256(payload).digest() != digest:
            return {}
        try:
            known = json.loads(payload)
            return {str(k): tuple(str(t) for t in v) for k, v in known.items()}
        except (ValueError, TypeError, AttributeError):
            return {}

    def get(self, digest: str) -> tuple[str, ...] | None:
        return self.known.get(digest)

    def put(self, digest: str, targets: tuple[str, ...]) -> None:
        self.known[digest] = targets
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        payload = json.dumps(self.known, sort_keys=True, separators=(",", ":")).encode()
        write_atomic(self.path, hashlib.sha256(payload).digest() + payload)


def tree_key(issuers: bytes, acts: Mapping[str, str]) -> str:
    """The key of a set of act files (stem → SHA-256 of the bytes) with ``issuers.yaml``'s bytes."""
    h = hashlib.sha256(hashlib.sha256(issuers).digest())
    for stem in sorted(acts):
        h.update(f"{stem}\0{acts[stem]}\n".encode())
    return h.hexdigest()


class Verdicts:
    """What passed before, by content: act files in which the per-file text rules found nothing (by
    the SHA-256 of their bytes), and sets of act files on which the corpus-wide rules found nothing
    (by :func:`tree_key`: the whole tree, the last :data:`TREES`; and each connected part of it). Only "nothing found" is recorded, so every problem is found and worded
    afresh; an edit changes a file's hash and so its verdict. One checksummed record for the code of
    :func:`package_key`; an unreadable, altered or stale one is started afresh."""

    TREES = 16
    """Corpus-wide verdicts kept (the latest ones): a working copy and a few branches."""

    def __init__(self) -> None:
        base = folder()
        self.path = None if base is None else base / "verdicts" / package_key().hex()
        self.clean_files, self.trees, self.parts = self._read()
        self.changed = False

    def _read(self) -> tuple[set[str], list[str], set[str]]:
        if self.path is None:
            return set(), [], set()
        try:
            blob = self.path.read_bytes()
            if hashlib.sha256(blob[32:]).digest() != blob[:32]:
                return set(), [], set()
            files, trees, parts = json.loads(blob[32:])
            return {str(f) for f in files}, [str(t) for t in trees], {str(p) for p in parts}
        except (OSError, ValueError, TypeError):
            return set(), [], set()

    def file_clean(self, digest: str) -> bool:
        return digest in self.clean_files

    def add_file(self, digest: str) -> None:
        if digest not in self.clean_files:
            self.clean_files.add(digest)
            self.changed = True

    def tree_clean(self, key: str) -> bool:
        return key in self.trees

    def add_tree(self, key: str) -> None:
        if key not in self.trees:
            self.trees = [*self.trees, key][-self.TREES :]
            self.changed = True

    def part_clean(self, key: str) -> bool:
        """The corpus-wide rules found nothing on this connected part (:func:`tree_key` of its files)."""
        return key in self.parts

    def add_part(self, key: str) -> None:
        if key not in self.parts:
            self.parts.add(key)
            self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        payload = json.dumps([sorted(self.clean_files), self.trees, sorted(self.parts)], separators=(",", ":")).encode()
        write_atomic(self.path, hashlib.sha256(payload).digest() + payload)
        self.changed = False
