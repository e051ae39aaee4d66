"""Hostile and broken input: every case in ``tests/hostile/<case>/`` must be refused by the real CLI
with exactly the expected ``file:line:column: error[rule]: message`` lines and exit status 2, for both
``lexpub check`` and ``lexpub build``, and must leave a pre-populated output folder (and everything
beside it) byte-for-byte unchanged.

A case folder holds ``case.yaml`` (``about``, ``expect``: the exact error lines in order; optionally
``delete``: files removed from the corpus copy, ``generate``: a file too large or too deep to commit)
``symlink``: a link to create, ``fifo``: a named pipe to create) and ``source/``: files laid over a
copy of the real corpus. ``_control`` is the unbroken act the cases
break; it must check and build cleanly (so a case cannot pass merely because its base is broken).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.sources.yamlfile import load

HERE = Path(__file__).resolve().parents[1]
CASES_DIR = HERE / "hostile"
SOURCE = HERE.parent / "source"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "case.yaml").is_file() and not p.name.startswith("_"))


def generated(kind: str, size: int) -> bytes:
    """Inputs too big to commit: ``deep`` = ``size`` nested flow lists, ``big`` = ``size`` bytes of comments."""
    if kind == "deep":
        return ("pending: " + "[" * size + "]" * size + "\n").encode()
    if kind == "big":
        line = ("# " + "x" * 70 + "\n").encode()
        return line * (size // len(line) + 1)
    raise AssertionError(f"unknown generator {kind!r}")


def spec(case: str) -> dict:
    data = load(CASES_DIR / case / "case.yaml").data
    assert set(data) <= {"about", "expect", "delete", "generate", "symlink", "fifo"}, data
    return data


def make_source(case: str, root: Path) -> Path:
    """A copy of the real corpus under ``root/source`` with the case's files laid over it."""
    src = root / "source"
    shutil.copytree(SOURCE, src)
    data = spec(case)
    for rel in data.get("delete", []):
        (src / rel).unlink()
    overlay = CASES_DIR / case / "source"
    if overlay.is_dir():
        for path in sorted(overlay.rglob("*")):
            if path.is_file():
                dest = src / path.relative_to(overlay)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(path.read_bytes())
    if "generate" in data:
        g = data["generate"]
        (src / g["path"]).write_bytes(generated(g["kind"], g["size"]))
    if "symlink" in data:  # a link out of the source folder, to a secret that must never be printed
        (root / "secret.yaml").write_text("token: TOP-SECRET-VALUE\n", encoding="utf-8")
        (src / data["symlink"]["path"]).symlink_to(data["symlink"]["to"])
    if "fifo" in data:  # a named pipe: reading it would block forever
        os.mkfifo(src / data["fifo"])
    return src


def populate(out: Path) -> None:
    """A previous build to be protected: files, a sub-folder, non-ASCII names."""
    (out / "acts" / "x").mkdir(parents=True)
    (out / "index.html").write_text("<p>previous site</p>\n", encoding="utf-8")
    (out / "acts" / "x" / "latest.txt").write_text("Бұрынғы мәтін\n", encoding="utf-8")
    (out / "қосымша.txt").write_bytes(b"\x00\x01binary")


def snapshot(root: Path) -> dict[str, str]:
    """Every path under ``root`` with the SHA-256 of its content (folders as 'dir')."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            out[rel] = "dir"
        elif not path.is_file():
            out[rel] = "special"
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def error_lines(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    if len(lines) > 1:
        assert lines[-1] == f"{len(lines) - 1} problems", lines
        lines = lines[:-1]
    return lines


def test_there_are_at_least_40_cases():
    assert len(CASES) >= 40


def test_control_case_checks_and_builds(tmp_path, monkeypatch):
    import functools

    import lexpub.publish.build

    # The plain-text producers suffice to show the control act builds (other outputs have their own tests).
    text_only = functools.partial(lexpub.publish.build.build, producers=["lexpub.publish.producers:text_outputs"])
    monkeypatch.setattr(lexpub.publish.build, "build", text_only)
    src = make_source("_control", tmp_path)
    result = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 5 works, 5 amendments\n"
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["build", "--source", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "acts" / "mod-2024-5" / "kaz" / "latest.txt").is_file()
    # A folder of someone else's files is never replaced, even by a good build (issue 15 §2).
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    populate(foreign)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["build", "--source", str(src), "--out", str(foreign)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"{foreign}: error[out-not-ours]: refusing to replace this folder: "
        "it is not empty and holds no manifest of lexpub build\n"
    )
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("case", CASES)
def test_check_refuses_with_exact_location(case, tmp_path, monkeypatch):
    expect = spec(case)["expect"]
    assert expect, f"{case}: a hostile case must expect at least one error"
    make_source(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["check", "--source", "source"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert error_lines(result.stderr) == expect
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("case", CASES)
def test_build_refuses_and_leaves_output_untouched(case, tmp_path, monkeypatch):
    expect = spec(case)["expect"]
    make_source(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "build"
    out.mkdir()
    populate(out)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["build", "--source", "source", "--out", "build"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert error_lines(result.stderr) == expect
    assert snapshot(tmp_path) == before  # output, its siblings (no stage folder left) and sources


# One case of each kind through the real executable in a subprocess (the in-process runs above
# cover every case; these prove the installed command behaves the same, tracebacks included).
SUBPROCESS_CASES = [
    "yaml-alias-billion-laughs",
    "yaml-deep-nesting-huge",
    "encoding-cp1251",
    "unknown-field-titel",
    "date-feb-29-non-leap",
    "publication-before-registration",
    "amend-circular",
    "target-path-traversal",
    "num-cyrillic-i",
    "date-year-9999",
]


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_build_subprocess(case, tmp_path):
    """The real executable: exit 2, the same lines, no traceback, nothing written."""
    expect = spec(case)["expect"]
    make_source(case, tmp_path)
    out = tmp_path / "build"
    out.mkdir()
    populate(out)
    before = snapshot(tmp_path)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "lexpub.cli", "build", "--source", "source", "--out", "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert error_lines(proc.stderr) == expect
    assert snapshot(tmp_path) == before  # output, its siblings (no stage folder left) and sources
