"""Redlines: the real partial works (earlier wording not held, never invented) and a fixture
corpus where both wordings are held (word-level insertions and deletions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.validate import load_valid
from lexpub.diff.redline import diff_expressions, redline
from lexpub.diff.render import render_html, render_md, render_text
from lexpub.diff.words import apply_edits, edits, new_of, old_of
from lexpub.model.core import Corpus
from tests.diff.test_diff_fixture import FILES

NOT_HELD = "Бұрынғы редакциясы бұл жинақта жарияланбаған"


def test_357_substitutions_with_earlier_wording_not_held(corpus: Corpus) -> None:
    rl = redline(corpus, "mod-2017-357", dt.date(2023, 1, 1), None)
    heads = {e.eid: e for e in rl.changed() if e.change != "new-wording"}
    assert sorted(heads) == ["att_nn_1__att_2-1", "att_nn_1__para_11", "para_2"]
    for e in heads.values():
        assert e.change == "substituted"
        assert not e.old_held and e.old_text is None and e.segments == ()
        assert [c.source_work for c in e.causes] == ["mod-2023-2"]
        assert e.causes[0].commencement.lo == dt.date(2023, 1, 20)
        assert e.causes[0].commencement.hi is None
    assert heads["att_nn_1__para_11"].causes[0].provision == "att_nn_1__para_2__alinea_3"
    text = render_text(corpus, rl)
    assert text.count(NOT_HELD) == 3
    assert "ерте дегенде 20.01.2023" in text
    # the new wording is printed as it is, not as if inserted into nothing
    body = text.split("\n", 3)[3]  # after the title, legend and status lines
    assert "[+" not in body and "[-" not in body
    assert "      1) осы бұйрықты Қазақстан Республикасының Әділет министрлігінде мемлекеттік тіркеуді;" in text


def test_order_2_item_3_repealed_by_1100_with_uncertain_date(corpus: Corpus) -> None:
    rl = redline(corpus, "mod-2023-2", dt.date(2023, 6, 1), None)
    assert rl.old_status == "uncertain"  # Order No. 2's own entry into force is undecidable then
    [e] = rl.changed()
    assert (e.eid, e.change) == ("att_nn_1__para_3", "repealed")
    assert e.name == "Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 3-тармақ"
    [cause] = e.causes
    assert cause.source_work == "mod-2023-1100" and cause.provision is None
    assert (cause.commencement.lo, cause.commencement.hi) == (dt.date(2023, 11, 8), None)
    text = render_text(corpus, rl)
    assert "ережесі: бұл жинақта жарияланбаған; қолданысқа енгізілуі: ерте дегенде 08.11.2023." in text
    assert "Бастапқы күн (01.06.2023): Актінің қолданысқа енгізілген күні белгісіз: ерте дегенде 20.01.2023." in text
    assert NOT_HELD in text
    assert "Күші жойылды - ҚР Қорғаныс министрінің 28.10.2023 № 1100" in text


def test_same_date_has_no_changes(corpus: Corpus) -> None:
    rl = redline(corpus, "mod-2023-2", None, None)
    assert rl.changed() == ()
    assert "Бұл екі редакцияның арасында айырма жоқ." in render_text(corpus, rl)


@pytest.fixture
def fixture_corpus(make_corpus: Callable[..., Path]) -> Corpus:
    return load_valid(make_corpus(FILES, base=False))


def test_word_level_redline_where_both_wordings_are_held(fixture_corpus: Corpus) -> None:
    old = consolidate(fixture_corpus, "mod-2020-10", dt.date(2021, 3, 31))
    new = consolidate(fixture_corpus, "mod-2020-10", dt.date(2021, 4, 1))
    rl = diff_expressions(old, new)
    got = {e.eid: e for e in rl.changed()}
    assert {k: v.change for k, v in got.items()} == {
        "para_1": "words",
        "para_2": "substituted",
        "para_2-1": "inserted",
        "para_3": "repealed",
    }
    p1 = got["para_1"]
    assert [(s.op, s.text) for s in p1.segments if s.op != "equal"] == [("delete", "бес"), ("insert", "үш")]
    for e in (p1, got["para_2"]):
        assert e.old_text is not None and e.new_text is not None
        assert apply_edits(e.old_text, edits(e.segments)) == e.new_text
        assert old_of(e.segments) == e.old_text and new_of(e.segments) == e.new_text
    assert got["para_2"].new_text == "Құжаттар электрондық түрде порталда тапсырылады."
    assert got["para_3"].old_text == "Осы бұйрық ресми жарияланған күнінен бастап қолданысқа енгізіледі."
    assert got["para_3"].new_text is None
    text = render_text(fixture_corpus, rl)
    assert "1. Әскери комиссариат өтінішті [-бес-][+үш+] жұмыс күні ішінде қарайды." in text
    assert "2-1. [+Өтініш берушіге хабарлама жіберіледі.+]" in text
    assert NOT_HELD not in text
    html = render_html(fixture_corpus, rl)
    assert '<del><span class="mk">[-</span>бес<span class="mk">-]</span></del>' in html
    assert '<ins><span class="mk">[+</span>үш<span class="mk">+]</span></ins>' in html
    assert "text-decoration: line-through" in html and "text-decoration: underline" in html
    md = render_md(fixture_corpus, rl)
    assert "~~\\[-бес-\\]~~<ins>\\[+үш+\\]</ins>" in md
    # reversed direction: the same unit, the edits the other way round
    back = diff_expressions(new, old)
    p1b = back.find("para_1")
    assert p1b is not None
    assert [(s.op, s.text) for s in p1b.segments if s.op != "equal"] == [("delete", "үш"), ("insert", "бес")]


def test_html_escapes_source_text(make_corpus: Callable[..., Path]) -> None:
    files = dict(FILES)
    files["acts/mod-2021-20.yaml"] = files["acts/mod-2021-20.yaml"].replace(
        "Құжаттар электрондық түрде порталда тапсырылады.", "Құжаттар <script>x</script> тапсырылады."
    )
    corp = load_valid(make_corpus(files, base=False))
    html = render_html(corp, redline(corp, "mod-2020-10", dt.date(2021, 1, 1), None))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_cli_diff_text_and_md(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["diff", "mod-2017-357", "--from", "2023-01-01", "--to", "latest"])
    assert res.exit_code == 0, res.output
    assert res.output.count(NOT_HELD) == 3
    out = tmp_path / "d.md"
    res = runner.invoke(
        main, ["diff", "mod-2023-2", "--from", "2023-06-01", "--to", "latest", "--format", "md", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "att\\_nn\\_1\\_\\_para\\_3" in out.read_text() or "`att_nn_1__para_3`" in out.read_text()
    bad = runner.invoke(main, ["diff", "mod-2023-2", "--from", "2023-02-30"])
    assert bad.exit_code == 2
    assert "--from: '2023-02-30' is not a real date" in bad.output


def test_cli_diff_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "d.pdf"
    res = CliRunner().invoke(
        main, ["diff", "mod-2023-2", "--from", "2023-06-01", "--to", "latest", "--format", "pdf", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    text = "".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "08.11.2023" in text and "3-тармақ" in text


def test_renumbered_unit_is_aligned_both_ways(fixture_corpus: Corpus) -> None:
    rl = redline(fixture_corpus, "mod-2020-10", dt.date(2021, 5, 1), None)
    [e] = rl.changed()
    assert (e.change, e.old_eid, e.eid, e.old_label, e.label) == ("renumbered", "para_2-1", "para_2-2", "2-1.", "2-2.")
    assert e.old_text == e.new_text == "Өтініш берушіге хабарлама жіберіледі."
    assert [c.source_work for c in e.causes] == ["mod-2022-30"]
    assert "Бұрынғы нөмірі: 2-1. (para_2-1)" in render_text(fixture_corpus, rl)
    back = redline(fixture_corpus, "mod-2020-10", None, dt.date(2021, 5, 1))
    [b] = back.changed()
    assert (b.change, b.old_eid, b.eid) == ("renumbered", "para_2-2", "para_2-1")


def test_undecidable_repeal_is_reported_not_applied(corpus: Corpus) -> None:
    rl = redline(corpus, "mod-2023-2", dt.date(2023, 6, 1), dt.date(2023, 12, 1))
    [e] = rl.changed()
    assert (e.eid, e.change) == ("att_nn_1__para_3", "uncertain")
    assert [c.source_work for c in e.causes] == ["mod-2023-1100"]
    text = render_text(corpus, rl)
    assert "— күші жойылды" not in text and "Күші жойылды -" not in text
    assert "ерте дегенде 08.11.2023" in text
    assert "сондықтан бұл мәтінде ол өзгеріс қолданылмаған" in text
    assert "\n    3.\n" not in text  # no bare number without words


def test_json_format_edits_reproduce_the_new_text(fixture_corpus: Corpus) -> None:
    import json

    from lexpub.diff.render import render
    from lexpub.diff.words import Edit

    rl = redline(fixture_corpus, "mod-2020-10", dt.date(2021, 1, 1), dt.date(2021, 4, 1))
    data = json.loads(render(fixture_corpus, rl, "json"))
    by = {c["eid"]: c for c in data["changes"]}
    p1 = by["para_1"]
    assert p1["change"] == "words" and p1["causes"][0]["commencement"]["date"] == "2021-04-01"
    edits_ = tuple(Edit(a, b, x) for a, b, x in p1["edits"])
    assert apply_edits(p1["old_text"], edits_) == p1["new_text"]
    assert by["para_3"]["new_text"] is None and by["para_3"]["edits"] is None


def test_json_format_never_fills_in_unheld_wording(corpus: Corpus) -> None:
    import json

    from lexpub.diff.render import render

    data = json.loads(render(corpus, redline(corpus, "mod-2017-357", dt.date(2023, 1, 1), None), "json"))
    heads = [c for c in data["changes"] if c["change"] == "substituted"]
    assert len(heads) == 3 and all(c["old_text"] is None and c["old_held"] is False for c in heads)
    assert data["status_from"] == "uncertain"


def test_appendix_header_reads_as_printed_and_its_number_is_not_doubled(corpus: Corpus) -> None:
    """Art. 28 header top-right: "…қағидаларына, сондай-ақ оқу мерзімдеріне" then "2-1-қосымша", as in
    the seed; the appendix number is part of that header, never printed again as a bare "2-1"."""
    rl = redline(corpus, "mod-2017-357", dt.date(2023, 1, 1), None)
    e = rl.find("att_nn_1__att_2-1")
    assert e is not None and e.new_text is not None
    head = e.new_text.split("\n")
    assert head[0].endswith("қағидаларына, сондай-ақ оқу мерзімдеріне")
    assert head[1] == "2-1-қосымша"
    assert head[2] == "Мемлекеттік қызмет көрсетуге қойылатын негізгі талаптардың тізбесі"
    text = render_text(corpus, rl)
    assert "2-1 2-1-қосымша" not in text
    assert "\n    2-1-қосымша\n" in text


def test_redline_names_acts_and_provisions_as_a_lawyer_cites_them(corpus: Corpus) -> None:
    """Title, cause and uncertain lines name the act and the provision, not internal ids."""
    rl = redline(corpus, "mod-2017-357", dt.date(2023, 1, 1), None)
    text = render_text(corpus, rl)
    assert text.startswith("17.07.2017 № 357 бұйрық: редакцияларды салыстыру (01.01.2023 – соңғы мәтін)\n")
    assert "ережесі: Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 2-тармақ, 3-бөлік;" in text
    assert "ережесі: att_" not in text
    assert render_md(corpus, rl).startswith("# 17.07.2017 № 357 бұйрық: редакцияларды салыстыру")
    ru = render_text(corpus, rl, "rus")
    assert ru.startswith("Приказ от 17.07.2017 № 357: сравнение редакций")
    # the list's title is held (in Kazakh): it is quoted, never said to be missing
    assert "положение: Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, пункт 2, часть третья;" in ru
    uncertain = render_text(corpus, redline(corpus, "mod-2023-2", dt.date(2023, 6, 1), dt.date(2023, 12, 1)))
    assert "mod-2023-2#" not in uncertain
    assert "04.01.2023 № 2 бұйрық, Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 3-тармақ: Өзгеріс" in uncertain


def test_a_paragraph_number_opens_its_first_line_in_every_format(corpus: Corpus) -> None:
    """ "11. Әскерге …" as Adilet prints it, never a bare "11." line above the words."""
    rl = redline(corpus, "mod-2017-357", dt.date(2023, 1, 1), None)
    text = render_text(corpus, rl)
    assert "\n    11. Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде" in text
    assert "\n    11.\n" not in text
    assert "\n11\\. Әскерге шақырылушыларды" in render_md(corpus, rl)
    html = render_html(corpus, rl)
    assert '<span class="num">11.</span> Әскерге шақырылушыларды' in html
    # points keep their own numbers; the paragraph's note is still printed
    assert "\n      1) осы бұйрықты Қазақстан Республикасының Әділет министрлігінде" in text
    assert "Ескерту. 11-тармақ жаңа редакцияда" in text
