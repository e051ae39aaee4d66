"""No traceback reaches a user (issue 15 §4): every CLI verb, run as the installed command in a
subprocess, over hostile inputs and a hostile environment (read-only folders, a file size limit
standing in for a full disk, no git, broken manifests) ends with exit status 2 and located
``error[rule]`` lines — never a Python traceback.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"


def lexpub(cwd: Path, *args: str, fsize: int | None = None, env: dict[str, str] | None = None):
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-m", "lexpub.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
    )


def refused(proc: subprocess.CompletedProcess[str], rule: str) -> str:
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert f"error[{rule}]" in proc.stderr, proc.stderr
    return proc.stderr


@pytest.fixture
def readonly(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be created in, even by root (immutable where we are root)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without the immutable flag: no read-only folder possible")
    try:
        yield folder
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--out", "ro/build"],
        ["render", "mod-2023-2", "--out", "ro/x.html"],
        ["issue", "refusal", "--data", str(SOURCE / "samples" / "refusals.csv"), "--out", "ro/i", "--text", "latest"],
        ["diff", "mod-2023-2", "--out", "ro/d.txt"],
        ["compare", "mod-2023-2", "--out", "ro/c.html"],
        ["service", "military-specialty-training", "--out", "ro/s.json"],
    ],
    ids=lambda a: a[0],
)
def test_read_only_output_is_error_io(readonly: Path, args: list[str]):
    err = refused(lexpub(readonly.parent, *args, "--source", str(SOURCE)), "io")
    assert "ro/" in err and "cannot " in err and ("not permitted" in err or "denied" in err), err
    assert sorted(os.listdir(readonly)) == []


@pytest.mark.parametrize(
    "args",
    [
        ["render", "mod-2023-2", "--format", "pdf", "--out", "big.pdf"],
        ["build", "--out", "build"],
    ],
    ids=lambda a: a[0],
)
def test_full_disk_is_error_io(tmp_path: Path, args: list[str]):
    """RLIMIT_FSIZE makes every write past 20 kB fail (EFBIG) as a full disk would (ENOSPC).

    With a warm parse cache (no cache write to fail first), the first write too large is a renderer's:
    a PDF of a citizen document too is the machine's failure (error[io]), not its record's."""
    assert lexpub(tmp_path, "check", "--source", str(SOURCE)).returncode == 0  # warms the parse cache
    err = refused(lexpub(tmp_path, *args, "--source", str(SOURCE), fsize=20_000), "io")
    assert "cannot write: the file would exceed the size allowed" in err, err
    assert not (tmp_path / "big.pdf").exists() and not (tmp_path / "build").exists()


def test_changes_without_git(tmp_path: Path):
    proc = lexpub(tmp_path, "changes", "HEAD~1", "HEAD", "--source", str(SOURCE), env={"PATH": str(tmp_path)})
    assert refused(proc, "no-git") == (
        "error[no-git]: lexpub changes compares git revisions, and git is not installed (not on PATH)\n"
    )


def test_changes_outside_a_repository(tmp_path: Path):
    shutil.copytree(SOURCE, tmp_path / "source")
    refused(
        lexpub(
            tmp_path, "changes", "HEAD~1", "HEAD", "--source", "source", env={"GIT_CEILING_DIRECTORIES": str(tmp_path)}
        ),
        "git",
    )


MANIFESTS = {
    "a list": "[1, 2]\n",
    "files a list": '{"format": "lexpub-manifest/1", "files": ["a.txt"]}\n',
    "an entry a string": '{"format": "lexpub-manifest/1", "files": {"a.txt": "abc"}}\n',
    "an entry escaping": '{"format": "lexpub-manifest/1", "files": {"../a.txt": {"sha256": "0", "bytes": 1}}}\n',
    "bytes a bool": '{"format": "lexpub-manifest/1", "files": {"a.txt": {"sha256": "0", "bytes": true}}}\n',
    "nested 100,000 deep": '{"format": "lexpub-manifest/1", "files": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
    "a 5,000-digit integer": '{"format": "lexpub-manifest/1", "files": {"a.txt": {"sha256": "0", "bytes": '
    + "9" * 5000
    + "}}}\n",
    "not UTF-8": '{"format": "lexpub-manifest/1", "files": {"\xe4": 1}}\n',
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_verify_checks_the_manifest_shape_first(tmp_path: Path, name: str):
    data = MANIFESTS[name]
    (tmp_path / "manifest.json").write_bytes(data.encode("latin-1" if name == "not UTF-8" else "utf-8"))
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    err = refused(lexpub(tmp_path, "verify", "."), "manifest")
    assert err.startswith("manifest.json: error[manifest]: "), err
    assert err.count("\n") == 1


# Every verb with hostile arguments: unknown acts, impossible dates, folders for files and files
# for folders, absurd numbers. Each must be a located refusal.
HOSTILE_ARGS = [
    ["check", "--source", "nowhere"],
    ["check", "--source", "a-file"],
    ["text", "no-such-act"],
    ["text", "mod-2023-2", "--at", "2023-02-30"],
    ["text", "mod-2023-2", "--at", "99999-01-01"],
    ["editions", "../../etc/passwd"],
    ["build", "--out", "a-file"],
    ["build", "--out", "."],
    ["fidelity", "mod-2017-350/../../x"],
    ["fidelity", "mod-2017-357"],
    ["service", "../services/required-rows"],
    ["service", "no-such-service"],
    ["calendar", "1900"],
    ["calendar", "99999999999999999999"],
    ["deadline", "military-specialty-training", "--submitted", "2024-13-01T10:00"],
    ["deadline", "military-specialty-training", "--submitted", "9" * 5000],
    ["diff", "mod-2023-2", "--from", "0000-01-01"],
    ["verify", "a-folder-without-manifest"],
    ["effects", "mod-2023-2", "--at", "yesterday"],
    ["compare", "mod-2017-350"],
    ["issue", "refusal", "--data", "a-folder-without-manifest", "--out", "out"],
    ["issue", "refusal", "--data", "missing.csv", "--out", "out"],
    ["impact", "mod-2023-2#no_such_eid"],
    ["changes", "--upload-pack=touch x", "HEAD"],
    ["render", "mod-2023-2", "--at", "2023-01-01", "--edition", "latest"],
    ["render", "mod-2023-2", "--out", "a-folder-without-manifest"],
]


@pytest.mark.parametrize("args", HOSTILE_ARGS, ids=lambda a: "-".join(a)[:40])
def test_every_verb_refuses_hostile_arguments_without_a_traceback(tmp_path: Path, args: list[str]):
    shutil.copytree(SOURCE, tmp_path / "source")
    (tmp_path / "a-file").write_text("x\n", encoding="utf-8")
    (tmp_path / "a-folder-without-manifest").mkdir()
    proc = lexpub(tmp_path, *args)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "error" in proc.stderr.lower(), proc.stderr
    assert not (tmp_path / "x").exists()


def test_a_real_bug_is_one_line_and_exit_1(tmp_path: Path):
    """An unexpected exception: a short 'please report' line, exit 1, no traceback."""
    runner = (
        "import lexpub.cli.text as t\n"
        "from lexpub.cli import main\n"
        "def boom(*a, **k):\n    raise ZeroDivisionError('simulated bug')\n"
        "t.load = boom\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", runner, "text", "mod-2023-2", "--source", str(SOURCE)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == "error[internal]: ZeroDivisionError: simulated bug"
    assert "please report" in proc.stderr
