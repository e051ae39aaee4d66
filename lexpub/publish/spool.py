"""A build's new files on disk as each step finishes, so the build holds names and hashes, not bytes.

Why: the build gathered every step's outputs in memory before writing the tree. The real corpus's
four acts make a few megabytes, but a generated act makes ~5 MB of pages, PDFs and DOCX (12 works:
61 MB), so a full build of 1,000 works would hold ~5 GB and of 10,000 works ~50 GB — against issue
16's peak of 2 GiB. Each step's files are now written to a spool folder beside the output as soon as
the executor hands the step back, and moved into the stage by a rename when the tree is written; the
spool is removed whatever happens, and a killed build's spool is a stage leftover like any other
(``.<out>.new-<pid>-…``, cleaned by :func:`lexpub.publish.atomic.clean_leftovers`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lexpub.errors import io_error
from lexpub.publish.graph import Outputs, sha256
from lexpub.publish.manifest import FILE_MODE


@dataclass(frozen=True, slots=True)
class Spooled:
    """One new file: its SHA-256, its size, and where the spool holds its bytes (file ``number`` of
    ``folder``: one folder string for all of a spool's files, not a path each, since a build at
    10,000 works holds ~500,000 of these)."""

    digest: str
    size: int
    folder: str
    number: int

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.number}"


Kept = dict[str, Spooled]
"""A step's outputs as spooled: relative path → :class:`Spooled`."""


class Spool:
    """A folder of new files, one per output, named by a counter (bytes are never looked up by name)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.at = str(folder)
        self.count = 0

    def keep(self, out: Outputs) -> Kept:
        """Write ``out``'s files to the spool; their hashes, sizes and spool paths."""
        kept: Kept = {}
        for rel, data in out.items():
            self.count += 1
            path = f"{self.at}/{self.count}"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
                os.fchmod(fd, FILE_MODE)  # whatever the umask: published files are world-readable
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
            except OSError as exc:
                raise io_error(exc, "write", Path(path)) from None
            kept[rel] = Spooled(sha256(data), len(data), self.at, self.count)
        return kept


@contextmanager
def spool_beside(out: Path) -> Iterator[Spool]:
    """A spool in ``out``'s parent folder (the stage's filesystem: a move is a rename), removed after."""
    target = out.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-spool-", dir=target.parent))
    try:
        yield Spool(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def move_into(spooled: Spooled, path: Path) -> None:
    """The spooled file renamed to ``path`` (its folder made if needed); ``error[io]`` naming ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(spooled.path, path)
    except OSError as exc:
        raise io_error(exc, "write", path) from None
