"""Atomic publication: a build killed with SIGKILL midway — while producing, or while writing the
staged folder — leaves the previous ``build/`` intact and complete (same paths, same bytes), and the
next build cleans up after it. Failing or path-escaping producers and dangerous ``--out`` folders
change nothing either.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.errors import InputError
from lexpub.publish.atomic import clean_leftovers, staged_dir

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"

# Runs the real CLI. The build's producers are limited to the plain-text ones (the atomic swap does
# not depend on what is produced, and other outputs have their own tests) plus those named in
# LEXPUB_TEST_PRODUCERS, passed as the build's ``producers`` argument; with LEXPUB_TEST_SLOW the
# move of the spooled files into the stage slows down after the fifth file and creates a flag file
# then, so that the test can kill the process while the staged folder is half written.
RUNNER = """
import functools, os, sys, time
import lexpub.publish.build as b
extra = [s for s in os.environ.get("LEXPUB_TEST_PRODUCERS", "").split(",") if s]
b.build = functools.partial(b.build, producers=["lexpub.publish.producers:text_outputs", *extra])
if os.environ.get("LEXPUB_TEST_SLOW"):
    real = b.move_into
    count = 0
    def slow(spooled, path):
        global count
        real(spooled, path)
        count += 1
        if count == 5:
            open(os.environ["LEXPUB_TEST_FLAG"], "w").close()
        if count >= 5:
            time.sleep(0.5)
    b.move_into = slow
from lexpub.cli import main
main()
"""

SLOW_PRODUCER = """
import os, time
def slow(corpus, source):
    open(os.environ["LEXPUB_TEST_FLAG"], "w").close()
    time.sleep(120)
    return {"never.txt": b"never"}
def failing(corpus, source):
    from lexpub.errors import BuildError
    raise BuildError.at(None, "test-failure", "this producer always fails")
def escaping(corpus, source):
    return {"../escaped.txt": b"outside"}
"""


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sources and one complete real build, made once per module (a full build takes seconds)."""
    root = tmp_path_factory.mktemp("atomic")
    shutil.copytree(SOURCE, root / "source")
    (root / "helpers").mkdir()
    (root / "helpers" / "slowprod.py").write_text(SLOW_PRODUCER, encoding="utf-8")
    proc = run_cli(root, ["build", "--source", "source", "--out", "build"])
    assert proc.returncode == 0, proc.stderr
    assert (root / "build" / "manifest.json").is_file()
    assert (root / "build" / "acts" / "mod-2023-2" / "kaz" / "latest.txt").is_file()
    return root


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`built`: sources, helper producers and the previous ``build/``."""
    for name in ("source", "helpers", "build"):
        shutil.copytree(built / name, tmp_path / name, symlinks=True)
    return tmp_path


def env_for(root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LEXPUB_TEST_PRODUCERS"}
    env["PYTHONPATH"] = str(root / "helpers")
    env["LEXPUB_TEST_FLAG"] = str(root / "flag")
    env.update(extra)
    return env


def run_cli(root: Path, args: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        cwd=root,
        env=env_for(root, **extra),
        capture_output=True,
        text=True,
        timeout=300,
    )


def wait_for(path: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while not path.exists():
        assert proc.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline, "the build never reached the point to kill it"
        time.sleep(0.01)


def kill(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL


def stage_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.name.startswith(".build.") and p.name != ".build.lock")


def test_sigkill_while_writing_the_stage_leaves_previous_build_intact(site: Path):
    before = snapshot(site / "build")
    proc = subprocess.Popen(
        [sys.executable, "-c", RUNNER, "build", "--source", "source", "--out", "build", "--no-cache"],
        cwd=site,
        env=env_for(site, LEXPUB_TEST_SLOW="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(site / "flag", proc)
    stages = stage_dirs(site)
    assert len(stages) == 2 and all(p.name.startswith(f".build.new-{proc.pid}-") for p in stages)
    spool, stage = sorted(stages, key=lambda p: "-spool-" not in p.name)
    assert "-spool-" in spool.name and "-spool-" not in stage.name
    written = [p for p in stage.rglob("*") if p.is_file()]
    assert len(written) >= 5  # killed midway: the stage is half written
    assert any(p.is_file() for p in spool.iterdir()), "the files not yet moved wait in the spool"
    kill(proc)
    assert snapshot(site / "build") == before
    assert sorted(p.name for p in site.iterdir() if not p.name.startswith(".")) == [
        "build",
        "flag",
        "helpers",
        "source",
    ]
    # The next build removes the dead build's stage and publishes a complete tree.
    proc2 = run_cli(site, ["build", "--source", "source", "--out", "build", "--no-cache"])
    assert proc2.returncode == 0, proc2.stderr
    assert stage_dirs(site) == []
    published = {k for k in before if not k.startswith(".cache")}  # cache keys include the code's hash
    assert {k for k in snapshot(site / "build") if not k.startswith(".cache")} == published
    verify = run_cli(site, ["verify", "build"])
    assert verify.returncode == 0, verify.stderr


def test_sigkill_while_producing_leaves_previous_build_intact(site: Path):
    before = snapshot(site / "build")
    proc = subprocess.Popen(
        [sys.executable, "-c", RUNNER, "build", "--source", "source", "--out", "build"],
        cwd=site,
        env=env_for(site, LEXPUB_TEST_PRODUCERS="slowprod:slow"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(site / "flag", proc)
    kill(proc)
    assert snapshot(site / "build") == before
    assert not (site / "build" / "never.txt").exists()


def test_failing_producer_publishes_nothing(site: Path):
    before = snapshot(site)
    proc = run_cli(site, ["build", "--source", "source", "--out", "build"], LEXPUB_TEST_PRODUCERS="slowprod:failing")
    assert proc.returncode == 1
    assert proc.stderr == "error[test-failure]: this producer always fails\n"
    assert snapshot(site) == before


def test_producer_output_name_with_dotdot_is_refused(site: Path):
    before = snapshot(site)
    proc = run_cli(site, ["build", "--source", "source", "--out", "build"], LEXPUB_TEST_PRODUCERS="slowprod:escaping")
    assert proc.returncode == 1
    assert proc.stderr == "error[unsafe-output-path]: refusing to write output '../escaped.txt'\n"
    assert snapshot(site) == before
    assert not (site / "escaped.txt").exists()


@pytest.mark.parametrize(
    ("out", "why"),
    [
        ("source", "it holds sources or a repository (acts/*.yaml, issuers.yaml, .git or pyproject.toml)"),
        (".", "it is the working folder or contains it"),
        ("..", "it is the working folder or contains it"),
    ],
)
def test_dangerous_out_folder_is_refused(tmp_path: Path, monkeypatch, out: str, why: str):
    import functools

    import lexpub.publish.build

    text_only = functools.partial(lexpub.publish.build.build, producers=["lexpub.publish.producers:text_outputs"])
    monkeypatch.setattr(lexpub.publish.build, "build", text_only)
    site = tmp_path
    shutil.copytree(SOURCE, site / "source")
    monkeypatch.chdir(site)
    before = snapshot(site)
    result = CliRunner().invoke(main, ["build", "--source", "source", "--out", out])
    assert result.exit_code == 2, result.output
    target = (site / out).resolve()
    assert result.stderr == f"{target}: error[unsafe-output-folder]: refusing to replace {target}: {why}\n"
    assert snapshot(site) == before


def test_out_that_is_a_file_is_refused(tmp_path: Path):
    target = tmp_path / "out"
    target.write_text("not a folder", encoding="utf-8")
    with (
        pytest.raises(InputError, match=r"error\[unsafe-output-folder\]: .* it is a file, not a folder"),
        staged_dir(target),
    ):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_old_tree_left_between_two_renames_is_restored(tmp_path: Path):
    """A kill between 'build → .build.old-PID' and 'stage → build' (non-Linux swap) loses nothing."""
    pid = dead_pid()
    old = tmp_path / f".build.old-{pid}"
    (old / "acts").mkdir(parents=True)
    (old / "acts" / "a.txt").write_text("previous", encoding="utf-8")
    stale = tmp_path / f".build.new-{pid}-abc"
    stale.mkdir()
    (stale / "half.txt").write_text("half", encoding="utf-8")
    clean_leftovers(tmp_path / "build")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]
    assert (tmp_path / "build" / "acts" / "a.txt").read_text("utf-8") == "previous"


def test_stage_of_a_live_process_is_left_alone(tmp_path: Path):
    mine = tmp_path / f".build.new-{os.getpid()}-xyz"
    mine.mkdir()
    clean_leftovers(tmp_path / "build")
    assert mine.is_dir()


def test_failure_inside_stage_removes_it_and_keeps_target(tmp_path: Path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(RuntimeError), staged_dir(target) as stage:
        (stage / "new.txt").write_text("new", encoding="utf-8")
        raise RuntimeError("boom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in target.iterdir()) == ["keep.txt"]


def test_published_files_are_world_readable(tmp_path):
    """A web server running as another user must be able to read what lexpub publishes."""
    import stat

    from lexpub.publish.atomic import staged_dir, write_bytes

    out = tmp_path / "site"
    with staged_dir(out) as stage:
        write_bytes(stage / "acts" / "x" / "main.html", b"<p>x</p>")
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "acts" / "x" / "main.html").stat().st_mode) == 0o644
