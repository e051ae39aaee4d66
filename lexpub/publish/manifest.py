"""Hash manifests of published folders: ``{relative path: bytes}`` → ``manifest.json``, and
``folder`` → the list of files that are missing, extra or changed against it.

Why: a publisher must be able to prove what it published. The manifest names every published file
with its SHA-256 and size, the source revision it was built from (the git commit of a clean source
folder, else the SHA-256 of the sorted source tree — never a timestamp) and the code version. The
build cache (``.cache/``) and the manifest itself are not published files.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path

from lexpub.errors import InputError, Loc, kv
from lexpub.publish.graph import sha256

MANIFEST = "manifest.json"
FILE_MODE = 0o644
"""Every published file: world-readable (a web server may run as another user), whatever the umask."""
DIR_MODE = 0o755
FORMAT = "lexpub-manifest/1"
UNPUBLISHED = (".cache",)


def git_revision(source: Path) -> str | None:
    """``git rev-parse HEAD`` when ``source`` is tracked by git and has no uncommitted change."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(source), *args], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout if done.returncode == 0 else None

    if not _in_git(source):
        return None
    head = git("rev-parse", "HEAD")
    tracked = git("ls-files", "--", ".")
    status = git("status", "--porcelain", "--untracked-files=all", "--", ".")
    if head is None or not tracked or status is None or status.strip():
        return None
    return head.strip()


def _in_git(source: Path) -> bool:
    """Whether git could take ``source`` for part of a repository: a ``.git`` in it or above it, or a
    repository named by the environment. Saves starting three git processes where there is none."""
    if any(os.environ.get(name) for name in ("GIT_DIR", "GIT_WORK_TREE")):
        return True
    here = source.resolve()
    return any(os.path.lexists(folder / ".git") for folder in (here, *here.parents))


def source_revision(source: Path, tree_sha256: str) -> str:
    rev = git_revision(source)
    return f"git:{rev}" if rev else f"sha256:{tree_sha256}"


def manifest_bytes(files: Mapping[str, tuple[str, int]], *, revision: str, tree: str, code: str) -> bytes:
    """The manifest of ``files`` (relative path → (SHA-256, size)), as deterministic JSON.

    The bytes are those of ``json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)``
    (:func:`manifest_bytes_reference`); the file list, the bulk of it, is formatted directly, which
    is ~20× faster than the pure-Python indenting encoder on a tree of thousands of files.
    """
    digests = {rel: d for rel, (d, _) in files.items()}
    sizes = {rel: n for rel, (_, n) in files.items()}
    return manifest_bytes_of(digests, sizes, revision=revision, tree=tree, code=code)


def manifest_bytes_of(
    digests: Mapping[str, str], sizes: Mapping[str, int], *, revision: str, tree: str, code: str
) -> bytes:
    """:func:`manifest_bytes` of the files ``digests`` names (path → SHA-256), ``sizes`` giving each size."""
    return b"".join(manifest_chunks(digests, sizes, revision=revision, tree=tree, code=code))


def manifest_chunks(
    digests: Mapping[str, str], sizes: Mapping[str, int], *, revision: str, tree: str, code: str, batch: int = 4096
) -> Iterator[bytes]:
    """:func:`manifest_bytes_of` in pieces of ``batch`` files: a build writes the manifest of a tree of
    ~500,000 files without holding its ~90 MB (:mod:`lexpub.publish.jsonchunks` says why)."""
    data = {
        "format": FORMAT,
        "source_revision": revision,
        "source_tree_sha256": tree,
        "code_sha256": code,
        "files": {},
    }
    head = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if not digests:
        yield head.encode()
        return
    empty = '\n "files": {},\n'
    assert head.count(empty) == 1
    before, after = head.split(empty)
    yield f'{before}\n "files": {{\n'.encode()
    enc = encode_basestring
    names = sorted(digests)
    for start in range(0, len(names), batch):
        body = ",\n".join(
            f'  {enc(rel)}: {{\n   "bytes": {int(sizes[rel])},\n   "sha256": {enc(digests[rel])}\n  }}'
            for rel in names[start : start + batch]
        )
        yield ((",\n" if start else "") + body).encode()
    yield f"\n }},\n{after}".encode()


def manifest_bytes_reference(files: Mapping[str, tuple[str, int]], *, revision: str, tree: str, code: str) -> bytes:
    """:func:`manifest_bytes` through ``json.dumps`` alone (slow; the definition of the format's bytes)."""
    data = {
        "format": FORMAT,
        "source_revision": revision,
        "source_tree_sha256": tree,
        "code_sha256": code,
        "files": {rel: {"sha256": files[rel][0], "bytes": files[rel][1]} for rel in sorted(files)},
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


@dataclass(frozen=True)
class Mismatch:
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed)


def published_files(folder: Path) -> list[str]:
    """Relative paths of every file in ``folder`` except the manifest and the build cache."""
    out = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if rel.parts[0] in UNPUBLISHED or rel.as_posix() == MANIFEST or p.is_dir():
            continue
        out.append(rel.as_posix())
    return sorted(out)


ISSUE_KINDS = ("notice", "refusal", "certificate")


def _parse(path: Path) -> object:
    """The JSON of ``path``; ``error[manifest]`` for anything that is not readable, bounded JSON."""
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # ValueError: bad JSON, or an integer beyond Python's digit limit; RecursionError: nesting
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:200]
        raise InputError.at(
            Loc(str(path)), "manifest", f"not a readable manifest: {why}", "manifest.unreadable", kv(why=why)
        ) from None


def load_manifest(folder: Path) -> dict[str, dict[str, object]]:
    """The ``files`` of ``folder``'s build manifest, its shape checked before any of it is used."""
    path = folder / MANIFEST
    data = _parse(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError.at(
            Loc(str(path)),
            "manifest",
            f"not a {FORMAT} manifest (an object with that format)",
            "manifest.format",
            kv(format=FORMAT),
        )
    files = data.get("files")
    if not isinstance(files, dict):
        raise InputError.at(
            Loc(str(path)), "manifest", "'files' must be an object: path → {sha256, bytes}", "manifest.files"
        )
    for rel, entry in files.items():
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and type(entry.get("bytes")) is int
            and _safe_rel(rel)
        ):
            raise InputError.at(
                Loc(str(path)),
                "manifest",
                f"entry {rel[:100]!r} must be a safe relative path → {{sha256, bytes}}",
                "manifest.entry",
                kv(entry=rel[:100]),
            )
    return files


def _safe_rel(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and "\\" not in rel and all(p not in ("", ".", "..") for p in parts)


def claimed_by(folder: Path) -> tuple[str | None, set[str]]:
    """``build`` or ``issue`` when ``folder`` holds a manifest lexpub wrote there (else None), and the files it accounts for
    (itself and the build cache index included; none without a manifest), from one read of it."""
    path = folder / MANIFEST
    if not path.is_file() or path.is_symlink():
        return None, set()
    try:
        data = _parse(path)
    except InputError:
        return None, set()
    if not isinstance(data, dict):
        return None, set()
    files = data.get("files")
    if data.get("format") == FORMAT and isinstance(files, dict):
        return "build", {*files, MANIFEST, f"{UNPUBLISHED[0]}/steps.json"}
    if data.get("kind") in ISSUE_KINDS and isinstance(files, list):
        return "issue", {
            MANIFEST,
            *(e["path"] for e in files if isinstance(e, dict) and isinstance(e.get("path"), str)),
        }
    return None, set()


def foreign_files(folder: Path, owned: set[str]) -> list[str]:
    """Files (and links, and special files) in ``folder`` that are not among ``owned`` (:func:`claimed_by`)."""
    out = []
    for root, dirs, names in os.walk(folder):
        rel_root = os.path.relpath(root, folder)
        for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(root, d)))]:
            rel = name if rel_root == "." else f"{rel_root}/{name}"
            if rel not in owned:
                out.append(rel)
    return sorted(out)


def verify(folder: Path) -> Mismatch:
    """Compare ``folder`` with its ``manifest.json``: files missing, not listed, or with other bytes."""
    listed = load_manifest(folder)
    present = set(published_files(folder))
    missing = sorted(set(listed) - present)
    extra = sorted(present - set(listed))
    changed = sorted(
        rel for rel in set(listed) & present if sha256((folder / rel).read_bytes()) != listed[rel]["sha256"]
    )
    return Mismatch(tuple(missing), tuple(extra), tuple(changed))
