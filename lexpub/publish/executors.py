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

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lexpub.errors import InputError
from lexpub.model.core import Corpus
from lexpub.publish.graph import Outputs, Step, default_jobs, run_step


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
                    None, "scheduler", f"--scheduler {self.address}: cannot reach the Dask scheduler ({exc})"
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
            results: list[Outputs] = client.gather(futures)
            return results
