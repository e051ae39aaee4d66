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

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lexpub.errors import InputError, kv
from lexpub.model.core import Corpus
from lexpub.publish.graph import Executor, Outputs, Step, default_jobs, run_step
from lexpub.render.pdf import release_fonts

CHUNK = 32
"""Steps per progress tick of a local build (each chunk is one run of the inner executor)."""


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr when it is a terminal (and there is enough to show): yields
    ``advance(n)``; else None (quiet in pipes, logs and tests)."""
    if not sys.stderr.isatty() or total < 2 * CHUNK:
        yield None
        return
    from rich.console import Console  # deferred: only a terminal needs it
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


class ShowProgress:
    """Another executor's steps in chunks, so that a terminal shows how far a long build is; the
    same outputs in the same order (chunking changes nothing but when the bar moves)."""

    def __init__(self, inner: Executor, label: str = "build"):
        self.inner = inner
        self.label = label

    def run(self, corpus: Corpus, source: Path, steps: Sequence[Step], resolve: Callable[[str], Any]) -> list[Outputs]:
        out: list[Outputs] = []
        with progress_bar(len(steps), self.label) as advance:
            if advance is None:
                return self.inner.run(corpus, source, steps, resolve)
            size = max(CHUNK, len(steps) // 20)
            for i in range(0, len(steps), size):
                chunk = steps[i : i + size]
                out += self.inner.run(corpus, source, chunk, resolve)
                advance(len(chunk))
        return out


def _remote_step(corpus: Corpus, source: str, step: Step, resolve: Callable[[str], Any]) -> Outputs:
    return run_step(corpus, Path(source), step, resolve)


class DaskExecutor:
    """Runs steps as tasks on the scheduler at ``address`` (``tcp://HOST:PORT``), or on a local cluster."""

    def __init__(self, address: str | None = None, jobs: int | None = None):
        self.address = address
        self.jobs = jobs or default_jobs()

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
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=self.jobs, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            yield client

    def run(self, corpus: Corpus, source: Path, steps: Sequence[Step], resolve: Callable[[str], Any]) -> list[Outputs]:
        if not steps:
            return []
        with self.client() as client:
            [shared] = client.scatter([corpus], broadcast=True, hash=False)
            futures = [
                client.submit(
                    _remote_step, shared, str(source), step, resolve, key=f"lexpub-step-{step.key}", pure=False
                )
                for step in steps
            ]
            with progress_bar(len(futures), "build (dask)") as advance:
                if advance is not None:
                    from distributed import as_completed

                    for _ in as_completed(futures):  # type: ignore[no-untyped-call]
                        advance(1)
                results: list[Outputs] = client.gather(futures)
            client.run(release_fonts)  # a worker's copy of the faces would outlive it (its nanny runs no finalizer)
            return results
