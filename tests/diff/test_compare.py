"""Comparative table of Order No. 2 (four rows, earlier wording not held) and of a fixture
amending act where the current wording is held (bold changed words, «жоқ», justification)."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from lexpub.cli import main
from lexpub.consolidate.validate import load_valid
from lexpub.diff.comparative import comparative_table
from lexpub.diff.comparative_render import compare_docx, compare_html
from lexpub.model.core import Corpus
from tests.diff.test_diff_fixture import FILES

KZ_HEAD = ["Р/с №", "Құрылымдық элемент", "Қолданыстағы редакция", "Ұсынылып отырған редакция", "Негіздеме"]
RU_HEAD = ["№ п/п", "Структурный элемент", "Действующая редакция", "Предлагаемая редакция", "Обоснование"]
NOT_HELD = "Қолданыстағы редакциясының мәтіні бұл жинақта жарияланбаған."


def test_order_2_rows(corpus: Corpus) -> None:
    table = comparative_table(corpus, "mod-2023-2")
    assert [(r.target_work, r.target_eid) for r in table.rows] == [
        ("mod-2017-350", "att_nn_1__para_10"),
        ("mod-2017-357", "para_2"),
        ("mod-2017-357", "att_nn_1__para_11"),
        ("mod-2017-357", "att_nn_1__att_2-1"),
    ]
    for r in table.rows:
        assert r.current.statement == NOT_HELD
        assert r.justification == ""
        assert all(not run.bold for p in r.proposed.paragraphs for run in p)  # nothing to compare with
    assert table.rows[1].unit == "2-тармақ"
    assert table.rows[0].act == "Қазақстан Республикасы Қорғаныс министрінің 12.07.2017 № 350 бұйрығы"
    assert table.rows[0].proposed.plain().startswith("10. Көлік құралдарының жүргізушілері ретінде дайындау үшін")


def _docx_rows(data: bytes) -> list[list[str]]:
    doc = Document(io.BytesIO(data))
    [tbl] = doc.tables
    return [[c.text for c in row.cells] for row in tbl.rows]


def test_docx_of_order_2(tmp_path: Path) -> None:
    out = tmp_path / "t.docx"
    res = CliRunner().invoke(main, ["compare", "mod-2023-2", "--format", "docx", "--out", str(out)])
    assert res.exit_code == 0, res.output
    doc = Document(str(out))
    section = doc.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)  # landscape A4
    assert section.orientation == WD_ORIENT.LANDSCAPE
    [tbl] = doc.tables
    header = tbl.rows[0]._tr
    assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
    rows = _docx_rows(out.read_bytes())
    assert rows[0] == KZ_HEAD
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4"]
    assert rows[2][1] == "Қазақстан Республикасы Қорғаныс министрінің 17.07.2017 № 357 бұйрығы\n2-тармақ"
    assert all(r[2] == NOT_HELD for r in rows[1:])
    assert all(r[4] == "" for r in rows[1:])
    assert rows[3][3].startswith("11. Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау ақылы")
    assert rows[4][3].startswith("Мемлекеттік қызмет көрсетуге қойылатын негізгі талаптардың тізбесі\n")


def test_docx_is_reproducible(corpus: Corpus) -> None:
    table = comparative_table(corpus, "mod-2023-2")
    assert compare_docx(table) == compare_docx(table)


def test_russian_headers_and_text_not_held(corpus: Corpus) -> None:
    rows = _docx_rows(compare_docx(comparative_table(corpus, "mod-2023-2", "rus")))
    assert rows[0] == RU_HEAD
    assert rows[2][1] == "Приказ Министра обороны Республики Казахстан от 17.07.2017 № 357\nПункт 2"
    assert all(r[2] == r[3] == "Текст на русском языке в этом собрании не опубликован." for r in rows[1:])


@pytest.fixture
def fixture_corpus(make_corpus: Callable[..., Path]) -> Corpus:
    return load_valid(make_corpus(FILES, base=False))


def test_held_wording_bold_new_unit_and_justification(fixture_corpus: Corpus) -> None:
    table = comparative_table(fixture_corpus, "mod-2021-20")
    r1, r2, r3, r4 = table.rows
    assert [x.text for p in r1.current.paragraphs for x in p if x.bold] == ["бес"]
    assert [x.text for p in r1.proposed.paragraphs for x in p if x.bold] == ["үш"]
    assert r1.proposed.plain() == "1. Әскери комиссариат өтінішті үш жұмыс күні ішінде қарайды."
    assert r1.justification == "Мерзім қысқартылады."
    assert r2.current.plain() == "2. Құжаттар қағаз түрінде тапсырылады."
    assert r2.proposed.plain() == "2. Құжаттар электрондық түрде порталда тапсырылады."
    assert r2.justification == "Қағазсыз қызмет көрсетуге көшу."
    assert r3.current.statement == "жоқ"
    assert r3.proposed.plain() == "2-1. Өтініш берушіге хабарлама жіберіледі."
    assert r3.justification == ""
    assert r4.current.plain() == "3. Осы бұйрық ресми жарияланған күнінен бастап қолданысқа енгізіледі."
    assert r4.proposed.statement == "Алып тасталсын."
    rows = _docx_rows(compare_docx(table))
    assert rows[3][2] == "жоқ" and rows[1][4] == "Мерзім қысқартылады." and rows[3][4] == ""
    doc = Document(io.BytesIO(compare_docx(table)))
    bold = [r.text for p in doc.tables[0].rows[1].cells[3].paragraphs for r in p.runs if r.bold]
    assert bold == ["үш"]
    html = compare_html(table)
    assert "<b>бес</b>" in html and "<b>үш</b>" in html
    ru = comparative_table(fixture_corpus, "mod-2021-20", "rus")
    assert ru.rows[2].current.statement == "отсутствует"


def test_html_and_pdf(corpus: Corpus, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    html = compare_html(comparative_table(corpus, "mod-2023-2"))
    assert "<thead>" in html and "Қолданыстағы редакция" in html and NOT_HELD in html
    out = tmp_path / "t.pdf"
    res = CliRunner().invoke(main, ["compare", "mod-2023-2", "--format", "pdf", "--out", str(out)])
    assert res.exit_code == 0, res.output
    reader = pypdf.PdfReader(out)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Салыстырма кесте" in text and "Негіздеме" in text


def test_libreoffice_opens_the_docx(corpus: Corpus, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; run scripts/setup-system.sh")
    pypdf = pytest.importorskip("pypdf")
    src = tmp_path / "table.docx"
    src.write_bytes(compare_docx(comparative_table(corpus, "mod-2023-2")))
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    reader = pypdf.PdfReader(tmp_path / "table.pdf")
    assert len(reader.pages) >= 2
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Ұсынылып отырған редакция" in text and "2-тармақ" in text


def test_renumbering_row(fixture_corpus: Corpus) -> None:
    [r] = comparative_table(fixture_corpus, "mod-2022-30").rows
    assert r.unit == "2-1-тармақ"
    assert [(x.text, x.bold) for p in r.current.paragraphs for x in p] == [
        ("2-1.", True),
        (" Өтініш берушіге хабарлама жіберіледі.", False),
    ]
    assert r.proposed.plain() == "2-2. Өтініш берушіге хабарлама жіберіледі."


def test_an_act_that_amends_nothing_has_no_table_and_says_so() -> None:
    """Order No. 357 amends no act: an empty table would read as 'no changes'; it is refused, exit 2."""
    result = CliRunner().invoke(main, ["compare", "mod-2017-357", "--format", "docx"])
    assert result.exit_code == 2
    assert "error[no-amendments]: mod-2017-357 amends no act in the corpus" in result.output


def test_a_paragraph_number_opens_its_first_line(corpus: Corpus) -> None:
    """ "11. Әскерге шақырылушыларды …" as printed, not a bare "11." on a line of its own."""
    table = comparative_table(corpus, "mod-2023-2")
    p11 = next(r for r in table.rows if r.target_eid == "att_nn_1__para_11")
    first = "".join(run.text for run in p11.proposed.paragraphs[0])
    assert first.startswith("11. Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау")
    assert all("".join(run.text for run in p).strip() != "11." for p in p11.proposed.paragraphs)
