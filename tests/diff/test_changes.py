"""``lexpub changes REV1 REV2`` on a throw-away git repository holding a copy of the corpus."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.diff.git_changes import source_changes
from tests.conftest import SOURCE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> str:
    env_args = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *env_args, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(SOURCE, repo / "source")
    _git(repo, "init", "-q")
    _git(repo, "add", "source")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "tag", "base")
    acts = repo / "source" / "acts"
    order2 = acts / "mod-2023-2.yaml"
    text = order2.read_text(encoding="utf-8")
    old = "Осы бұйрықтың орындалуын бақылау Қорғаныс министрінің бірінші орынбасары"
    assert old in text
    order2.write_text(
        text.replace(old, "Осы бұйрықтың орындалуын бақылау Қорғаныс министрінің орынбасары"), encoding="utf-8"
    )
    order1100 = acts / "mod-2023-1100.yaml"
    text = order1100.read_text(encoding="utf-8")
    text = text.replace(
        "  publication:\n    date: unknown\n    source: unknown",
        "  publication:\n    date: 2023-11-01\n    source: Әділет",
    )
    order1100.write_text(text, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "edit")
    return repo


def test_units_works_and_dates_changed(repo: Path) -> None:
    ch = source_changes(repo / "source", "base", "HEAD")
    assert ch.added == () and ch.removed == ()
    by = {w.work: w for w in ch.works}
    assert sorted(by) == ["mod-2023-1100", "mod-2023-2"]
    w2 = by["mod-2023-2"]
    assert w2.units_changed == ("para_3",) and w2.units_added == () and w2.text_changed
    w1100 = by["mod-2023-1100"]
    assert "publication" in w1100.fields
    assert w1100.in_force is not None
    assert w1100.in_force[0]["statement"] == "unknown, not before 2023-11-08"
    assert w1100.in_force[1]["statement"] == "2023-11-12"
    [(key, before, after)] = w1100.commencements
    assert key == "mod-2023-1100:repeal:mod-2023-2#att_nn_1__para_3"
    assert (before["statement"], after["statement"]) == ("unknown, not before 2023-11-08", "2023-11-12")


def test_cli_changes(repo: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["changes", "base", "HEAD", "--source", str(repo / "source")])
    assert res.exit_code == 0, res.output
    assert "~ work mod-2023-2" in res.output and "    ~ unit para_3" in res.output
    assert (
        "commencement of mod-2023-1100:repeal:mod-2023-2#att_nn_1__para_3: unknown, not before 2023-11-08 → 2023-11-12"
        in res.output
    )
    res = runner.invoke(main, ["changes", "base", "base", "--source", str(repo / "source"), "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["works"] == []


@pytest.mark.parametrize("rev", ["no-such-rev", "--output=/tmp/x", "HEAD\nHEAD", ""])
def test_bad_revisions_are_refused(repo: Path, rev: str) -> None:
    res = CliRunner().invoke(main, ["changes", "--source", str(repo / "source"), "--", rev, "HEAD"])
    assert res.exit_code == 2
    assert "bad-revision" in res.output


def test_other_source_files_are_listed_not_hidden(repo: Path) -> None:
    """An errata or site file edit is not an act change, but a reviewer must see it: never 'no changes'."""
    errata = repo / "source" / "errata" / "mod-2023-2.yaml"
    errata.write_text(errata.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    (repo / "source" / "site.yaml").write_text("base_url: https://example.kz/\n", encoding="utf-8")
    _git(repo, "add", "source")
    _git(repo, "commit", "-q", "-m", "errata and site")
    ch = source_changes(repo / "source", "HEAD~1", "HEAD")
    assert ch.works == () and ch.added == ()
    assert ch.other_files == (
        ("M", "errata/mod-2023-2.yaml"),
        ("M" if (SOURCE / "site.yaml").exists() else "A", "site.yaml"),
    )
    result = CliRunner().invoke(main, ["changes", "HEAD~1", "HEAD", "--source", str(repo / "source")])
    assert result.exit_code == 0, result.output
    assert "no changes to the corpus" not in result.output
    assert "no changes to the acts" in result.output
    assert "other source files changed (not compared unit by unit):\n    M errata/mod-2023-2.yaml\n" in result.output
    data = json.loads(
        CliRunner().invoke(main, ["changes", "HEAD~1", "HEAD", "--json", "--source", str(repo / "source")]).output
    )
    assert {"status": "M", "path": "errata/mod-2023-2.yaml"} in data["other_files"]
