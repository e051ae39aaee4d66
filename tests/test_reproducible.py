"""Reproducible bundles: two ``lexpub build`` processes over the same sources — started from different
folders, under another clock (``SOURCE_DATE_EPOCH``), time zone (``TZ``) and string-hash seed, one in
one process and one in a process pool, with no cache — write byte-identical trees, manifests
included. Nothing in an output may depend on when, where or in which process it was built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def lexpub_build(src: Path, out: Path, cwd: Path, jobs: int, **env: str) -> None:
    """``lexpub build`` in a process of its own, with ``env`` over this one's environment."""
    cwd.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "lexpub.cli", "build", "--source", str(src), "--out", str(out)]
    proc = subprocess.run(
        [*args, "--jobs", str(jobs), "--no-cache"],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("built ")


@pytest.mark.slow
def test_two_builds_under_other_clocks_and_places_are_byte_identical(make_corpus, tmp_path: Path):
    src = make_corpus()
    one, two = tmp_path / "one", tmp_path / "elsewhere" / "two"
    lexpub_build(src, one, tmp_path, 1, SOURCE_DATE_EPOCH="0", TZ="UTC", PYTHONHASHSEED="0")
    lexpub_build(
        src,
        two,
        tmp_path / "elsewhere" / "cwd",
        2,
        SOURCE_DATE_EPOCH="1767225600",
        TZ="Asia/Almaty",
        PYTHONHASHSEED="4711",
    )
    assert (one / "manifest.json").read_bytes() == (two / "manifest.json").read_bytes()
    a, b = tree(one), tree(two)
    assert sorted(a) == sorted(b)
    assert [rel for rel in a if a[rel] != b[rel]] == []
    assert "acts/mod-2023-2/kaz/latest.txt" in a and any(rel.endswith(".pdf") for rel in a)


def test_pagefind_bundle_is_byte_identical_run_after_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Pagefind itself writes filter values, the filter list of each language and the language list in
    hash-map order (another order, and so other file names, in each run); :func:`canonical` sorts them
    and names the files by SHA-256; the pages go to Pagefind one by one in the records' order, never
    read from a folder (whose order is the file system's: ext4 and tmpfs differ). Three runs of the
    Pagefind binary over the real corpus's records — on disk and, where there is one, on a tmpfs —
    give one bundle, byte for byte: the search index is inside the manifest's byte-identity promise."""
    import gzip
    import tempfile

    from lexpub.publish.site.search import HEADER, canonical, pagefind_files, records
    from lexpub.sources.corpus import load_corpus
    from tests.site_files import SOURCE

    recs = records(load_corpus(SOURCE))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    bundles = []
    for folder in (tmp_path, Path("/dev/shm"), tmp_path):
        monkeypatch.setattr(tempfile, "tempdir", str(folder if folder.is_dir() else tmp_path))
        bundles.append(canonical(pagefind_files(recs)))
    assert list(cwd.iterdir()) == []  # Pagefind wrote nowhere but its private temporary folder
    assert bundles[0] == bundles[1] == bundles[2]
    bundle = bundles[0]
    years = [rel for rel in bundle if rel.startswith("filter/kk_") and b"year" in gzip.decompress(bundle[rel])]
    body = gzip.decompress(bundle[years[0]]).removeprefix(HEADER)
    assert body.index(b"2017") < body.index(b"2023")  # values in order, not as the hash map gave them
    assert not any(rel.startswith("pagefind-ui") for rel in bundle)
