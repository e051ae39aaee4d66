"""Reproducible bundles: two builds of the same sources — into two folders, one in one process and
one in a process pool, with no cache — are byte-identical, every file compared (PDFs included)."""

from __future__ import annotations

from pathlib import Path

from lexpub.publish.build import build
from lexpub.publish.graph import ProcessExecutor
from lexpub.sources.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(make_corpus, tmp_path):
    src = make_corpus()
    corpus = load_corpus(src)
    one = build(corpus, tmp_path / "one", src, jobs=1, use_cache=False)
    two = build(load_corpus(src), tmp_path / "two", src, run=ProcessExecutor(2, min_steps=2), use_cache=False)
    a, b = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert sorted(a) == sorted(b)
    different = [rel for rel in a if a[rel] != b[rel]]
    assert different == []
    assert one.manifest_sha256 == two.manifest_sha256
    assert "manifest.json" in a and "acts/mod-2023-2/kaz/latest.txt" in a
