"""PDF pages per second of a whole ``lexpub build`` against WeasyPrint's own rate on the same pages.

Issue 16's target: a full build lays out PDF pages at no less than 80 % of the rate WeasyPrint reaches
on the very same pages with the same number of processes — whatever lexpub adds around the layout
(loading, consolidating, the other formats, the site, the manifest, the cache) may cost at most a
fifth. Both sides are whole processes, measured side by side:

- **lexpub**: ``lexpub build --no-cache --jobs J --out OUT [--executor dask]`` over a generated corpus
  (wall time; with ``--executor dask``, a local Dask cluster of ``J`` single-threaded workers started
  and stopped by the build; with ``--executor cluster``, a standing cluster: ``dask scheduler`` and
  ``dask worker --nworkers J --nthreads 1`` started before the clock, as a real cluster runs, the
  build given ``--scheduler``, one unmeasured build first so the workers have imported lexpub);
- **WeasyPrint**: a process that lays out and writes the same HTML documents (captured from a serial
  build by wrapping :func:`lexpub.render.pdf.layout`, so they are byte for byte what the build printed,
  with the same four faces and page CSS) in a pool of ``J`` processes, nothing else.

Pages are counted in WeasyPrint's own documents. Usage::

    .venv/bin/python scripts/bench_pdf_rate.py [--works 12] [--runs 3] [--jobs 2] [--executor local dask cluster] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

CAPTURE = """
import json, sys
from pathlib import Path
import lexpub.render.pdf as pdf
from lexpub.cli import main
docs = []
real = pdf.layout
def layout(html, *, title, lang="kk", variant=None):
    document = real(html, title=title, lang=lang, variant=variant)
    docs.append((html, title, lang, variant, len(document.pages)))
    return document
pdf.layout = layout
src, out, dump = sys.argv[1:4]
try:
    main(["build", "--source", src, "--out", out, "--jobs", "1", "--no-cache"], standalone_mode=False)
finally:
    Path(dump).write_text(json.dumps(docs), "utf-8")
"""

WEASYPRINT = """
import json, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from lexpub.render.pdf import layout
def one(doc):
    html, title, lang, variant, _ = doc
    document = layout(html, title=title, lang=lang, variant=variant)
    document.write_pdf(**({"pdf_variant": variant} if variant else {}))
    return len(document.pages)
docs = json.loads(Path(sys.argv[1]).read_text("utf-8"))
docs.sort(key=lambda d: -d[4])  # longest first: the pool's best schedule, the fairest limit
jobs = int(sys.argv[2])
if jobs == 1:
    pages = sum(map(one, docs))
else:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pages = sum(pool.map(one, docs, chunksize=1))
print(pages)
"""


def env() -> dict[str, str]:
    """The environment a user's shell gives (bytecode cached; the parse cache in a scratch folder)."""
    e = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return e


def wall(args: list[str], cwd: Path, extra: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env={**env(), **(extra or {})}, capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took, done.stdout


@contextlib.contextmanager
def standing_cluster(jobs: int, tmp: Path) -> Iterator[str]:
    """A scheduler and ``jobs`` single-threaded workers started with the ``dask`` command line on
    127.0.0.1 (their own stack sampling off and their event loops checked once a second, as
    docs/scale.md advises an operator); its address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    quiet = {
        **env(),
        "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
        "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "1s",
    }
    dask = str(BIN / "dask")
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=quiet,
        )
    ]  # fmt: skip
    try:
        procs.append(
            subprocess.Popen(
                [dask, "worker", address, "--nworkers", str(jobs), "--nthreads", "1", "--host", "127.0.0.1",
                 "--no-dashboard", "--local-directory", str(tmp / "dask-worker")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=quiet,
            )
        )  # fmt: skip
        from distributed import Client

        with Client(address, timeout="60s") as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(jobs, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)


@contextlib.contextmanager
def executor_args(executor: str, jobs: int) -> Iterator[list[str]]:
    """``lexpub build``'s arguments for ``executor``; for ``cluster``, a standing cluster around the block."""
    if executor != "cluster":
        yield ["--executor", executor]
        return
    with (
        tempfile.TemporaryDirectory(prefix="lexpub-cluster-") as scratch,
        standing_cluster(jobs, Path(scratch)) as at,
    ):
        yield ["--executor", "dask", "--scheduler", at]


class Captured(NamedTuple):
    """A generated corpus and the documents a serial build of it laid out, captured once."""

    tmp: Path
    src: Path
    cache: dict[str, str]
    dump: Path
    docs: list[Any]


def measure_all(works: int, runs: int, jobs: int, executors: list[str]) -> list[dict[str, Any]]:
    """Each executor's rate, one after another, on one generated corpus and one capture of its pages."""
    with tempfile.TemporaryDirectory(prefix="lexpub-pdfrate-") as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "source"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), str(src), "--works", str(works), "--seed", "16"],
            check=True,
            capture_output=True,
        )
        cache = {"LEXPUB_CACHE": str(tmp / "cache")}
        dump = tmp / "docs.json"
        wall([sys.executable, "-c", CAPTURE, str(src), str(tmp / "capture"), str(dump)], tmp, cache)
        captured = Captured(tmp, src, cache, dump, json.loads(dump.read_text("utf-8")))
        results = []
        for executor in executors:
            with executor_args(executor, jobs) as how:
                results.append({"works": works, **measure(captured, runs, jobs, executor, how)})
        return results


def measure(captured: Captured, runs: int, jobs: int, executor: str, how: list[str]) -> dict[str, Any]:
    tmp, src, cache, dump, docs = captured
    pages = sum(d[4] for d in docs)
    lex: list[float] = []
    wpy: list[float] = []
    args = ["build", "--source", str(src), "--jobs", str(jobs), "--no-cache", *how]
    if executor == "cluster":  # a standing cluster's workers have run builds before
        wall([str(BIN / "lexpub"), *args, "--out", str(tmp / "warm")], tmp, cache)
    for _ in range(runs):  # A B A B: the machine's load falls on both sides alike
        out = tmp / "out"
        shutil.rmtree(out, ignore_errors=True)
        t, _ = wall([str(BIN / "lexpub"), *args, "--out", str(out)], tmp, cache)
        lex.append(t)
        t, printed = wall([sys.executable, "-c", WEASYPRINT, str(dump), str(jobs)], tmp)
        if int(printed) != pages:
            raise SystemExit(f"WeasyPrint laid out {printed.strip()} pages, the build {pages}")
        wpy.append(t)
    ratios = [pages / a / (pages / b) for a, b in zip(lex, wpy, strict=True)]
    return {
        "jobs": jobs,
        "executor": executor,
        "pdfs": len(docs),
        "pages": pages,
        "lexpub_s": lex,
        "weasyprint_s": wpy,
        "lexpub_pages_per_s": pages / statistics.median(lex),
        "weasyprint_pages_per_s": pages / statistics.median(wpy),
        "ratio_median": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "load": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--executor", choices=("local", "dask", "cluster"), nargs="+", default=["local"])
    parser.add_argument("--json", action="store_true")
    a = parser.parse_args()
    results = measure_all(a.works, a.runs, a.jobs, a.executor)
    if a.json:
        print(json.dumps(results if len(results) > 1 else results[0], indent=2))
        return
    for r in results:
        per = " per worker" if r["executor"] != "local" else ""
        print(
            f"PDF rate, {r['works']} generated works, {r['pdfs']} PDFs, {r['pages']} pages, {r['jobs']} processes "
            f"({EXECUTORS[r['executor']]}): "
            f"lexpub build {r['lexpub_pages_per_s']:.1f} pages/s vs WeasyPrint alone {r['weasyprint_pages_per_s']:.1f} "
            f"pages/s = {r['ratio_median']:.0%}{per} ({r['ratio_min']:.0%}–{r['ratio_max']:.0%}; target ≥ 80 %; "
            f"load {r['load']:.1f})"
        )


EXECUTORS = {
    "local": "local pool",
    "dask": "a local Dask cluster the build starts",
    "cluster": "a standing Dask cluster started by the dask command line",
}


if __name__ == "__main__":
    main()
