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
works, so it cannot read what its key does not cover. Steps are independent: an :class:`Executor` may
run them in any order, in this process, in a process pool, or (see ``docs/scale.md``) as tasks of a
distributed engine.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from lexpub.model.core import Corpus

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
    keep = set(works)
    return Corpus(
        works={k: corpus.works[k] for k in sorted(keep)},
        amendments=tuple(a for a in corpus.amendments if a.source_work in keep),
        source_dir=corpus.source_dir,
    )


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


# --------------------------------------------------------------------------- executors
Advance = Callable[[int], None]
"""Told how many more steps are done (a progress bar's ``advance``)."""
Keep = Callable[[Outputs], Any]
"""Takes a step's outputs as it is done (see :class:`Executor`)."""


class Executor(Protocol):
    """Runs independent steps and returns their outputs in the order given.

    A distributed backend implements the same call: ship each step (its spec, work and deps are
    plain strings) to a worker that holds or loads the corpus, and return the outputs.
    """

    def run(
        self,
        corpus: Corpus,
        source: Path,
        steps: Sequence[Step],
        resolve: Callable[[str], Any],
        advance: Advance | None = None,
        keep: Keep | None = None,
    ) -> list[Any]:
        """The outputs of ``steps`` in the order given; ``advance(n)`` after every ``n`` steps done.
        With ``keep``, each step's outputs are handed to it as the step is done and the list holds
        what it returns (the build spools them to disk: the outputs are never all in memory)."""
        ...


class SerialExecutor:
    """Every step in this process, one after another."""

    def run(
        self,
        corpus: Corpus,
        source: Path,
        steps: Sequence[Step],
        resolve: Callable[[str], Any],
        advance: Advance | None = None,
        keep: Keep | None = None,
    ) -> list[Any]:
        out: list[Any] = []
        for step in steps:
            done = run_step(corpus, source, step, resolve)
            out.append(done if keep is None else keep(done))
            del done  # kept: the bytes may go before the next step makes its own
            if advance is not None:
                advance(1)
        return out


_WORKER: dict[str, Any] = {}
SERIAL_BELOW = 8
"""Fewer steps than this run in this process: starting a pool would cost more than it saves."""


def _init_worker(corpus: Corpus, source: Path, resolve: Callable[[str], Any], parent: int = 0) -> None:
    die_with_parent(parent)
    _WORKER.update(corpus=corpus, source=source, resolve=resolve)


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this worker when its parent dies (Linux ``prctl``), so a killed
    build leaves no worker rendering on; if the parent is already gone, leave at once."""
    import ctypes
    import signal

    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)  # the C library already loaded
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if parent and os.getppid() != parent:
        os._exit(1)


def pool_size(jobs: int, steps: int) -> int:
    """Workers for ``steps`` steps: never more than asked, than steps, or than the CPUs we may use."""
    return max(1, min(jobs, steps, default_jobs()))


def _work(job: tuple[int, Step]) -> tuple[int, Outputs]:
    return job[0], run_step(_WORKER["corpus"], _WORKER["source"], job[1], _WORKER["resolve"])


class ProcessExecutor:
    """Steps spread over ``jobs`` forked processes; the corpus is inherited, not pickled. Steps are
    handed out one at a time, the estimated heaviest first (:mod:`lexpub.publish.schedule`), so no
    worker is left with the longest ones while the others idle; outputs come back in plan order."""

    def __init__(self, jobs: int, min_steps: int = SERIAL_BELOW):
        self.jobs = jobs
        self.min_steps = min_steps

    def run(
        self,
        corpus: Corpus,
        source: Path,
        steps: Sequence[Step],
        resolve: Callable[[str], Any],
        advance: Advance | None = None,
        keep: Keep | None = None,
    ) -> list[Any]:
        if (
            self.jobs <= 1
            or len(steps) < max(2, self.min_steps)
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return SerialExecutor().run(corpus, source, steps, resolve, advance, keep)
        from lexpub.publish.schedule import heaviest_first

        order = heaviest_first(corpus, steps, resolve)
        ctx = multiprocessing.get_context("fork")
        workers = pool_size(self.jobs, len(steps))
        outputs: list[Any] = [None] * len(steps)
        with ctx.Pool(workers, initializer=_init_worker, initargs=(corpus, source, resolve, os.getpid())) as pool:
            for i, out in pool.imap_unordered(_work, [(i, steps[i]) for i in order], chunksize=1):
                outputs[i] = out if keep is None else keep(out)
                if advance is not None:
                    advance(1)
            pool.close()  # workers end normally and run their exit finalizers (render.pdf's font folder);
            pool.join()  # leaving the block alone would terminate them with a signal
        return outputs


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def executor(jobs: int | None) -> Executor:
    n = default_jobs() if jobs is None else jobs
    return SerialExecutor() if n <= 1 else ProcessExecutor(n)
