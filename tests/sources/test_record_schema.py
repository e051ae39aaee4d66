"""Issue records are shaped by ``sources/schemas/record.schema.json`` (one definition per kind), read
through ``sources/schema.py`` like calendars and services: the schema and the document definitions
name the same fields, and its verdicts reach the user as ``file:line:column`` errors by row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.services.documents.document import DOCS, KINDS
from lexpub.services.documents.records import required_values, schema_fields, shape_reasons
from lexpub.sources.schema import schema, violations

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "number": "R-0",
    "full_name": "Серікқызы Аяулым",
    "iin": "040315590008",
    "grounds": "2",
    "explanation": "Түсініктеме",
    "appeal": "Шағым",
}


@pytest.mark.parametrize("kind", KINDS)
def test_the_schema_and_the_document_definitions_name_the_same_fields(kind):
    definition = schema("record")["$defs"][kind]
    assert schema_fields(kind) == {f.name for f in DOCS[kind].fields} | {"issued", "issuer"}
    assert definition["required"] == [f.name for f in DOCS[kind].fields if f.required]
    assert definition["additionalProperties"] is False


def test_a_good_record_has_no_violation():
    assert violations(GOOD, "record", "refusal") == []
    assert shape_reasons("refusal", GOOD) == {}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "missing value"),
        ("  ", "missing value"),
        (5, "expected text, not int"),
        (["a"], "expected text, not list"),
    ],
)
def test_the_schema_words_a_bad_value_as_the_value_checks_do(value, reason):
    assert shape_reasons("refusal", {**GOOD, "full_name": value}) == {"full_name": reason}
    errors: list[str] = []
    values = required_values("refusal", {**GOOD, "full_name": value}, errors)
    assert errors == [f"full_name: {reason}"]
    assert values["full_name"] == "" and values["number"] == "R-0"


def test_reasons_keep_the_document_order_across_schema_and_value_checks():
    """A value refused by the schema (appeal, absent) follows one refused by the value checks
    (explanation, a control character), as the fields stand in the document."""
    errors: list[str] = []
    record = {k: v for k, v in GOOD.items() if k != "appeal"} | {"explanation": "a\x07b"}
    required_values("refusal", record, errors)
    assert errors == ["explanation: control characters are not allowed", "appeal: missing value"]


def test_a_json_record_refused_by_the_schema_is_reported_by_record(tmp_path: Path):
    data = tmp_path / "r.json"
    data.write_text(
        json.dumps([GOOD | {"issued": "2025-03-12"}, GOOD | {"number": "R-1", "iin": 40315590008}]), "utf-8"
    )
    args = ["issue", "refusal", "--source", str(ROOT / "source"), "--data", str(data), "--out", str(tmp_path / "out")]
    args += [
        "--format",
        "html",
        "--lang",
        "kaz",
        "--text",
        "latest",
        "--issuer",
        "astana-ddo-sample",
        "--issued",
        "2025-03-12",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "r.json: error[record-invalid]: record 2 (R-1): iin: expected text, not int" in result.stderr
