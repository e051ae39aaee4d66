"""``lexpub build``: every output of the corpus, gathered first, written into a staged folder and
swapped in only when everything succeeded (see :mod:`lexpub.publish`).

Outputs come from *producers*, listed in :data:`PRODUCERS` as ``"module:function"``: pure functions
``(corpus, source_dir) -> {relative path: bytes}``, or — marked with :func:`lexpub.graph.per_work` —
``(corpus, work_id, source_dir) -> {relative path: bytes}``, run once per work. Each concern (text,
site, documents …) owns its producer; this module plans the steps (:mod:`lexpub.graph`), reuses the
outputs of steps whose content key is unchanged from the previous build (its ``.cache/``), runs the
others through an executor (serial or a process pool: ``--jobs``), checks for clashes, and writes the
files with a hash manifest (:mod:`lexpub.manifest`). Same sources and code ⇒ the same bytes.
A previous output is trusted unread only while its stat fingerprint is the one recorded, with its
SHA-256, when it was published (``.<out>-fingerprints.json`` beside the folder); else it is re-hashed.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .consolidate import consolidate
from .editions import editions
from .errors import BuildError, Issue
from .graph import Executor, Outputs, SerialExecutor, SourceHashes, Step, code_hash, executor, per_work, plan, sha256
from .jsonout import editions_json
from .manifest import MANIFEST, manifest_bytes, source_revision
from .model import Corpus
from .publish import staged_dir, write_bytes
from .textrender import render_text

Producer = Callable[[Corpus, Path], dict[str, bytes]]
WorkProducer = Callable[[Corpus, str, Path], dict[str, bytes]]
CACHE = ".cache"
EXTRA_ENV = "LEXPUB_EXTRA_PRODUCERS"
"""Comma-separated ``module:function`` producers appended to :data:`PRODUCERS` (tests, plug-ins)."""

PRODUCERS: list[str] = [
    "lexpub.build:text_outputs",
    "lexpub.diff.effects:effects_outputs",
    "lexpub.formats:format_outputs",
    "lexpub.formats:schema_outputs",
    "lexpub.issue:sample_outputs",
    "lexpub.site:site_act_outputs",
    "lexpub.site:site_outputs",
]


@per_work
def text_outputs(corpus: Corpus, work_id: str, source: Path) -> dict[str, bytes]:
    """Plain text of the latest text and of every edition, and the editions list, of one work."""
    files: dict[str, bytes] = {}
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


def producer_specs() -> list[str]:
    """:data:`PRODUCERS` plus any named in the ``LEXPUB_EXTRA_PRODUCERS`` environment variable."""
    extra = [s.strip() for s in os.environ.get(EXTRA_ENV, "").split(",") if s.strip()]
    return [*PRODUCERS, *extra]


def producer(spec: str) -> Any:
    """The function named by ``module:function`` (a global or a per-work producer)."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


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


def outputs(corpus: Corpus, source: Path, *, run: Executor | None = None) -> dict[str, bytes]:
    """Relative path → content for every output of every producer. Pure: nothing is written."""
    steps = plan(corpus, source, producer_specs(), producer)
    results = (run or SerialExecutor()).run(corpus, source, steps, producer)
    files: dict[str, bytes] = {}
    for step, out in zip(steps, results, strict=True):
        for rel, data in gathered(step, out):
            claim(files, rel, step)
            files[rel] = data
    return files


def gathered(step: Step, out: Outputs) -> list[tuple[str, bytes]]:
    return [(safe_rel(rel), data) for rel, data in sorted(out.items())]


def claim(seen: dict[str, Any], rel: str, step: Step) -> None:
    if rel in seen:
        raise BuildError(Issue(None, "output-clash", f"two producers write {rel!r} ({step.name})"))


@dataclass(frozen=True)
class BuildReport:
    """What a build did: files published, steps planned, which were run and which were reused."""

    files: int
    steps: int
    rebuilt: tuple[str, ...]
    """Names of the steps that ran (``spec[work]`` or ``spec``), in plan order."""
    reused: int
    manifest_sha256: str


def fingerprint(st: os.stat_result) -> list[int]:
    """``[size, mtime_ns, inode, device]`` of a file: equal ⇒ the same file, unchanged since."""
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev]


def fingerprints_path(out: Path) -> Path:
    """Beside the output folder, not in it: fingerprints are machine state, the folder is reproducible."""
    return out.parent / f".{out.name}-fingerprints.json"


@dataclass(frozen=True)
class Known:
    """Fingerprints of published files as a previous build wrote them: path → [SHA-256, *fingerprint].

    ``before`` is the time the record was written; only files older than it are trusted unread (a
    file changed in the same clock tick as it was recorded could keep its fingerprint — git calls
    such files "racily clean" and re-reads them too). An entry names the digest the file had, so a
    stale or foreign record can only make a file be re-hashed, never be trusted with other bytes.
    """

    files: dict[str, list[Any]]
    before: int

    @staticmethod
    def load(out: Path) -> Known:
        try:
            with open(fingerprints_path(out), "rb") as fh:
                before = os.fstat(fh.fileno()).st_mtime_ns
                files = json.loads(fh.read().decode("utf-8"))
            if isinstance(files, dict):
                return Known(files, before)
        except (OSError, ValueError):
            pass
        return Known({}, 0)

    def fresh(self, rel: str, digest: str, st: os.stat_result) -> bool:
        return self.files.get(rel) == [digest, *fingerprint(st)] and st.st_mtime_ns < self.before


def cached(
    prev: Path, step: Step, known: Known | None = None, checked: dict[str, bool] | None = None
) -> dict[str, tuple[str, os.stat_result]] | None:
    """The outputs (path → (SHA-256, stat)) a previous build recorded for ``step``, if all are intact.

    A file is trusted without reading its bytes when its fingerprint is the one ``known`` recorded
    for that digest; otherwise its bytes are hashed. A symlink, a file under a symlinked folder or a
    path leaving ``prev`` is never trusted.
    """
    entry = prev / CACHE / "steps" / f"{step.key}.json"
    known = known or Known({}, 0)
    checked = {} if checked is None else checked
    out: dict[str, tuple[str, os.stat_result]] = {}
    root = str(prev)
    try:
        files: dict[str, str] = json.loads(entry.read_bytes().decode("utf-8"))["files"]
        for rel, digest in files.items():
            path = f"{root}/{safe_rel(rel)}"  # strings, not Paths: this loop runs once per published file
            if not _plain_folder(root, os.path.dirname(path), checked):
                return None
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode):
                return None  # a symlink or a special file: never trusted, never linked
            if not known.fresh(rel, digest, st) and sha256(Path(path).read_bytes()) != digest:
                return None
            out[rel] = (str(digest), st)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, BuildError):
        return None
    return out


def _plain_folder(root: str, folder: str, checked: dict[str, bool]) -> bool:
    """``folder`` resolves to itself inside ``root`` (no symlinked folder on the way); memoised."""
    ok = checked.get(folder)
    if ok is None:
        ok = checked[folder] = os.path.realpath(folder) == folder and (folder + "/").startswith(root + "/")
    return ok


def link_or_copy(src: Path | str, dst: Path | str, made: set[str] | None = None) -> None:
    """Hard-link ``src`` (a file of the previous build) as ``dst``; copy where links are impossible."""
    parent = os.path.dirname(dst)
    if made is None or parent not in made:
        os.makedirs(parent, exist_ok=True)
        if made is not None:
            made.add(parent)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def build(
    corpus: Corpus,
    out: Path,
    source: Path = Path("source"),
    *,
    jobs: int | None = 1,
    run: Executor | None = None,
    use_cache: bool = True,
) -> BuildReport:
    """Write every output under ``out`` atomically, reusing unchanged steps of the previous build."""
    specs = producer_specs()
    hashes = SourceHashes.of(source)
    steps = plan(corpus, source, specs, producer, hashes)
    prev = out.resolve()  # every cached path is checked to resolve to itself under ``prev``
    known, checked = Known.load(prev), dict[str, bool]()
    hits = {s.key: c for s in steps if use_cache and (c := cached(prev, s, known, checked)) is not None}
    todo = [s for s in steps if s.key not in hits]
    results = dict(zip([s.key for s in todo], (run or executor(jobs)).run(corpus, source, todo, producer), strict=True))
    entries: dict[str, tuple[str, int]] = {}
    new: dict[str, bytes] = {}
    reuse: dict[str, str] = {}
    root = str(prev)
    records: dict[str, dict[str, str]] = {}
    for step in steps:
        if step.key in hits:
            for rel, (digest, st) in hits[step.key].items():
                claim(entries, rel, step)
                entries[rel] = (digest, st.st_size)
                reuse[rel] = f"{root}/{rel}"
            continue
        record = {}
        for rel, data in gathered(step, results[step.key]):
            claim(entries, rel, step)
            digest = sha256(data)
            entries[rel] = (digest, len(data))
            new[rel] = data
            record[rel] = digest
        records[step.key] = record
    manifest = manifest_bytes(
        entries, revision=source_revision(source, hashes.tree), tree=hashes.tree, code=code_hash()
    )
    with staged_dir(out, folders_of([*entries, f"{CACHE}/steps/x.json"])) as stage:
        made: set[str] = set()
        at = str(stage)
        for rel, path in sorted(reuse.items()):
            link_or_copy(path, f"{at}/{rel}", made)
        for rel, data in sorted(new.items()):
            write_bytes(stage / rel, data)
        prints = {rel: [entries[rel][0], *fingerprint(os.lstat(f"{at}/{rel}"))] for rel in sorted(entries)}
        for key in sorted(hits):
            link_or_copy(prev / CACHE / "steps" / f"{key}.json", stage / CACHE / "steps" / f"{key}.json", made)
        for key, record in sorted(records.items()):
            write_bytes(stage / CACHE / "steps" / f"{key}.json", step_record(record))
        write_bytes(stage / MANIFEST, manifest)
    write_bytes(fingerprints_path(prev), (json.dumps(prints, sort_keys=True) + "\n").encode())
    return BuildReport(len(entries), len(steps), tuple(s.name for s in todo), len(steps) - len(todo), sha256(manifest))


def folders_of(rels: list[str]) -> set[str]:
    """Every folder (relative POSIX path) that holding the files ``rels`` needs."""
    folders: set[str] = set()
    for rel in rels:
        parent = rel.rpartition("/")[0]
        while parent and parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return folders


def step_record(files: dict[str, str]) -> bytes:
    return (json.dumps({"files": files}, sort_keys=True, indent=1) + "\n").encode()


__all__ = ["PRODUCERS", "BuildReport", "Producer", "Step", "WorkProducer", "build", "outputs", "per_work", "producer"]
