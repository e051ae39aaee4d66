"""Sources stay in ``source/`` (issue 15 §6): every file lexpub reads from a source folder is a
regular file inside it after resolving every component. A link out (a sample CSV pointing at a real
citizens' file, a calendar, a service, the errata seed), an absolute seed or ``seed: /dev/zero`` is a
located refusal, and the file outside is never read, let alone published.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main

SOURCE = Path(__file__).resolve().parents[2] / "source"
SECRET = "Сұлтанов Серік Болатұлы,850101300123"


@pytest.fixture
def src(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SOURCE, tmp_path / "source")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "source"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def link_out(src: Path, rel: str) -> Path:
    """Move ``rel`` out of the source folder and leave a link to it in its place."""
    outside = src.parent / ("outside-" + Path(rel).name)
    shutil.move(src / rel, outside)
    (src / rel).symlink_to(outside)
    return outside


def test_a_sample_csv_linked_out_is_never_published(src: Path, monkeypatch: pytest.MonkeyPatch):
    import lexpub.publish.build as b

    outside = link_out(src, "samples/applicants.csv")
    outside.write_text(outside.read_text("utf-8") + SECRET + "\n", encoding="utf-8")
    monkeypatch.setattr(b, "PRODUCERS", ["lexpub.services.documents.batch:sample_outputs"])
    code, err = run("build", "--source", "source", "--out", "build")
    assert code == 2
    assert err == (
        "source/samples/applicants.csv: error[outside-source]: a file outside the source folder (a link out, or ..)\n"
    )
    assert not (src.parent / "build").exists()


@pytest.mark.parametrize(
    ("rel", "args", "shown"),
    [
        ("calendars/2025.yaml", ["calendar", "2025"], "source/calendars/2025.yaml"),
        (
            "services/required-rows.yaml",
            ["service", "military-specialty-training"],
            "source/services/required-rows.yaml",
        ),
        ("seeds/mod-2023-2.adilet.txt", ["fidelity", "mod-2023-2"], "seed seeds/mod-2023-2.adilet.txt"),
    ],
)
def test_a_source_file_linked_out_is_refused(src: Path, rel: str, args: list[str], shown: str):
    link_out(src, rel)
    code, err = run(*args, "--source", "source")
    assert code == 2
    assert shown in err and "error[outside-source]: a file outside the source folder" in err, err


@pytest.mark.parametrize("seed", ["/dev/zero", "/etc/passwd", "../outside.txt", "seeds/../../outside.txt"])
def test_the_errata_seed_is_a_path_inside_the_source_folder(src: Path, seed: str):
    errata = src / "errata" / "mod-2023-2.yaml"
    text = errata.read_text("utf-8")
    start = text.index("\nseed: ") + 1
    end = text.index("\n", start)
    errata.write_text(text[:start] + f"seed: {seed}" + text[end:], encoding="utf-8")
    code, err = run("fidelity", "mod-2023-2", "--source", "source")
    assert code == 2
    assert f"error[outside-source]: seed {seed!r}: a path relative to the source folder" in err, err


def test_a_seed_that_is_a_pipe_is_never_read(src: Path):
    import os

    seed = src / "seeds" / "mod-2023-2.adilet.txt"
    seed.unlink()
    os.mkfifo(seed)  # reading it would block forever
    code, err = run("fidelity", "mod-2023-2", "--source", "source")
    assert code == 2
    assert "error[not-a-file]: not a regular file (a folder, a pipe or a device)" in err, err
