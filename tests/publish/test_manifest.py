"""``manifest.json`` lists every published file with its SHA-256 and the source revision (never a
timestamp); ``lexpub verify`` detects a changed byte, a missing file and an extra file (exit 2)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.consolidate.validate import load_valid
from lexpub.publish.build import build
from lexpub.publish.graph import SourceHashes
from lexpub.publish.manifest import verify


@pytest.fixture
def built(make_corpus, tmp_path) -> Path:
    src = make_corpus()
    out = tmp_path / "out"
    build(load_valid(src), out, src, producers=["lexpub.publish.producers:text_outputs"])
    return out


def test_manifest_lists_every_published_file_with_its_sha256(built, tmp_path):
    data = json.loads((built / "manifest.json").read_text("utf-8"))
    published = sorted(
        p.relative_to(built).as_posix()
        for p in built.rglob("*")
        if p.is_file() and p.name != "manifest.json" and ".cache" not in p.relative_to(built).parts
    )
    assert sorted(data["files"]) == published
    assert "acts/mod-2023-2/kaz/latest.txt" in published
    for rel, entry in data["files"].items():
        raw = (built / rel).read_bytes()
        assert entry == {"sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw)}
    # The copied source folder is not a clean git checkout: the revision is the source tree's hash.
    tree = SourceHashes.of(tmp_path / "source").tree
    assert data["source_revision"] == f"sha256:{tree}"
    assert data["source_tree_sha256"] == tree


def test_verify_accepts_the_folder_and_detects_a_changed_byte(built):
    assert verify(built).ok
    runner = CliRunner()
    ok = runner.invoke(main, ["verify", str(built)])
    assert ok.exit_code == 0, ok.output
    assert "matches its manifest" in ok.output
    target = built / "acts/mod-2017-357/kaz/latest.txt"
    raw = bytearray(target.read_bytes())
    raw[-2] ^= 0x01
    target.write_bytes(bytes(raw))
    result = verify(built)
    assert result.changed == ("acts/mod-2017-357/kaz/latest.txt",) and not result.missing and not result.extra
    bad = runner.invoke(main, ["verify", str(built)])
    assert bad.exit_code == 2
    assert f"{target}: error[changed-file]: SHA-256 differs from the manifest" in bad.output


def test_verify_detects_missing_and_extra_files(built):
    (built / "acts/mod-2017-350/editions.json").unlink()
    (built / "acts/stray.txt").write_text("x", "utf-8")
    (built / ".cache" / "ignored").write_text("the cache is not published", "utf-8")
    result = verify(built)
    assert result.missing == ("acts/mod-2017-350/editions.json",)
    assert result.extra == ("acts/stray.txt",)
    assert result.changed == ()
    bad = CliRunner().invoke(main, ["verify", str(built)])
    assert bad.exit_code == 2
    assert "error[missing-file]" in bad.output and "error[extra-file]" in bad.output


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"a.txt": ("0" * 64, 0)},
        {
            "acts/mod-2017-357/kaz/latest.txt": ("ab" * 32, 2860),
            'acts/x/"quoted" and \\ back/Әскерге ұ.html': ("cd" * 32, 10**12),
            "acts/\u0001ctrl\t.txt": ("ef" * 32, 1),
            "Z/upper.txt": ("01" * 32, 7),
        },
    ],
)
def test_manifest_bytes_are_those_of_json_dumps(files):
    from lexpub.publish.manifest import manifest_bytes, manifest_bytes_reference

    kw = {"revision": 'git:"x"', "tree": "t" * 64, "code": "c" * 64}
    assert manifest_bytes(files, **kw) == manifest_bytes_reference(files, **kw)


def test_no_git_is_started_for_a_source_outside_any_repository(tmp_path, monkeypatch):
    import subprocess

    from lexpub.publish.manifest import source_revision

    for name in ("GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)
    started: list[object] = []

    def fake_run(args, **kwargs):
        started.append(args)
        return subprocess.CompletedProcess(args, 128, "", "not a git repository")

    monkeypatch.setattr(subprocess, "run", fake_run)
    src = tmp_path / "src"
    src.mkdir()
    if any((p / ".git").exists() for p in (src, *src.parents)):
        pytest.skip("the temporary folder is inside a git repository")
    assert source_revision(src, "f" * 64) == "sha256:" + "f" * 64
    assert started == []
    (src / ".git").mkdir()
    source_revision(src, "f" * 64)
    assert started  # a repository may be there: git decides
