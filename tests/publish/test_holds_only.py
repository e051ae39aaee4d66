"""A folder's fingerprint record vouches that it holds no file lexpub did not write only when a full
listing would find none (:func:`lexpub.publish.fingerprints.holds_only`, used by ``claim_folder``).

Why it matters: the record spares listing thousands of files on every rebuild, and what it vouches
for is replaced or recycled wholesale — a false "nothing foreign" would delete a user's file.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexpub.publish.fingerprints import Record, file_entry, folder_fp, holds_only, recorded_tree
from lexpub.publish.manifest import foreign_files

FOLDERS = ["", "acts", "acts/a", "acts/a/kaz", "acts/b", "site"]
FILES = ["manifest.json", "acts/a/kaz/1.txt", "acts/a/kaz/2.txt", "acts/a/x.json", "acts/b/y.txt", "site/index.html"]


def published(root: Path) -> Path:
    """A tree of :data:`FILES` and the record a build would leave of it; returns the record's path."""
    for rel in FILES:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel, encoding="utf-8")
    files = {rel: file_entry("0" * 64, os.lstat(root / rel)) for rel in FILES}
    folders = {rel: folder_fp(os.lstat(root / rel if rel else root)) for rel in FOLDERS}
    time.sleep(0.01)  # the record is written after the tree, in a later clock tick, as a build's is
    record = root.parent / f".{root.name}-fingerprints.json"
    record.write_bytes(Record(files, folders).dump())
    return record


def reset_mtime(folder: Path, st: os.stat_result) -> None:
    """Put a folder's mtime back as it was (what ``tar`` or ``rsync -a`` do); its ctime moves on."""
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))


def change(root: Path, what: str, where: int, hide: bool) -> bool:
    """Apply one change; True when it leaves an entry a full listing calls foreign."""
    folder = root / FOLDERS[where % len(FOLDERS)]
    before = os.lstat(folder)
    foreign = True
    if what == "add-file":
        (folder / "notes.txt").write_text("not lexpub's", encoding="utf-8")
    elif what == "add-folder":
        (folder / "mine").mkdir(exist_ok=True)
        (folder / "mine" / "f.txt").write_text("not lexpub's", encoding="utf-8")
    elif what == "link-folder":
        if not (folder / "elsewhere").exists():
            (folder / "elsewhere").symlink_to(root.parent, target_is_directory=True)
    elif what == "file-to-link":
        path = root / FILES[where % len(FILES)]
        folder, before = path.parent, os.lstat(path.parent)
        if path.is_file() and not path.is_symlink():
            path.unlink()
            path.symlink_to(root.parent / "outside.txt")
        foreign = False  # a link under an owned name: the listing does not call it foreign; the record does not vouch
    elif what == "remove":
        path = root / FILES[where % len(FILES)]
        folder, before = path.parent, os.lstat(path.parent)
        if path.is_file() and not path.is_symlink():
            path.unlink()
        foreign = False
    else:  # "edit": the bytes of an owned file, in place (no folder changes)
        path = root / FILES[where % len(FILES)]
        if path.is_file() and not path.is_symlink():
            path.write_text("other bytes", encoding="utf-8")
        foreign = False
    if hide:
        reset_mtime(folder, before)
    return foreign


CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["add-file", "add-folder", "link-folder", "file-to-link", "remove", "edit"]),
        st.integers(0, 20),
        st.booleans(),
    ),
    max_size=4,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=CHANGES)
def test_the_record_never_vouches_for_a_folder_holding_a_foreign_file(tmp_path: Path, changes) -> None:  # type: ignore[no-untyped-def]
    case = Path(tmp_path) / "case"
    shutil.rmtree(case, ignore_errors=True)
    case.mkdir()
    root = case / "build"
    record = published(root)
    owned = set(FILES)
    added = [change(root, what, where, hide) for what, where, hide in changes]
    vouched = holds_only(root, record, owned)
    whole = recorded_tree(root, record, "manifest.json")
    listed = foreign_files(root, owned)
    if vouched or whole:
        assert listed == [], "vouched for a folder holding files lexpub did not write"
    assert (listed != []) == any(added)
    if not any(added) and not any(what == "file-to-link" for what, _, _ in changes):
        assert vouched, "removals and edits in place leave nothing foreign: no listing needed"
    if not changes:
        assert whole, "the tree as recorded"


def test_a_record_naming_files_the_manifest_does_not_own_vouches_for_nothing(tmp_path: Path) -> None:
    root = tmp_path / "build"
    record = published(root)
    assert holds_only(root, record, set(FILES))
    assert not holds_only(root, record, set(FILES) - {"site/index.html"})
    assert not holds_only(root, tmp_path / "no-record.json", set(FILES))


def test_a_copy_of_the_tree_is_not_the_recorded_tree(tmp_path: Path) -> None:
    """``cp -a`` keeps the folders' mtimes, not their inodes or ctimes: the copy is listed."""
    root = tmp_path / "build"
    record = published(root)
    shutil.rmtree(root / "site")
    shutil.copytree(root, tmp_path / "copy", copy_function=shutil.copy2)
    shutil.rmtree(root)
    os.rename(tmp_path / "copy", root)
    (root / "acts" / "b" / "z.txt").write_text("not lexpub's", encoding="utf-8")
    assert not holds_only(root, record, set(FILES))
    assert foreign_files(root, set(FILES)) == ["acts/b/z.txt"]


def test_the_recorded_tree_needs_its_manifest_as_recorded(tmp_path: Path) -> None:
    """Without reading the manifest, the tree is taken for the recorded build only while its manifest
    is the very file recorded with it."""
    root = tmp_path / "build"
    record = published(root)
    assert recorded_tree(root, record, "manifest.json")
    st = os.lstat(root / "manifest.json")
    (root / "manifest.json").unlink()
    (root / "manifest.json").write_text("manifest.json", encoding="utf-8")  # same bytes, another file
    os.utime(root, ns=(st.st_atime_ns, os.lstat(root).st_mtime_ns))
    assert not recorded_tree(root, record, "manifest.json")
    assert not recorded_tree(root, tmp_path / "none.json", "manifest.json")
