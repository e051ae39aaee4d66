"""Outputs lexpub owns, and nothing else (issue 15 §2): a folder is replaced only when it is empty or
holds a lexpub manifest of the same kind and nothing besides; a file only where it is not inside
``--source`` and not a file lexpub did not write (unless ``--force``, which says what it replaces).
Every refusal is exit 2 and leaves every byte where it was.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
TEXT = "lexpub.publish.producers:text_outputs"


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
    }


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sources and one build made from them (text outputs only: what is produced does not matter)."""
    import lexpub.publish.build as b

    root = tmp_path_factory.mktemp("own")
    shutil.copytree(SOURCE, root / "source")
    saved = b.build
    b.build = functools.partial(saved, producers=[TEXT])
    try:
        code, _, err = run("build", "--source", str(root / "source"), "--out", str(root / "build"))
    finally:
        b.build = saved
    assert code == 0, err
    return root


@pytest.fixture
def work(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import lexpub.publish.build as b

    for name in ("source", "build"):
        shutil.copytree(site / name, tmp_path / name)
    monkeypatch.setattr(b, "build", functools.partial(b.build, producers=[TEXT]))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_build_into_the_calendars_is_refused(work: Path):
    before = snapshot(work)
    code, out, err = run("build", "--source", "source", "--out", "source/calendars")
    assert code == 2 and out == ""
    assert err == (
        "source/calendars: error[out-in-source]: refusing to write outputs into or over the source folder source\n"
    )
    assert snapshot(work) == before
    assert run("check", "--source", "source")[0] == 0


def test_a_foreign_folder_outside_the_sources_is_refused(work: Path):
    shutil.copytree(work / "source" / "calendars", work / "calendars-copy")
    before = snapshot(work)
    code, _, err = run("build", "--source", "source", "--out", "calendars-copy")
    assert code == 2
    assert err == (
        f"{work / 'calendars-copy'}: error[out-not-ours]: refusing to replace this folder: "
        "it is not empty and holds no manifest of lexpub build\n"
    )
    assert snapshot(work) == before


def test_issue_into_the_sources_is_refused(work: Path):
    before = snapshot(work)
    code, _, err = run(
        "issue", "refusal", "--data", "source/samples/refusals.csv", "--out", "source/issued", "--source", "source"
    )
    assert code == 2
    assert "error[out-in-source]" in err
    assert snapshot(work) == before


def test_issue_into_a_build_is_refused(work: Path):
    before = snapshot(work)
    code, _, err = run(
        "issue", "refusal", "--data", "source/samples/refusals.csv", "--out", "build", "--source", "source"
    )
    assert code == 2
    assert err == (
        f"{work / 'build'}: error[out-not-ours]: refusing to replace this folder: "
        "it is the output of lexpub build, not of lexpub issue\n"
    )
    assert snapshot(work) == before


def test_build_into_an_issue_folder_is_refused(work: Path):
    (work / "issued").mkdir()
    (work / "issued" / "manifest.json").write_text('{"kind": "refusal", "files": []}\n', encoding="utf-8")
    before = snapshot(work)
    code, _, err = run("build", "--source", "source", "--out", "issued")
    assert code == 2
    assert "it is the output of lexpub issue, not of lexpub build" in err
    assert snapshot(work) == before


def test_a_users_file_in_the_build_keeps_the_build_from_being_replaced(work: Path):
    (work / "build" / "acts" / "my notes.txt").write_text("менің жазбаларым\n", encoding="utf-8")
    before = snapshot(work)
    code, _, err = run("build", "--source", "source", "--out", "build")
    assert code == 2
    assert err.endswith("it holds 1 file(s) lexpub did not write: acts/my notes.txt\n"), err
    assert snapshot(work) == before


def test_rebuild_of_an_own_build_is_allowed(work: Path):
    code, _, err = run("build", "--source", "source", "--out", "build")
    assert code == 0, err
    assert run("verify", "build")[0] == 0


def test_a_spare_holding_foreign_files_is_reported_and_kept(work: Path):
    assert run("build", "--source", "source", "--out", "build")[0] == 0  # the first tree becomes the spare
    spare = work / ".build-spare"
    assert (spare / "manifest.json").is_file()
    (spare / "keep-me.txt").write_text("not lexpub's\n", encoding="utf-8")
    act = work / "source" / "acts" / "mod-2017-350.yaml"  # a change to build (a no-op touches no spare)
    act.write_text(act.read_text("utf-8") + "# edited\n", encoding="utf-8")
    code, _, err = run("build", "--source", "source", "--out", "build")
    assert code == 0, err
    assert "warning[foreign-spare]" in err and "keep-me.txt" in err
    assert (spare / "keep-me.txt").read_text("utf-8") == "not lexpub's\n"
    assert run("verify", "build")[0] == 0


def edit_an_act(work: Path, mark: str) -> None:
    """A change to build (a no-op build touches neither the published tree nor the spare)."""
    act = work / "source" / "acts" / "mod-2017-350.yaml"
    act.write_text(act.read_text("utf-8") + f"# {mark}\n", encoding="utf-8")


def hide_in(folder: Path, name: str) -> None:
    """A user's file put in ``folder``, whose mtime is then set back (as ``tar`` or ``rsync -a`` do)."""
    st = os.lstat(folder)
    (folder / name).write_text("менің жазбаларым\n", encoding="utf-8")
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.lstat(folder).st_mtime_ns == st.st_mtime_ns


def test_a_users_file_behind_a_reset_mtime_keeps_the_build_from_being_replaced(work: Path):
    """The build's fingerprint record spares listing the tree, but never vouches for this folder."""
    edit_an_act(work, "1")
    assert run("build", "--source", "source", "--out", "build")[0] == 0  # the record now describes this tree
    hide_in(work / "build" / "acts" / "mod-2023-2", "my notes.txt")
    edit_an_act(work, "2")
    before = snapshot(work)
    code, _, err = run("build", "--source", "source", "--out", "build")
    assert code == 2
    assert err.endswith("it holds 1 file(s) lexpub did not write: acts/mod-2023-2/my notes.txt\n"), err
    assert snapshot(work) == before


def test_a_users_file_behind_a_reset_mtime_in_the_spare_is_reported_and_kept(work: Path):
    for mark in ("1", "2"):  # two builds here: the spare is a tree with its record
        edit_an_act(work, mark)
        assert run("build", "--source", "source", "--out", "build")[0] == 0
    spare = work / ".build-spare"
    hide_in(spare / "acts" / "mod-2023-2", "keep-me.txt")
    edit_an_act(work, "3")
    code, _, err = run("build", "--source", "source", "--out", "build")
    assert code == 0, err
    assert "warning[foreign-spare]" in err and "acts/mod-2023-2/keep-me.txt" in err
    assert (spare / "acts" / "mod-2023-2" / "keep-me.txt").read_text("utf-8") == "менің жазбаларым\n"
    assert run("verify", "build")[0] == 0


def test_a_rebuild_of_its_own_tree_lists_neither_it_nor_the_spare(work: Path, monkeypatch: pytest.MonkeyPatch):
    """Listing every file of the published tree and of the spare was most of a rebuild after one
    edit (0.2 s of 0.33 s at 1,000 works); their records vouch for both."""
    import lexpub.publish.atomic as atomic

    for mark in ("1", "2"):
        edit_an_act(work, mark)
        assert run("build", "--source", "source", "--out", "build")[0] == 0
    listed: list[Path] = []
    real = atomic.foreign_files
    monkeypatch.setattr(atomic, "foreign_files", lambda folder, owned: listed.append(folder) or real(folder, owned))
    edit_an_act(work, "3")
    code, _, err = run("build", "--source", "source", "--out", "build")
    assert code == 0, err
    assert listed == []
    (work / "build" / "stray.txt").write_text("x", encoding="utf-8")
    edit_an_act(work, "4")
    assert run("build", "--source", "source", "--out", "build")[0] == 2
    assert listed == [(work / "build").resolve()], "listed when the record cannot vouch: to name the file"


def test_render_over_a_source_act_is_refused_even_with_force(work: Path):
    before = snapshot(work)
    for extra in ([], ["--force"]):
        code, _, err = run(
            "render", "mod-2023-2", "--format", "md", "--source", "source", "--out", "source/acts/x.yaml", *extra
        )
        assert code == 2
        assert err == (
            "source/acts/x.yaml: error[out-in-source]: refusing to write into the source folder source: "
            "--out must be elsewhere\n"
        )
    code, _, err = run("render", "mod-2023-2", "--source", "source", "--out", "source/acts/mod-2023-2.yaml", "--force")
    assert code == 2 and "error[out-in-source]" in err
    assert snapshot(work) == before


def test_render_over_a_foreign_file_needs_force_and_says_so(work: Path):
    mine = work / "report.md"
    mine.write_text("my own report\n", encoding="utf-8")
    code, _, err = run("render", "mod-2023-2", "--format", "md", "--source", "source", "--out", "report.md")
    assert code == 2
    assert (
        err
        == "report.md: error[out-not-ours]: refusing to replace a file lexpub did not write; give --force to replace it\n"
    )
    assert mine.read_text("utf-8") == "my own report\n"
    code, _, err = run("render", "mod-2023-2", "--format", "md", "--source", "source", "--out", "report.md", "--force")
    assert code == 0
    assert err == "report.md: note: --force: replacing a file lexpub did not write\n"
    assert mine.read_text("utf-8").startswith("#")
    # Now lexpub wrote it: rendering again (other bytes) needs no --force.
    code, _, err = run("render", "mod-2023-2", "--format", "json", "--source", "source", "--out", "report.md")
    assert code == 0, err
    assert err == ""


@pytest.mark.parametrize(
    "verb", [["diff", "mod-2023-2"], ["compare", "mod-2023-2"], ["service", "military-specialty-training"]]
)
def test_every_file_writer_refuses_a_foreign_file(work: Path, verb: list[str]):
    mine = work / "mine.bin"
    mine.write_bytes(b"\x00precious")
    code, _, err = run(*verb, "--source", "source", "--out", "mine.bin")
    assert code == 2, err
    assert "error[out-not-ours]" in err
    assert mine.read_bytes() == b"\x00precious"


def test_issue_never_replaces_a_folder_holding_its_data_file(work: Path):
    out = work / "issued"
    out.mkdir()
    shutil.copy(work / "source" / "samples" / "refusals.csv", out / "refusals.csv")
    before = snapshot(work)
    code, _, err = run(
        "issue", "refusal", "--data", "issued/refusals.csv", "--out", "issued", "--text", "latest", "--source", "source"
    )
    assert code == 2
    assert "error[out-not-ours]" in err
    assert snapshot(work) == before
