"""A generated corpus whose amending acts insert a paragraph and later change inside it: the comparative
table and the Word edition of every act are made (found when `scripts/bench_pdf_rate.py` first built one:
the table applied a change to a paragraph its own act had not yet inserted, and a quoted table row put
an internal mark into the DOCX)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from docx2python import docx2python
from hypothesis import given, settings
from hypothesis import strategies as st

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.validate import load_valid
from lexpub.diff.comparative import comparative_table
from lexpub.model.core import Corpus
from lexpub.render.docx import render_docx
from lexpub.wording.i18n import t
from tests.conftest import gen_module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    src = tmp_path_factory.mktemp("gen") / "source"
    gen_module().generate(src, works=4, amendments=300, units=60, seed=16)
    return load_valid(src)


def inside_own_insert(corpus: Corpus) -> list[tuple[str, int, int]]:
    """(act, seq of the insert, seq of the later change inside the inserted unit)."""
    found = []
    for a in corpus.amendments:
        for b in corpus.amendments:
            if (
                b.source_work == a.source_work
                and b.seq < a.seq
                and b.op.kind == "insert"
                and b.op.target_work == a.op.target_work
                and a.op.target_eid.startswith(b.op.target_eid + "__")
            ):
                found.append((a.source_work, b.seq, a.seq))
    return sorted(found)


def test_a_change_inside_a_unit_the_same_act_inserted_has_its_row(corpus: Corpus) -> None:
    cases = inside_own_insert(corpus)
    assert cases, "the generated corpus no longer has the case this test is about"
    for act, _insert, seq in cases:
        table = comparative_table(corpus, act, "kaz")
        mine = sorted((a for a in corpus.amendments if a.source_work == act), key=lambda a: a.seq)
        i = [a.seq for a in mine].index(seq)
        row, op = table.rows[i], mine[i].op
        assert row.current.statement == t("kaz", "compare.absent")  # not in the text in force before the act
        if op.kind in ("repeal", "delete"):
            assert row.proposed.statement == t("kaz", "compare.repealed")
        else:  # the wording the act proposes, the inserted paragraph's unit with this change made
            assert row.proposed.statement is None and row.proposed.paragraphs


def test_every_word_edition_of_a_generated_corpus_is_written(corpus: Corpus) -> None:
    quoted_rows = 0
    for work_id in sorted(corpus.works):
        data = render_docx(corpus, consolidate(corpus, work_id, None, "kaz"))
        with docx2python(io.BytesIO(data)) as doc:
            text = doc.text
        assert "\x00" not in text
        quoted_rows += text.count('"4 Мемлекеттік қызмет көрсету нысаны')
    assert quoted_rows, "no quoted table row in the generated corpus: the DOCX case is not exercised"


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=1, max_value=10_000))
def test_every_amending_act_of_any_generated_corpus_has_its_table(seed: int) -> None:
    """Whatever `lexpub check` accepts, the build's comparative tables can be made (one row per change)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "source"
        gen_module().generate(src, works=3, amendments=60, units=30, seed=seed)
        corpus = load_valid(src)
    for act in sorted({a.source_work for a in corpus.amendments}):
        table = comparative_table(corpus, act, "kaz")
        assert len(table.rows) == sum(a.source_work == act for a in corpus.amendments)
