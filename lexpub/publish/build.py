"""``lexpub build``: every output of the corpus, gathered first, written into a staged folder and
swapped in only when everything succeeded (see :mod:`lexpub.publish`).

Outputs come from *producers*, listed in :data:`PRODUCERS` as ``"module:function"``: pure functions
``(corpus, source_dir) -> {relative path: bytes}``, or — marked with :func:`lexpub.graph.per_work` —
``(corpus, work_id, source_dir) -> {relative path: bytes}``, run once per work. Each concern (text,
site, documents …) owns its producer; this module plans the steps (:mod:`lexpub.graph`), reuses the
outputs of steps whose content key is unchanged from the previous build (its ``.cache/``), runs the
others through an executor (serial or a process pool: ``--jobs``), checks for clashes, and writes the
files with a hash manifest (:mod:`lexpub.manifest`). Same sources and code ⇒ the same bytes.

A rebuild costs what changed: the cache index (``.cache/steps.json``: step key → {path: SHA-256})
says which steps need not run; the new tree is made from the spare (the tree before the published
one, :mod:`lexpub.publish`), whose files that already hold the bytes wanted — known by their stat
fingerprints, recorded beside the folder (:mod:`lexpub.fingerprints`) — stay where they are; only
the others are removed, hard-linked from the published tree or written. A file whose fingerprint is
not the one recorded is not trusted (re-hashed when it is to be linked, else replaced).
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.errors import BuildError, Issue
from lexpub.model.core import Corpus
from lexpub.publish.atomic import (
    claim_folder,
    empty_keeping,
    exchange,
    refuse_inside_source,
    refuse_unsafe_target,
    spare_path,
    staged_dir,
    write_bytes,
)
from lexpub.publish.fingerprints import PUBLISHED, Entries, Record, Survey, file_entry, folder_fp, parent, patch_line
from lexpub.publish.graph import (
    Executor,
    Outputs,
    SerialExecutor,
    SourceHashes,
    Step,
    code_hash,
    executor,
    per_work,
    plan,
    sha256,
)
from lexpub.publish.lock import writer_lock
from lexpub.publish.manifest import MANIFEST, manifest_bytes_of, source_revision
from lexpub.render.json import editions_json
from lexpub.render.text import render_text

Producer = Callable[[Corpus, Path], dict[str, bytes]]
WorkProducer = Callable[[Corpus, str, Path], dict[str, bytes]]
CACHE = ".cache"
EXTRA_ENV = "LEXPUB_EXTRA_PRODUCERS"
"""Comma-separated ``module:function`` producers appended to :data:`PRODUCERS` (tests, plug-ins)."""

PRODUCERS: list[str] = [
    "lexpub.publish.build:text_outputs",
    "lexpub.diff.effects:effects_outputs",
    "lexpub.render.formats:format_outputs",
    "lexpub.render.formats:schema_outputs",
    "lexpub.services.documents.batch:sample_outputs",
    "lexpub.publish.site.pages:site_act_outputs",
    "lexpub.publish.site.pages:site_outputs",
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


def fingerprints_path(out: Path) -> Path:
    """Record of the published tree, beside it: fingerprints are machine state, the folder is reproducible."""
    return out.parent / f".{out.name}-fingerprints.json"


def spare_fingerprints_path(out: Path) -> Path:
    """Record of the tree the last swap put aside (``.<out>-spare``): the published tree's record, moved."""
    return out.parent / f".{out.name}-spare-fingerprints.json"


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
    return (json.dumps({"format": INDEX_FORMAT, "steps": steps}, sort_keys=True) + "\n").encode()


def load_index(prev: Path) -> dict[str, dict[str, str]]:
    """The previous build's index (its names are checked where they are used, see :func:`_build`)."""
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


class _SpareGone(Exception):
    """The spare surveyed at the start was not there to recycle (another process took it)."""


def build(
    corpus: Corpus,
    out: Path,
    source: Path = Path("source"),
    *,
    jobs: int | None = 1,
    run: Executor | None = None,
    use_cache: bool = True,
) -> BuildReport:
    """Write every output under ``out`` atomically, reusing unchanged steps of the previous build.

    The new tree is made from the spare (the tree before the published one): its files that already
    hold what the new tree needs stay where they are; the others are removed, and the files missing
    are hard-linked from the published tree (unchanged steps) or written (steps run). With
    ``use_cache=False`` every step runs and every file is written anew.
    """
    refuse_unsafe_target(out.resolve())
    refuse_inside_source(out, source)
    with writer_lock(out, "build"):  # one writer at a time, from the first read of the previous build
        claim_folder(out.resolve(), "build")
        try:
            return _build(corpus, out, source, jobs=jobs, run=run, use_cache=use_cache, spare=use_cache)
        except _SpareGone:
            return _build(corpus, out, source, jobs=jobs, run=run, use_cache=use_cache, spare=False)


def _build(
    corpus: Corpus, out: Path, source: Path, *, jobs: int | None, run: Executor | None, use_cache: bool, spare: bool
) -> BuildReport:
    specs = producer_specs()
    prev = out.resolve()  # every cached path is checked to resolve to itself under ``prev``
    source = source.resolve()
    roots, known, known_before = load_sources(prev, source)
    hashes = SourceHashes.of(source, known, known_before)
    steps = plan(corpus, source, specs, producer, hashes)
    survey = Survey.of(spare_path(prev), Record.load(spare_fingerprints_path(prev))) if spare else None
    index = load_index(prev) if use_cache else {}
    previous = Previous(prev)
    # The spare's files that hold what the spare's record says: path → SHA-256, path → size. Their
    # names are names a build recorded, each checked by safe_rel when its step produced it; a name only
    # the index gives is checked before it is used (the index sits in the published tree, where anyone
    # may edit it).
    spared, sizes = survey.intact() if survey is not None else ({}, {})
    for name in (MANIFEST, INDEX):
        spared.pop(name, None)
    spare_items = spared.items()
    # key → None when every file of the step is in the spare, else [(path, digest, entry, size, in spare)]
    hits: dict[str, list[tuple[str, str, str, int, bool]] | None] = {}
    for step in steps:
        files = index.get(step.key)
        if files is None:
            continue
        if files.items() <= spare_items:  # every (path, digest) is one the spare holds: compared in C
            hits[step.key] = None
            continue
        got = []
        for rel, digest in files.items():
            if spared.get(rel) == digest:
                got.append((rel, digest, survey.record.files[rel] if survey else "", sizes[rel], True))
                continue
            taken = previous.intact(rel, digest) if plain_output(rel) else None
            if taken is None:
                break
            got.append((rel, digest, taken[0], taken[1], False))
        else:
            hits[step.key] = got
    todo = [s for s in steps if s.key not in hits]
    results = dict(zip([s.key for s in todo], (run or executor(jobs)).run(corpus, source, todo, producer), strict=True))
    digests: dict[str, str] = {}  # every published file → SHA-256 (``sizes`` has its size)
    recorded: dict[str, str] = {}  # record entries of the files linked or written (the others stay as recorded)
    linked: list[str] = []
    new: dict[str, bytes] = {}
    index_new: dict[str, dict[str, str]] = {}
    for step in steps:
        if step.key in hits:
            index_new[step.key] = files = index[step.key]
            hit = hits[step.key]
            if hit is None:
                if not digests.keys().isdisjoint(files):
                    for rel in files:
                        claim(digests, rel, step)
                digests.update(files)
                continue
            for rel, digest, entry, size, in_spare in hit:
                claim(digests, rel, step)
                digests[rel] = digest
                if not in_spare:
                    sizes[rel] = size
                    recorded[rel] = entry
                    linked.append(rel)
            continue
        record = {}
        for rel, data in gathered(step, results[step.key]):
            claim(digests, rel, step)
            digest = sha256(data)
            digests[rel] = record[rel] = digest
            if spared.get(rel) != digest:  # else the step gave what the spare already holds
                sizes[rel] = len(data)
                new[rel] = data
        index_new[step.key] = record
    kept = set(digests).difference(linked, new)
    manifest = manifest_bytes_of(
        digests, sizes, revision=source_revision(source, hashes.tree), tree=hashes.tree, code=code_hash()
    )
    manifest_sha = sha256(manifest)
    folders = folders_of([*digests, INDEX])
    folders.add("")
    recycled: list[set[str]] = []

    def recycle(stage: Path) -> None:
        recycled.append(survey.recycle(stage, kept, folders) if survey is not None else set(folders))
        if survey is None:
            empty_keeping(stage, folders)

    with staged_dir(out, folders, recycle, kind="build") as stage:
        if kept and not recycled:
            raise _SpareGone()
        made: set[str] = set()
        at = str(stage)
        for rel in sorted(linked):
            link_or_copy(f"{prev}/{rel}", f"{at}/{rel}", made)
        for rel, data in sorted(new.items()):
            write_bytes(stage / rel, data)
            recorded[rel] = file_entry(digests[rel], os.lstat(f"{at}/{rel}"))
        books = {INDEX: index_bytes(index_new), MANIFEST: manifest}
        for rel, data in books.items():
            write_bytes(stage / rel, data)
            recorded[rel] = file_entry(BOOKKEEPING, os.lstat(f"{at}/{rel}"))  # recorded by name, never kept
        changed = [*linked, *new, *books]
        prints = folder_prints(at, folders, survey.seen if survey is not None and recycled else {}, recycled, changed)
    base = survey.record if survey is not None and recycled else None
    if base is None or not patch_record(prev, base, digests, recorded, changed, prints):
        kept_entries = base.files if base is not None else {}
        whole = {rel: recorded.get(rel) or kept_entries[rel] for rel in sorted([*digests, *books])}
        rotate_records(prev, Record(whole, prints))
    if hashes.rehashed or known is None:
        save_sources(prev, source, roots, hashes)
    return BuildReport(len(digests), len(steps), tuple(s.name for s in todo), len(steps) - len(todo), manifest_sha)


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
    write_bytes(current, record.dump())


def folders_of(rels: list[str]) -> set[str]:
    """Every folder (relative POSIX path) that holding the files ``rels`` needs."""
    folders: set[str] = set()
    for folder in {rel.rpartition("/")[0] for rel in rels}:  # thousands of files, far fewer folders
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


__all__ = ["PRODUCERS", "BuildReport", "Producer", "Step", "WorkProducer", "build", "outputs", "per_work", "producer"]
