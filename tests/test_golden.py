"""Golden files: whole outputs for the real corpus, compared byte for byte, so that any change to what
a reader gets — a word, a date, an attribute, a space — shows up in review as a diff of these files.

``tests/golden/`` holds Order No. 2's latest text as Akoma Ntoso, as the HTML page and as Markdown
(``lexpub render mod-2023-2 --format akn|html|md``), and the Kazakh notice of the first sample
applicant (``lexpub issue notice --data source/samples/applicants.csv --lang kaz --format html
--text latest``). When an output is meant to change, rewrite them and review the diff::

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

(a rewritten file fails its test once, so that an update is never silent).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
GOLDEN = Path(__file__).resolve().parent / "golden"


def cli(*args: str) -> bytes:
    result = CliRunner().invoke(main, [*args, "--source", str(SOURCE)])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def compare(name: str, actual: bytes) -> None:
    """``actual`` equals ``tests/golden/<name>``; with UPDATE_GOLDEN=1 the file is rewritten (and the test fails)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        old = path.read_bytes() if path.exists() else None
        path.write_bytes(actual)
        if old != actual:
            pytest.fail(f"{path.relative_to(ROOT)} rewritten: review and commit the diff")
        return
    expected = path.read_bytes()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(),
            actual.decode("utf-8").splitlines(),
            f"golden/{name}",
            "actual",
            lineterm="",
            n=1,
        )
        shown = "\n".join(list(diff)[:60])
        pytest.fail(f"{name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it):\n{shown}")


@pytest.mark.parametrize(("fmt", "name"), [("akn", "mod-2023-2.latest.xml"), ("md", "mod-2023-2.latest.md")])
def test_exchange_formats_of_order_2(fmt: str, name: str) -> None:
    compare(name, cli("render", "mod-2023-2", "--format", fmt))


def test_html_page_of_order_2() -> None:
    compare("mod-2023-2.latest.html", cli("render", "mod-2023-2", "--format", "html", "--ui", "kaz"))


def test_kazakh_notice_of_a_sample_applicant(tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = SOURCE / "samples" / "applicants.csv"
    cli(
        "issue",
        "notice",
        "--data",
        str(data),
        "--out",
        str(out),
        "--lang",
        "kaz",
        "--format",
        "html",
        "--text",
        "latest",
        "--issuer",
        "astana-ddo-sample",
    )
    compare("notice.kk.S-N-001.html", (out / "notice" / "kk" / "S-N-001.html").read_bytes())
