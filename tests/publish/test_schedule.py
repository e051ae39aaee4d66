"""A pool starts the heaviest steps first, one at a time, and returns the outputs in plan order.

Before, the local pool handed steps out in plan order, several to a worker at once: on the 12-work
corpus of ``scripts/bench_pdf_rate.py`` it ran at 74 % of WeasyPrint's rate on the same pages, one
worker finishing the last act pages alone (82 % handed out heaviest first: docs/scale.md, *Sixth pass*)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lexpub.cli.build import load
from lexpub.publish.graph import Step, plan
from lexpub.publish.pool import ProcessExecutor, SerialExecutor, pool_size
from lexpub.publish.producers import PRODUCERS, producer
from lexpub.publish.schedule import heaviest_first, volumes, weighs

from ..conftest import gen_module

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load(SOURCE)


def test_each_work_is_weighed_by_its_texts_and_the_changes_it_makes(corpus) -> None:  # type: ignore[no-untyped-def]
    vols = volumes(corpus, sorted(corpus.works))
    # Order No. 2 is amended by No. 1100 alone: two texts (the latest and the one before); it changes
    # Orders No. 350 and No. 357, No. 1100 changes Order No. 2.
    root = corpus.works["mod-2023-2"].root
    chars = 0
    for unit in iter_units(root):
        for part in (unit.text, unit.heading, *unit.header):
            chars += sum(len(v) for _, v in part.values) if part is not None else 0
    assert vols["mod-2023-2"].text == 2 * chars > 0
    for work, v in vols.items():
        assert (v.changes > 0) == any(a.source_work == work for a in corpus.amendments), work
    assert volumes(corpus, ["mod-2023-1100"]) == {"mod-2023-1100": vols["mod-2023-1100"]}, (
        "a work's volume does not depend on which others are asked"
    )


def iter_units(unit):  # type: ignore[no-untyped-def]
    yield unit
    for child in unit.children:
        yield from iter_units(child)


def test_the_build_starts_its_pdf_steps_before_its_light_ones(corpus) -> None:  # type: ignore[no-untyped-def]
    steps = plan(corpus, SOURCE, PRODUCERS, producer)
    order = heaviest_first(corpus, steps, producer)
    assert sorted(order) == list(range(len(steps))), "a permutation: every step runs once"
    first = [steps[i].name for i in order[:2]]
    # the act amended most: its pages and PDFs, then its DOCX and comparative tables
    assert first == [
        "lexpub.publish.site.pages:site_act_outputs[mod-2023-2]",
        "lexpub.publish.word:word_outputs[mod-2023-2]",
    ]
    assert order != list(range(len(steps))), "not the plan order"


LOG = "LEXPUB_TEST_START_LOG"
LOCKSTEP = "LEXPUB_TEST_LOCKSTEP"
"""``steps,workers``: a step does not end until the ``workers - 1`` steps after it have started (or
all ``steps`` have). A step is then handed out only once a step before it has ended, so it logs after
every step before it, and the log's order is the order the pool handed the steps out, except among
the first ``workers`` steps: they are handed out together, before any ends, and may log in either
order. Without it a worker that took a step but was descheduled before logging it let the other
worker log a later one first (seen in CI; the first pair swapped once in a fresh clone)."""


def _started(name: str) -> None:
    path = os.environ[LOG]
    with open(path, "a", encoding="utf-8") as log:  # one short append: atomic across processes
        log.write(name + "\n")
    if LOCKSTEP not in os.environ:
        return
    total, workers = (int(n) for n in os.environ[LOCKSTEP].split(","))
    deadline = time.monotonic() + 20  # a safety net: the test then fails on the order, it does not hang
    while time.monotonic() < deadline:
        lines = Path(path).read_text("utf-8").split()
        if len(lines) >= min(total, lines.index(name) + workers):
            return
        time.sleep(0.002)


@weighs(text=1000)
def _heavy(corpus: object, work: str, source: Path) -> dict[str, bytes]:
    _started(f"heavy[{work}]")
    return {f"heavy/{work}": work.encode()}


def _light(corpus: object, work: str, source: Path) -> dict[str, bytes]:
    _started(f"light[{work}]")
    return {f"light/{work}": work.encode()}


def test_a_pool_hands_out_the_heaviest_step_first_and_returns_plan_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gen_module().generate(tmp_path / "src", works=6, amendments=12, units=20, seed=5)
    corpus = load(tmp_path / "src")
    monkeypatch.setenv(LOG, str(tmp_path / "started"))
    works = sorted(corpus.works)
    steps = [Step("light", w, (w,), f"l{w}") for w in works] + [Step("heavy", w, (w,), f"h{w}") for w in works]
    resolve = {"light": _light, "heavy": _heavy}.__getitem__
    shown: list[int] = []
    pooled = ProcessExecutor(2, min_steps=2).run(corpus, SOURCE, steps, resolve, shown.append)
    serial = SerialExecutor().run(corpus, SOURCE, steps, resolve)
    (tmp_path / "started").unlink()
    assert pooled == serial == [{f"{s.spec}/{s.work}": str(s.work).encode()} for s in steps]
    assert shown == [1] * len(steps), "the progress is told of every step as it is done"
    monkeypatch.setenv(LOG, str(tmp_path / "started"))
    monkeypatch.setenv(LOCKSTEP, f"{len(steps)},{pool_size(2, len(steps))}")
    ProcessExecutor(2, min_steps=2).run(corpus, SOURCE, steps, resolve)
    started = (tmp_path / "started").read_text("utf-8").split()
    # the workers take one step each at a time, in the order weighed: the heaviest first (the first
    # two are handed out together, so their order in the log is the processes' race)
    weighed = [f"{steps[i].spec}[{steps[i].work}]" for i in heaviest_first(corpus, steps, resolve)]
    together = pool_size(2, len(steps))
    assert sorted(started[:together]) == sorted(weighed[:together])
    assert started[together:] == weighed[together:]
    sizes = volumes(corpus, works)
    biggest = sorted(works, key=lambda w: -sizes[w].text)[:2]
    assert sizes[biggest[1]].text > max(sizes[w].text for w in works if w not in biggest), "two unmistakable"
    assert sorted(started[:2]) == sorted(f"heavy[{w}]" for w in biggest)
    assert all(s.startswith("heavy") for s in started[: len(works)])


def test_a_rebuild_weighs_only_the_works_of_its_own_steps(corpus, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A rebuild after one edit runs a few steps, a global one among them: ordering them must not walk
    every act of the corpus (a global step's works are all of them)."""
    from lexpub.publish import schedule

    asked: list[list[str]] = []
    real = schedule.volumes
    monkeypatch.setattr(schedule, "volumes", lambda c, works: asked.append(list(works)) or real(c, works))
    every = plan(corpus, SOURCE, PRODUCERS, producer)
    steps = [s for s in every if s.work == "mod-2023-1100" or (s.work is None and not s.members)]
    assert any(s.work is None and len(s.deps) == len(corpus.works) for s in steps), "a global step is among them"
    order = heaviest_first(corpus, steps, producer)
    assert asked == [["mod-2023-1100"]]
    assert sorted(order) == list(range(len(steps)))
