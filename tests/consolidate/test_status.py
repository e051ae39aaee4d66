"""The status facts exist once (:mod:`lexpub.consolidate.status`) and every format prints the same ones:
plain text, Markdown, JSON and AKN print :func:`status_lines`; the HTML page draws :class:`StatusBlock`.

Real corpus: Order No. 2 on 01.12.2023, when its own entry into force and Order No. 1100's repeal of
item 3 of its list are both known only from below.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.status import status_block, status_key, status_lines
from lexpub.consolidate.validate import load_valid
from lexpub.model.core import Corpus, Expression
from lexpub.render.akn import AKN, render_akn, safe_parser
from lexpub.render.html import render_html
from lexpub.render.json import expression_json
from lexpub.render.lines import SEPARATOR
from lexpub.render.markdown import escape_line_start, render_markdown
from lexpub.render.text import render_text

SOURCE = Path(__file__).resolve().parents[2] / "source"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_valid(SOURCE)


@pytest.fixture(scope="module")
def uncertain(corpus: Corpus) -> Expression:
    return consolidate(corpus, "mod-2023-2", dt.date(2023, 12, 1), "kaz")


def test_status_lines_state_what_is_unknown_word_for_word(corpus: Corpus, uncertain: Expression) -> None:
    lines = status_lines(corpus, uncertain)
    assert lines[0] == "Актінің қолданысқа енгізілген күні белгісіз: ерте дегенде 20.01.2023."
    assert lines[1] == (
        "Мәтін 01.12.2023 күнгі жағдай бойынша, сол күні қолданыста екені белгілі барлық өзгерістермен берілген."
    )
    assert lines[-2:] == [
        "Қолданысқа енгізілген күні белгісіз өзгерістер:",
        "- 28.10.2023 № 1100 бұйрық: Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 3-тармақ; "
        "қолданысқа енгізілген күні белгісіз (ерте дегенде 08.11.2023).",
    ]


def test_an_act_held_only_for_its_effects_names_them(corpus: Corpus) -> None:
    """Order No. 1100's repealing provision is not held: the status block names what it repeals."""
    expr = consolidate(corpus, "mod-2023-1100", None, "kaz")
    assert status_lines(corpus, expr)[-2:] == [
        "Бұл актінің бұл жинақта ережесі жарияланбаған, бірақ белгілі өзгерістері:",
        "- 04.01.2023 № 2 бұйрық: Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 3-тармақ — күші жойылды",
    ]
    assert status_key(expr) == "status.new"
    assert status_key(consolidate(corpus, "mod-2017-357", None, "kaz")) == "status.updated"


def test_the_interface_language_words_the_block(corpus: Corpus, uncertain: Expression) -> None:
    block = status_block(corpus, uncertain, "rus")
    assert block.in_force == "Дата введения акта в действие неизвестна: не ранее 20.01.2023."
    # the list's title is held in Kazakh only: it is quoted as held, never translated by guess
    assert block.uncertain == (
        "приказ от 28.10.2023 № 1100: Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, пункт 3; "
        "дата введения в действие неизвестна (не ранее 08.11.2023).",
    )


def test_every_format_prints_the_same_status(corpus: Corpus, uncertain: Expression) -> None:
    lines = status_lines(corpus, uncertain)
    text = render_text(corpus, uncertain)
    assert text.split(f"\n{SEPARATOR}\n", 1)[1].splitlines() == lines

    markdown = render_markdown(corpus, uncertain).split("\n\n---\n\n", 1)[1].splitlines()
    expected = [("- " + escape_line_start(x[2:])) if x.startswith("- ") else escape_line_start(x) for x in lines]
    assert [x for x in markdown if x] == expected

    assert expression_json(corpus, uncertain)["status_lines"] == lines

    root = etree.fromstring(render_akn(corpus, uncertain), safe_parser())
    note = root.find(f".//{{{AKN}}}note[@eId='note_status']")
    assert note is not None
    assert ["".join(p.itertext()) for p in note] == lines

    page = html.unescape(render_html(corpus, uncertain))
    block = status_block(corpus, uncertain, "kaz")
    for fact in (block.in_force, block.known_up_to, *block.uncertain):
        assert fact is not None and fact in page


def test_json_and_text_agree_for_every_text_of_the_corpus(corpus: Corpus) -> None:
    for work_id in sorted(corpus.works):
        expr = consolidate(corpus, work_id, None, "kaz")
        lines = status_lines(corpus, expr)
        assert render_text(corpus, expr).split(f"\n{SEPARATOR}\n", 1)[1].splitlines() == lines
        assert json.loads(json.dumps(expression_json(corpus, expr)))["status_lines"] == lines


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    work=st.sampled_from(["mod-2017-350", "mod-2017-357", "mod-2023-1100", "mod-2023-2"]),
    day=st.dates(dt.date(2017, 1, 1), dt.date(2027, 12, 31)),
)
def test_on_any_date_the_text_and_the_markdown_print_the_status_facts(corpus: Corpus, work: str, day: dt.date) -> None:
    """Whatever the date, the plain text's status block and the Markdown's are the same facts."""
    assume(day >= corpus.works[work].date)  # before its signing an act has no text to ask about
    expr = consolidate(corpus, work, day, "kaz")
    lines = status_lines(corpus, expr)
    known = (
        f"Мәтін {day:%d.%m.%Y} күнгі жағдай бойынша, сол күні қолданыста екені белгілі барлық өзгерістермен берілген."
    )
    assert known in lines
    assert render_text(corpus, expr).split(f"\n{SEPARATOR}\n", 1)[1].splitlines() == lines
    markdown = render_markdown(corpus, expr).split("\n\n---\n\n", 1)[1]
    assert [x for x in markdown.splitlines() if x] == [
        ("- " + escape_line_start(x[2:])) if x.startswith("- ") else escape_line_start(x) for x in lines
    ]
