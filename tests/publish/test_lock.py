"""One writer at a time: two builds of different sources into one ``--out`` never publish a mixed
tree. Whichever loses the race fails at once with ``error[busy]`` naming the holder (exit 2); after
every round ``lexpub verify`` passes and the published tree is exactly one of the two builds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.publish.lock import lock_path, writer_lock

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"

# The plain-text producers only, the tree written after a pause, so that two builds overlap for
# seconds. Files reach the tree from the spool (never through write_bytes, which writes only the
# manifest and the index), so the pause is in ``write``: inside the lock, whatever the machine.
RUNNER = """
import functools
import time
import lexpub.publish.build as b
b.build = functools.partial(b.build, producers=["lexpub.publish.producers:text_outputs"])
real = b.write
def slow(*args, **kwargs):
    time.sleep(1.0)
    return real(*args, **kwargs)
b.write = slow
from lexpub.cli import main
main()
"""


def two_sources(root: Path) -> tuple[Path, Path]:
    """The real corpus, and a copy whose title of Order No. 357 differs by one word."""
    a, b = root / "a", root / "b"
    shutil.copytree(SOURCE, a)
    shutil.copytree(SOURCE, b)
    act = b / "acts" / "mod-2017-357.yaml"
    text = act.read_text("utf-8")
    assert "оқу мерзімдерін бекіту туралы" in text
    act.write_text(text.replace("оқу мерзімдерін бекіту туралы", "оқу мерзімдерін БЕКІТУ туралы"), "utf-8")
    return a, b


def start(root: Path, source: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, "build", "--source", str(source), "--out", "out"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_builds_never_publish_a_mixed_tree(tmp_path: Path):
    a, b = two_sources(tmp_path)
    trees: dict[str, bool] = {}  # source tree hash → whether its title is the changed one
    busy = 0
    for _ in range(4):
        first, second = start(tmp_path, a), start(tmp_path, b)
        results = [(p, *p.communicate(timeout=300)) for p in (first, second)]
        for proc, _out, err in results:
            assert "Traceback" not in err, err
            if proc.returncode == 2:
                busy += 1
                assert "error[busy]: another lexpub is writing" in err, err
                assert "pid " in err and "lexpub build" in err, err
            else:
                assert proc.returncode == 0, err
        assert any(p.returncode == 0 for p, _o, _e in results)
        verified = CliRunner().invoke(main, ["verify", str(tmp_path / "out")])
        assert verified.exit_code == 0, verified.output
        manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
        changed = "БЕКІТУ" in (tmp_path / "out" / "acts" / "mod-2017-357" / "kaz" / "latest.txt").read_text("utf-8")
        assert trees.setdefault(manifest["source_tree_sha256"], changed) == changed  # text and manifest agree
    assert busy >= 1, "the builds never overlapped: the test proved nothing"
    assert not lock_path(tmp_path / "out").exists()  # released, and removed, by the last holder


def test_second_writer_fails_at_once_naming_the_holder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A lock held by another process: the build is refused, exit 2, and nothing is written."""
    monkeypatch.chdir(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom lexpub.publish.lock import writer_lock\n"
            "with writer_lock(Path('out'), 'issue'):\n    print('held', flush=True)\n    sys.stdin.read()\n",
        ],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = CliRunner().invoke(main, ["build", "--source", str(SOURCE), "--out", "out"])
        assert result.exit_code == 2, result.output
        assert f"out: error[busy]: another lexpub is writing out (pid {holder.pid}, lexpub issue" in (result.stderr)
        assert not (tmp_path / "out").exists()
        assert sorted(os.listdir(tmp_path)) == [".out.lock"]
    finally:
        holder.communicate("", timeout=60)
    assert holder.returncode == 0
    assert sorted(os.listdir(tmp_path)) == []


def test_lock_is_reentrant_within_one_process(tmp_path: Path):
    with writer_lock(tmp_path / "out", "build") as outer, writer_lock(tmp_path / "out", "build") as inner:
        assert outer == inner and outer.is_file()
    assert not outer.exists()
