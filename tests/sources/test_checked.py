"""A clean ``lexpub check`` remembered by content (:mod:`lexpub.sources.checked`): the same folder,
code and environment print the same lines again without building a work; any edit — an error
planted, a file added — runs the whole check, which finds and words the problem afresh; a damaged
record, an unusual folder or ``LEXPUB_CACHE=off`` run the whole check too."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lexpub.cli import build as build_verbs
from lexpub.cli.commands import cli
from lexpub.sources import checked

SOURCE = Path(__file__).resolve().parents[2] / "source"
OK = "ok: 4 works, 5 amendments\n"


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEXPUB_CACHE", str(tmp_path / "cache"))
    shutil.copytree(SOURCE, tmp_path / "source")
    return tmp_path / "source"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders the check verb loaded (a replayed check loads none)."""
    seen: list[Path] = []
    real = build_verbs.load

    def counted(source: Path, act: str | None = None):  # type: ignore[no-untyped-def]
        seen.append(source)
        return real(source, act)

    monkeypatch.setattr(build_verbs, "load", counted)
    return seen


def check(source: Path) -> Result:
    return CliRunner().invoke(cli, ["check", "--source", str(source)])


def test_same_content_is_not_loaded_again_and_prints_the_same(source: Path, loads: list[Path]) -> None:
    first = check(source)
    assert (first.exit_code, first.stdout) == (0, OK)
    again = check(source)
    assert (again.exit_code, again.stdout, again.stderr) == (0, OK, first.stderr)
    assert loads == [source]


def test_an_error_planted_after_a_clean_check_is_found(source: Path, loads: list[Path]) -> None:
    assert check(source).exit_code == 0
    act = source / "acts" / "mod-2023-2.yaml"
    clean = act.read_bytes()
    act.write_bytes(clean.replace("бекітілсін".encode(), "бекіт\u200bілсін".encode(), 1))
    bad = check(source)
    assert bad.exit_code == 2
    assert "acts/mod-2023-2.yaml:" in bad.stderr and "ok:" not in bad.stdout
    act.write_bytes(clean)  # back to the bytes that passed: replayed, not loaded
    assert check(source).stdout == OK
    assert len(loads) == 2


def test_a_new_file_anywhere_runs_the_check(source: Path, loads: list[Path]) -> None:
    check(source)
    (source / "acts" / "x.yml").write_text("{}\n", "utf-8")
    stray = check(source)
    assert stray.exit_code == 2 and "stray-file" in stray.stderr
    assert len(loads) == 2


def test_damaged_record_off_and_symlinks_run_the_check(
    source: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    check(source)
    [record] = (tmp_path / "cache" / "checks").iterdir()
    blob = record.read_bytes()
    record.write_bytes(blob[:-3] + b"xyz")
    assert check(source).stdout == OK and len(loads) == 2  # ignored, then written afresh
    assert check(source).stdout == OK and len(loads) == 2
    monkeypatch.setenv("LEXPUB_CACHE", "off")
    assert check(source).stdout == OK and len(loads) == 3
    monkeypatch.setenv("LEXPUB_CACHE", str(tmp_path / "cache"))
    (source / "seeds" / "link.txt").symlink_to(source / "README.md")
    assert checked.source_key(source) is None
    assert check(source).stdout == OK and check(source).stdout == OK and len(loads) == 5


def test_lines_come_back_in_order_on_their_streams(source: Path) -> None:
    check(source)
    [key] = checked._read()  # the key the verb took (the folder and its command line)
    lines = [(True, "acts/x.yaml: note[draft]: x is a draft"), (False, "ok: 1 works, 0 amendments")]
    checked.remember(key, lines)
    assert checked.said_before(key) == lines
    assert checked.said_before(None) is None
    result = check(source)
    assert (result.stdout, result.stderr) == ("ok: 1 works, 0 amendments\n", "acts/x.yaml: note[draft]: x is a draft\n")


def test_the_wording_environment_is_part_of_the_key(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = checked.source_key(source)
    monkeypatch.setenv("LEXPUB_LANG", "ru")
    assert checked.source_key(source) not in (None, key)


def test_unchanged_files_are_not_read_again_and_a_same_size_edit_is_seen(
    source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checked, "SETTLE_NS", 0)  # trust statuses however young (the test runs within 2 s)
    first = checked.source_key(source)
    reads: list[Path] = []
    real = Path.read_bytes

    def counted(self: Path) -> bytes:
        reads.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    assert checked.source_key(source) == first
    assert not [p for p in reads if SOURCE.name in p.parts]
    act = source / "acts" / "mod-2023-2.yaml"
    before = act.stat()
    text = act.read_text("utf-8")
    act.write_text(text.replace("бекітілсін", "бекітілсің", 1), "utf-8")  # same size, other bytes
    os.utime(act, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    assert act.stat().st_size == before.st_size
    assert checked.source_key(source) not in (None, first)


def test_the_command_line_options_are_part_of_the_key(source: Path) -> None:
    assert checked.source_key(source, "lexpub:[('lang', \"'ru'\")]") != checked.source_key(source, "")


def test_lexpubs_templates_are_part_of_the_key(source: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    templates = Path(shutil.copytree(checked.TEMPLATES, tmp_path / "templates"))
    monkeypatch.setattr(checked, "TEMPLATES", templates)
    key = checked.source_key(source)
    (templates / "base.html").write_text((templates / "base.html").read_text("utf-8") + "\n", "utf-8")
    assert checked.source_key(source) not in (None, key)
