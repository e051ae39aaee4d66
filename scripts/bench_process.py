"""Whole-process figures for ``make bench`` (issue 16): what a user waits for, measured as separate
``lexpub`` processes (start-up, imports, loading and all), each repeated (min / median / max), with
its peak resident memory. Cold = an empty parse cache before every run; warm = a filled one.

- W1 ``lexpub text ACT`` and ``lexpub editions ACT`` on a generated corpus against the real 4-act
  corpus (warm and cold); ``lexpub check`` likewise;
- W2 no-op rebuild and rebuild after editing one work (whole ``lexpub build`` processes) on a small
  generated corpus (a full build of 1,000 works exceeds the bench's time budget: docs/scale.md);
- W3 ``lexpub diff ACT`` against ``git diff --no-index --word-diff`` of the same two texts, both as
  whole processes (P4 compares a function call with a process);
- P6 (issue 13) ``lexpub import`` of generated amending acts from their own ``lexpub text`` against
  ``lexpub text`` printing them, both as whole processes (:func:`imports`).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LEXPUB = Path(sys.executable).parent / "lexpub"


def timed(
    args: list[str], env: dict[str, str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)
) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of one process; a failure (an exit status not in ``ok``) stops the
    bench with its message."""
    wall, rss, _ = timed_cpu(args, env, cwd, ok)
    return wall, rss


def timed_cpu(
    args: list[str], env: dict[str, str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)
) -> tuple[float, float, float]:
    """:func:`timed` and the CPU seconds (user + system) of the process: steadier than wall time on a
    machine shared with other work."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}): {err[-500:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def user_env(extra: dict[str, str]) -> dict[str, str]:
    """This environment as a user's shell has it: Python keeps its bytecode caches. (Without them —
    ``PYTHONDONTWRITEBYTECODE`` set, as in some sandboxes — every process compiles lexpub's modules
    from source: ~0.7 s more on each figure, measured on a no-op rebuild.)"""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def stat(values: list[float]) -> dict[str, float]:
    return {"median_s": statistics.median(values), "min_s": min(values), "max_s": max(values), "runs": len(values)}


def repeat(args: list[str], runs: int, cache: Path | None, cold: bool, cwd: Path | None = None) -> dict[str, Any]:
    """``runs`` runs of one command (after one unmeasured run when warm)."""
    env = user_env({"LEXPUB_CACHE": str(cache) if cache else "off"})
    if cache is not None and not cold:
        timed(args, env, cwd)
    walls, rss, cpu = [], [], []
    for _ in range(runs):
        if cache is not None and cold:
            shutil.rmtree(cache, ignore_errors=True)
        w, r, c = timed_cpu(args, env, cwd)
        walls.append(w)
        rss.append(r)
        cpu.append(c)
    return {**stat(walls), "peak_rss_mib": max(rss), "cpu_median_s": statistics.median(cpu)}


def paired(
    big_args: list[str], small_args: list[str], runs: int, cache: Path, cold: bool
) -> tuple[dict[str, Any], dict[str, Any], float, float]:
    """Two commands run in turn, A B A B (after one unmeasured run of each when warm): their figures and
    the medians of the pair-by-pair wall and CPU ratios, so a drift in the machine's speed moves both."""
    env = user_env({"LEXPUB_CACHE": str(cache)})
    if not cold:
        timed(big_args, env)
        timed(small_args, env)
    figures: dict[str, list[tuple[float, float, float]]] = {"big": [], "small": []}
    for _ in range(runs):
        for side, args in (("big", big_args), ("small", small_args)):
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            figures[side].append(timed_cpu(args, env))
    big, small = figures["big"], figures["small"]
    wall = statistics.median(b[0] / s[0] for b, s in zip(big, small, strict=True))
    cpu = statistics.median(b[2] / s[2] for b, s in zip(big, small, strict=True))
    return summary(big), summary(small), wall, cpu


def summary(runs: list[tuple[float, float, float]]) -> dict[str, Any]:
    cpu = [r[2] for r in runs]
    return {
        **stat([r[0] for r in runs]),
        "cpu_median_s": statistics.median(cpu),
        "peak_rss_mib": max(r[1] for r in runs),
    }


def amending_acts(src: Path, limit: int) -> list[str]:
    """The first ``limit`` works of a generated corpus that amend others (their YAML carries ``amend:``)."""
    acts = sorted((src / "acts").glob("*.yaml"))
    return [p.stem for p in acts if "amend:" in p.read_text("utf-8")][:limit]


def imports(src: Path, runs: int, limit: int = 2) -> dict[str, Any]:
    """P6: ``lexpub import`` of a generated corpus's amending acts from their own ``lexpub text`` (whole
    processes, warm parse cache, exit 0 or 3 — pending sentences are part of the work) against printing
    those texts. Each run imports (prints) every act once; the figures are the totals of a run."""
    tmp = Path(tempfile.mkdtemp(prefix="lexpub-bench-p6-"))
    env = {**os.environ, "LEXPUB_CACHE": str(tmp / "cache")}
    try:
        acts = amending_acts(src, limit)
        texts = []
        for act in acts:
            res = subprocess.run(
                [str(LEXPUB), "text", act, "--no-status", "--source", str(src)],
                capture_output=True,
                env=env,
                check=True,
            )
            path = tmp / f"{act}.txt"
            path.write_bytes(res.stdout)
            texts.append(path)
        prints = [[str(LEXPUB), "text", act, "--no-status", "--source", str(src)] for act in acts]
        reads = [
            [str(LEXPUB), "import", str(path), "--lang", "kaz", "--source", str(src), "--out", str(tmp / "out")]
            for path in texts
        ]
        for args in (*prints, *reads):  # one unmeasured run each: the parse cache is warm for both
            timed(args, env, ok=(0, 3))
        ours: list[float] = []
        base: list[float] = []
        rss = 0.0
        for _ in range(runs):
            walls = [timed(args, env, ok=(0, 3)) for args in reads]
            ours.append(sum(w for w, _ in walls))
            rss = max(rss, *(r for _, r in walls))
            base.append(sum(timed(args, env)[0] for args in prints))
        lines = sum(len(p.read_text("utf-8").splitlines()) for p in texts)
        return {
            "id": "P6",
            "what": f"lexpub import of {len(acts)} generated amending acts ({lines} lines) from their own text "
            "vs lexpub text printing them (whole processes)",
            "ratio": statistics.median(ours) / statistics.median(base),
            "lexpub": {**stat(ours), "peak_rss_mib": rss},
            "baseline": stat(base),
            "acts": acts,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def queries(src: Path, act: str, real: Path, real_act: str, runs: int, tmp: Path) -> list[dict[str, Any]]:
    """W1: the same query on the big corpus and on the real one, warm and cold; ``check`` likewise."""
    out = []
    cache = tmp / "cache"
    for verb in ("text", "editions", "check"):
        for cold in (False, True):
            big_args = [str(LEXPUB), verb, *([act] if verb != "check" else []), "--source", str(src)]
            small_args = [str(LEXPUB), verb, *([real_act] if verb != "check" else []), "--source", str(real)]
            big, small, ratio, cpu_ratio = paired(big_args, small_args, runs, cache, cold)
            out.append(
                {
                    "id": f"W1 {verb} {'cold' if cold else 'warm'}",
                    "works": len(list((src / "acts").glob("*.yaml"))),
                    "what": f"lexpub {verb} on the generated corpus vs the real 4-act corpus (A B A B)",
                    "ratio": ratio,
                    "cpu_ratio": cpu_ratio,
                    "lexpub": big,
                    "baseline": small,
                    "target": "≤ 3×" if verb == "check" else "≤ 2× (warm)",
                }
            )
            print(line(out[-1]), flush=True)
    out.append(edited_check(src, real, runs, cache))
    print(line(out[-1]), flush=True)
    return out


def edited_check(src: Path, real: Path, runs: int, cache: Path) -> dict[str, Any]:
    """W1 check after an edit: one act file of each corpus edited before every run (a comment: other
    bytes, the same law), so neither the remembered check nor the whole tree's verdict holds; the parse
    cache and the other files' and parts' verdicts do."""
    env = user_env({"LEXPUB_CACHE": str(cache)})
    sides: dict[str, list[tuple[float, float, float]]] = {"big": [], "small": []}
    real = Path(shutil.copytree(real, cache.parent / "real-edited"))  # never edit the repository's own source/
    for folder in (src, real):
        timed([str(LEXPUB), "check", "--source", str(folder)], env)
    for i in range(runs):
        for side, folder in (("big", src), ("small", real)):
            acts = sorted((folder / "acts").glob("*.yaml"))
            victim = acts[len(acts) // 2]
            original = victim.read_bytes()
            try:
                victim.write_bytes(original + f"# bench edit {i}\n".encode())
                sides[side].append(timed_cpu([str(LEXPUB), "check", "--source", str(folder)], env))
            finally:
                victim.write_bytes(original)
    big, small = sides["big"], sides["small"]
    return {
        "id": "W1 check after one edit",
        "what": "lexpub check, one act file edited before each run, generated vs real corpus (A B A B)",
        "ratio": statistics.median(b[0] / s[0] for b, s in zip(big, small, strict=True)),
        "cpu_ratio": statistics.median(b[2] / s[2] for b, s in zip(big, small, strict=True)),
        "lexpub": summary(big),
        "baseline": summary(small),
    }


def rebuilds(src: Path, runs: int, tmp: Path) -> list[dict[str, Any]]:
    """W2: full build once, then no-op rebuilds and rebuilds after editing one work."""
    out_dir = tmp / "site"
    cache = tmp / "cache"
    args = [str(LEXPUB), "build", "--out", str(out_dir), "--source", str(src)]
    first = repeat(args, 1, cache, cold=True)
    noop = repeat(args, runs, cache, cold=False)
    acts = sorted((src / "acts").glob("*.yaml"))
    victim = acts[len(acts) // 2]
    original = victim.read_text("utf-8")
    edits = []
    try:
        for i in range(runs):  # a comment line changes the bytes (and the hash), not the law
            victim.write_text(original + f"# bench edit {i}\n", "utf-8")
            edits.append(repeat(args, 1, cache, cold=False))
    finally:
        victim.write_text(original, "utf-8")
    out = [
        {"id": "W2 full build", "what": f"lexpub build, {len(acts)} works, empty output", **first},
        {"id": "W2 no-op rebuild", "what": "lexpub build, nothing changed", **noop, "target": "≤ 1 s"},
        {
            "id": "W2 one-work rebuild",
            "what": "lexpub build after editing one act file",
            **stat([e["median_s"] for e in edits]),
            "cpu_median_s": statistics.median(e["cpu_median_s"] for e in edits),
        },
    ]
    for r in out:
        print(line(r), flush=True)
    return out


def diff_processes(real: Path, runs: int, tmp: Path) -> dict[str, Any]:
    """W3: ``lexpub diff`` of Order No. 357 (first to latest edition) vs git's word diff of the two texts."""
    env = user_env({"LEXPUB_CACHE": str(tmp / "cache")})
    act = "mod-2017-357"
    texts = []
    for at in ("2018-01-01", "latest"):
        res = subprocess.run(
            [str(LEXPUB), "text", act, "--at", at, "--no-status", "--source", str(real)],
            capture_output=True, env=env, check=True,
        )  # fmt: skip
        path = tmp / f"{at}.txt"
        path.write_bytes(res.stdout)
        texts.append(str(path))
    ours = [str(LEXPUB), "diff", act, "--from", "2018-01-01", "--to", "latest", "--source", str(real)]
    git = ["git", "diff", "--no-index", "--word-diff", *texts]
    a = repeat(ours, runs, tmp / "cache", cold=False)
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(git, capture_output=True, check=False)  # exit 1: the texts differ
        walls.append(time.perf_counter() - t0)
    b = stat(walls)
    return {
        "id": "W3 diff",
        "what": "lexpub diff (a process: imports, load, consolidate twice, redline) vs git diff --word-diff",
        "ratio": a["median_s"] / b["median_s"],
        "lexpub": a,
        "baseline": b,
    }


def run_all(src: Path, small_src: Path, runs: int) -> list[dict[str, Any]]:
    """Every W figure, each printed as soon as it is measured."""
    real = ROOT / "source"
    tmp = Path(tempfile.mkdtemp(prefix="lexpub-bench-w-"))
    try:
        acts = sorted(p.stem for p in (src / "acts").glob("*.yaml"))
        results = queries(src, acts[-1], real, "mod-2023-2", runs, tmp)
        results += rebuilds(small_src, runs, tmp)
        results.append(diff_processes(real, runs, tmp))
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def line(r: dict[str, Any]) -> str:
    if "ratio" in r:
        a, b = r["lexpub"], r["baseline"]
        cpu = (
            f", CPU {r['cpu_ratio']:.2f}× ({a['cpu_median_s']:.2f} vs {b['cpu_median_s']:.2f} s)"
            if "cpu_ratio" in r
            else ""
        )
        return (
            f"{r['id']}  {r['ratio']:.2f}×{cpu} ({a['median_s']:.2f} s [min {a['min_s']:.2f}, max {a['max_s']:.2f}] vs "
            f"{b['median_s']:.2f} s; peak RSS {a.get('peak_rss_mib', 0):.0f} MiB)  target {r.get('target', '—')}"
            f"  — {r['what']}"
        )
    return (
        f"{r['id']}  {r['median_s']:.2f} s (min {r['min_s']:.2f}, max {r['max_s']:.2f}"
        + (f"; CPU {r['cpu_median_s']:.2f} s" if "cpu_median_s" in r else "")
        + (f"; peak RSS {r['peak_rss_mib']:.0f} MiB" if "peak_rss_mib" in r else "")
        + f")  target {r.get('target', '—')}  — {r['what']}"
    )
