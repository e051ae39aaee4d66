"""``lexpub build``: every output of the corpus, gathered first, written into a staged folder and
swapped in only when everything succeeded (see :mod:`lexpub.publish`).

Outputs come from *producers*: pure functions ``(corpus, source_dir) -> {relative path: bytes}``,
listed in :data:`PRODUCERS` as ``"module:function"``. Each concern (text, site, documents …) owns its
producer; this module only gathers, checks for clashes and writes.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .consolidate import consolidate
from .editions import editions
from .errors import BuildError, Issue
from .jsonout import editions_json
from .model import Corpus
from .publish import staged_dir, write_bytes
from .textrender import render_text

Producer = Callable[[Corpus, Path], dict[str, bytes]]

PRODUCERS: list[str] = [
    "lexpub.build:text_outputs",
]


def text_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """Plain text of the latest text and of every edition, and the editions list, per work."""
    files: dict[str, bytes] = {}
    for work_id in sorted(corpus.works):
        latest = consolidate(corpus, work_id, None, "kaz")
        files[f"acts/{work_id}/kaz/latest.txt"] = render_text(corpus, latest).encode()
        eds = editions(corpus, work_id)
        for ed in eds:
            files[f"acts/{work_id}/kaz/{ed.label}.txt"] = render_text(corpus, ed.expression).encode()
        data = editions_json(corpus, work_id, eds)
        files[f"acts/{work_id}/editions.json"] = (
            json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        ).encode()
    return files


def producer(spec: str) -> Producer:
    module, _, name = spec.partition(":")
    fn: Producer = getattr(importlib.import_module(module), name)
    return fn


def safe_rel(rel: str) -> str:
    """Output names are relative POSIX paths with no '..', no absolute part, no backslash."""
    p = PurePosixPath(rel)
    if p.is_absolute() or ".." in p.parts or "\\" in rel or not rel or rel.startswith("."):
        raise BuildError(Issue(None, "unsafe-output-path", f"refusing to write output {rel!r}"))
    return str(p)


def outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """Relative path → content for every output of every producer. Pure: nothing is written."""
    files: dict[str, bytes] = {}
    for spec in PRODUCERS:
        for rel, data in producer(spec)(corpus, source).items():
            rel = safe_rel(rel)
            if rel in files:
                raise BuildError(Issue(None, "output-clash", f"two producers write {rel!r} ({spec})"))
            files[rel] = data
    return files


def build(corpus: Corpus, out: Path, source: Path = Path("source")) -> int:
    """Write every output under ``out`` atomically; return the number of files."""
    files = outputs(corpus, source)
    with staged_dir(out) as stage:
        for rel, data in sorted(files.items()):
            write_bytes(stage / rel, data)
    return len(files)
