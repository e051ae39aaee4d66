"""Hostile citizen data for ``lexpub issue``: each bad record is refused with its row and reason (exit
status 2) while the good ones are still issued; broken files change nothing in the output folder;
formulas never reach a spreadsheet cell as formulas; HTML and script in names are escaped in HTML and
printed literally in PDF.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip(
    "lexpub.services.documents.batch", reason="lexpub issue (lexpub/issue.py, helper D) is not there yet"
)

from lexpub.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
HEADER = "number,full_name,iin,grounds,explanation,appeal,issued"
GOOD = "R-0,Серікқызы Аяулым,040315590008,2,Түсініктеме,Шағым,2025-03-12"
ISSUER = "astana-ddo-sample"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# name → (one bad record, the exact error line for it as row 3 of a file whose row 2 is GOOD)
RECORDS = {
    "missing-name": (
        "R-1,,040315590008,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): full_name: missing value",
    ),
    "blank-name": (
        'R-1,"   ",040315590008,2,Түсініктеме,Шағым,2025-03-12',
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): full_name: missing value",
    ),
    "missing-iin": (
        "R-1,Серікқызы Аяулым,,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): iin: missing value",
    ),
    "iin-bad-checksum": (
        "R-1,Серікқызы Аяулым,040315590009,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): iin: check digit is 9, the checksum gives 8",
    ),
    "iin-impossible-birth-date": (
        "R-1,Серікқызы Аяулым,043015590008,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): iin: digits 1–6 are not a real birth date (2004-30-15)",
    ),
    "issued-feb-29-non-leap": (
        "R-1,Серікқызы Аяулым,040315590008,2,Түсініктеме,Шағым,2023-02-29",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): issued: '2023-02-29' is not a real date (2023 is not a leap year)",
    ),
    "ground-not-in-row-9": (
        "R-1,Серікқызы Аяулым,040315590008,99,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): grounds: 99 is not a sub-item of row 9 in force on "
        "2025-03-12 (allowed: 1, 2, 3, 4)",
    ),
    "number-path-traversal": (
        "../../x,Серікқызы Аяулым,040315590008,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (../../x): number: '../../x' must be 1–64 letters, digits, '.', "
        "'_' or '-' (it names the file)",
    ),
    "number-formula": (
        "\"=cmd|' /C calc'!A0\",Серікқызы Аяулым,040315590008,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (=cmd|' /C calc'!A0): number: \"=cmd|' /C calc'!A0\" must be "
        "1–64 letters, digits, '.', '_' or '-' (it names the file)",
    ),
    "control-character-in-name": (
        "R-1,Серікқызы\x1bАяулым,040315590008,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): full_name: control characters are not allowed",
    ),
    "too-few-cells": (
        "R-1,Серікқызы Аяулым,040315590008",
        "r.csv:3:1: error[record-invalid]: row 3: 3 cells, the header has 7",
    ),
    "duplicate-number": (
        GOOD,
        "r.csv:3:1: error[record-invalid]: row 3 (R-0): number: R-0 already used by row 2",
    ),
    "name-formula": (
        'R-1,"=HYPERLINK(""http://x"",""a"")",040315590008,2,Түсініктеме,Шағым,2025-03-12',
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): full_name: starts with '=', as a spreadsheet formula "
        "does; a name never does",
    ),
    "name-latin-look-alike": (
        "R-1,Aлибеков Нұрсұлтан,040315590008,2,Түсініктеме,Шағым,2025-03-12",  # a Latin A
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): full_name: Aлибеков mixes Latin and Cyrillic letters "
        "that look alike",
    ),
    "name-lone-combining-mark": (
        "R-1,\u0301Серікқызы Аяулым,040315590008,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): full_name: invisible, private-use or unassigned "
        "characters are not allowed (U+0301)",
    ),
    "name-hangul-filler": (
        "R-1,Серікқызы\u3164Аяулым,040315590008,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): full_name: invisible, private-use or unassigned "
        "characters are not allowed (U+3164)",
    ),
    "name-too-long-for-the-page": (
        "R-1," + "Серікқызы " * 9 + "Аяулым,040315590008,2,Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): full_name: 96 characters, the document holds at most 80 "
        "on its one page",
    ),
    "grounds-of-5000-digits": (
        "R-1,Серікқызы Аяулым,040315590008," + "1" * 5000 + ",Түсініктеме,Шағым,2025-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): grounds: 11111111… (5000 characters) is not a sub-item "
        "number of row 9",
    ),
    "refusal-dated-1900": (
        "R-1,Серікқызы Аяулым,040315590008,2,Түсініктеме,Шағым,1900-03-12",
        "r.csv:3:1: error[record-invalid]: row 3 (R-1): iin: the birth date is after the issue date",
    ),
}


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
    }


def issue(tmp_path: Path, data: bytes | str, *extra: str, name: str = "r.csv", fmt: str = "html"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    out = tmp_path / "out"
    args = ["issue", "refusal", "--source", str(SOURCE), "--data", name, "--out", str(out)]
    args += ["--format", fmt, "--lang", "kaz", "--text", "latest", "--issuer", ISSUER, *extra]
    with contextlib.chdir(tmp_path):  # --data as typed there: messages name the file ``r.csv``
        result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result, out


def lines(stderr: str) -> list[str]:
    out = stderr.splitlines()
    return out[:-1] if len(out) > 1 and out[-1].endswith(" problems") else out


@pytest.mark.parametrize("case", sorted(RECORDS))
def test_bad_record_is_refused_and_good_one_issued(tmp_path: Path, case: str):
    record, expected = RECORDS[case]
    result, out = issue(tmp_path, f"{HEADER}\n{GOOD}\n{record}\n")
    assert result.exit_code == 2, result.output
    assert lines(result.stderr) == [expected]
    assert result.stdout == f"Жазбалар: 2; берілді: 1 (файлдар: 1, kk); бас тартылды: 1; белгіленді: 0 → {out}\n"
    assert sorted(p.name for p in (out / "refusal" / "kk").iterdir()) == ["R-0.html"]
    rows = list(csv.reader(io.StringIO((out / "errors.csv").read_text("utf-8"))))
    assert rows[0] == ["row", "number", "reason"] and len(rows) == 2 and rows[1][0] == "3"
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)


def test_formula_never_reaches_the_spreadsheet_as_a_formula(tmp_path: Path):
    record = RECORDS["number-formula"][0]
    _, out = issue(tmp_path, f"{HEADER}\n{record}\n")
    rows = list(csv.reader(io.StringIO((out / "errors.csv").read_text("utf-8"))))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"  # a leading quote: text, not a formula


FILE_CASES = {
    "typo-in-column": (
        HEADER.replace("full_name", "ful_name") + "\n" + GOOD + "\n",
        "r.csv: error[unknown-field]: unknown field(s) ful_name (allowed: appeal, explanation, full_name, grounds, iin, issued, issuer, number, submitted)",
    ),
    "unclosed-quote": (
        HEADER + '\nR-1,"Серікқызы Аяулым,040315590008,2,a,b,2025-03-12\n',
        "r.csv:2:1: error[csv-syntax]: unexpected end of data",
    ),
    "windows-1251": (
        (HEADER + "\nR-0,Петров Иван,040315590008,2,a,b,2025-03-12\n").encode("cp1251"),
        "r.csv:2:5: error[encoding]: not UTF-8: byte 0xcf cannot be decoded",
    ),
    "duplicate-column": (HEADER + ",iin\n" + GOOD + ",1\n", "r.csv:1:1: error[csv-header]: duplicate column names"),
    "empty-file": ("", "r.csv:1:1: error[csv-empty]: no header row"),
}


@pytest.mark.parametrize("case", sorted(FILE_CASES))
def test_broken_file_changes_nothing(tmp_path: Path, case: str):
    data, expected = FILE_CASES[case]
    previous, out = issue(tmp_path, f"{HEADER}\n{GOOD}\n", name="previous.csv")  # a real earlier output
    assert previous.exit_code == 0, previous.output
    assert (out / "refusal" / "kk" / "R-0.html").is_file()
    before = snapshot(tmp_path)
    (tmp_path / "r.csv").write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    before["r.csv"] = hashlib.sha256((tmp_path / "r.csv").read_bytes()).hexdigest()
    result, _ = issue(tmp_path, data)
    assert result.exit_code == 2, result.output
    assert lines(result.stderr) == [expected]
    assert snapshot(tmp_path) == before


def test_html_in_a_name_is_escaped_in_html(tmp_path: Path):
    name = '<script>alert("x")</script> <b>Әлібеков</b> & Co'
    result, out = issue(
        tmp_path, f'{HEADER}\nR-1,"{name.replace(chr(34), chr(34) * 2)}",040315590008,2,a,b,2025-03-12\n'
    )
    assert result.exit_code == 0, result.output
    html = (out / "refusal" / "kk" / "R-1.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &lt;b&gt;Әлібеков&lt;/b&gt; &amp; Co" in html
    assert "<script>" not in html and "<b>Әлібеков" not in html


@pytest.mark.slow
def test_html_in_a_name_is_literal_in_pdf(tmp_path: Path):
    pypdf = pytest.importorskip("pypdf")
    name = "<b>Әлібеков</b> & <script>x</script>"
    result, out = issue(tmp_path, f"{HEADER}\nR-1,{name},040315590008,2,a,b,2025-03-12\n", fmt="pdf")
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out / "refusal" / "kk" / "R-1.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "<b>Әлібеков</b> & <script>x</script>" in " ".join(text.split())


def test_bidi_override_in_a_name_is_refused(tmp_path: Path):
    """A right-to-left override (U+202E) could disguise a citizen's name in the document."""
    result, out = issue(tmp_path, f"{HEADER}\nR-1,Ivan\u202evonaV,040315590008,2,a,b,2025-03-12\n")
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        "r.csv:2:1: error[record-invalid]: row 2 (R-1): full_name: invisible, private-use or unassigned "
        "characters are not allowed (U+202E)"
    ]
    assert not (out / "refusal" / "kk" / "R-1.html").exists()


# --------------------------------------------------------------------------- invariants (hypothesis)
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lexpub.errors import InputError  # noqa: E402
from lexpub.services.documents.checks import hidden_characters, mixed_words, name_value  # noqa: E402
from lexpub.services.documents.eligibility import age_on  # noqa: E402
from lexpub.services.documents.records import read_json  # noqa: E402

JSONISH = st.text(alphabet=st.sampled_from('[]{}",:0123456789-eE.tfnaulrsNI\\ \n'), max_size=200)


@settings(max_examples=300, deadline=None)
@given(JSONISH)
def test_json_records_never_raise_anything_but_an_input_error(text: str) -> None:
    try:
        records = read_json(text, "r.json")
    except InputError as exc:
        assert all(i.loc is not None and i.loc.file == "r.json" for i in exc.issues)
    else:
        assert all(isinstance(r.values, dict) for r in records)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_a_name_passes_clean_or_is_refused_with_one_reason(raw: str) -> None:
    errors: list[str] = []
    value = name_value({"full_name": raw}, "full_name", errors)
    if value:
        assert errors == [] and value == raw.strip()
        assert not hidden_characters(value) and not mixed_words(value) and not value.startswith(("=", "+", "-", "@"))
        assert len(value) <= 80
    else:
        assert len(errors) == 1 and errors[0].startswith("full_name: ")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(0, 3000))
def test_age_grows_with_the_day_and_is_whole_on_birthdays(born: dt.date, days: int) -> None:
    later = born + dt.timedelta(days=days)
    years, months = age_on(born, later)
    assert 0 <= months < 12 and years >= 0
    assert (years, months) <= age_on(born, later + dt.timedelta(days=1))
    if born.month != 2 or born.day != 29:
        birthday = born.replace(year=born.year + years)
        assert age_on(born, birthday) == (years, 0)
