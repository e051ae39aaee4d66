"""Running a build's steps on this machine: one after another, or on a pool of forked processes.

Steps are independent (:mod:`lexpub.publish.graph`), so an :class:`Executor` may run them in any order
and anywhere; the Dask executor (:mod:`lexpub.publish.executors`) implements the same call. A pool
hands the steps out one at a time, the estimated heaviest first (:mod:`lexpub.publish.schedule`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from lexpub.model.core import Corpus
from lexpub.publish.graph import Outputs, Step, made_by, run_step
from lexpub.publish.schedule import heaviest_first

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


def _init_worker(
    corpus: Corpus, source: Path, resolve: Callable[[str], Any], parent: int = 0, scratch: str | None = None
) -> None:
    die_with_parent(parent)
    if scratch is not None:
        tempfile.tempdir = scratch  # the worker's temporary files (WeasyPrint's faces) go where its parent removes them
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
    """One step on a forked worker; after its first, what the worker made for itself (WeasyPrint
    imported, the faces set up, the templates compiled) is frozen as its inheritance is.

    Why: a worker imports WeasyPrint after the fork (it loads lazily), and WeasyPrint makes garbage
    fast: every full collection walked those objects again. On the 12-work corpus four pairs of
    builds took 47.1–49.9 s with it, 48.4–51.5 s without (docs/scale.md, *Tenth pass*)."""
    done = job[0], run_step(_WORKER["corpus"], _WORKER["source"], job[1], _WORKER["resolve"])
    if not _WORKER.get("settled"):
        gc.collect()
        gc.freeze()
        _WORKER["settled"] = True
    return done


WORKS_PER_WORKER = 512
"""Works a pool's workers read, each at most, before the pool is replaced by a fresh one: a round's
steps read ``jobs × WORKS_PER_WORKER`` works at most, counted as the works each step is given (see
:class:`ProcessExecutor`)."""


def rounds(order: Sequence[int], steps: Sequence[Step], budget: int) -> Iterator[list[int]]:
    """``order`` cut into runs whose steps are given ``budget`` works at most between them (a step
    given more is a round of its own)."""
    now: list[int] = []
    given = 0
    for i in order:
        weight = max(1, len(steps[i].deps))
        if now and given + weight > budget:
            yield now
            now, given = [], 0
        now.append(i)
        given += weight
    if now:
        yield now


class ProcessExecutor:
    """Steps spread over ``jobs`` forked processes; the corpus is inherited, not pickled. Steps are
    handed out one at a time, the estimated heaviest first (:mod:`lexpub.publish.schedule`), so no
    worker is left with the longest ones while the others idle; outputs come back in plan order.

    The steps run in rounds (:func:`rounds`, in the same order), each on a freshly forked pool. Why:
    a forked worker shares its parent's pages only until it writes to them, and in CPython reading
    an object writes to it (its reference count); a worker that ran the steps of thousands of works
    read most of the corpus and held its own copy of it (at 10,000 works, ~0.8 GB for each of two
    workers: docs/scale.md, *Seventh pass*). A round's workers hold only what its steps read. Not
    ``Pool(maxtasksperchild=…)``: replacing workers one by one while the pool closes left a fresh
    worker waiting for a task forever (seen here under Python 3.11)."""

    def __init__(self, jobs: int, min_steps: int | None = None, works_per_worker: int | None = None):
        self.jobs = jobs
        self.min_steps = SERIAL_BELOW if min_steps is None else min_steps  # read now: a test may lower it
        self.works_per_worker = WORKS_PER_WORKER if works_per_worker is None else works_per_worker

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
        order = heaviest_first(corpus, steps, resolve)
        ctx = multiprocessing.get_context("fork")
        workers = pool_size(self.jobs, len(steps))
        outputs: list[Any] = [None] * len(steps)
        made_by(corpus)  # the index every step restricts the corpus with, made once, before any fork
        with scratch_for_workers() as scratch, frozen_while_forking():
            init = (corpus, source, resolve, os.getpid(), scratch)
            for part in rounds(order, steps, workers * max(1, self.works_per_worker)):
                with ctx.Pool(workers, _init_worker, init) as pool:
                    jobs = [(i, steps[i]) for i in part]
                    for i, out in pool.imap_unordered(_work, jobs, chunksize=1):
                        outputs[i] = out if keep is None else keep(out)
                        if advance is not None:
                            advance(1)
                    pool.close()  # workers end normally and run their exit finalizers (render.pdf's
                    pool.join()  # font folder); leaving the block alone would terminate them with a signal
        return outputs


@contextmanager
def scratch_for_workers() -> Iterator[str]:
    """A folder for the pool's workers' temporary files, removed with everything in it however the
    pool ends.

    Why: a worker removes its copy of the faces (``weasyprint-*``, 1.4 MB) when it exits normally,
    but a pool stopped by a failed step, an interrupt or the kernel kills its workers, which then
    run no exit finalizer: every failed build left one such folder a worker in the system's
    temporary folder."""
    folder = tempfile.mkdtemp(prefix="lexpub-workers-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def frozen_while_forking() -> Iterator[None]:
    """This process's objects out of the collector's reach while the block forks workers
    (``gc.freeze``, as the Python documentation advises for fork without exec).

    Why: a full collection in a worker writes into the header of every object it walks, which
    would make each page of the inherited corpus the worker's own; frozen, the worker's collector
    never walks them. Unfrozen when the block ends (no pool forks any more)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def executor(jobs: int | None) -> Executor:
    n = default_jobs() if jobs is None else jobs
    return SerialExecutor() if n <= 1 else ProcessExecutor(n)
