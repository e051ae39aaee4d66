"""The Word layout of an edition: A4, Times New Roman 14 pt (the office-work standard for acts), units
with their exact printed numbers ("11.", "3)") and a first-line indent, editorial notes in italics,
attachment headers on the right and headings centred, the act's requisites in the page header and the
page number (a ``PAGE`` field) in the footer; the status block closes the text."""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from lexpub.model.core import Corpus, Edition, Expression
from lexpub.render.common import version_of
from lexpub.render.docx.marks import DocxLines, Para
from lexpub.render.docx.package import fix_properties, saved
from lexpub.render.docx.tables import add_table
from lexpub.wording.i18n import t
from lexpub.wording.lang import bcp47
from lexpub.wording.phrases import requisites

FONT = "Times New Roman"
ALIGN = {
    "title": WD_ALIGN_PARAGRAPH.CENTER,
    "heading": WD_ALIGN_PARAGRAPH.CENTER,
    "header": WD_ALIGN_PARAGRAPH.RIGHT,
    "requisites": WD_ALIGN_PARAGRAPH.CENTER,
    "body": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "note": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "signature": WD_ALIGN_PARAGRAPH.LEFT,
    "approval": WD_ALIGN_PARAGRAPH.LEFT,
    "plain": WD_ALIGN_PARAGRAPH.LEFT,
    "row": WD_ALIGN_PARAGRAPH.LEFT,
    "status": WD_ALIGN_PARAGRAPH.LEFT,
    "table": WD_ALIGN_PARAGRAPH.LEFT,
}


def render_docx(corpus: Corpus, expr: Expression, edition: Edition | None = None) -> bytes:
    """One expression (the latest text, a date's text or an edition) as a Word document."""
    work, lang = expr.work, expr.lang
    doc = Document()
    page_setup(doc)
    styles(doc)
    title = (work.title.get(lang) if work.title else None) or t(lang, "held.title")
    running_head(doc, requisites(work, lang)[0], t(lang, "docx.page"))
    first_status = True
    for para in DocxLines(corpus, expr).paragraphs():
        if para.kind == "status" and first_status:
            rule(doc)
            first_status = False
        write(doc, para)
    made = version_of(expr, edition).start.exact or work.date
    fix_properties(doc, title, made, bcp47(lang))
    return saved(doc)


def page_setup(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)


def styles(doc: Any) -> None:
    """Normal: Times New Roman 14 pt, also for Cyrillic (east-Asian and complex-script slots too)."""
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = 1.0


def write(doc: Any, para: Para) -> None:
    if para.grid is not None:
        add_table(doc, para.grid)
        return
    p = doc.add_paragraph()
    p.alignment = ALIGN[para.kind]
    fmt = p.paragraph_format
    if para.kind in ("body", "note"):
        fmt.first_line_indent = Mm(12.5)
    if para.kind in ("title", "heading"):
        fmt.space_before, fmt.space_after = Pt(12), Pt(12)
        fmt.keep_with_next = True
    if para.kind == "row":
        fmt.space_before, fmt.keep_with_next = Pt(6), True
    if para.kind == "signature" or (para.kind == "approval" and para.text.startswith('"')):
        fmt.space_before = Pt(12)
    run = p.add_run(para.text)
    run.bold = para.kind in ("title", "heading", "signature", "row") or None
    run.italic = para.kind == "note" or None
    if para.kind in ("note", "status", "header", "requisites"):
        run.font.size = Pt(12)


def rule(doc: Any) -> None:
    """A thin line above the status block (a paragraph border, not a character drawing)."""
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(12)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


def running_head(doc: Any, act: str, page_word: str) -> None:
    """The act's requisites at the top of every page; "Бет N" / "Стр. N" (a PAGE field) at the foot."""
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(act)
    run.font.size, run.italic = Pt(10), True
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(f"{page_word} ").font.size = Pt(10)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    foot._p.append(field)
