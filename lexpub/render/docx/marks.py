"""The plain text's lines, each marked with the paragraph kind Word needs (title, requisites, body,
note, attachment header and heading, signature, status). Only the presentation differs from
:mod:`lexpub.render.lines`; the words are the same."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lexpub.consolidate.status import status_lines
from lexpub.model.core import Corpus, Expression, Unit, Work
from lexpub.render.docx.tables import CellPara, Grid, GridRow
from lexpub.render.lines import INDENT, TextRenderer, own_text
from lexpub.wording.i18n import t
from lexpub.wording.phrases import requisites

Kind = Literal[
    "title",
    "requisites",
    "body",
    "plain",
    "row",
    "note",
    "header",
    "heading",
    "signature",
    "approval",
    "status",
    "table",
]

_MARK = "\x00"
"""Internal line marks (never in output): ``\\x00<kind>\\x00text``."""


@dataclass(frozen=True, slots=True)
class Para:
    """One Word paragraph: its kind and its words; a ``table`` carries its grid instead."""

    kind: Kind
    text: str
    grid: Grid | None = None


def mark(kind: Kind, text: str) -> str:
    return f"{_MARK}{kind}{_MARK}{text}"


class DocxLines(TextRenderer):
    """The line walker with every line marked for its Word style; a table appendix becomes one ``table``
    mark whose grid waits in :attr:`grids` (a line cannot hold a table)."""

    def __init__(self, corpus: Corpus, expr: Expression):
        super().__init__(corpus, expr)
        self.grids: list[Grid] = []

    def body(self) -> list[str]:
        lines = super().body()
        work = self.expr.work
        n_req = 1 + len(requisites(work, self.lang))
        return [mark("title", lines[0]), *(mark("requisites", x) for x in lines[1:n_req]), *lines[n_req:]]

    def notes(self, unit: Unit) -> list[str]:
        return [mark("note", line.removeprefix(INDENT)) for line in super().notes(unit)]

    def signature(self, work: Work) -> list[str]:
        """The signer in bold; the approvals ("КЕЛІСІЛДІ" and the body that agreed) as plain lines."""
        lines = [line.removeprefix(INDENT) for line in super().signature(work)]
        signer = 1 if work.signature is not None else 0
        return [mark("signature", x) for x in lines[:signer]] + [mark("approval", x) for x in lines[signer:]]

    def unit(self, unit: Unit, *, last: bool, quoted: bool = False) -> list[str]:
        """A table row's number and requirement ("7 Көрсетілетін қызметті берушінің …") is its heading."""
        lines = super().unit(unit, last=last, quoted=quoted)
        if unit.kind == "row" and lines and not lines[0].startswith((_MARK, INDENT)):
            lines[0] = mark("row", lines[0])
        return lines

    def attachment(self, unit: Unit, *, quoted: bool) -> list[str]:
        if quoted:
            return super().attachment(unit, quoted=True)
        lines = [mark("header", h.get(self.lang) or "") for h in unit.header]
        heading = unit.heading.get(self.lang) if unit.heading else None
        if heading or (unit.kind == "attachment" and not unit.held):
            lines.append(mark("heading", heading or t(self.lang, "held.title")))
        lines += self.notes(unit)
        text = own_text(unit, self.lang)
        if text:
            lines.append(INDENT + text)
        if unit.table:
            self.grids.append(self.grid(unit))
            return [*lines, mark("table", str(len(self.grids) - 1))]
        for i, child in enumerate(unit.children):
            lines += self.unit(child, last=i == len(unit.children) - 1, quoted=False)
        return lines

    def grid(self, unit: Unit) -> Grid:
        """A table appendix's rows: number, requirement, and the lines of its content (notes last)."""
        rows = []
        for row in unit.children:
            head = (row.heading.get(self.lang) if row.heading else None) or t(self.lang, "held.unit")
            lines = [INDENT + x for x in (own_text(row, self.lang),) if x]
            for i, child in enumerate(row.children):
                lines += self.unit(child, last=i == len(row.children) - 1, quoted=False)
            lines += self.notes(row)
            content = tuple(CellPara(p.text, note=p.kind == "note") for p in map(_para, lines))
            rows.append(GridRow(row.num, head, content))
        return Grid(tuple(rows))

    def paragraphs(self, *, footer: bool = True) -> tuple[Para, ...]:
        self.grids = []
        lines = self.body()
        if footer:
            lines += [mark("status", x) for x in status_lines(self.corpus, self.expr)]
        paras = tuple(_para(line) for line in lines)
        return tuple(Para("table", "", self.grids[int(p.text)]) if p.kind == "table" else p for p in paras)


def _para(line: str) -> Para:
    opened = line.removeprefix(INDENT)
    if opened.startswith('"' + _MARK):  # a marked unit (a table row) opening a quoted new wording
        para = _para(opened[1:])
        return Para(para.kind, '"' + para.text)
    if line.startswith(_MARK):
        kind, _, text = line[1:].partition(_MARK)
        return Para(kind, text)  # type: ignore[arg-type]
    if line.startswith(INDENT):
        return Para("body", line.removeprefix(INDENT))
    return Para("plain", line)
