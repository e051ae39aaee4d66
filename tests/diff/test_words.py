"""The two-stage word diff: exact round trips (property-based), alignment by id, Kazakh words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lexpub.diff.words import apply_edits, diff_texts, edits, new_of, old_of, tokens, word_segments

KAZ = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяАӘБҒҚҢӨҰҮҺІ"
WORDS = st.text(alphabet=KAZ + 'abc0123456789-–"«»().,;:', min_size=1, max_size=8)
SPACE = st.sampled_from([" ", " ", " ", "\n", "  "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, max_size=30))
    out = ""
    for w in words:
        out += w + draw(SPACE)
    return draw(st.sampled_from(["", " "])) + out


@given(texts(), texts())
@settings(max_examples=300, deadline=None)
def test_applying_edits_to_old_gives_new(old: str, new: str) -> None:
    segs = word_segments(old, new)
    assert old_of(segs) == old
    assert new_of(segs) == new
    assert apply_edits(old, edits(segs)) == new


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a version of it with a few word edits (the usual amendment)."""
    words = draw(st.lists(WORDS, min_size=1, max_size=40))
    new = list(words)
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(new)))
        op = draw(st.sampled_from(["ins", "del", "sub"]))
        if op == "ins":
            new.insert(i, draw(WORDS))
        elif new and i < len(new):
            if op == "del":
                del new[i]
            else:
                new[i] = draw(WORDS)
    return " ".join(words), " ".join(new)


@given(edited())
@settings(max_examples=200, deadline=None)
def test_round_trip_on_edited_texts(pair: tuple[str, str]) -> None:
    old, new = pair
    segs = word_segments(old, new)
    assert apply_edits(old, edits(segs)) == new
    assert "".join(tokens(old)) == old


@given(
    st.lists(st.tuples(st.sampled_from("abcdefgh"), texts()), max_size=8, unique_by=lambda x: x[0]),
    st.lists(st.tuples(st.sampled_from("abcdefgh"), texts()), max_size=8, unique_by=lambda x: x[0]),
)
@settings(max_examples=80, deadline=None)
def test_diff_texts_covers_every_unit_once(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> None:
    deltas = diff_texts(old, new)
    assert sorted(d.id for d in deltas) == sorted({i for i, _ in old} | {i for i, _ in new})
    for d in deltas:
        assert d.old == dict(old).get(d.id)
        assert d.new == dict(new).get(d.id)
        assert old_of(d.segments) == (d.old or "")
        assert new_of(d.segments) == (d.new or "")
    # new units keep their order
    assert [d.id for d in deltas if d.new is not None] == [i for i, _ in new]


def test_word_level_change_in_kazakh() -> None:
    segs = word_segments("өтінішті бес жұмыс күні ішінде", "өтінішті үш жұмыс күні ішінде")
    assert [(s.op, s.text) for s in segs] == [
        ("equal", "өтінішті "),
        ("delete", "бес"),
        ("insert", "үш"),
        ("equal", " жұмыс күні ішінде"),
    ]


def test_unchanged_units_are_not_word_diffed() -> None:
    deltas = diff_texts([("p1", "бір екі"), ("p2", "үш")], [("p1", "бір екі"), ("p2", "төрт")])
    assert [d.changed for d in deltas] == [False, True]
    assert deltas[0].segments[0].op == "equal"


def test_neighbouring_replacements_read_as_one_phrase() -> None:
    segs = word_segments("Құжаттар қағаз түрінде тапсырылады.", "Құжаттар электрондық түрде порталда тапсырылады.")
    assert [(s.op, s.text) for s in segs] == [
        ("equal", "Құжаттар "),
        ("delete", "қағаз түрінде"),
        ("insert", "электрондық түрде порталда"),
        ("equal", " тапсырылады."),
    ]
    # a pure insertion next to a replacement stays separate
    segs = word_segments("бір екі үш", "бір жаңа екі төрт үш")
    assert "".join(s.text for s in segs if s.op != "delete") == "бір жаңа екі төрт үш"
    assert all(s.text.strip() for s in segs if s.op != "equal")
