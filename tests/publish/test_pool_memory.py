"""A forked worker of the build's pool shares its parent's objects instead of copying them.

At 10,000 works each worker of a build on two processes held its own copy of the whole corpus
(~0.8 GB each): in CPython reading an object writes its reference count, so every page of the
inherited corpus a worker's steps read became its own. The steps now run in rounds, each on a
freshly forked pool whose steps read a bounded number of works; the pool forks with the parent's objects frozen
(``gc.freeze``), so a worker's collector never walks them; and the index the steps restrict the
corpus with is made before the fork (docs/scale.md, *Seventh pass*)."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexpub.cli.build import load
from lexpub.publish.graph import Step, made_by
from lexpub.publish.pool import ProcessExecutor, rounds

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"

HELD: list[list[int]] = []
"""Objects of the parent the workers inherit (a corpus stands for them): ~70 MB of small lists."""


def private_kb() -> int:
    """This process's own pages (written since the fork), kB."""
    with open("/proc/self/smaps_rollup", encoding="ascii") as fh:
        return sum(int(line.split()[1]) for line in fh if line.startswith(("Private_Dirty:", "Private_Clean:")))


def _collect(corpus: object, work: str, source: Path) -> dict[str, bytes]:
    before = private_kb()
    gc.collect()
    return {work: f"{private_kb() - before} {gc.get_freeze_count()}".encode()}


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux's smaps_rollup")
def test_a_worker_that_collects_does_not_copy_its_parents_objects() -> None:
    corpus = load(SOURCE)
    works = sorted(corpus.works)[:2]
    HELD[:] = [[i] for i in range(1_000_000)]
    try:
        steps = [Step("collect", w, (w,), f"c{w}") for w in works]
        out = ProcessExecutor(2, min_steps=2).run(corpus, SOURCE, steps, {"collect": _collect}.__getitem__)
    finally:
        HELD.clear()
    for w, got in zip(works, out, strict=True):
        grown_kb, frozen = (int(x) for x in got[w].split())
        assert grown_kb < 16_000, f"a full collection in the worker copied {grown_kb} kB of its parent's pages"
        assert frozen > 1_000_000, "the worker inherited the parent's objects frozen"
    assert gc.get_freeze_count() == 0, "the parent's objects are unfrozen once the workers are started"


def _read(corpus: object, work: str, source: Path) -> dict[str, bytes]:
    """Read one sixteenth of the parent's objects, made one after another (as a step reads the
    objects of the works it builds, each made in one piece when its file was loaded)."""
    part, size = int(work), len(HELD) // 16
    total = sum(x[0] for x in HELD[part * size : (part + 1) * size])
    return {work: f"{private_kb()} {os.getpid()} {total}".encode()}


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux's smaps_rollup")
def test_a_worker_holds_only_what_its_own_steps_read() -> None:
    corpus = load(SOURCE)
    HELD[:] = [[i] for i in range(1_000_000)]
    steps = [Step("read", str(k), (), f"r{k}") for k in range(16)]
    resolve = {"read": _read}.__getitem__
    try:
        fresh = ProcessExecutor(2, min_steps=2, works_per_worker=1).run(corpus, SOURCE, steps, resolve)
        kept = ProcessExecutor(2, min_steps=2, works_per_worker=1000).run(corpus, SOURCE, steps, resolve)
    finally:
        HELD.clear()

    def read(out: list[dict[str, bytes]]) -> tuple[int, int]:
        rows = [[int(x) for x in o[str(k)].split()] for k, o in enumerate(out)]
        assert all(total == sum(range(k * 62_500, (k + 1) * 62_500)) for k, (_, _, total) in enumerate(rows))
        return max(kb for kb, _, _ in rows), len({pid for _, pid, _ in rows})

    fresh_kb, fresh_pids = read(fresh)
    kept_kb, kept_pids = read(kept)
    assert fresh_pids > 2 and kept_pids == 2, "rounds of two steps on fresh workers; one round on two"
    assert kept_kb > 30_000, f"the control: two workers reading all 16 parts copied only {kept_kb} kB"
    assert fresh_kb < 20_000, f"a worker of a round of two steps still held {fresh_kb} kB of its own"


def test_the_index_of_amendments_keeps_the_corpus_order() -> None:
    corpus = load(SOURCE)
    made = made_by(corpus)
    assert made is made_by(corpus), "made once a corpus"
    flat = sorted((i, a) for pairs in made.values() for i, a in pairs)
    assert [a for _, a in flat] == list(corpus.amendments)
    assert all(a.source_work == w for w, pairs in made.items() for _, a in pairs)


@given(st.lists(st.integers(0, 40), max_size=60), st.integers(1, 50))
def test_rounds_keep_the_order_and_give_each_at_most_its_budget(deps: list[int], budget: int) -> None:
    steps = [Step("s", None, tuple(f"w{k}" for k in range(n)), f"k{i}") for i, n in enumerate(deps)]
    order = list(reversed(range(len(steps))))
    cut = list(rounds(order, steps, budget))
    assert [i for part in cut for i in part] == order
    weight = [max(1, n) for n in deps]
    for k, part in enumerate(cut):
        given = sum(weight[i] for i in part)
        assert given <= budget or len(part) == 1, "over the budget only a step alone"
        if k + 1 < len(cut):
            assert given + weight[cut[k + 1][0]] > budget, "a round takes steps while they fit"


_RAN: list[int] = []
"""Steps this worker has run (a forked worker's own copy)."""


def _frozen(corpus: object, work: str, source: Path) -> dict[str, bytes]:
    _RAN.append(1)
    return {work: f"{os.getpid()} {len(_RAN)} {gc.get_freeze_count()}".encode()}


def test_a_worker_freezes_what_it_made_for_itself_after_its_first_step() -> None:
    """A worker imports WeasyPrint and sets up the faces after the fork; once its first step is done
    those objects are frozen too, so its collector walks only what the steps make as they go. (A
    frozen object that dies leaves the count: without the freeze it could only fall.)"""
    corpus = load(SOURCE)
    works = sorted(corpus.works)
    steps = [Step("frozen", w, (w,), f"f{w}{n}") for n in range(4) for w in works]
    out = ProcessExecutor(2, min_steps=2).run(corpus, SOURCE, steps, {"frozen": _frozen}.__getitem__)
    seen: dict[int, dict[int, int]] = {}
    for step, got in zip(steps, out, strict=True):
        pid, nth, frozen = (int(x) for x in got[step.work].split())
        seen.setdefault(pid, {})[nth] = frozen
    assert all(counts[1] > 0 for counts in seen.values()), "the parent's objects came frozen"
    later = [counts[2] - counts[1] for counts in seen.values() if 2 in counts]
    assert later and all(grown > 0 for grown in later), f"a worker's second step sees more frozen: {later}"
