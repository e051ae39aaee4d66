"""The fast loader (libyaml's C composer + lexpub's walker) against the reference (PyYAML's pure-Python
composer): the same data, the same location of every value and key, and the same error, on the real
corpus, a generated corpus and fuzzed text. Hostile inputs are covered by ``tests/sources/test_hostile.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexpub.errors import SourceError
from lexpub.sources import yamlfile
from lexpub.sources.yamlfile import Located, _loads_fast, _loads_reference, _Unsure, loads
from tests.conftest import gen_module
from tests.test_fuzz import FUZZ, REAL_TEXTS, YAML_ALPHABET, mutated

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not yamlfile._FAST, reason="PyYAML built without libyaml")


def outcome(fn: object, text: str) -> object:
    """What a loader makes of ``text``: its data and locations, or its error lines; None = gave up."""
    try:
        doc: Located = fn(text, "x.yaml")  # type: ignore[operator]
    except _Unsure:
        return None
    except SourceError as exc:
        return ("error", [str(i) for i in exc.issues])
    return (doc.data, dict(doc.locs), dict(doc.key_locs))


def same(text: str) -> None:
    if yamlfile.yaml.reader.Reader.NON_PRINTABLE.search(text):
        return  # refused before either composer runs
    fast = outcome(_loads_fast, text)
    if fast is not None:
        assert fast == outcome(_loads_reference, text)
    assert outcome(loads, text) == outcome(_loads_reference, text)


def test_real_corpus_identical() -> None:
    for text in REAL_TEXTS:
        assert outcome(_loads_fast, text) is not None  # the real acts take the fast path
        same(text)


def test_generated_corpus_identical(tmp_path: Path) -> None:
    gen = gen_module()
    gen.generate(tmp_path / "src", works=30, amendments=60, units=40, seed=3)
    files = sorted((tmp_path / "src").rglob("*.yaml"))
    assert len(files) == 31
    for path in files:
        text = path.read_text("utf-8")
        assert outcome(_loads_fast, text) is not None, path
        same(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("a: &x 1\nb: 2\n", "yaml-alias"),  # a lone anchor: libyaml's nodes do not keep it
        ("a: &x [1]\nb: *x\n", "yaml-alias"),
        ("a: 1\na: 2\n", "duplicate-key"),
        ("a: " + "[" * 70 + "]" * 70 + "\n", "yaml-depth"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "yaml-depth"),  # libyaml stops at 1,000 itself
        ("a: 1.5\n", "yaml-float"),
        ("a: !!python/object x\n", "yaml-tag"),
        ("a: [1\n", "yaml-syntax"),
    ],
)
def test_refusals_worded_by_the_reference(text: str, rule: str) -> None:
    with pytest.raises(SourceError) as fast:
        loads(text, "x.yaml")
    with pytest.raises(SourceError) as ref:
        _loads_reference(text, "x.yaml")
    assert [str(i) for i in fast.value.issues] == [str(i) for i in ref.value.issues]
    assert fast.value.issues[0].rule == rule


def test_depth_64_is_fine_65_is_not() -> None:
    ok = "a: " + "[" * 63 + "]" * 63 + "\n"
    assert outcome(loads, ok) == outcome(_loads_reference, ok)
    assert outcome(loads, ok)[0] != "error"  # type: ignore[index]


@FUZZ
@given(st.lists(YAML_ALPHABET, max_size=80).map("".join))
def test_same_on_yaml_punctuation(text: str) -> None:
    same(text)


@FUZZ
@given(mutated())
def test_same_on_mutated_acts(text: str) -> None:
    same(text)


@FUZZ
@given(st.text(max_size=200))
def test_same_on_any_text(text: str) -> None:
    same(text)
