"""The build graph's steps on a Dask cluster (dask.distributed).

Each step is a pure function of content-hashed inputs (:func:`lexpub.publish.graph.run_step`), so it
can run anywhere: the corpus is sent to every worker once (``scatter``, broadcast), each step is a
task keyed by its content key, and the outputs come back in the order given — the same bytes as the
serial build. With no scheduler address a :class:`~distributed.LocalCluster` of ``jobs`` processes
(one thread each: WeasyPrint layout holds the GIL) is started and stopped around the run.

Workers run the same lexpub (the same code hash) and read ``source`` by its absolute path: on a
multi-machine cluster the source folder is on shared storage (docs/scale.md).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lexpub.consolidate.store import Texts, scope
from lexpub.errors import InputError, kv
from lexpub.model.core import Corpus
from lexpub.publish.graph import Outputs, Step, forget_made_by, run_step
from lexpub.publish.pool import Advance, Executor, Keep, default_jobs
from lexpub.publish.schedule import heaviest_first
from lexpub.render.env import environment
from lexpub.render.pdf import html_to_pdf, release_fonts

SHOWN_FROM = 64
"""Fewer steps than this finish before a bar would be read: none is drawn."""


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr when it is a terminal (and there is enough to show): yields
    ``advance(n)``; else None (quiet in pipes, logs and tests)."""
    if not sys.stderr.isatty() or total < SHOWN_FROM:
        yield None
        return
    from rich.console import Console  # deferred: only a terminal needs it
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


class ShowProgress:
    """Another executor's steps with a progress bar on a terminal, moved as each step is done; the
    same outputs in the same order, and nothing shown in pipes, logs and tests."""

    def __init__(self, inner: Executor, label: str = "build"):
        self.inner = inner
        self.label = label

    def run(
        self,
        corpus: Corpus,
        source: Path,
        steps: Sequence[Step],
        resolve: Callable[[str], Any],
        advance: Advance | None = None,
        keep: Keep | None = None,
    ) -> list[Any]:
        with progress_bar(len(steps), self.label) as bar:
            return self.inner.run(corpus, source, steps, resolve, bar or advance, keep)


QUIET_WORKERS = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s"}
"""The local cluster's servers leave a worker's task thread the GIL.

- Its workers do not sample their own stacks: Dask's profiler walks the running task's stack every
  10 ms, and WeasyPrint's stacks are deep (one worker built the 12-work corpus in 102.7 s with it,
  92.1 s without; the same steps in one process take 86 s).
- The event loop checks its own health every second, not every 20 ms: each check takes the GIL
  from the task thread (which holds it while WeasyPrint lays out) and gives it back. On the 12-work
  corpus two builds took 48.2 and 48.7 s with checks every second, 52.0 and 52.6 s with the default
  (docs/scale.md, *Tenth pass*); a loop blocked for more than ``distributed.admin.tick.limit``
  (3 s) is still reported.

A standing cluster is its operator's to configure (docs/scale.md)."""

_TEXTS: list[tuple[Corpus, Texts]] = []
"""On a worker: the store of consolidated texts of the build whose corpus it holds (one at a time)."""


def _remote_step(corpus: Corpus, source: str, step: Step, resolve: Callable[[str], Any]) -> Outputs:
    """One step on a worker, inside the store of texts its earlier steps of this build made.

    Why: a local build opens one :func:`~lexpub.consolidate.store.scope` around all its steps and its
    forked workers inherit it; a Dask task runs in a worker's thread with no scope, so every step
    consolidated its texts again (with :data:`QUIET_WORKERS`, one of the two reasons a standing
    cluster was slower than the local pool). The store is keyed by the corpus object the worker was
    sent: a new build's corpus starts a new store, and :func:`release_texts` drops it once a build is
    done.

    The worker's objects so far (lexpub, WeasyPrint, the faces, the templates, this corpus) are then
    frozen out of the collector's reach (``gc.freeze``), as a forked worker's are (:mod:`.pool`).
    Why: WeasyPrint makes garbage fast, and every full collection walked all of them; on the
    12-work corpus two builds took 48.8 and 51.9 s frozen, against 53.1 and 56.4 s not
    (docs/scale.md, *Tenth pass*). :func:`release_texts` unfreezes them: a standing cluster's worker
    collects a finished build's corpus."""
    if not _TEXTS or _TEXTS[0][0] is not corpus:
        gc.unfreeze()  # another build's corpus, left frozen, would never be collected
        _TEXTS[:] = [(corpus, Texts())]
        gc.collect()
        gc.freeze()
    with scope(_TEXTS[0][1]):
        return run_step(corpus, Path(source), step, resolve)


def release_texts() -> int:
    """Drop this worker's store of texts (and the corpus it and the index of its amendments hold), and
    let the collector reach them again; returns how many texts it held."""
    held = len(_TEXTS[0][1]) if _TEXTS else 0
    _TEXTS.clear()
    forget_made_by()
    gc.unfreeze()
    return held


def _release() -> int:
    return release_texts() + release_fonts()


def _warm(resolve: Callable[[str], Any], specs: list[str]) -> int:
    """On a worker, before its first step: the producers imported, the templates compiled, a page
    laid out (WeasyPrint and the faces set up). Returns how many templates were compiled."""
    try:
        for spec in specs:
            resolve(spec)
        env = environment()
        names = env.list_templates(extensions=["html", "xml", "md", "txt"])
        for name in names:
            env.get_template(name)
        html_to_pdf("<p>Сынақ</p>", title="lexpub")
        return len(names)
    except Exception:  # noqa: BLE001  a warm-up never fails a build: a step that needs what failed says why
        return 0


class DaskExecutor:
    """Runs steps as tasks on the scheduler at ``address`` (``tcp://HOST:PORT``), or on a local cluster."""

    def __init__(self, address: str | None = None, jobs: int | None = None):
        self.address = address
        self.jobs = jobs or default_jobs()
        self._session: Any = None
        self._warming: list[Any] = []

    @contextmanager
    def session(self, resolve: Callable[[str], Any], specs: Sequence[str]) -> Iterator[None]:
        """Connect now (or start the local cluster), and have every worker import the producers of
        ``specs``, the templates and WeasyPrint with the faces while this process loads and plans;
        :meth:`run` inside the block uses this connection.

        Why: a local cluster's workers are fresh processes, and before their first step each spent
        ~1 s importing lexpub and WeasyPrint and setting up the faces, inside the build's time: on
        the 12-work corpus a build on a cluster it started itself laid out PDF pages at 76 % of
        WeasyPrint's rate, one on a standing cluster (whose workers had done it before) at 83 %
        (docs/scale.md, *Sixth pass*). A warm-up that fails is ignored: the steps then say why."""
        with self.client() as client:
            workers = sorted(client.scheduler_info()["workers"])
            self._session = client
            self._warming = [
                client.submit(
                    _warm,
                    resolve,
                    list(specs),
                    key=f"lexpub-warm-{n}",
                    workers=[w],
                    allow_other_workers=False,
                    pure=False,
                )
                for n, w in enumerate(workers)
            ]
            try:
                yield
            finally:
                for future in self._warming:
                    future.release()
                self._session, self._warming = None, []

    @contextmanager
    def _connected(self) -> Iterator[Any]:
        if self._session is not None:
            yield self._session
        else:
            with self.client() as client:
                yield client

    @contextmanager
    def client(self) -> Iterator[Any]:
        from distributed import Client, LocalCluster  # deferred: dask loads only for this executor

        if self.address is not None:
            try:
                client = Client(self.address, timeout="20s")  # type: ignore[no-untyped-call]
            except (OSError, TimeoutError) as exc:
                raise InputError.at(
                    None,
                    "scheduler",
                    f"--scheduler {self.address}: cannot reach the Dask scheduler ({exc})",
                    "scheduler",
                    kv(address=self.address, why=exc),
                ) from None
            with client:
                yield client
            return
        import dask

        with (
            dask.config.set(QUIET_WORKERS),  # the nannies pass it on to the worker processes they start
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=self.jobs, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            yield client

    def run(
        self,
        corpus: Corpus,
        source: Path,
        steps: Sequence[Step],
        resolve: Callable[[str], Any],
        advance: Advance | None = None,
        keep: Keep | None = None,
    ) -> list[Any]:
        if not steps:
            return []
        order = heaviest_first(corpus, steps, resolve)
        with self._connected() as client:
            [shared] = client.scatter([corpus], broadcast=True, hash=False)
            futures = {}
            for rank, i in enumerate(order):  # submitted and prioritised heaviest first: no worker idles at the end
                step = steps[i]
                futures[i] = client.submit(
                    _remote_step,
                    shared,
                    str(source),
                    step,
                    resolve,
                    key=f"lexpub-step-{step.key}",
                    pure=False,
                    priority=len(order) - rank,
                )
            try:
                return self._collect(futures, advance, keep)
            finally:  # the texts and the copy of the faces would outlive the build (a nanny runs no finalizer)
                client.run(_release)

    @staticmethod
    def _collect(futures: dict[int, Any], advance: Advance | None, keep: Keep | None) -> list[Any]:
        """Each step's outputs as it completes, handed to ``keep`` and released on its worker; the
        first failed step in plan order raises, as in a serial build."""
        from distributed import as_completed

        where = {future.key: i for i, future in futures.items()}
        results: list[Any] = [None] * len(futures)
        failed: list[int] = []
        with progress_bar(len(futures), "build (dask)") as bar:
            tell = bar or advance
            done = as_completed(list(futures.values()), with_results=True, raise_errors=False)  # type: ignore[no-untyped-call]
            for future, out in done:
                i = where[future.key]
                if future.status == "error":
                    failed.append(i)
                else:
                    if not failed:
                        results[i] = out if keep is None else keep(out)
                    future.release()  # the worker may drop the bytes: they are on this side now
                if tell is not None:
                    tell(1)
        if failed:
            futures[min(failed)].result()
        return results
