"""docs/reliability.md states the figures of the hostile suite and the fuzzing; this test regenerates
them from the suite so they cannot go stale. To refresh the document after adding cases, run
``.venv/bin/python tests/test_hostile_doc.py --write``."""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.sources.test_hostile import CASES, spec  # noqa: E402

DOC = HERE.parent / "docs" / "reliability.md"
BEGIN, END = "<!-- generated:begin (tests/test_hostile_doc.py) -->", "<!-- generated:end -->"
RULE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): error\[(?P<rule>[a-z0-9-]+)\]")


def rules_of(case: str) -> list[str]:
    out = []
    for line in spec(case)["expect"]:
        m = RULE.match(line)
        assert m, line
        if m["rule"] not in out:
            out.append(m["rule"])
    return out


def generated() -> str:
    rules = sorted({r for c in CASES for r in rules_of(c)})
    lines = [
        BEGIN,
        f"**{len(CASES)} hostile cases, {len(CASES)} pass**, covering **{len(rules)} rules**. Each case is run through "
        "`lexpub check` and `lexpub build` (in-process, plus 10 representative cases through the installed "
        "command in a subprocess): exit status 2, exactly the expected `file:line:column: error[rule]` lines, "
        "and a pre-populated output folder left byte-for-byte unchanged (SHA-256 of the whole tree).",
        "",
        "| case | broken input | first error |",
        "|---|---|---|",
    ]
    for case in CASES:
        data = spec(case)
        first = data["expect"][0].replace("|", "\\|")
        about = str(data["about"]).replace("|", "\\|")
        lines.append(f"| `{case}` | {about} | `{first}` |")
    lines.append(END)
    return "\n".join(lines)


def current() -> str:
    text = DOC.read_text("utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[start:end]


def test_doc_states_the_real_figures():
    assert len(CASES) >= 40
    assert current() == generated(), (
        "docs/reliability.md is stale: run .venv/bin/python tests/test_hostile_doc.py --write"
    )


def test_doc_names_fuzz_targets_that_exist():
    fuzz = (HERE / "test_fuzz.py").read_text("utf-8")
    doc = DOC.read_text("utf-8")
    named = re.findall(r"`(test_[a-z_]+)`", doc)
    assert len(named) >= 8
    sources = "".join(p.read_text("utf-8") for p in sorted(HERE.rglob("test_*.py")))
    for name in named:
        assert f"def {name}(" in sources, name
    default = re.search(r'FUZZ_EXAMPLES", "(\d+)"', fuzz)
    assert default and f"max_examples={default[1]}" in doc


def test_doc_states_the_citizen_data_count():
    import pytest

    pytest.importorskip("lexpub.services.documents.batch", reason="lexpub issue is not there yet")
    from tests.services.test_hostile_csv import FILE_CASES, RECORDS

    m = re.search(r"<!-- csv-count --> \*\*(\d+) citizen-data cases\*\*: (\d+) bad records", DOC.read_text("utf-8"))
    assert m, "docs/reliability.md lost its citizen-data figure"
    assert int(m[1]) == len(RECORDS) + len(FILE_CASES)
    assert int(m[2]) == len(RECORDS)


if __name__ == "__main__" and "--write" in sys.argv:
    text = DOC.read_text("utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    DOC.write_text(text[:start] + generated() + text[end:], encoding="utf-8")
    print(f"wrote {DOC}")


def test_readme_states_the_case_count():
    readme = (HERE.parent / "README.md").read_text("utf-8")
    assert f"**{len(CASES)} hostile cases; all {len(CASES)} pass**" in readme


def test_doc_states_the_environment_count():
    """The issue-15 table: its per-class counts add up to the stated figure, and the total with the
    source cases is at least 150."""
    text = DOC.read_text("utf-8")
    m = re.search(
        r"<!-- env-count --> \*\*(\d+) further hostile inputs\*\* are tried, so the\nsuite holds (\d+) in all", text
    )
    assert m, "docs/reliability.md lost its issue-15 figure"
    section = text[m.end() : text.index("## Citizen data")]
    counts = [
        int(row.split("|")[2])
        for row in section.splitlines()
        if row.startswith("| ") and row.split("|")[2].strip().isdigit()
    ]
    assert sum(counts) == int(m[1])
    assert int(m[2]) == int(m[1]) + len(CASES) >= 150
