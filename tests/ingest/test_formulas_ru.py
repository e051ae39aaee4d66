"""Russian amendment formulas as maslikhat, akimat and ministry acts of Kazakhstan write them
(lexpub.ingest.formulas, ru.lark): the location and the unit on one line, the amended act named
in the reference («указанного решения»), a unit of the approved document named in the genitive
(«главы 3 Правил»), a unit word run into its number; and what stays refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from lexpub.ingest.formulas import parse_amendment, render_op


def ops(text: str) -> list[dict[str, Any]]:
    result = parse_amendment(text, "rus")
    assert result.flagged == ()
    return [o.to_json() for o in result.ops]


def test_location_and_unit_on_one_line() -> None:
    (op,) = ops('в пункте 7 подпункт 1) изложить в следующей редакции:\n"1) текст;".')
    assert op["target"] == [["paragraph", "7"], ["subparagraph", "1"]]
    assert op["new"] == "1) текст;"


def test_a_unit_word_run_into_its_number_is_read_as_two_words() -> None:
    (op,) = ops("в пункте7 подпункт 1) исключить;")
    assert op["target"] == [["paragraph", "7"], ["subparagraph", "1"]]


def test_the_amended_act_named_in_the_reference_adds_no_step() -> None:
    (op,) = ops("подпункт 8) пункта 1 указанного решения исключить;")
    assert op == {
        "op": "delete",
        "target": [["paragraph", "1"], ["subparagraph", "8"]],
        "position": None,
        "old": None,
        "new": None,
    }
    (op,) = ops('в приложении к указанному решению пункт 3 изложить в новой редакции:\n"3. Текст.";')
    assert op["target"] == [["appendix", None], ["paragraph", "3"]]


def test_a_unit_of_the_approved_document_named_in_the_genitive() -> None:
    (op,) = ops('заголовок главы 3 Правил изложить в новой редакции:\n"3. Требования";')
    assert op["target"] == [["document", None], ["chapter", "3"], ["heading", None]]
    assert op["new"] == "3. Требования"


def test_an_appendix_replaced_by_the_amending_decisions_own_appendix() -> None:
    """Maslikhat and akimat acts end the formula with «к настоящему решению / постановлению»."""
    for act in ("решению", "постановлению"):
        text = f"приложение 2 к указанному {act} изложить в новой редакции согласно приложению к настоящему {act}."
        (op,) = ops(text)
        assert op == {"op": "replace", "target": [["appendix", "2"]], "position": None, "old": None, "new": None}


def test_words_changed_in_several_locations_make_one_operation_each() -> None:
    text = 'в заголовке и пункте 1 указанного решения слова "сельских населенных пунктах" заменить словами "села";'
    assert [(o["target"], o["old"], o["new"]) for o in ops(text)] == [
        ([["heading", None]], "сельских населенных пунктах", "села"),
        ([["paragraph", "1"]], "сельских населенных пунктах", "села"),
    ]
    assert [o["target"] for o in ops('в пунктах 2 и 3 слова "акима" исключить;')] == [
        [["paragraph", "2"]],
        [["paragraph", "3"]],
    ]


def test_the_verb_may_come_before_the_words_it_deletes() -> None:
    """«в пункте 75 исключить слова "…"» (Astana city maslikhat, 12.07.2007 No. 407/50-III, adilet V07A000474_)."""
    (op,) = ops('в пункте 75 исключить слова "и кошек";')
    assert op == {
        "op": "delete_words",
        "target": [["paragraph", "75"]],
        "position": None,
        "old": "и кошек",
        "new": None,
    }


@pytest.mark.parametrize(
    "text",
    [
        "в пункте 7 и 8 подпункт 1) исключить;",  # two locations for one unit: not read
        "подпункт 8) пункта 1 указанного распоряжения исключить;",  # an act word outside the closed list
        "пункт5а исключить;",  # a letter glued to the number is not a missing space
    ],
)
def test_what_stays_refused(text: str) -> None:
    result = parse_amendment(text, "rus")
    assert result.ops == ()
    assert len(result.flagged) == 1


def test_a_real_russian_formula_renders_back_to_its_sentence() -> None:
    """The importer's check on a real Russian decision (Almaty city maslikhat, adilet V24R0001755):
    the operation written back by render_op is the published sentence, whitespace and final stop aside."""
    path = Path(__file__).resolve().parents[1] / "fixtures" / "formulas" / "V24R0001755-ru.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (op,) = parse_amendment(data["text"], "rus").ops
    assert " ".join(render_op(op, "rus").split()).rstrip(".;") == " ".join(op.sentence.split()).rstrip(".;")
