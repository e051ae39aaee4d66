"""A build that would change nothing reads, hashes and exits (lexpub.publish.uptodate): never when a
source, the published tree or the record says otherwise."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import lexpub.publish.build as build_module
from lexpub.cli import main
from lexpub.consolidate.validate import load_valid
from lexpub.publish import uptodate
from lexpub.publish.fingerprints import fingerprints_path

TEXT = "lexpub.publish.producers:text_outputs"
NOTHING = "nothing changed"


@pytest.fixture
def built(make_corpus, tmp_path, monkeypatch):
    """The real corpus built once through ``lexpub build`` (text outputs only: the machinery is under test)."""
    monkeypatch.setattr(build_module, "build", functools.partial(build_module.build, producers=[TEXT]))
    src = make_corpus()
    out = tmp_path / "out"

    def run(*extra: str, status: int = 0) -> str:
        result = CliRunner().invoke(main, ["build", "--source", str(src), "--out", str(out), *extra])
        assert result.exit_code == status, result.output
        return result.output

    first = run()
    assert NOTHING not in first and "(4 of 4 steps run, 0 reused)" in first
    return src, out, run


def files(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_a_second_build_of_the_same_content_touches_nothing(built):
    src, out, run = built
    before = files(out)
    record = os.stat(fingerprints_path(out))
    inode = os.stat(out).st_ino
    assert run().strip() == f"built {len(before) - 2} files into {out} (0 of 4 steps run, 4 reused; {NOTHING})"
    assert files(out) == before  # the manifest and the index are not counted among the published files
    assert os.stat(out).st_ino == inode  # no stage was swapped in
    assert os.stat(fingerprints_path(out)).st_mtime_ns == record.st_mtime_ns


@pytest.mark.parametrize("tamper", ["add", "manifest"])
def test_a_folder_the_build_refuses_is_not_passed_over_by_a_no_op(built, tamper):
    """The full build refuses to replace a folder holding a file it did not write or no manifest of
    its own; a no-op must not pass over either."""
    src, out, run = built
    if tamper == "add":
        (out / "acts/stray.txt").write_text("x", encoding="utf-8")
    else:
        (out / "manifest.json").write_text("{}", encoding="utf-8")
    said = run(status=2)
    assert "error[out-not-ours]" in said


@pytest.mark.parametrize("tamper", ["edit", "remove", "chmod"])
def test_a_published_tree_changed_by_hand_is_built_again_and_restored(built, tamper):
    src, out, run = built
    before = files(out)
    latest = out / "acts/mod-2017-350/kaz/latest.txt"
    if tamper == "edit":
        latest.write_text("өзгертілген мәтін\n", encoding="utf-8")
    elif tamper == "remove":
        latest.unlink()
    else:
        latest.chmod(0o600)
    said = run()
    assert NOTHING not in said
    assert files(out) == before
    assert oct(latest.stat().st_mode & 0o777) == "0o644"


def test_an_edited_source_is_built(built):
    src, out, run = built
    path = src / "acts" / "mod-2017-350.yaml"
    path.write_text(path.read_text("utf-8").replace("бекіту туралы", "бекіту жөнінде", 1), "utf-8")
    said = run()
    assert NOTHING not in said and "(2 of 4 steps run, 2 reused)" in said
    assert NOTHING in run()  # and the build after that has nothing to do again


def test_no_cache_always_builds(built):
    src, out, run = built
    assert NOTHING not in run("--no-cache")
    assert NOTHING in run()


def test_a_build_by_other_means_invalidates_the_record(built):
    """Any build into the folder rewrites its fingerprint record, which the record names exactly."""
    src, out, run = built
    build_module.build(load_valid(src), out, src, producers=[TEXT, "lexpub.publish.producers:schema_outputs"])
    said = run()
    assert NOTHING not in said and "(0 of 4 steps run, 4 reused)" in said


@pytest.mark.parametrize("damage", ["garbage", "other-key", "missing"])
def test_a_damaged_or_foreign_record_is_ignored(built, damage):
    src, out, run = built
    path = uptodate.record_path(out)
    if damage == "garbage":
        path.write_bytes(b"\x00{not json")
    elif damage == "other-key":
        data = json.loads(path.read_bytes())
        path.write_text(json.dumps({**data, "key": "0" * 64}), encoding="utf-8")
    else:
        path.unlink()
    assert NOTHING not in run()
    assert NOTHING in run()
