"""Service files are checked against JSON Schemas (``service.schema.json``, ``required-rows.schema.json``)
with the same ``file:line:column`` messages as acts, every violation at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lexpub.errors import InputError
from lexpub.services.service_files import load_required, load_service

SOURCE = Path(__file__).resolve().parents[2] / "source"


@pytest.fixture
def src(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SOURCE / "services", tmp_path / "source" / "services")
    monkeypatch.chdir(tmp_path)  # messages name files as the user gave --source: here ``source``
    return Path("source")


def test_a_service_file_reports_every_problem_located(src: Path):
    path = src / "services" / "military-specialty-training.yaml"
    text = (
        path.read_text("utf-8").replace("  ru: L\n", "  ru: low\n").replace("work: mod-2017-357", "wrk: mod-2017-357")
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_service(src, "military-specialty-training")
    assert [str(i) for i in info.value.issues] == [
        "source/services/military-specialty-training.yaml:3:1: error[missing-field]: (top level): 'work' is required",
        "source/services/military-specialty-training.yaml:4:1: error[unknown-field]: unknown field 'wrk' in (top level) "
        "(allowed: id, name, name_confidence, name_source, table, work)",
        "source/services/military-specialty-training.yaml:14:7: error[bad-value]: name_confidence.ru: 'low' is not "
        "allowed here; write one of: H, M, L",
    ]


def test_required_rows_need_whole_numbers_and_known_fields(src: Path):
    path = src / "services" / "required-rows.yaml"
    text = (
        path.read_text("utf-8")
        .replace("  - num: 2\n", "  - num: two\n", 1)
        .replace("    key: provider\n", "    key: provider\n    colour: red\n", 1)
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_required(src)
    rendered = [str(i) for i in info.value.issues]
    assert len(rendered) == 2, rendered
    assert "error[unknown-field]: unknown field 'colour' in rows.0" in rendered[0]
    assert rendered[1].endswith("error[wrong-type]: rows.1.num: a whole number is expected here, not a string")
