"""Issue 17, item 2: the service standard of Appendix 2-1 to Order No. 357 (the new wording Order No. 2
gave it) is a real Word table in the DOCX edition — a grid of three columns, borders, the service's name
as a header row repeated on every page, its number and requirement cells merged — and LibreOffice reads
it back as that table, row by row, with the edition's words."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from lexpub.consolidate.apply import consolidate
from lexpub.model.core import Corpus, Unit
from lexpub.render.docx import render_docx
from lexpub.render.docx.tables import CellPara, Grid, GridRow, add_table
from lexpub.wording.numbering import label

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SERVICE = '"Азаматтарды әскери-техникалық және басқа да әскери мамандықтар бойынша даярлау"'
ROWS = [
    ("", "Мемлекеттік көрсетілетін қызмет атауы"),
    ("1", "Көрсетілетін қызметті берушінің атауы"),
    ("2", "Мемлекеттік қызмет көрсету тәсілдері"),
    ("3", "Мемлекеттік қызмет көрсету мерзімі"),
    ("4", "Мемлекеттік қызмет көрсету нысаны"),
    ("5", "Мемлекеттік қызмет көрсету нәтижесі"),
    (
        "6",
        "Мемлекеттік қызмет көрсету кезінде көрсетілетін қызметті алушыдан алынатын төлем көлемі және ҚР "
        "заңнамасында көзделген жағдайларда оны алу тәсілдері",
    ),
    ("7", "Көрсетілетін қызметті берушінің және ақпарат объектілерінің жұмыс кестесі"),
    (
        "8",
        "Мемлекеттік қызмет көрсету үшін көрсетілетін қызметті алушыдан талап етілетін құжаттар мен "
        "мәліметтердің тізбесі",
    ),
    ("9", "Қазақстан Республикасының заңнамасында белгіленген мемлекеттік қызмет көрсетуден бас тарту үшін негіз"),
    (
        "10",
        "Мемлекеттік қызметті, оның ішінде электрондық нысанда көрсету ерекшеліктері ескерілген өзге де талаптар",
    ),
]
TERM = [
    "1) бірінші кезеңде – құжаттар топтамасын тапсырған сәттен бастап – 2 (екі) жұмыс күні;",
    "2) екінші кезеңде – оқуға қабылдау туралы хабарламада көрсетілген сабақтар басталған сәттен бастап 42 "
    "(қырық екі) жұмыс күні.",
]


def words(text: str) -> str:
    return " ".join(text.split())


def content_of(row: Unit) -> list[str]:
    """The source row's words below its requirement: each unit's printed number and text, in order."""
    out = []
    for u in row.walk():
        text = u.text.get("kaz") if u.text else None
        if text:
            out.append(" ".join(x for x in (label(u) if u is not row else "", text) if x))
    return out


@pytest.fixture(scope="module")
def edition(corpus: Corpus) -> bytes:
    return render_docx(corpus, consolidate(corpus, "mod-2017-357", None, "kaz"))


@pytest.fixture(scope="module")
def source_rows(corpus: Corpus) -> tuple[Unit, ...]:
    root = consolidate(corpus, "mod-2017-357", None, "kaz").root
    table = next(u for u in root.walk() if u.eid == "att_nn_1__att_2-1")
    assert table is not None and table.table
    return table.children


def test_the_appendix_is_one_word_table_with_a_grid_borders_and_the_edition_s_cells(
    edition: bytes, source_rows: tuple[Unit, ...]
) -> None:
    document = docx.Document(io.BytesIO(edition))
    assert len(document.tables) == 1
    tbl = document.tables[0]._tbl
    assert len(tbl.tblGrid.findall(qn("w:gridCol"))) == 3
    borders = tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {b.tag.removeprefix(W): b.get(qn("w:val")) for b in borders} == dict.fromkeys(
        ("top", "left", "bottom", "right", "insideH", "insideV"), "single"
    )
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == len(ROWS) == len(source_rows)
    spans = [[tc.find(f"{W}tcPr/{W}gridSpan") for tc in tr.findall(qn("w:tc"))] for tr in rows]
    assert [len(s) for s in spans] == [2] + [3] * 10
    assert spans[0][0] is not None and spans[0][0].get(qn("w:val")) == "2"  # number and requirement merged
    headers = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in rows]
    assert headers == [True] + [False] * 10
    for tr, (num, head), unit in zip(document.tables[0].rows, ROWS, source_rows, strict=True):
        texts = [c.text for c in tr.cells]
        assert texts[:2] == ([head, head] if not num else [num, head])
        assert texts[2].split("\n") == content_of(unit)
    assert document.tables[0].rows[0].cells[2].text == SERVICE
    assert document.tables[0].rows[3].cells[2].text.split("\n") == TERM


def test_the_table_stands_after_its_heading_and_note_not_as_paragraphs(edition: bytes) -> None:
    document = docx.Document(io.BytesIO(edition))
    body = document.element.body
    blocks = [el for el in body if el.tag in (qn("w:p"), qn("w:tbl"))]
    at = next(i for i, el in enumerate(blocks) if el.tag == qn("w:tbl"))
    before = ["".join(t.text or "" for t in el.iter(qn("w:t"))) for el in blocks[at - 2 : at]]
    assert before[0] == "Мемлекеттік қызмет көрсетуге қойылатын негізгі талаптардың тізбесі"
    assert before[1].startswith("Ескерту. 2-1-қосымша жаңа редакцияда - ҚР Қорғаныс министрінің 04.01.2023 № 2")
    paragraphs = [p.text for p in document.paragraphs]
    assert not any(p.startswith(("1 Көрсетілетін", "Мемлекеттік көрсетілетін қызмет атауы")) for p in paragraphs)


def test_same_sources_same_table_bytes(corpus: Corpus, edition: bytes) -> None:
    assert render_docx(corpus, consolidate(corpus, "mod-2017-357", None, "kaz")) == edition


def soffice(src: Path, fmt: str, out: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{src.stem}.{fmt}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_table_row_by_row_with_its_header_and_span(
    tmp_path: Path, edition: bytes, source_rows: tuple[Unit, ...]
) -> None:
    src = tmp_path / "mod-2017-357.docx"
    src.write_bytes(edition)
    page = lxml.html.parse(str(soffice(src, "html", tmp_path)))
    tables = page.findall(".//table")
    assert len(tables) == 1
    head = tables[0].findall("thead/tr")
    assert len(head) == 1  # the repeated header row, as LibreOffice understood w:tblHeader
    rows = tables[0].findall(".//tr")
    got = [[(td.get("colspan"), words(td.text_content())) for td in tr.findall("td")] for tr in rows]
    assert got[0] == [("2", ROWS[0][1]), (None, SERVICE)]
    for cells, (num, name), unit in zip(got[1:], ROWS[1:], source_rows[1:], strict=True):
        assert cells[:2] == [(None, num), (None, name)]
        assert cells[2] == (None, words(" ".join(content_of(unit))))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_printed_the_header_row_repeats_on_every_page_the_table_crosses(tmp_path: Path, edition: bytes) -> None:
    src = tmp_path / "mod-2017-357.docx"
    src.write_bytes(edition)
    pdf = soffice(src, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [[line.strip() for line in page.splitlines()] for page in text.split("\f")]
    # pdftotext reads a table's cells line by line across the row: look for whole lines, not sentences
    first = next(i for i, p in enumerate(pages) if any(x.startswith("ҚР ҚМ жергілікті") for x in p))  # row 1
    last = next(i for i, p in enumerate(pages) if "Мемлекеттік қызметті," in p)  # row 10
    assert last - first >= 2, "the table crosses at least three pages"
    for page in pages[first : last + 1]:
        assert "Мемлекеттік көрсетілетін" in page and "қызмет атауы" in page
        assert any(x.startswith('"Азаматтарды әскери-техникалық') for x in page)


NUMS = st.one_of(st.none(), st.integers(1, 99).map(str))
TEXT = st.text(st.characters(categories=("L", "N", "Zs", "P")), min_size=1, max_size=30).map(str.strip).filter(bool)
GRIDS = st.lists(
    st.builds(
        GridRow,
        NUMS,
        TEXT,
        st.lists(st.builds(CellPara, st.one_of(st.just(""), TEXT), st.booleans()), max_size=3).map(tuple),
    ),
    min_size=1,
    max_size=8,
).map(lambda rows: Grid(tuple(rows)))


@settings(max_examples=40, deadline=None)
@given(GRIDS)
def test_any_grid_keeps_its_rows_spans_header_and_words(grid: Grid) -> None:
    """Every row becomes one w:tr; an unnumbered row spans two columns; exactly the leading unnumbered
    rows repeat; each cell holds the row's words in order, notes in italics."""
    document = docx.Document()
    add_table(document, grid)
    table = document.tables[0]
    rows = table._tbl.findall(qn("w:tr"))
    assert len(rows) == len(grid.rows)
    heads = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in rows]
    leading = next((i for i, r in enumerate(grid.rows) if r.num is not None), len(grid.rows))
    assert heads == [i < leading for i in range(len(grid.rows))]
    for tr, row, source in zip(rows, table.rows, grid.rows, strict=True):
        assert len(tr.findall(qn("w:tc"))) == (2 if source.num is None else 3)
        cells = row.cells
        assert cells[1].text == source.head and cells[0].text == (source.num or source.head)
        paras = cells[2].paragraphs
        assert [p.text for p in paras] == ([c.text for c in source.content] or [""])
        assert [bool(p.runs and p.runs[0].italic) for p in paras] == ([c.note for c in source.content] or [False])
