"""Shared fixtures: the real corpus, loaded once, and a helper to write small broken corpora."""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from lexpub.consolidate.validate import load_valid
from lexpub.model.core import Corpus

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"

# The parse cache of this test run lives in a fresh folder (subprocesses inherit it): no test reads
# entries another run, or the user's own ~/.cache/lexpub, left behind.
os.environ["LEXPUB_CACHE"] = tempfile.mkdtemp(prefix="lexpub-test-cache-")
atexit.register(shutil.rmtree, os.environ["LEXPUB_CACHE"], ignore_errors=True)


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_valid(SOURCE)


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[..., Path]:
    """Copy the real corpus into tmp and overwrite/add files: ``make_corpus({"acts/x.yaml": text})``."""

    def make(files: dict[str, str] | None = None, *, base: bool = True) -> Path:
        src = tmp_path / "source"
        if base:
            shutil.copytree(SOURCE, src)
        else:
            (src / "acts").mkdir(parents=True)
            shutil.copy(SOURCE / "issuers.yaml", src / "issuers.yaml")
        for rel, text in (files or {}).items():
            path = src / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return src

    return make


def gen_module():
    """scripts/gen_corpus.py as a module (the synthetic corpus generator is a script, not package code)."""
    spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "scripts" / "gen_corpus.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = mod
    spec.loader.exec_module(mod)
    return mod
