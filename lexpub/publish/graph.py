"""The build as a graph of pure steps keyed by content hashes: ``(corpus, producers) → [Step]``.

A *step* is one producer run: a per-work producer once per work, a global producer once. Its key is
the SHA-256 of everything it may read: the producer's name, the code version (every file of the
``lexpub`` package and of ``templates/``), the corpus-wide data (every source file outside
``acts/``), and the act files it depends on — all of them for a global step; for a per-work step only
the work, the works that amend it (transitively: an order that repeals an amending provision changes
what that provision does), and the works it amends together with their amenders. Equal key ⇒ equal
output, so a step whose key is in the cache is not run.

A *group* step (:func:`per_group`: the parts of the search index) runs once per group of works, keyed
by the same files of its members. A per-work or group step is given a corpus that holds exactly those
works, so it cannot read what its key does not cover. Steps are independent: an executor
(:mod:`lexpub.publish.pool`, :mod:`lexpub.publish.executors`) may run them in any order, in this
process, in a process pool, or as tasks of a distributed engine.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from lexpub.model.core import Amendment, Corpus

Outputs = dict[str, bytes]
PACKAGE = Path(__file__).resolve().parents[1]
"""The ``lexpub`` package (this module is ``lexpub/publish/graph.py``): all of it is the code version."""
TEMPLATES = PACKAGE.parent / "templates"
"""The templates and static files beside the package."""


# --------------------------------------------------------------------------- producers
def per_work(fn: Callable[[Corpus, str, Path], Outputs]) -> Callable[[Corpus, str, Path], Outputs]:
    """Mark a producer ``(corpus, work_id, source_dir) -> {path: bytes}`` as run once per work.

    Its ``corpus`` holds only the works the outputs of ``work_id`` depend on (see the module doc);
    outputs of one work are rebuilt only when one of those files changes.
    """
    fn.__lexpub_per_work__ = True  # type: ignore[attr-defined]
    return fn


def is_per_work(fn: object) -> bool:
    return bool(getattr(fn, "__lexpub_per_work__", False))


Grouping = Callable[[Sequence[str]], dict[str, tuple[str, ...]]]
GroupProducer = Callable[[Corpus, str, tuple[str, ...], Path], Outputs]


def per_group(groups: Grouping) -> Callable[[GroupProducer], GroupProducer]:
    """Mark a producer ``(corpus, group, members, source_dir) -> {path: bytes}`` as run once per group
    of works, ``groups(work_ids) -> {group name: member ids}`` (each work in one group).

    For outputs that gather many works (a search index) but need not gather all of them in one step:
    an edit reruns the group of the works it touches, not a step over the whole corpus. Its
    ``corpus`` holds the members and every work their per-work outputs depend on."""

    def mark(fn: GroupProducer) -> GroupProducer:
        fn.__lexpub_groups__ = groups  # type: ignore[attr-defined]
        return fn

    return mark


def groups_of(fn: object) -> Grouping | None:
    found: Grouping | None = getattr(fn, "__lexpub_groups__", None)
    return found


# --------------------------------------------------------------------------- hashing
def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_hash(root: Path, files: Iterable[Path]) -> str:
    """SHA-256 over (relative path, content hash) of ``files``, in sorted order."""
    h = hashlib.sha256()
    for path in sorted(files):
        rel = path.relative_to(root).as_posix()
        h.update(f"{rel}\0{sha256(path.read_bytes())}\n".encode())
    return h.hexdigest()


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


@cache
def code_hash() -> str:
    """The code version: every file of the package and of the templates folder (cached per process)."""
    return sha256((tree_hash(PACKAGE, _files(PACKAGE)) + tree_hash(TEMPLATES, _files(TEMPLATES))).encode())


@dataclass(frozen=True)
class SourceHashes:
    """Content hashes of a source folder: one per act file, one for everything else, one for all.

    ``files`` is what a later call may pass back as ``known`` (relative path →
    ``"sha256:size:mtime_ns:inode:device"``), and ``rehashed`` how many files were read this time.
    """

    acts: dict[str, str]
    common: str
    tree: str
    files: dict[str, str] = field(default_factory=dict, compare=False)
    rehashed: int = field(default=0, compare=False)

    @staticmethod
    def of(source: Path, known: dict[str, str] | None = None, before: int = 0) -> SourceHashes:
        """Each file is read once, or not at all while its fingerprint is the one ``known`` recorded
        before ``before`` (the time that record was written); ``tree`` covers every file, ``common``
        those outside ``acts/``. The files are those of :func:`_files` (symlinked files by their
        target, symlinked folders not entered, nothing under ``__pycache__``)."""
        known = known or {}
        files: dict[str, str] = {}
        digests: dict[str, str] = {}
        rehashed = 0
        for rel, path in _walk(str(source)):
            st = os.stat(path)
            fp = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_dev}"
            entry = known.get(rel)
            if entry is None or entry[65:] != fp or st.st_mtime_ns >= before:
                with open(path, "rb") as fh:
                    entry = f"{sha256(fh.read())}:{fp}"
                rehashed += 1
            files[rel] = entry
            digests[rel] = entry[:64]
        acts = {
            rel[5:-5]: d
            for rel, d in digests.items()
            if rel.startswith("acts/") and rel.count("/") == 1 and rel.endswith(".yaml")
        }
        common = {rel: d for rel, d in digests.items() if not rel.startswith("acts/") or rel.count("/") != 1}

        def combine(items: dict[str, str]) -> str:
            return sha256("".join(f"{rel}\0{d}\n" for rel, d in sorted(items.items())).encode())

        return SourceHashes(acts, combine(common), combine(digests), files, rehashed)


def _walk(root: str, rel: str = "") -> Iterator[tuple[str, str]]:
    """(relative POSIX path, path) of every file under ``root``, as ``Path.rglob`` + ``is_file`` find them."""
    try:
        it = os.scandir(f"{root}/{rel}" if rel else root)
    except OSError:
        return
    with it:
        entries = list(it)
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        sub = f"{rel}/{entry.name}" if rel else entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(root, sub)
        elif entry.is_file():
            yield sub, entry.path


# --------------------------------------------------------------------------- dependencies
def dependencies(corpus: Corpus) -> dict[str, tuple[str, ...]]:
    """work id → sorted ids of every work its per-work outputs may depend on (itself included)."""
    amended_by: dict[str, set[str]] = defaultdict(set)
    targets: dict[str, set[str]] = defaultdict(set)
    for a in corpus.amendments:
        target, source = a.op.target_work, a.source_work
        amended_by[target].add(source)
        targets[source].add(target)
    ups: dict[str, frozenset[str]] = {}

    def up(work: str) -> frozenset[str]:
        """The work and every work that amends it, transitively."""
        found = ups.get(work)
        if found is None:
            seen = {work}
            stack = [work]
            while stack:
                for src in amended_by.get(stack.pop(), ()):
                    if src not in seen:
                        seen.add(src)
                        stack.append(src)
            found = ups[work] = frozenset(seen)
        return found

    works = corpus.works
    out = {}
    for work in sorted(works):
        deps = up(work)
        for t in targets.get(work, ()):
            if t in works:
                deps = deps | up(t)
        out[work] = tuple(sorted(deps))
    return out


def restrict(corpus: Corpus, works: Sequence[str]) -> Corpus:
    """The corpus with only ``works`` (and the amendments they make), amendment order kept."""
    keep = sorted(set(works))
    made = made_by(corpus)
    return Corpus(
        works={k: corpus.works[k] for k in keep},
        amendments=tuple(a for _, a in sorted((x for k in keep for x in made.get(k, ())), key=lambda x: x[0])),
        source_dir=corpus.source_dir,
    )


_MADE_BY: dict[int, tuple[tuple[Amendment, ...], dict[str, list[tuple[int, Amendment]]]]] = {}


def made_by(corpus: Corpus) -> dict[str, list[tuple[int, Amendment]]]:
    """The amendments of ``corpus`` by the work that makes them, each with its place in the corpus.

    Why an index: every step restricts the corpus, and scanning all its amendments for each step
    (26,085 amendments for each of 30,053 steps at 10,000 works: ~80 s of a 400 s build without its
    PDFs) also read every amendment in every worker, making their pages the worker's own copy. The
    pool makes the index before it forks. Kept for the last few corpora, by the identity of their
    amendments (held, so it is not reused)."""
    hit = _MADE_BY.get(id(corpus.amendments))
    if hit is not None and hit[0] is corpus.amendments:
        return hit[1]
    index: dict[str, list[tuple[int, Amendment]]] = defaultdict(list)
    for i, a in enumerate(corpus.amendments):
        index[a.source_work].append((i, a))
    if len(_MADE_BY) >= 4:
        del _MADE_BY[next(iter(_MADE_BY))]
    _MADE_BY[id(corpus.amendments)] = (corpus.amendments, dict(index))
    return _MADE_BY[id(corpus.amendments)][1]


def forget_made_by() -> int:
    """Drop the indexes :func:`made_by` keeps (a Dask worker outlives its builds); how many there were."""
    held = len(_MADE_BY)
    _MADE_BY.clear()
    return held


# --------------------------------------------------------------------------- steps
@dataclass(frozen=True)
class Step:
    """One producer run: ``work`` None for a global or a group producer; ``deps`` the works a
    per-work or group step sees; ``group`` and ``members`` name a group step's works."""

    spec: str
    work: str | None
    deps: tuple[str, ...]
    key: str
    group: str | None = None
    members: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        part = self.work or self.group
        return f"{self.spec}[{part}]" if part else self.spec


def plan(
    corpus: Corpus,
    source: Path,
    specs: Sequence[str],
    resolve: Callable[[str], object],
    hashes: SourceHashes | None = None,
) -> list[Step]:
    """Every step of a build, in a stable order, with its content key."""
    hashes = hashes or SourceHashes.of(source)
    code = code_hash()
    deps = dependencies(corpus)
    works = sorted(corpus.works)
    named = {w: f"{w}={d}" for w, d in hashes.acts.items()}
    tails: dict[str, str] = {}  # the part of a per-work key shared by every per-work producer
    steps: list[Step] = []
    for spec in specs:
        fn = resolve(spec)
        split = groups_of(fn)
        if split is not None:
            for group, members in split(works).items():
                seen = sorted({w for m in members for w in deps[m]})
                parts = [named.get(w) or f"{w}=missing" for w in seen]
                head = f"per-group\n{spec}\n{group}\n{','.join(members)}"
                key = sha256("\n".join([head, code, hashes.common, *parts]).encode())
                steps.append(Step(spec, None, tuple(seen), key, group, members))
        elif is_per_work(fn):
            for work in works:
                tail = tails.get(work)
                if tail is None:
                    parts = [named.get(w) or f"{w}=missing" for w in deps[work]]
                    tail = tails[work] = "\n".join([code, hashes.common, *parts])
                key = sha256(f"per-work\n{spec}\n{work}\n{tail}".encode())
                steps.append(Step(spec, work, deps[work], key))
        else:
            key = sha256("\n".join(["global", spec, code, hashes.tree]).encode())
            steps.append(Step(spec, None, tuple(works), key))
    return steps


def run_step(corpus: Corpus, source: Path, step: Step, resolve: Callable[[str], Any]) -> Outputs:
    """Run one step: the producer on the whole corpus, or on the work's (the group's) restricted corpus."""
    fn = resolve(step.spec)
    if step.group is not None:
        out: Outputs = fn(restrict(corpus, step.deps), step.group, step.members, source)
    elif step.work is None:
        out = fn(corpus, source)
    else:
        out = fn(restrict(corpus, step.deps), step.work, source)
    return out
