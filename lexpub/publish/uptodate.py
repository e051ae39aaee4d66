"""A build that would change nothing is not run: ``lexpub build`` reads, hashes and exits (issue 16).

The published folder is what a build of exactly this content made when all three hold:

1. the key of everything a build reads — the source folder's files, lexpub's code and templates,
   the environment its wording reads (:func:`lexpub.sources.checked.source_key`), the source's git
   revision (the manifest names it) and the output folder — is the key the last build into that
   folder recorded;
2. the published tree's fingerprint record is the very file that build left (every later build, of
   any version of lexpub, run from the command line or not, rewrites or patches it);
3. every file and folder of the published tree still has its recorded fingerprint and nothing else
   is there (one ``lstat`` each, :class:`lexpub.publish.fingerprints.Survey`): a file edited,
   removed or added by hand sends the build down its full path, which restores it.

Anything unusual (a source folder holding a link, no record, a damaged record) gives no match and
the build runs as before. The record is machine state and lives beside the output, as the
fingerprints do; ``LEXPUB_CACHE=off`` does not turn it off, since nothing in it is trusted without
the checks above.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from lexpub.publish.cache import BOOKKEEPING
from lexpub.publish.fingerprints import PUBLISHED, Record, Survey, fingerprints_path
from lexpub.publish.manifest import git_revision
from lexpub.sources.checked import source_key
from lexpub.sources.store import write_quietly

FORMAT = "lexpub-uptodate/1"

Lines = list[tuple[bool, str]]
"""What the build printed besides its summary: (to standard error?, line)."""


def record_path(out: Path) -> Path:
    return out.parent / f".{out.name}-uptodate.json"


def build_key(source: Path, out: Path) -> str | None:
    """The key of everything a build of ``source`` into ``out`` reads, or None (nothing to match)."""
    key = source_key(source, f"build\0{out.resolve()}")
    if key is None:
        return None
    revision = git_revision(source.resolve()) or ""
    return hashlib.sha256(f"{key}\0{revision}".encode()).hexdigest()


def _stat_of(path: Path) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_dev}"


def _sha256_of(path: Path) -> str | None:
    """SHA-256 of a published file (a regular file, 0644, not followed if a link); None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        if os.fstat(fh.fileno()).st_mode != PUBLISHED:
            return None
        return hashlib.sha256(fh.read()).hexdigest()


def _published_as_recorded(out: Path, books: dict[str, str]) -> bool:
    """Every recorded file and folder of ``out`` as recorded, and nothing else in it. A file whose
    fingerprint cannot be trusted (written in the same clock tick as the record) is read and
    hashed; the index and the manifest, recorded by fingerprint alone (:data:`BOOKKEEPING`), are
    hashed against ``books``."""
    record = Record.load(fingerprints_path(out))
    survey = Survey.of(out, record)
    if record is None or survey is None or survey.strays or len(survey.valid) != len(record.folders):
        return False
    digests, _ = survey.intact()
    for rel, entry in record.files.items():
        if rel not in digests:
            want = books.get(rel) if entry.startswith(BOOKKEEPING + ":") else entry[:64]
            if want is None or _sha256_of(out / rel) != want:
                return False
    return True


def said_before(out: Path, key: str | None) -> tuple[int, int, Lines] | None:
    """(files, steps, lines) of the last build into ``out`` when it was of exactly this content and
    the folder is still as it left it; else None."""
    if key is None:
        return None
    try:
        data = json.loads(record_path(out).read_bytes())
        if data["format"] != FORMAT or data["key"] != key or data["record"] != _stat_of(fingerprints_path(out)):
            return None
        found = (int(data["files"]), int(data["steps"]), [(bool(e), str(line)) for e, line in data["lines"]])
        books = {str(rel): str(digest) for rel, digest in data["books"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return found if _published_as_recorded(out, books) else None


def remember(out: Path, key: str | None, files: int, steps: int, lines: Lines) -> None:
    """Record that the tree now published in ``out`` is the build of ``key``."""
    stat = _stat_of(fingerprints_path(out))
    record = Record.load(fingerprints_path(out))
    if key is None or stat is None or record is None:
        return
    books = {rel: _sha256_of(out / rel) for rel, e in record.files.items() if e.startswith(BOOKKEEPING + ":")}
    data = {
        "format": FORMAT,
        "key": key,
        "record": stat,
        "files": files,
        "steps": steps,
        "lines": lines,
        "books": books,
    }
    write_quietly(record_path(out), json.dumps(data, ensure_ascii=False).encode())
