"""``lexpub build``: every output of the corpus, gathered first, written into a staged folder and
swapped in only when everything succeeded (see :mod:`lexpub.publish`).

The build reads top to bottom: plan the steps of the producers (:mod:`lexpub.publish.producers`,
:mod:`lexpub.publish.graph`); find what the previous build leaves (:mod:`lexpub.publish.cache`); run
the other steps through an executor (serial or a process pool: ``--jobs``) inside one store of
consolidated texts (:mod:`lexpub.consolidate.store`: each text made once); gather the tree, checking
for clashes; write it with a hash manifest (:mod:`lexpub.publish.manifest`); keep the records that
make the next rebuild cost what changed. Same sources and code ⇒ the same bytes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lexpub.consolidate.drafts import signed_only
from lexpub.consolidate.store import scope
from lexpub.errors import BuildError, Issue
from lexpub.model.core import Corpus
from lexpub.publish.atomic import (
    claim_folder,
    empty_keeping,
    refuse_inside_source,
    refuse_unsafe_target,
    staged_dir,
    write_bytes,
)
from lexpub.publish.cache import (
    BOOKKEEPING,
    INDEX,
    Hit,
    Reuse,
    folder_prints,
    folders_of,
    index_chunks,
    kinds,
    link_or_copy,
    load_sources,
    patch_record,
    rotate_records,
    safe_rel,
    save_sources,
)
from lexpub.publish.fingerprints import Record, file_entry
from lexpub.publish.graph import Outputs, SourceHashes, Step, code_hash, plan
from lexpub.publish.jsonchunks import hashed
from lexpub.publish.lock import writer_lock
from lexpub.publish.manifest import MANIFEST, manifest_chunks, source_revision
from lexpub.publish.pool import Executor, SerialExecutor, executor
from lexpub.publish.producers import PRODUCERS, producer
from lexpub.publish.spool import Kept, Spooled, move_into, spool_beside


@dataclass(frozen=True)
class BuildReport:
    """What a build did: files published, steps planned, which were run and which were reused."""

    files: int
    steps: int
    rebuilt: tuple[str, ...]
    """Names of the steps that ran (``spec[work]`` or ``spec``), in plan order."""
    reused: int
    manifest_sha256: str


class _SpareGone(Exception):
    """The spare surveyed at the start was not there to recycle (another process took it)."""


def build(
    corpus: Corpus,
    out: Path,
    source: Path = Path("source"),
    *,
    producers: Sequence[str] = PRODUCERS,
    jobs: int | None = 1,
    run: Executor | None = None,
    use_cache: bool = True,
) -> BuildReport:
    """Write every output of ``producers`` under ``out`` atomically, reusing unchanged steps of the
    previous build.

    The new tree is made from the spare (the tree before the published one): its files that already
    hold what the new tree needs stay where they are; the others are removed, and the files missing
    are hard-linked from the published tree (unchanged steps) or written (steps run). With
    ``use_cache=False`` every step runs and every file is written anew.
    """
    corpus = signed_only(corpus)[0]  # a draft is never published
    runner = run or executor(jobs)
    refuse_unsafe_target(out.resolve())
    refuse_inside_source(out, source)
    with writer_lock(out, "build"):  # one writer at a time, from the first read of the previous build
        claim_folder(out.resolve(), "build")
        try:
            return _build(corpus, out, source, producers, runner, use_cache=use_cache, spare=use_cache)
        except _SpareGone:
            return _build(corpus, out, source, producers, runner, use_cache=use_cache, spare=False)


def _build(
    corpus: Corpus,
    out: Path,
    source: Path,
    producers: Sequence[str],
    runner: Executor,
    *,
    use_cache: bool,
    spare: bool,
) -> BuildReport:
    prev = out.resolve()  # every cached path is checked to resolve to itself under ``prev``
    source = source.resolve()
    roots, known, known_before = load_sources(prev, source)
    hashes = SourceHashes.of(source, known, known_before)
    steps = plan(corpus, source, producers, kinds(producer, code_hash()), hashes)
    reuse = Reuse.of(prev, steps, use_cache=use_cache, spare=spare)
    todo = [s for s in steps if s.key not in reuse.hits]
    with spool_beside(out) as spool:  # each step's files on disk as it is done: never the tree's bytes in memory
        with scope():
            done = runner.run(corpus, source, todo, producer, keep=spool.keep)
        tree = Tree.gather(steps, reuse, dict(zip([s.key for s in todo], done, strict=True)))
        del done  # the tree keeps what it needs of each step's files
        digest = hashlib.sha256()
        manifest = hashed(
            manifest_chunks(
                tree.digests,
                tree.sizes,
                revision=source_revision(source, hashes.tree),
                tree=hashes.tree,
                code=code_hash(),
            ),
            digest,
        )
        write(out, prev, tree, reuse, manifest)
    if hashes.rehashed or known is None:
        save_sources(prev, source, roots, hashes)
    return BuildReport(
        len(tree.digests), len(steps), tuple(s.name for s in todo), len(steps) - len(todo), digest.hexdigest()
    )


def outputs(
    corpus: Corpus, source: Path, *, producers: Sequence[str] = PRODUCERS, run: Executor | None = None
) -> dict[str, bytes]:
    """Relative path → content for every output of every producer. Pure: nothing is written."""
    corpus = signed_only(corpus)[0]  # a draft is never published
    steps = plan(corpus, source, producers, producer)
    with scope():
        results = (run or SerialExecutor()).run(corpus, source, steps, producer)
    files: dict[str, bytes] = {}
    for step, out in zip(steps, results, strict=True):
        for rel, data in gathered(step, out):
            claim(files, rel, step)
            files[rel] = data
    return files


def gathered(step: Step, out: Outputs) -> list[tuple[str, bytes]]:
    """The outputs of a step in path order, every name checked by :func:`safe_rel`."""
    return [(safe_rel(rel), data) for rel, data in sorted(out.items())]


def claim(seen: dict[str, Any], rel: str, step: Step) -> None:
    """Two steps never write one path: the second is an error, never a silent overwrite."""
    if rel in seen:
        raise BuildError(Issue(None, "output-clash", f"two producers write {rel!r} ({step.name})"))


@dataclass
class Tree:
    """The tree to publish: every file's SHA-256 and size, and which files are linked from the
    published tree or written anew (the others stay in the spare as they are)."""

    sizes: dict[str, int]
    digests: dict[str, str] = field(default_factory=dict)
    recorded: dict[str, str] = field(default_factory=dict)
    """Record entries of the files linked or written (the others stay as recorded)."""
    linked: list[str] = field(default_factory=list)
    new: dict[str, Spooled] = field(default_factory=dict)
    index: dict[str, dict[str, str]] = field(default_factory=dict)
    """The new cache index: step key → {path: SHA-256}."""

    @staticmethod
    def gather(steps: list[Step], reuse: Reuse, results: dict[str, Kept]) -> Tree:
        """Every step's files, in plan order: those of reused steps as found, the others as produced."""
        tree = Tree(reuse.sizes)
        for step in steps:
            if step.key in reuse.hits:
                tree.reused(step, reuse.index[step.key], reuse.hits[step.key])
            else:
                tree.produced(step, results[step.key], reuse.spared)
        return tree

    def reused(self, step: Step, files: dict[str, str], hit: Hit) -> None:
        self.index[step.key] = files
        if hit is None:  # every file is in the spare already
            if not self.digests.keys().isdisjoint(files):
                for rel in files:
                    claim(self.digests, rel, step)
            self.digests.update(files)
            return
        for rel, digest, entry, size, in_spare in hit:
            claim(self.digests, rel, step)
            self.digests[rel] = digest
            if not in_spare:
                self.sizes[rel] = size
                self.recorded[rel] = entry
                self.linked.append(rel)

    def produced(self, step: Step, out: Kept, spared: dict[str, str]) -> None:
        record = {}
        for name, spooled in sorted(out.items()):
            rel = safe_rel(name)
            claim(self.digests, rel, step)
            digest = spooled.digest
            self.digests[rel] = record[rel] = digest
            if spared.get(rel) != digest:  # else the step gave what the spare already holds
                self.sizes[rel] = spooled.size
                self.new[rel] = spooled
        self.index[step.key] = record


def write(out: Path, prev: Path, tree: Tree, reuse: Reuse, manifest: Iterable[bytes]) -> None:
    """Stage the tree (recycling the spare when there is one), swap it in, and keep its record."""
    survey = reuse.survey
    kept = set(tree.digests).difference(tree.linked, tree.new)
    folders = folders_of([*tree.digests, INDEX])
    folders.add("")
    recycled: list[set[str]] = []

    def recycle(stage: Path) -> None:
        recycled.append(survey.recycle(stage, kept, folders) if survey is not None else set(folders))
        if survey is None:
            empty_keeping(stage, folders)

    books = {INDEX: index_chunks(tree.index), MANIFEST: manifest}
    with staged_dir(out, folders, recycle, kind="build", claimed=True) as stage:
        if kept and not recycled:
            raise _SpareGone()
        write_stage(stage, prev, tree, books)
        changed = [*tree.linked, *tree.new, *books]
        seen = survey.seen if survey is not None and recycled else {}
        prints = folder_prints(str(stage), folders, seen, recycled, changed)
    base = survey.record if survey is not None and recycled else None
    if base is None or not patch_record(prev, base, tree.digests, tree.recorded, changed, prints):
        kept_entries = base.files if base is not None else {}
        whole = {rel: tree.recorded.get(rel) or kept_entries[rel] for rel in sorted([*tree.digests, *books])}
        rotate_records(prev, Record(whole, prints))


def write_stage(stage: Path, prev: Path, tree: Tree, books: dict[str, Iterable[bytes]]) -> None:
    """Link the files of reused steps, write the new ones, then the index and the manifest."""
    made: set[str] = set()
    at = str(stage)
    for rel in sorted(tree.linked):
        link_or_copy(f"{prev}/{rel}", f"{at}/{rel}", made)
    for rel, spooled in sorted(tree.new.items()):
        move_into(spooled, stage / rel)
        tree.recorded[rel] = file_entry(tree.digests[rel], os.lstat(f"{at}/{rel}"))
    for rel, data in books.items():
        write_bytes(stage / rel, data)
        tree.recorded[rel] = file_entry(BOOKKEEPING, os.lstat(f"{at}/{rel}"))  # recorded by name, never kept


__all__ = ["PRODUCERS", "BuildReport", "build", "outputs"]
