"""Smoke run of the benchmark code on toy sizes: every item runs (or says which component is
missing) and the JSON report is complete. No timing is asserted — benchmarks are not tests."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_bench():
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_bench_runs_on_tiny_sizes(tmp_path):
    bench = load_bench()
    out = tmp_path / "bench.json"
    report = bench.run(bench.TINY, out)
    data = json.loads(out.read_text("utf-8"))
    assert data == json.loads(json.dumps(report, ensure_ascii=False))
    ids = [r["id"] for r in data["results"]]
    assert ids[:6] == ["P1", "P2", "P3", "P4", "P5", "P6"]
    p3 = data["results"][2]
    if "per_core" in p3:  # like against like: 2 processes each side, and 1 each
        assert p3["per_core"]["docs_per_s"]["lexpub"] > 0 and p3["per_core"]["docs_per_s"]["naive"] > 0
    assert ids[6:] == [
        *(f"W1 {verb} {state}" for verb in ("text", "editions", "check") for state in ("warm", "cold")),
        "W1 check after one edit",
        "W2 full build",
        "W2 no-op rebuild",
        "W2 one-work rebuild",
        "W3 diff",
    ]
    for r in data["results"][5:]:  # whole processes (P6 too): each measured, with its memory where it is lexpub's
        side = r.get("lexpub", r)
        assert side["runs"] >= 1 and 0 < side["min_s"] <= side["median_s"] <= side["max_s"]
    assert all(r["lexpub"]["peak_rss_mib"] > 10 for r in data["results"][5:] if "lexpub" in r)
    p6 = data["results"][5]
    assert p6["ratio"] > 0 and p6["acts"] and "lines)" in p6["what"]
    for r in data["results"][:5]:
        if r.get("available") is False and "ratio" not in r:
            assert r["reason"].startswith("not available: ") and r["reason"].endswith(" missing")
            continue
        assert r["ratio"] > 0 and r["lexpub"]["runs"] >= 1
    assert data["machine"]["nproc"] >= 1 and data["machine"]["python"].startswith("3.")
    assert data["corpus"]["works"] == bench.TINY.works
    p2 = next(r for r in data["results"] if r["id"] == "P2")
    if "ratio" in p2:
        # Editing one work reruns only the steps that depend on it, never all of them.
        assert all(0 < n < p2["steps"] for n in p2["steps_rerun"])


def test_redline_texts_have_the_requested_size_and_edits():
    bench = load_bench()
    a, b = bench.texts(2000, 20)
    assert abs(len(a.split()) - len(a.splitlines()) - 2000) == 0
    assert a != b and len(a.splitlines()) == len(b.splitlines())
    assert bench.texts(2000, 20) == (a, b)


def test_missing_component_is_reported_not_fatal():
    bench = load_bench()
    r = bench.missing("P9", "x", "lexpub.nothing")
    assert bench.line(r) == "P9  not available: lexpub.nothing missing  — x"
    assert not bench.has("lexpub.nothing_here")
