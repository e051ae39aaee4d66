"""A build holds file names and hashes, not the tree's bytes: each step's files go to a spool on
disk as the step is done, and are moved into the stage by a rename.

Before, every step's outputs were gathered in memory until the tree was written: a generated act
makes ~5 MB of outputs, so a full build of 10,000 works would have held ~50 GB (issue 16's peak:
2 GiB)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
MB = 1 << 20
SIZE = 96
"""MB of output each of the real corpus's four works makes in the test's producer."""

PRODUCER = f"""
from lexpub.publish.graph import per_work

@per_work
def big(corpus, work, source):
    return {{f"big/{{work}}.bin": work.encode().ljust(64, b".") * ({SIZE} * {MB} // 64)}}

@per_work
def small(corpus, work, source):
    return {{f"big/{{work}}.bin": work.encode()}}
"""

RUNNER = """
import json, resource, sys
from pathlib import Path
from lexpub.cli.build import load
from lexpub.publish.build import build
from lexpub.publish.pool import SerialExecutor
source, out, which = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
corpus = load(source)
report = build(corpus, out, source, producers=["lexpub.publish.producers:text_outputs", f"bigprod:{which}"],
               run=SerialExecutor(), use_cache=False)
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "files": report.files}))
"""


def peak(tmp_path: Path, which: str) -> tuple[float, int]:
    (tmp_path / "bigprod.py").write_text(PRODUCER, encoding="utf-8")
    out = tmp_path / f"out-{which}"
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(SOURCE), str(out), which],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin", "LEXPUB_CACHE": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert [p.name for p in tmp_path.iterdir() if "-spool-" in p.name] == [], "the spool is removed"
    return float(got["rss_mb"]), int(got["files"])


@pytest.mark.slow
def test_a_build_never_holds_all_its_outputs_in_memory(tmp_path: Path) -> None:
    small, files = peak(tmp_path, "small")
    big, same = peak(tmp_path, "big")
    assert files == same
    works = 4
    written = tmp_path / "out-big" / "big"
    assert sorted(p.stat().st_size for p in written.iterdir()) == [SIZE * MB] * works
    # One step's bytes at a time (measured: 96 MB over the small build; gathering the four steps'
    # outputs held 384 MB over it).
    assert big - small < 1.5 * SIZE, (big, small)
