"""Bounded work (issue 15 §7): limits per unit (words), per act (units) and per PDF (pages), each a
located refusal; ``--jobs`` never starts more workers than steps or CPUs; pool workers die with
their parent instead of rendering on after a SIGKILLed build.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.publish.pool import default_jobs, pool_size
from lexpub.sources.values import MAX_UNIT_WORDS, MAX_WORK_UNITS

CONTROL = Path(__file__).resolve().parents[1] / "hostile" / "_control" / "source" / "acts" / "mod-2024-5.yaml"
SOURCE = Path(__file__).resolve().parents[2] / "source"


def check(make_corpus, act: str) -> tuple[int, str]:
    src = make_corpus({"acts/mod-2024-5.yaml": act})
    result = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


def test_a_unit_of_too_many_words_is_refused_where_it_is(make_corpus):
    words = " ".join(["сөз"] * (MAX_UNIT_WORDS + 1))
    act = CONTROL.read_text("utf-8").replace("    text: Бірінші тармақ.", f"    text: {words}")
    code, err = check(make_corpus, act)
    assert code == 2
    assert err.endswith(
        f"acts/mod-2024-5.yaml:24:11: error[too-long]: {MAX_UNIT_WORDS + 1} words in one text; "
        f"at most {MAX_UNIT_WORDS} (split the unit)\n"
    ), err[-300:]


def test_a_unit_at_the_limit_is_accepted(make_corpus):
    words = " ".join(["сөз"] * MAX_UNIT_WORDS)
    act = CONTROL.read_text("utf-8").replace("    text: Бірінші тармақ.", f"    text: {words}")
    code, err = check(make_corpus, act)
    assert code == 0, err[-300:]


def test_an_act_of_too_many_units_is_refused_where_the_limit_is_passed(make_corpus):
    base = CONTROL.read_text("utf-8")
    head = base[: base.index("body:\n")]
    body = "".join(f"  - kind: paragraph\n    num: {n}\n    text: Тармақ.\n" for n in range(1, MAX_WORK_UNITS + 2))
    code, err = check(make_corpus, head + "body:\n" + body)
    assert code == 2
    line = head.count("\n") + 2 + 3 * MAX_WORK_UNITS
    assert (
        f"acts/mod-2024-5.yaml:{line}:5: error[too-many-units]: more than {MAX_WORK_UNITS} units in one act" in err
    ), err[-400:]


def test_a_pdf_beyond_the_page_limit_is_refused(monkeypatch: pytest.MonkeyPatch):
    import lexpub.render.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    result = CliRunner().invoke(main, ["render", "mod-2023-2", "--format", "pdf", "--source", str(SOURCE)])
    assert result.exit_code == 1
    assert "error[too-many-pages]: the PDF would have " in result.stderr and "; at most 2" in result.stderr
    assert result.stdout_bytes == b""


def test_jobs_are_capped_by_steps_and_cpus():
    assert pool_size(64, 16) == min(16, default_jobs())
    assert pool_size(64, 3) <= 3
    assert pool_size(2, 100) <= 2
    assert pool_size(1, 0) == 1


SLOW = """
import os, time
def slow(corpus, source):
    time.sleep(300)
    return {"never.txt": b"never"}
"""

RUNNER = """
import functools
import lexpub.publish.build as b
import lexpub.publish.pool as g
from lexpub.publish.producers import PRODUCERS
g.SERIAL_BELOW = 2
b.build = functools.partial(b.build, producers=[*PRODUCERS, "slowprod:slow"])
from lexpub.cli import main
main()
"""


def children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                out.add(int(entry))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux") or default_jobs() < 2, reason="needs Linux and 2 CPUs")
def test_pool_workers_die_with_a_killed_build(tmp_path: Path):
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "slowprod.py").write_text(SLOW, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "helpers")}
    proc = subprocess.Popen(
        [sys.executable, "-c", RUNNER, "build", "--source", str(SOURCE), "--out", "out", "--jobs", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    for _ in range(1200):  # wait for the pool (at most ~2 min on a loaded machine)
        workers = children(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.1)
    assert len(workers) == 2, "the build never started its two workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    for _ in range(300):
        if not any(alive(w) for w in workers):
            break
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for w in left:  # do not leave them running if the test fails
        os.kill(w, signal.SIGKILL)
    assert left == [], "pool workers outlived their parent"
