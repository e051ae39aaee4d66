"""P2, a rebuild that costs what changed: the new tree is made from the spare (the tree before the
published one) by keeping the files that already hold what is needed, checked by fingerprint, and
replacing only the others. Whatever state the spare, the records or the index are in, the published
tree is the one a build from scratch gives, and nothing outside the output is touched."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

import lexpub.publish.build as build_mod
import lexpub.publish.cache as cache
from lexpub.consolidate.validate import load_valid
from lexpub.publish.build import build as build_all
from lexpub.publish.fingerprints import plain_rels
from lexpub.publish.graph import SourceHashes
from lexpub.publish.manifest import verify
from tests.conftest import gen_module

TEXT = "lexpub.publish.producers:text_outputs"


# Only the text producer: these tests are about the build machinery, not the renderers.
build = functools.partial(build_all, producers=[TEXT])


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def from_scratch(corpus, src: Path, tmp_path: Path) -> dict[str, bytes]:
    """The tree a build without cache gives (into a folder of its own), to compare a rebuild with."""
    fresh = tmp_path / "fresh"
    build(corpus, fresh, src, use_cache=False)
    return tree(fresh)


def inodes(path: Path) -> dict[str, int]:
    return {p.relative_to(path).as_posix(): p.stat().st_ino for p in path.rglob("*") if p.is_file()}


def no_symlinks(path: Path) -> bool:
    return not any(stat.S_ISLNK(os.lstat(p).st_mode) for p in path.rglob("*"))


def edit_base(src: Path, corpus) -> str:
    base = sorted(w for w in corpus.works if not corpus.works[w].ops)[0]
    path = src / "acts" / f"{base}.yaml"
    path.write_text(path.read_text("utf-8").replace("БҰЙЫРАМЫН:", "БҰЙЫРАМЫН :"), "utf-8")
    return base


def test_a_rebuild_keeps_the_spares_unchanged_files_where_they_are(tmp_path):
    src = tmp_path / "src"
    gen_module().generate(src, works=12, amendments=30, units=15, seed=3)
    corpus = load_valid(src)
    out = tmp_path / "out"
    build(corpus, out, src)
    build(corpus, out, src)
    spare = tmp_path / ".out-spare"
    before = inodes(spare)
    base = edit_base(src, corpus)
    corpus = load_valid(src)
    report = build(corpus, out, src)
    assert f"{TEXT}[{base}]" in report.rebuilt and report.reused > 0
    after = inodes(out)
    changed = {rel for rel in after if rel.startswith(f"acts/{base}/")}
    assert changed
    untouched = [rel for rel in after if rel.startswith("acts/") and rel not in changed]
    reused_works = {rel.split("/")[1] for rel in untouched}
    assert len(reused_works) > 1
    # The files of works the edit does not reach are the very files the spare held: not relinked.
    still = [rel for rel in untouched if not any(f"[{rel.split('/')[1]}]" in name for name in report.rebuilt)]
    assert still and all(after[rel] == before[rel] for rel in still)
    assert tree(out) == from_scratch(corpus, src, tmp_path)
    assert verify(out).ok


def test_alternating_sources_rerun_only_the_edited_steps_and_give_fresh_bytes(tmp_path):
    """Two source folders built in turn (as the benchmark does): every rebuild reruns the steps of the
    edit alone and publishes what a build from scratch gives."""
    a = tmp_path / "a"
    gen_module().generate(a, works=8, amendments=15, units=10, seed=4)
    b = tmp_path / "b"
    shutil.copytree(a, b)
    ca = load_valid(a)
    base = edit_base(b, ca)
    cb = load_valid(b)
    out = tmp_path / "out"
    build(ca, out, a, use_cache=False)
    build(ca, out, a, use_cache=False)
    fresh = {}
    for name, corpus, src in (("a", ca, a), ("b", cb, b)):
        build(corpus, tmp_path / f"fresh-{name}", src, use_cache=False)
        fresh[name] = tree(tmp_path / f"fresh-{name}")
    for name, corpus, src in [("b", cb, b), ("a", ca, a)] * 2:
        report = build(corpus, out, src)
        assert f"{TEXT}[{base}]" in report.rebuilt and len(report.rebuilt) < len(corpus.works)
        assert tree(out) == fresh[name]


def test_no_cache_writes_every_file_anew(make_corpus, tmp_path):
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    for _ in range(3):
        build(corpus, out, src)
    report = build(corpus, out, src, use_cache=False)
    assert report.reused == 0
    assert all(p.stat().st_nlink == 1 for p in out.rglob("*") if p.is_file())


def test_a_spare_file_replaced_by_a_symlink_or_edited_is_not_kept(make_corpus, tmp_path):
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    fresh = tmp_path / "fresh"
    build(corpus, fresh, src, use_cache=False)
    build(corpus, out, src)
    build(corpus, out, src, use_cache=False)  # the spare's files are not the published ones
    spare = tmp_path / ".out-spare"
    outside = tmp_path / "outside.txt"
    target = spare / "acts/mod-2017-357/kaz/latest.txt"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    edited = spare / "acts/mod-2017-350/kaz/latest.txt"
    data = edited.read_bytes()
    edited.write_bytes(data.replace("бекіту".encode(), "бекуту".encode(), 1))  # same size, in place
    assert edited.read_bytes() != data and len(edited.read_bytes()) == len(data)
    build(corpus, out, src)
    assert tree(out) == tree(fresh)
    assert no_symlinks(out)
    assert outside.read_bytes() == (fresh / "acts/mod-2017-357/kaz/latest.txt").read_bytes()


def test_a_forged_spare_record_removes_nothing_outside(make_corpus, tmp_path):
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    build(corpus, out, src)
    build(corpus, out, src)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    record_path = cache.spare_fingerprints_path(out.resolve())
    record = json.loads(record_path.read_text("utf-8"))
    record["files"]["../victim.txt"] = "x"
    record["files"]["acts/../../victim.txt"] = "x"
    record_path.write_text(json.dumps(record), "utf-8")
    build(corpus, out, src)
    assert victim.read_text("utf-8") == "keep me"
    record["folders"][".."] = "0:0:0"
    record_path.write_text(json.dumps(record), "utf-8")
    build(corpus, out, src)
    assert victim.read_text("utf-8") == "keep me"
    assert tree(out) == from_scratch(corpus, src, tmp_path)


def test_a_spare_taken_away_during_the_build_is_not_relied_on(make_corpus, tmp_path, monkeypatch):
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    build(corpus, out, src)
    build(corpus, out, src)
    real = build_mod.staged_dir
    taken = []

    def take_spare(target, *args, **kwargs):
        spare = tmp_path / ".out-spare"
        if spare.exists():
            shutil.rmtree(spare)
            taken.append(True)
        return real(target, *args, **kwargs)

    monkeypatch.setattr(build_mod, "staged_dir", take_spare)
    build(corpus, out, src)
    assert taken
    assert tree(out) == from_scratch(corpus, src, tmp_path)


def test_deleting_the_records_beside_the_output_gives_the_same_tree(make_corpus, tmp_path):
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    build(corpus, out, src)
    build(corpus, out, src)
    before = tree(out)
    for path in (
        cache.fingerprints_path(out.resolve()),
        cache.spare_fingerprints_path(out.resolve()),
        cache.sources_path(out.resolve()),
    ):
        path.unlink()
    assert build(corpus, out, src).rebuilt == ()
    assert tree(out) == before
    assert build(corpus, out, src).rebuilt == ()
    assert tree(out) == before


def reference_hashes(source: Path) -> tuple[dict[str, str], str, str]:
    """What SourceHashes computed before it had a cache: every file rglob finds, read and hashed."""
    digests = {
        p.relative_to(source).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in source.rglob("*")
        if p.is_file() and "__pycache__" not in p.relative_to(source).parts
    }

    def combine(items: dict[str, str]) -> str:
        return hashlib.sha256("".join(f"{r}\0{d}\n" for r, d in sorted(items.items())).encode()).hexdigest()

    acts = {
        r[5:-5]: d for r, d in digests.items() if r.startswith("acts/") and r.count("/") == 1 and r.endswith(".yaml")
    }
    common = {r: d for r, d in digests.items() if not r.startswith("acts/") or r.count("/") != 1}
    return acts, combine(common), combine(digests)


def test_source_hashes_from_fingerprints_equal_hashes_read_from_the_files(make_corpus, tmp_path):
    src = make_corpus({"extra/notes.txt": "x"})
    (src / "linked.yaml").symlink_to(src / "issuers.yaml")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "big.yaml").write_text("not a source", "utf-8")
    (src / "folder-link").symlink_to(outside, target_is_directory=True)
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "x.pyc").write_bytes(b"\0")
    first = SourceHashes.of(src)
    assert (first.acts, first.common, first.tree) == reference_hashes(src)
    assert first.rehashed == len(first.files) and "folder-link/big.yaml" not in first.files
    later = max(os.stat(src / rel).st_mtime_ns for rel in first.files) + 1
    again = SourceHashes.of(src, first.files, later)
    assert again.rehashed == 0 and again == first
    # An edit in place that keeps the size changes the mtime: that file is read again.
    path = src / "acts" / "mod-2017-350.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("бекіту туралы", "бекіту турала", 1), "utf-8")
    edited = SourceHashes.of(src, first.files, later + 10**9)
    assert edited.rehashed == 1
    assert (edited.acts, edited.common, edited.tree) == reference_hashes(src)
    assert edited.acts["mod-2017-350"] != first.acts["mod-2017-350"]
    # A file as new as the record is read again too (it may have changed within the same clock tick).
    assert SourceHashes.of(src, edited.files, os.stat(path).st_mtime_ns).rehashed >= 1


@pytest.mark.parametrize(
    ("rels", "published", "ok"),
    [
        (["acts/a/kaz/latest.txt", "index.html"], True, True),
        ([".cache/steps.json", "manifest.json"], False, True),
        ([".cache/steps.json"], True, False),
        (["manifest.json"], True, False),
        (["acts/.x"], True, False),
        (["../x"], False, False),
        (["a/../x"], False, False),
        (["a/.."], False, False),
        (["a/./b"], False, False),
        (["."], False, False),
        (["/etc/passwd"], False, False),
        (["a//b"], False, False),
        (["a/"], False, False),
        ([""], False, False),
        (["a\\b"], False, False),
        (["a\nb/../../x"], False, False),
    ],
)
def test_names_in_records_are_checked_in_bulk(rels, published, ok):
    assert plain_rels(rels, published=published) is ok


def test_records_are_patched_then_written_whole_and_a_garbled_one_is_ignored(make_corpus, tmp_path, monkeypatch):
    """A rebuild appends what changed to the recycled tree's record (one line) instead of writing all
    of it; once patches weigh too much the record is written whole; a damaged record only costs reading."""
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    current = cache.fingerprints_path(out.resolve())
    for _ in range(4):
        build(corpus, out, src)
    assert len(current.read_text("utf-8").splitlines()) > 1
    path = src / "acts" / "mod-2017-350.yaml"
    path.write_text(path.read_text("utf-8").replace("бекіту туралы", "бекіту жөнінде", 1), "utf-8")
    corpus = load_valid(src)
    assert build(corpus, out, src).rebuilt == (f"{TEXT}[mod-2017-350]", f"{TEXT}[mod-2023-2]")
    expected = from_scratch(corpus, src, tmp_path)
    assert tree(out) == expected
    share = cache.PATCH_SHARE
    monkeypatch.setattr(cache, "PATCH_SHARE", 10**9)  # any patch is too much: written whole
    build(corpus, out, src)
    assert len(current.read_text("utf-8").splitlines()) == 1
    assert tree(out) == expected
    monkeypatch.setattr(cache, "PATCH_SHARE", share)
    for record in (current, cache.spare_fingerprints_path(out.resolve())):
        with open(record, "a", encoding="utf-8") as fh:
            fh.write('{"files": {"acts/x": \n')
    assert build(corpus, out, src).rebuilt == ()
    assert tree(out) == expected
    assert verify(out).ok


@pytest.mark.parametrize("name", ["manifest.json", ".cache/steps.json", "acts/../manifest.json", "/etc/hostname"])
def test_an_index_naming_a_bookkeeping_or_outside_file_is_not_trusted(make_corpus, tmp_path, name):
    """The index sits in the published tree, where anyone may edit it: a step it says wrote the
    manifest, the index or a file outside is rerun, and the name is never published."""
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    build(corpus, out, src)
    build(corpus, out, src)
    index = out / ".cache" / "steps.json"
    data = json.loads(index.read_text("utf-8"))
    key = sorted(data["steps"])[0]
    target = out / name if not name.startswith("/") else Path(name)
    digest = hashlib.sha256(target.read_bytes()).hexdigest() if target.is_file() else "0" * 64
    data["steps"][key][name] = digest
    index.write_text(json.dumps(data), "utf-8")
    report = build(corpus, out, src)
    assert len(report.rebuilt) == 1
    assert name not in json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    assert tree(out) == from_scratch(corpus, src, tmp_path)


def test_a_missing_published_record_is_made_again(make_corpus, tmp_path):
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    for _ in range(3):
        build(corpus, out, src)
    current = cache.fingerprints_path(out.resolve())
    current.unlink()
    assert build(corpus, out, src).rebuilt == ()
    assert current.is_file()  # the spare (the tree published before) has no record now: not relied on
    before = tree(out)
    assert build(corpus, out, src).rebuilt == ()
    assert tree(out) == before and verify(out).ok
    assert cache.spare_fingerprints_path(out.resolve()).is_file()


def test_a_published_file_whose_mode_was_changed_is_written_again_0644(make_corpus, tmp_path):
    """A chmod changes no fingerprint (size, mtime, inode): the mode is checked beside it, so the next
    build does not keep or link such a file but writes it anew, world-readable."""
    src = make_corpus()
    corpus = load_valid(src)
    out = tmp_path / "out"
    for _ in range(3):
        build(corpus, out, src)
    victim = out / "acts/mod-2017-357/kaz/latest.txt"
    spare = tmp_path / ".out-spare" / "acts/mod-2017-357/kaz/latest.txt"
    os.chmod(victim, 0o600)
    os.chmod(spare, 0o600)
    report = build(corpus, out, src)
    assert report.rebuilt == (f"{TEXT}[mod-2017-357]",)
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in out.rglob("*") if p.is_file())


def test_entries_of_a_record_read_its_patches_first_and_its_whole_line_only_when_needed(tmp_path):
    from lexpub.publish.fingerprints import FORMAT, Entries, Record, patch_line

    path = tmp_path / "record.json"
    base = Record({"a.txt": "1" * 64 + ":1:2:3:4", "b.txt": "2" * 64 + ":5:6:7:8"}, {"": "1:2:3"})
    path.write_bytes(
        base.dump() + patch_line({"b.txt": None, "c.txt": "3" * 64 + ":9:9:9:9"}, {}) + patch_line({"d.txt": "x"}, {})
    )
    entries = Entries(path)
    assert entries.get("c.txt") == "3" * 64 + ":9:9:9:9" and entries.get("d.txt") == "x"
    assert entries.get("b.txt") is None  # removed by a patch
    assert entries.base is None  # the whole line not parsed yet
    assert entries.get("a.txt") == "1" * 64 + ":1:2:3:4"
    assert entries.base is not None
    loaded = Record.load(path)
    assert loaded is not None and loaded.files == {
        "a.txt": "1" * 64 + ":1:2:3:4",
        "c.txt": "3" * 64 + ":9:9:9:9",
        "d.txt": "x",
    }
    assert loaded.patched == 3 and FORMAT in path.read_text("utf-8")
    path.write_text("garbage\n{", "utf-8")
    assert Entries(path).get("a.txt") is None and Record.load(path) is None
