"""Fuzz what officials feed ``lexpub issue`` (issue 15 §9): the CSV and JSON record readers, on
arbitrary text and on mutations of the real sample files. Whatever the bytes, the reader returns
records or raises :class:`~lexpub.errors.LexpubError` naming the file — never another exception.
``FUZZ_EXAMPLES=5000`` for a longer run (docs/reliability.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexpub.errors import LexpubError

batch = pytest.importorskip("lexpub.services.documents.batch")

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
SAMPLES = Path(__file__).resolve().parents[2] / "source" / "samples"
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

CSV_PIECES = st.sampled_from(
    ['"', '""', ",", "\n", "\r\n", "\r", " ", "=", "+", "-", "@", "\ufeff", "\x00", "\u202e", "ә", "1", "number", "iin"]
)
JSON_PIECES = st.sampled_from(
    ["[", "]", "{", "}", ",", ":", '"', '"a"', "1", "-0", "1e999", "NaN", "null", "true", "\\u0000", '"\\ud800"', " "]
)


def read(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        records = batch.read_records(path)
    except LexpubError as exc:
        assert exc.issues and all(i.loc is None or name in i.loc.file for i in exc.issues), exc
        return
    assert isinstance(records, list)


@FUZZ
@given(st.lists(CSV_PIECES, max_size=60))
def test_csv_reader_on_csv_punctuation(tmp_path_factory, pieces):
    read(tmp_path_factory.mktemp("csv"), "data.csv", ("number,full_name,iin\n" + "".join(pieces)).encode("utf-8"))


@FUZZ
@given(st.binary(max_size=200))
def test_csv_reader_on_bytes(tmp_path_factory, data):
    read(tmp_path_factory.mktemp("csv"), "data.csv", data)


@FUZZ
@given(st.data())
def test_csv_reader_on_mutated_samples(tmp_path_factory, data):
    text = (SAMPLES / "refusals.csv").read_text("utf-8")
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 20))
    insert = data.draw(st.text(max_size=10))
    read(tmp_path_factory.mktemp("csv"), "refusals.csv", (text[:at] + insert + text[at + cut :]).encode("utf-8"))


@FUZZ
@given(st.lists(JSON_PIECES, max_size=60))
def test_json_reader_on_json_punctuation(tmp_path_factory, pieces):
    read(tmp_path_factory.mktemp("json"), "data.json", "".join(pieces).encode("utf-8"))


@FUZZ
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
        max_leaves=20,
    )
)
def test_json_reader_on_any_json_value(tmp_path_factory, value):
    import json

    read(tmp_path_factory.mktemp("json"), "data.json", json.dumps(value).encode("utf-8"))
