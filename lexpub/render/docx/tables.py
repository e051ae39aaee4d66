"""An appendix that is a table (``table: true``: the service standard of Appendix 2-1 to Order No. 357)
as a real Word table: a grid of three columns (the row's number, the requirement, its content), single
borders, the leading unnumbered rows (the service's name) repeated at the top of every page, and a row
with no number spanning the number and requirement columns — the spans of the Akoma Ntoso table
(:mod:`lexpub.render.akn.body`). The cell words are the edition's, the same as the plain text's.

:class:`Grid` is the frozen value the line walker (:mod:`.marks`) builds; :func:`add_table` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

WIDTHS = (Mm(12), Mm(58), Mm(95))
"""The number, the requirement and the content: 165 mm, the text width of the A4 page (30 + 15 mm margins)."""
CELL_SIZE = Pt(12)


@dataclass(frozen=True, slots=True)
class CellPara:
    """One paragraph inside a cell: its words and whether it is an editorial note (italics)."""

    text: str
    note: bool = False


@dataclass(frozen=True, slots=True)
class GridRow:
    """One table row: ``num`` is None for an unnumbered row (its requirement spans two columns)."""

    num: str | None
    head: str
    content: tuple[CellPara, ...]


@dataclass(frozen=True, slots=True)
class Grid:
    """A table of an appendix: its rows in the source's order."""

    rows: tuple[GridRow, ...]

    def header_rows(self) -> int:
        """The leading unnumbered rows (the name of the service): Word repeats them on every page."""
        n = 0
        for row in self.rows:
            if row.num is not None:
                break
            n += 1
        return n


def add_table(doc: Any, grid: Grid) -> None:
    """``grid`` as a ``w:tbl`` after the document's last paragraph."""
    table = doc.add_table(rows=len(grid.rows), cols=len(WIDTHS))
    table.autofit = False
    _borders(table)
    for col, width in zip(table.columns, WIDTHS, strict=True):
        col.width = width
    heads = grid.header_rows()
    for i, (source, row) in enumerate(zip(grid.rows, table.rows, strict=True)):
        cells = row.cells
        for cell, width in zip(cells, WIDTHS, strict=True):
            cell.width = width
        _row_properties(row, header=i < heads)
        if source.num is None:
            head_cell = cells[0].merge(cells[1])
        else:
            _text(cells[0], source.num, align=WD_ALIGN_PARAGRAPH.CENTER)
            head_cell = cells[1]
        _text(head_cell, source.head)
        _content(cells[2], source.content)


def _text(
    cell: Any, text: str, *, align: Any = WD_ALIGN_PARAGRAPH.LEFT, italic: bool = False, first: bool = True
) -> None:
    """``text`` as the cell's first (empty, from python-docx) paragraph, or as a new one after it."""
    para = cell.paragraphs[0] if first else cell.add_paragraph()
    para.alignment = align
    run = para.add_run(text)
    run.font.size = CELL_SIZE
    run.italic = italic or None


def _content(cell: Any, paras: tuple[CellPara, ...]) -> None:
    for i, para in enumerate(paras):
        _text(cell, para.text, italic=para.note, first=i == 0)


def _row_properties(row: Any, *, header: bool) -> None:
    """A header row repeats on each page (``w:tblHeader``); a header row never splits across pages."""
    if not header:
        return
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):  # the schema's order inside w:trPr
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


def _borders(table: Any) -> None:
    """Single black borders around and between all cells, written out (not left to a named style)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            edge.set(qn(key), value)
        borders.append(edge)
    later = [c for c in tbl_pr if c.tag in {qn(f"w:{x}") for x in ("shd", "tblLayout", "tblCellMar", "tblLook")}]
    if later:
        later[0].addprevious(borders)  # the schema's order inside w:tblPr
    else:
        tbl_pr.append(borders)
