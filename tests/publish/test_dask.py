"""The build on a real Dask cluster: a scheduler and two workers started with the ``dask`` command
line on 127.0.0.1 build the real corpus, and the manifest is the serial build's, byte for byte."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
BIN = Path(sys.executable).parent
DASK = BIN / "dask"

pytestmark = pytest.mark.skipif(not DASK.exists(), reason="the dask command line is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    fh = log.open("wb")
    return subprocess.Popen(args, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True, cwd=log.parent, env=env)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1``; everything is stopped after.
    The workers' temporary folder is ``tmp_path / "worker-tmp"``."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    procs = [
        start(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
            tmp_path / "scheduler.log",
        )
    ]
    try:
        procs.append(
            start(
                [str(DASK), "worker", address, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1"]
                + ["--no-dashboard", "--local-directory", str(tmp_path / "dask-worker")],
                tmp_path / "worker.log",
                {**os.environ, "TMPDIR": str(worker_tmp(tmp_path))},
            )
        )
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=180)
            assert len(client.scheduler_info()["workers"]) == 2
        yield address
    finally:
        for proc in reversed(procs):
            stop(proc)
    assert all(p.poll() is not None for p in procs)


def worker_tmp(tmp_path: Path) -> Path:
    folder = tmp_path / "worker-tmp"
    folder.mkdir(exist_ok=True)
    return folder


def lexpub(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEXPUB_CACHE": str(cwd / "cache")}
    return subprocess.run(
        [str(BIN / "lexpub"), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=900, check=False
    )


def test_dask_cluster_build_matches_serial(cluster: str, tmp_path: Path) -> None:
    serial = lexpub("build", "--jobs", "1", "--out", str(tmp_path / "serial"), "--source", str(SOURCE), cwd=tmp_path)
    assert serial.returncode == 0, serial.stderr
    dask = lexpub(
        "build", "--executor", "dask", "--scheduler", cluster, "--out", str(tmp_path / "dask"), "--source", str(SOURCE),
        cwd=tmp_path,
    )  # fmt: skip
    assert dask.returncode == 0, dask.stderr
    a = (tmp_path / "serial" / "manifest.json").read_bytes()
    b = (tmp_path / "dask" / "manifest.json").read_bytes()
    assert len(a) > 10_000 and b'"files"' in a
    assert a == b
    # and every file, not only the list of them
    files = sorted(p.relative_to(tmp_path / "serial") for p in (tmp_path / "serial").rglob("*") if p.is_file())
    assert any(str(f).endswith(".pdf") for f in files)
    for f in files:
        assert (tmp_path / "dask" / f).read_bytes() == (tmp_path / "serial" / f).read_bytes(), f
    # the workers laid out PDFs, and their copies of the faces are gone while they still run
    from distributed import Client

    with Client(cluster, timeout="60s") as client:
        assert len(client.scheduler_info()["workers"]) == 2
    assert sorted(p.name for p in worker_tmp(tmp_path).glob("weasyprint-*")) == []


def test_scheduler_without_dask_is_refused(tmp_path: Path) -> None:
    res = lexpub("build", "--scheduler", "tcp://127.0.0.1:1", "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert res.returncode == 2
    assert "--scheduler needs --executor dask" in res.stderr
    assert not (tmp_path / "o").exists()


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    port = free_port()
    res = lexpub(
        "build", "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", "--out", str(tmp_path / "o"),
        "--source", str(SOURCE), cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 2, res.stderr
    assert f"--scheduler tcp://127.0.0.1:{port}: cannot reach the Dask scheduler" in res.stderr
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[int] = []
        self.told: list[bool] = []

    def run(
        self,
        corpus: object,
        source: Path,
        steps: list[str],
        resolve: object,
        advance: object = None,
        keep: object = None,
    ) -> list[dict[str, bytes]]:
        self.calls.append(len(steps))
        self.told.append(advance is not None)
        for _ in steps:
            if callable(advance):
                advance(1)
        return [{s: s.encode()} for s in steps]


@pytest.mark.parametrize("tty", [True, False])
def test_progress_on_a_terminal_only_same_outputs(tty: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar moves as each step is done, inside one run of the executor (it used to split the
    build into chunks, each a new pool, the next waiting for the slowest step of the last)."""
    from lexpub.publish.executors import ShowProgress

    err = _Tty() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    steps = [f"step-{i:03d}" for i in range(200)]
    inner = _Recorder()
    out = ShowProgress(inner).run(None, Path("."), steps, None)  # type: ignore[arg-type]
    assert out == [{s: s.encode()} for s in steps]
    assert inner.calls == [200]
    assert inner.told == [tty]
    if tty:
        assert "200/200" in err.getvalue()
    else:
        assert err.getvalue() == ""


def _quiet(dask_worker: object) -> tuple[bool, float]:
    callbacks = getattr(dask_worker, "periodic_callbacks", {})
    return "profile" in callbacks, callbacks["tick"].callback_time


def test_the_local_cluster_leaves_its_workers_task_thread_the_gil() -> None:
    """Dask's profiler walks the running task's stack every 10 ms, and its event loop checks its own
    health every 20 ms, each time taking the GIL from the task laying out a PDF: on WeasyPrint's
    deep stacks the first cost a worker a tenth of its time, the second ~7 %. The local cluster's
    workers start without the profiler and check their loop once a second."""
    from lexpub.publish.executors import DaskExecutor

    with DaskExecutor(jobs=1).client() as client:
        seen = client.run(_quiet)
        scheduler = client.run_on_scheduler(_quiet)
    assert list(seen.values()) == [(False, 1000)], "milliseconds between two checks"
    assert scheduler[1] == 1000


def test_a_worker_consolidates_a_text_once_for_all_the_steps_of_a_build() -> None:
    """A Dask task runs with no store of texts of its own: each step on a worker made its texts again.
    The steps of one build on one worker share one store; another corpus starts another."""
    from lexpub.cli.build import load
    from lexpub.publish.executors import _remote_step, release_texts
    from lexpub.publish.graph import plan
    from lexpub.publish.pool import SerialExecutor
    from lexpub.publish.producers import PRODUCERS, producer

    corpus = load(SOURCE)
    steps = plan(corpus, SOURCE, PRODUCERS, producer)
    text, site = (next(s for s in steps if s.name.startswith(f"{p}[mod-2023-2]")) for p in (PRODUCERS[0], PRODUCERS[6]))
    alone = []
    for step in (text, site):
        _remote_step(corpus, str(SOURCE), step, producer)
        alone.append(release_texts())
    assert min(alone) > 0
    assert release_texts() == 0, "released: nothing is kept between builds"
    both = [_remote_step(corpus, str(SOURCE), step, producer) for step in (text, site)]
    shared = release_texts()
    assert max(alone) <= shared < sum(alone), "the second step recalled the texts the first made"
    assert both == SerialExecutor().run(corpus, SOURCE, [text, site], producer), "the same outputs"
    _remote_step(corpus, str(SOURCE), text, producer)
    _remote_step(load(SOURCE), str(SOURCE), text, producer)
    assert release_texts() == alone[0], "another build's corpus starts its own store"
    from lexpub.publish import graph

    assert graph._MADE_BY == {}, "nor is the index of a corpus's amendments kept"


def test_a_worker_keeps_its_build_out_of_the_collectors_reach_until_the_build_is_done() -> None:
    """A forked worker's inherited objects are frozen (``gc.freeze``); a Dask worker's are frozen
    once its build's corpus arrives — full collections no longer walk lexpub, WeasyPrint and the
    corpus on every round of WeasyPrint's garbage — and unfrozen when the build is released, so a
    standing cluster's worker collects it."""
    import gc

    from lexpub.cli.build import load
    from lexpub.publish.executors import _remote_step, release_texts
    from lexpub.publish.graph import plan
    from lexpub.publish.producers import PRODUCERS, producer

    corpus = load(SOURCE)
    step = next(
        s for s in plan(corpus, SOURCE, PRODUCERS, producer) if s.name.startswith(f"{PRODUCERS[0]}[mod-2023-2]")
    )
    gc.unfreeze()  # an in-process command of an earlier test may have settled (frozen) its corpus
    try:
        _remote_step(corpus, str(SOURCE), step, producer)
        frozen = gc.get_freeze_count()
        assert frozen > 10_000, "the modules and the corpus are frozen"
        _remote_step(corpus, str(SOURCE), step, producer)
        assert gc.get_freeze_count() <= frozen, "frozen once a build (a frozen object that dies leaves the count)"
    finally:
        release_texts()
    assert gc.get_freeze_count() == 0, "released with the build"


def _fails_for_one(corpus: object, work: str, source: Path) -> dict[str, bytes]:
    from lexpub.errors import BuildError

    if work == "mod-2017-357":
        raise BuildError.at(None, "test-failure", f"step of {work} fails")
    return {f"ok/{work}": work.encode()}


def test_a_failed_step_on_the_cluster_fails_the_build_with_its_own_error() -> None:
    """Results are taken as they complete: a failed step still raises its own error (the first in plan
    order), and nothing after it is handed on."""
    from lexpub.cli.build import load
    from lexpub.errors import BuildError
    from lexpub.publish.executors import DaskExecutor
    from lexpub.publish.graph import Step

    corpus = load(SOURCE)
    steps = [Step("t", w, (w,), f"k-{w}") for w in sorted(corpus.works)]
    kept: list[object] = []
    with pytest.raises(BuildError, match="step of mod-2017-357 fails"):
        DaskExecutor(jobs=1).run(corpus, SOURCE, steps, lambda spec: _fails_for_one, keep=kept.append)
    assert len(kept) < len(steps)
    ok = [s for s in steps if s.work != "mod-2017-357"]
    got = DaskExecutor(jobs=1).run(corpus, SOURCE, ok, lambda spec: _fails_for_one, keep=lambda out: sorted(out))
    assert got == [[f"ok/{s.work}"] for s in ok]


def _modules(dask_worker: object) -> list[bool]:
    import sys

    return ["lexpub.render.html" in sys.modules, "weasyprint" in sys.modules]


def test_a_session_warms_every_worker_while_the_build_loads_and_runs_on_its_own_cluster(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``lexpub build --executor dask`` connects (or starts its local cluster) before it loads the
    corpus; each worker imports the producers and WeasyPrint, compiles the templates and sets up the
    faces meanwhile; the steps then run on that cluster, not on another one started for them."""
    from lexpub.cli.build import load
    from lexpub.publish.executors import DaskExecutor
    from lexpub.publish.graph import plan
    from lexpub.publish.pool import SerialExecutor
    from lexpub.publish.producers import PRODUCERS, producer

    dask = DaskExecutor(jobs=2)
    started: list[int] = []
    real = DaskExecutor.client
    monkeypatch.setattr(DaskExecutor, "client", lambda self: started.append(1) or real(self))
    with dask.session(producer, PRODUCERS):
        warmed = [future.result(timeout=120) for future in dask._warming]
        assert len(warmed) == 2 and min(warmed) > 10, "each worker compiled the templates: the warm-up ran"
        assert list(dask._session.run(_modules).values()) == [[True, True]] * 2
        corpus = load(SOURCE)
        steps = [s for s in plan(corpus, SOURCE, PRODUCERS, producer) if s.work == "mod-2023-1100"][:3]
        got = dask.run(corpus, SOURCE, steps, producer)
    assert started == [1], "one cluster for the session and its build"
    assert got == SerialExecutor().run(corpus, SOURCE, steps, producer)
    assert dask._session is None and dask._warming == []
