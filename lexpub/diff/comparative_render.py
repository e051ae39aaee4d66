"""Comparative table → HTML, PDF (landscape A4) and DOCX (python-docx: a real Word table whose
header row repeats on every page, landscape A4). Same bytes for the same sources: the DOCX package
is rewritten with fixed timestamps and fixed core properties.
"""

from __future__ import annotations

import datetime as dt

from lexpub.diff.comparative import Cell, Table, headers
from lexpub.diff.template import render
from lexpub.render.docx.package import FIXED_ZIP_TIME, fix_properties, normalise_zip, saved
from lexpub.render.pdf import html_to_pdf
from lexpub.wording.lang import bcp47

__all__ = ["FIXED_ZIP_TIME", "compare_docx", "compare_html", "compare_pdf", "normalise_zip"]


def compare_html(table: Table) -> str:
    return render(
        "diff/compare.html.j2",
        table=table,
        lang=table.lang,
        html_lang=bcp47(table.lang),
        headers=headers(table.lang),
    )


def compare_pdf(table: Table) -> bytes:

    return html_to_pdf(compare_html(table), title=f"{table.title}: {table.subtitle}", lang=bcp47(table.lang))


def _cell(cell_obj: object, cell: Cell) -> None:
    from docx.table import _Cell

    assert isinstance(cell_obj, _Cell)
    first = cell_obj.paragraphs[0]
    if cell.statement is not None:
        first.add_run(cell.statement).italic = True
        return
    for i, para in enumerate(cell.paragraphs):
        p = first if i == 0 else cell_obj.add_paragraph()
        for run in para:
            p.add_run(run.text).bold = run.bold or None


def _repeat_header(row: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    for tag in ("w:cantSplit", "w:tblHeader"):  # the schema's order inside w:trPr (Word is strict)
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


def compare_docx(table: Table, *, made: dt.date | None = None) -> bytes:
    """A Word document: title, landscape A4, a 5-column table with a repeating header row."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    doc.add_heading(table.title, level=1)
    doc.add_paragraph(table.subtitle)
    grid = doc.add_table(rows=1, cols=5)
    grid.style = "Table Grid"
    head = grid.rows[0]
    for cell, text in zip(head.cells, headers(table.lang), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(head)
    for r in table.rows:
        cells = grid.add_row().cells
        cells[0].paragraphs[0].add_run(str(r.num))
        cells[1].paragraphs[0].add_run(r.act)
        cells[1].add_paragraph(r.unit)
        _cell(cells[2], r.current)
        _cell(cells[3], r.proposed)
        if r.justification:
            cells[4].paragraphs[0].add_run(r.justification)
    widths = (Mm(12), Mm(50), Mm(80), Mm(80), Mm(45))
    grid.autofit = False
    for col, w in zip(grid.columns, widths, strict=True):
        col.width = w
    for row in grid.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w
    fix_properties(doc, f"{table.title}: {table.subtitle}", made, bcp47(table.lang))
    return saved(doc)
