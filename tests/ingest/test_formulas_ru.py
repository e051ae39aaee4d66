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


def test_the_amended_act_named_as_the_above_mentioned_decision() -> None:
    """«в приложении 1 к вышеуказанному решению:» (Astana city maslikhat, adilet V24AAZ13730): a header naming
    a unit of the amended act itself, read outside any approved document a descent opened before it."""
    text = "в Правилах, утвержденных указанным решением:\nв приложении 1 к вышеуказанному решению:\nпункт 2 исключить;"
    (op,) = ops(text)
    assert op["target"] == [["appendix", "1"], ["paragraph", "2"]]
    (op,) = ops("подпункт 8) пункта 1 вышеуказанного решения исключить;")
    assert op["target"] == [["paragraph", "1"], ["subparagraph", "8"]]


def test_a_change_of_the_russian_text_only_is_read_as_a_change_of_the_text_read() -> None:
    """«заголовок в русской версии изложить …», «в тексте на русском языке слова …»: the Russian text is the one
    parsed here, so the change is its operation; a change of the Kazakh text only is not read into one."""
    (op,) = ops('заголовок в русской версии изложить в новой редакции:\n"Правила";')
    assert (op["op"], op["target"], op["new"]) == ("replace", [["heading", None]], "Правила")
    (op,) = ops('в пункте 2 в тексте на русском языке слова "акима" заменить словами "руководителя";')
    assert (op["target"], op["old"], op["new"]) == ([["paragraph", "2"]], "акима", "руководителя")
    kazakh_only = parse_amendment('заголовок в казахской версии изложить в новой редакции:\n"Қағидалар";', "rus")
    assert kazakh_only.ops == ()
    assert len(kazakh_only.flagged) == 1


def test_an_insertion_after_words_in_a_unit_named_in_the_accusative() -> None:
    """«пункт 3 после слов "…" дополнить словами "…"», «абзац второй пункта 3 после слова "…" …»."""
    (op,) = ops('пункт 3 после слов "в течение" дополнить словами "десяти рабочих дней";')
    assert op == {
        "op": "insert_words",
        "target": [["paragraph", "3"]],
        "position": None,
        "old": "в течение",
        "new": "десяти рабочих дней",
    }
    (op,) = ops('абзац второй пункта 3 после слова "граждан" дополнить словами "(семей)";')
    assert op["target"] == [["paragraph", "3"], ["indent", "2"]]
    refused = parse_amendment('пункт 3 слова "x" заменить словами "y";', "rus")  # only an insertion is read so
    assert refused.ops == ()


def test_a_descent_into_an_appendix_of_the_approved_document() -> None:
    """«в приложении 1 к Правилам …, утвержденные указанным постановлением:» (Fedorovka district akimat, adilet
    G22NT00166A): the appendix is a step of the target, not swallowed into the document's name."""
    text = (
        "в приложении 1 к Правилам расчета норм образования и накопления коммунальных отходов, "
        "утвержденные указанным постановлением:\nпункт 3 исключить;"
    )
    (op,) = ops(text)
    assert op["target"] == [["document", None], ["appendix", "1"], ["paragraph", "3"]]
    (op,) = ops("в Правилах оказания социальной помощи, утвержденных указанным решением:\nпункт 3 исключить;")
    assert op["target"] == [["document", None], ["paragraph", "3"]]


def test_numbers_listed_with_commas_make_one_operation_each() -> None:
    """«пункты 3, 4 и 5», «подпункты 1), 2) и 3)»: the commas of a list are not read as words."""
    assert [o["target"] for o in ops("пункты 3, 4 и 5 исключить;")] == [
        [["paragraph", "3"]],
        [["paragraph", "4"]],
        [["paragraph", "5"]],
    ]
    assert [o["target"] for o in ops('в подпунктах 1), 2) и 3) пункта 4 слова "x" исключить;')] == [
        [["paragraph", "4"], ["subparagraph", "1"]],
        [["paragraph", "4"], ["subparagraph", "2"]],
        [["paragraph", "4"], ["subparagraph", "3"]],
    ]


def test_the_whole_text_of_a_scope_and_beside_named_units() -> None:
    """«по всему тексту решения (Правил, приложения 1)»: the whole text of that scope; «в заголовке и по всему
    тексту»: the heading and the whole text, one operation each."""

    def where(text: str) -> list[Any]:
        return [o["target"] for o in ops(text)]

    assert where('по всему тексту решения слова "акима" заменить словами "руководителя";') == [[["text", None]]]
    assert where('по всему тексту Правил слова "x" исключить;') == [[["document", None], ["text", None]]]
    assert where('по всему тексту приложения 1 слова "x" исключить;') == [[["appendix", "1"], ["text", None]]]
    assert where('в заголовке и по всему тексту слова "x" заменить словами "y";') == [
        [["heading", None]],
        [["text", None]],
    ]
    under_rules = 'в Правилах, утвержденных указанным решением:\nпо всему тексту решения слова "x" исключить;'
    assert where(under_rules) == [[["text", None]]]  # the act itself, not the Rules the context descended into


def test_several_appendices_replaced_by_the_amending_decisions_own() -> None:
    text = (
        "приложения 1 и 2 к указанному решению изложить в новой редакции "
        "согласно приложениям 1 и 2 к настоящему решению;"
    )
    assert [(o["op"], o["target"]) for o in ops(text)] == [
        ("replace", [["appendix", "1"]]),
        ("replace", [["appendix", "2"]]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "дополнить строкой, порядковый номер 31, следующего содержания:",  # G22NT00166A
        "в приложении 2 строку, порядковый номер 5, исключить;",
        'в приложении 2 в строке, порядковый номер 5, цифры "10" заменить цифрами "12";',
    ],
)
def test_a_row_of_a_table_is_flagged_as_such(text: str) -> None:
    """Akimat resolutions amend the rows of their tables; a row is no unit lexpub can amend, and the
    flag says so rather than «not a formula»."""
    result = parse_amendment(text, "rus")
    assert result.ops == ()
    assert [f.reason for f in result.flagged] == ["a row of a table is not a unit lexpub can amend"]


@pytest.mark.parametrize(
    "text",
    [
        "в пункте 7 и 8 подпункт 1) исключить;",  # two locations for one unit: not read
        "подпункт 8) пункта 1 указанного распоряжения исключить;",  # an act word outside the closed list
        "пункт5а исключить;",  # a letter glued to the number is not a missing space
        'в пункте 1 слова "x" заменить словами "y", слова "z" исключить;',  # two operations on one line
        'пункт 2 дополнить словами "y";',  # words added at no anchor the text names
        "пункт 12 считать пунктом 13;",  # a renumbering is no operation of the parser
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


# -- F3: forms of the kazakhstan-law corpus (consolidated ministerial orders and local acts) ------------


def test_an_act_named_by_its_title_is_repealed_as_a_whole() -> None:
    """183441 (MVD Order No. 514 of 2023) publishes «Признать утратившими силу приказа Министра … № 366 "…"»:
    the act this line names, in the accusative or (as there) the genitive; an empty target."""
    for act in ("приказ", "приказа"):
        text = f'Признать утратившим силу {act} Министра внутренних дел от 17 апреля 2015 года № 366 "Об утверждении Правил".'
        got = parse_amendment(text, "rus")
        (op,) = got.ops
        assert (op.op, op.target, op.act_line) == ("repeal", (), 1)


def test_a_unit_of_an_act_named_by_its_title_is_repealed() -> None:
    """«Признать утратившим силу пункт 3 приказа … № 366» and «пункт 3 указанного приказа признать …» differ:
    the first names its act (act_line is the line), the second is the amended act of the block."""
    named = parse_amendment(
        'Признать утратившим силу пункт 3 приказа Министра от 1 мая 2015 года № 366 "О Правилах".', "rus"
    )
    (op,) = named.ops
    assert (op.target, op.act_line) == ((("paragraph", "3"),), 1)
    own = parse_amendment(
        "Внести в приказ № 5 следующие изменения:\nпункт 3 указанного приказа признать утратившим силу;", "rus"
    )
    (op,) = own.ops
    assert (op.target, op.act_line) == ((("paragraph", "3"),), 1)
    assert op.line == 2


def test_repeals_given_in_an_appendix_name_no_act() -> None:
    """«Признать утратившими силу некоторые приказы … согласно приложению 3» states no operation of its own."""
    text = "Признать утратившими силу некоторые приказы Министра внутренних дел согласно приложению 3 к настоящему приказу."
    got = parse_amendment(text, "rus")
    assert (got.ops, got.flagged) == ((), ())


def test_a_list_of_repeals_repeals_each_act_it_names() -> None:
    """«Признать утратившими силу следующие приказы …:» (145832) or «Признать утратившим силу:» (Almaty oblast
    maslikhat, 207487), then one act a line: each is repealed; an act named outside such a list is flagged."""
    for intro in ("Признать утратившими силу следующие приказы Министра внутренних дел:", "Признать утратившим силу:"):
        text = (
            f"1. {intro}\n"
            '1) приказ Министра от 6 апреля 2015 года № 302 "Об утверждении стандарта";\n'
            '2) решение маслихата от 30 марта 2018 года № 29-155 "О внесении изменения в решение".\n'
            '2. приказ Министра от 6 апреля 2015 года № 302 "Об утверждении стандарта".'
        )
        got = parse_amendment(text, "rus")
        assert [(o.op, o.target, o.act_line) for o in got.ops] == [("repeal", (), 2), ("repeal", (), 3)]
        assert [f.reason for f in got.flagged] == [
            "an act named outside a list of repeals: what happens to it is not stated"
        ]


def test_a_regulation_named_by_its_title_is_an_act_repealed() -> None:
    """3535 (MoJ Order No. 57 of 1999): «Признать утратившим силу Положение "…", утвержденное Министром … 1995 года»."""
    text = 'Признать утратившим силу Положение "О порядке регистрации", утвержденное Министром юстиции от 13 октября 1995 года.'
    (op,) = parse_amendment(text, "rus").ops
    assert (op.op, op.target, op.act_line) == ("repeal", (), 1)


# -- F4: forms of Government decrees of 2000 (kazakhstan-law/government), Adilet's pre-formatted texts -------


def test_a_formula_broken_over_lines_is_read_whole() -> None:
    """5837-ru-p11/p12 (Government Decree No. 599 of 2000): «в подпункте 4) слова "…"» / «исключить;» and
    «… дополнить словами» / «"…";» are one formula each, broken where Adilet's fixed-width text broke them."""
    text = (
        "в пункте 12:\n"
        'в подпункте 3) после слов "видах транспорта" дополнить словами\n"кроме воздушного";\n'
        'в подпункте 4) слова "использования воздушного пространства"\nисключить;'
    )
    got = parse_amendment(text, "rus")
    assert [(o.op, o.target, o.old, o.new, o.line) for o in got.ops] == [
        ("insert_words", (("paragraph", "12"), ("subparagraph", "3")), "видах транспорта", "кроме воздушного", 2),
        (
            "delete_words",
            (("paragraph", "12"), ("subparagraph", "4")),
            "использования воздушного пространства",
            None,
            4,
        ),
    ]
    assert got.flagged == ()


def test_a_line_read_alone_is_not_joined_to_the_next() -> None:
    """A line that lacks its final «;» but reads as a formula stays one: two lines, two operations."""
    got = parse_amendment("подпункт 3) исключить\nподпункт 4) исключить", "rus")
    assert [(o.target, o.line) for o in got.ops] == [
        ((("subparagraph", "3"),), 1),
        ((("subparagraph", "4"),), 2),
    ]


def test_an_older_decree_named_in_the_locative_heads_its_changes() -> None:
    """5912-ru (Government Decree No. 677 of 2000): «1) в постановлении Кабинета Министров … N 390 "…":» opens the
    changes of that decree, as «в постановление …:» does; the target starts at the decree's own units."""
    text = (
        "Внести в некоторые решения следующие изменения:\n1) в постановлении Кабинета Министров от 3 апреля 1995 года "
        'N 390 "О внесении изменений":\nв абзаце третьем слова "состав комиссии и" исключить;'
    )
    (op,) = parse_amendment(text, "rus").ops
    assert (op.op, op.target, op.old, op.act_line) == ("delete_words", (("indent", "3"),), "состав комиссии и", 2)


def test_an_abbreviation_in_parentheses_is_part_of_a_name() -> None:
    """5593-ru (Government Decree No. 421 of 2000): «в Положении о Министерстве … (МИД), утвержденном указанным
    постановлением:» descends into the Regulation; «дополнить абзацем» gives an indent with no number."""
    text = (
        "в Положении о Министерстве иностранных дел Республики Казахстан (МИД), утвержденном указанным постановлением:\n"
        'пункт 1 дополнить абзацем следующего содержания:\n"Новый абзац".'
    )
    (op,) = parse_amendment(text, "rus").ops
    assert (op.op, op.target, op.new) == (
        "insert",
        (("document", None), ("paragraph", "1"), ("indent", None)),
        "Новый абзац",
    )


def test_in_the_heading_and_in_the_text() -> None:
    """8022-ru (Government Decree No. 165 of 2001): «в заголовке и в тексте слова "…" заменить словом "…"» is the
    heading and the whole text, as «в заголовке и по всему тексту» is: one operation each."""
    for where in ("в заголовке и в тексте", "в заголовке и по всему тексту"):
        ops = parse_amendment(f'{where} слова "энергетики, индустрии" заменить словом "экономики";', "rus").ops
        assert [(o.op, o.target, o.old, o.new) for o in ops] == [
            ("replace_words", (("heading", None),), "энергетики, индустрии", "экономики"),
            ("replace_words", (("text", None),), "энергетики, индустрии", "экономики"),
        ]


def test_the_preposition_may_be_repeated_between_locations() -> None:
    """7991-ru (Government Decree No. 133 of 2001): «в заголовке и в пункте 1 слова …» is «в заголовке и пункте 1»."""
    for where in ("в заголовке и в пункте 1", "в заголовке и пункте 1"):
        ops = parse_amendment(f'{where} слова ", индустрии" заменить словами "и ресурсов";', "rus").ops
        assert [o.target for o in ops] == [(("heading", None),), (("paragraph", "1"),)]


def test_units_named_one_after_another_are_each_excluded() -> None:
    """7941-ru (Government Decree No. 111 of 2001): «подпункт 8) пункта 10 и подпункт 15) пункта 11 исключить» names two
    units, each in full: two deletes, neither inside the other."""
    ops = parse_amendment("подпункт 8) пункта 10 и подпункт 15) пункта 11 исключить.", "rus").ops
    assert [(o.op, o.target) for o in ops] == [
        ("delete", (("paragraph", "10"), ("subparagraph", "8"))),
        ("delete", (("paragraph", "11"), ("subparagraph", "15"))),
    ]
