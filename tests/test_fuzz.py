"""Fuzzing with hypothesis: on any input, only lexpub's own error type escapes, and every error names
a file and a line ≥ 1.

Targets: the YAML loader (:func:`lexpub.yamlsrc.loads` on arbitrary text and on mutated real act
files), the whole validator (:func:`lexpub.consolidate.validate.load_valid` on a corpus with one generated or
mutated act file — and, when it loads, consolidation and plain text of every work), the safe XML
reader (:mod:`lexpub.xmlsafe`) and the word diff (:mod:`lexpub.diff.words`, :mod:`lexpub.diff.redline`).
Example counts are modest so ``make test`` stays fast; ``FUZZ_EXAMPLES`` raises them for a long run.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.validate import load_valid
from lexpub.errors import LexpubError
from lexpub.render.text import render_text
from lexpub.sources.yamlfile import loads
from lexpub.xmlsafe import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
CONTROL = Path(__file__).resolve().parent / "hostile" / "_control" / "source" / "acts" / "mod-2024-5.yaml"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

REAL_TEXTS = [CONTROL.read_text("utf-8")] + [p.read_text("utf-8") for p in sorted((SOURCE / "acts").glob("*.yaml"))]

# Characters that mean something to YAML, Unicode troublemakers, and Kazakh letters.
YAML_ALPHABET = st.sampled_from(
    list(":-?[]{},#&*!|>'\"%@`\n\t ")
    + ["\u202e", "\u200b", "\ufeff", "\x00", "\x85", "\u2028", "\ud7ff", "K", "І", "I", "қ", "0", "9", "~", "<<", "---"]
)


def assert_located(exc: LexpubError) -> None:
    assert exc.issues, exc
    for issue in exc.issues:
        assert issue.loc is not None, issue
        assert issue.loc.file, issue
        assert issue.loc.line >= 1, issue
        assert issue.loc.column >= 1, issue
        assert issue.rule and issue.message, issue


@st.composite
def mutated(draw: st.DrawFn, texts: list[str] = REAL_TEXTS) -> str:
    """A real act file with a few random edits: delete, insert, duplicate or swap lines, replace spans."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "dup-line", "swap-lines", "indent"]))
        n = len(text)
        i = draw(st.integers(0, max(n - 1, 0)))
        if kind == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            text = text[:i] + "".join(draw(st.lists(YAML_ALPHABET, min_size=1, max_size=5))) + text[i:]
        else:
            lines = text.split("\n")
            j = draw(st.integers(0, len(lines) - 1))
            k = draw(st.integers(0, len(lines) - 1))
            if kind == "dup-line":
                lines.insert(j, lines[k])
            elif kind == "swap-lines":
                lines[j], lines[k] = lines[k], lines[j]
            else:
                lines[j] = draw(st.sampled_from(["", " ", "  ", "\t"])) + lines[j]
            text = "\n".join(lines)
    return text


# ----------------------------------------------------------------------------- YAML loader
@FUZZ
@given(st.text(max_size=300))
def test_yaml_loader_on_any_text(text: str) -> None:
    try:
        loads(text, "fuzz.yaml")
    except LexpubError as exc:
        assert_located(exc)


@FUZZ
@given(st.lists(YAML_ALPHABET, max_size=80).map("".join))
def test_yaml_loader_on_yaml_punctuation(text: str) -> None:
    try:
        loads(text, "fuzz.yaml")
    except LexpubError as exc:
        assert_located(exc)


@FUZZ
@given(mutated())
def test_yaml_loader_on_mutated_acts(text: str) -> None:
    try:
        loads(text, "fuzz.yaml")
    except LexpubError as exc:
        assert_located(exc)


# ----------------------------------------------------------------------------- validator
@pytest.fixture(scope="module")
def fuzz_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus (issuers and the two short partial orders); each example writes ``acts/mod-2024-5.yaml``.

    Small, so that each example loads in milliseconds; the hostile suite covers the full corpus."""
    src = tmp_path_factory.mktemp("fuzz") / "source"
    (src / "acts").mkdir(parents=True)
    shutil.copy(SOURCE / "issuers.yaml", src / "issuers.yaml")
    for name in ("mod-2017-350.yaml", "mod-2017-357.yaml"):
        shutil.copy(SOURCE / "acts" / name, src / "acts" / name)
    return src


def load_and_use(src: Path, text: str) -> None:
    """Load the corpus with ``text`` as one act; if it loads, consolidate and render every work."""
    (src / "acts" / "mod-2024-5.yaml").write_text(text, encoding="utf-8")
    try:
        corpus = load_valid(src)
    except LexpubError as exc:
        assert_located(exc)
        return
    for work_id in sorted(corpus.works):
        for at in (None, dt.date(2024, 3, 15), dt.date(2030, 1, 1)):
            try:
                render_text(corpus, consolidate(corpus, work_id, at, "kaz"))
            except LexpubError as exc:  # pragma: no cover - a valid corpus should always render
                pytest.fail(f"valid corpus failed to render {work_id} at {at}: {exc}")


def test_control_act_is_valid(fuzz_corpus: Path) -> None:
    (fuzz_corpus / "acts" / "mod-2024-5.yaml").write_text(CONTROL.read_text("utf-8"), encoding="utf-8")
    assert "mod-2024-5" in load_valid(fuzz_corpus).works


@FUZZ
@given(text=mutated([CONTROL.read_text("utf-8")]))
def test_validator_on_mutated_act(fuzz_corpus: Path, text: str) -> None:
    load_and_use(fuzz_corpus, text)


FIELD_NAMES = [
    "work", "body", "attachments", "amendments", "kind", "num", "text", "children", "amend", "op", "target",
    "content", "content_from", "new_num", "old", "new", "after", "held", "table", "heading", "header",
    "date", "number", "rule", "days", "commencement", "provision", "kaz", "rus", "titel",
]  # fmt: skip
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 2**70)
    | st.sampled_from(
        [
            "unknown",
            "2023-02-29",
            "2023-04-31",
            "9999-12-31",
            "0001-01-01",
            "2024-03-20",
            "../x",
            "para_1",
            "mod-2017-350#att_nn_1__para_10",
            "mod-2024-5#para_1",
            "mod-2017-357#para_2",
            "mod-2024-5#para_2",
            "mod-2017-357#att_nn_1__att_2-1",
            "mod-2017-357#att_nn_1__para_11",
            "substitute",
            "insert",
            "repeal",
            "renumber",
            "replace_words",
            "paragraph",
            "point",
            "alinea",
            "appendix",
            "attachment",
            "row",
            "1",
            "2",
            "2-1",
            "І",
            "тармақ",
            "Бірінші тармақ.",
            " ",
            "",
        ]
    )  # fmt: skip
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELD_NAMES), inner, max_size=3),
    max_leaves=8,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def structured(draw: st.DrawFn) -> str:
    """The control act as data with one to three values replaced or fields added, dumped as YAML."""
    data = yaml.safe_load(CONTROL.read_text("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()) and isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELD_NAMES))] = draw(VALUES)
        else:
            parent[path[-1]] = draw(VALUES)
    body = data.get("body") if isinstance(data, dict) else None
    if isinstance(body, list) and draw(st.booleans()):
        body.append(
            {"kind": "paragraph", "num": 3, "amend": draw(st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES))}
        )
    return yaml.safe_dump(copy.deepcopy(data), allow_unicode=True, sort_keys=False)


@FUZZ
@given(text=structured())
def test_validator_on_structured_mutations(fuzz_corpus: Path, text: str) -> None:
    load_and_use(fuzz_corpus, text)


AMEND_OPS = st.fixed_dictionaries(
    {
        "op": st.sampled_from(["substitute", "insert", "repeal", "renumber", "replace_words"]),
        "target": st.sampled_from(
            [
                "mod-2017-350#att_nn_1__para_10",
                "mod-2017-350#att_nn_1__para_9",
                "mod-2017-350#att_nn_1",
                "mod-2017-357#para_1",
                "mod-2017-357#para_2",
                "mod-2017-357#para_2__point_1",
                "mod-2017-357#att_nn_1__para_11",
                "mod-2017-357#att_nn_1__att_2-1",
                "mod-2024-5#para_1",
                "mod-2024-5#para_2",
            ]
        ),
    },
    optional={
        "content": st.fixed_dictionaries(
            {"kind": st.sampled_from(["paragraph", "point"]), "num": st.sampled_from([1, 2, 5, "2-1"])},
            optional={"text": st.just("Жаңа мәтін.")},
        ),
        "new_num": st.sampled_from([1, 2, 3, "1-1"]),
        "old": st.sampled_from(["Бірінші", "тармақ", "жоқ"]),
        "new": st.just("Жаңа"),
        "commencement": st.sampled_from(["2024-03-20", "2024-04-01", "2023-01-01"]),
        "after": st.sampled_from(["para_1", "para_9", "att_nn_1__para_11"]),
        "content_from": st.sampled_from(["para_1", "para_2", "att_1"]),
        "lead": st.just("Қағидаларға"),
    },
)


@FUZZ
@given(ops=st.lists(AMEND_OPS, min_size=1, max_size=3))
def test_validator_on_generated_amendments(fuzz_corpus: Path, ops: list[dict[str, Any]]) -> None:
    """Plausible amendments (mostly schema-valid) reach the corpus-wide rules and the replay."""
    data = yaml.safe_load(CONTROL.read_text("utf-8"))
    # As in real orders: the amending words sit in unnumbered alineas of a numbered paragraph.
    data["body"].append({"kind": "paragraph", "num": 3, "children": [{"kind": "alinea", "amend": op} for op in ops]})
    load_and_use(fuzz_corpus, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_numbered_amending_unit_renders(fuzz_corpus: Path) -> None:
    data = yaml.safe_load(CONTROL.read_text("utf-8"))
    data["body"].append({"kind": "paragraph", "num": 3, "amend": {"op": "repeal", "target": "mod-2017-357#para_2"}})
    (fuzz_corpus / "acts" / "mod-2024-5.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    corpus = load_valid(fuzz_corpus)
    text = render_text(corpus, consolidate(corpus, "mod-2024-5", None, "kaz"))
    # found by fuzzing: a numbered provision that carries an amendment keeps its number before the formula
    assert "      3. 2-тармақтың күші жойылды деп танылсын.\n" in text  # genitive: the unit whose force ends


# ----------------------------------------------------------------------------- XML
@FUZZ
@given(st.binary(max_size=200))
def test_xml_reader_on_bytes(data: bytes) -> None:
    try:
        parse_bytes(data, "fuzz.xml")
    except LexpubError as exc:
        assert_located(exc)


XML_PIECES = st.sampled_from(
    ["<a>", "</a>", "<b x='1'>", "</b>", "<!DOCTYPE a [", "<!ENTITY e 'x'>", "]>", "&e;", "&amp;", "<![CDATA[",
     "]]>", "<?xml version='1.0'?>", "<!-- c -->", "қ", "\n", " ", "SYSTEM 'file:///etc/passwd'"]
)  # fmt: skip


@FUZZ
@given(st.lists(XML_PIECES, max_size=12))
def test_xml_reader_on_xml_pieces(pieces: list[str]) -> None:
    data = "".join(pieces).encode()
    try:
        root = parse_bytes(data, "fuzz.xml")
    except LexpubError as exc:
        assert_located(exc)
        return
    assert b"root:" not in etree.tostring(root)  # /etc/passwd is never read
    assert not root.getroottree().docinfo.doctype


# ----------------------------------------------------------------------------- diff
words_mod = pytest.importorskip("lexpub.diff.words", reason="the word diff (lexpub/diff/words.py) is not there yet")
KAZ_WORDS = st.lists(
    st.sampled_from(["тармақ", "бұйрық", "Қазақстан", "1)", "2-1", "–", "«", "»", " ", "  ", "\n", ".", ",", "K", "І"]),
    max_size=30,
).map("".join)


@FUZZ
@given(old=KAZ_WORDS | st.text(max_size=60), new=KAZ_WORDS | st.text(max_size=60))
def test_word_diff_round_trips(old: str, new: str) -> None:
    segs = words_mod.word_segments(old, new)
    assert words_mod.old_of(segs) == old
    assert words_mod.new_of(segs) == new
    assert words_mod.apply_edits(old, words_mod.edits(segs)) == new
    assert all(s.text for s in segs)  # never an empty (blank) segment


@FUZZ
@given(
    old_ids=st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), unique=True),
    new_ids=st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), unique=True),
)
def test_alignment_keeps_every_unit_once(old_ids: list[str], new_ids: list[str]) -> None:
    pairs = words_mod.align(old_ids, new_ids)
    assert sorted(o for o, _ in pairs if o is not None) == sorted(old_ids)
    assert [n for _, n in pairs if n is not None] == new_ids


@FUZZ
@given(
    work=st.sampled_from(["mod-2017-350", "mod-2017-357", "mod-2023-1100", "mod-2023-2"]),
    old_at=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    new_at=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
)
def test_redline_on_any_dates(corpus: Any, work: str, old_at: dt.date | None, new_at: dt.date | None) -> None:
    redline_mod = pytest.importorskip("lexpub.diff.redline")
    assume(old_at is None or new_at is None or old_at <= new_at)
    try:
        redline_mod.redline(corpus, work, old_at, new_at, "kaz")
    except LexpubError as exc:  # about the requested dates (no source file to point at): rule and message
        assert exc.issues and all(i.rule and i.message for i in exc.issues), exc
        assert all(i.loc is None or i.loc.line >= 1 for i in exc.issues), exc
