"""The document's text: preface (title, requisites), body units, amending provisions with their quoted
new wording, tables, and conclusions (signature, approvals). Not-held wording is stated, never invented."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lexpub.errors import BuildError, Issue
from lexpub.model.core import Op, Unit
from lexpub.model.values import Known
from lexpub.render.akn.base import ATTACHMENT_KINDS, LIST, AknBase, E
from lexpub.wording.i18n import t
from lexpub.wording.numbering import label
from lexpub.wording.phrases import formula, requisites

AKN_ELEMENTS = frozenset({"paragraph", "point", "alinea", "article", "chapter", "section", "part"})
"""Unit kinds that are AKN hierarchy elements of the same name."""


class AknBody(AknBase):
    """Preface, body units, tables and conclusions."""

    def preface(self) -> Any:
        work = self.work
        title = work.title.get(self.lang) if work.title else None
        parts = [E.longTitle(E.p(title) if title else self.not_held_p(t(self.lang, "held.title")))]
        parts.append(E.container(*(E.p(line) for line in requisites(work, self.lang)), name="requisites"))
        if work.held == "partial":
            parts.append(E.p(self.remark(t(self.lang, "held.work_partial")), status="incomplete"))
        return E.preface(*parts)

    def conclusions(self) -> Any | None:
        work = self.work
        parts = []
        if work.signature is not None:
            name = (
                work.signature.name
                if not isinstance(work.signature.name, Known)
                else t(self.lang, "work.signature_unknown")
            )
            parts.append(E.p(f"{work.signature.position.get(self.lang) or ''} {name}".strip()))
        for approval in work.approvals:
            parts.append(E.p(approval.heading.get(self.lang) or ""))
            parts.append(E.p(approval.body.get(self.lang) or ""))
        return E.conclusions(*parts) if parts else None

    def units(self, units: Iterable[Unit], prefix: str, *, quoted: str = "") -> list[Any]:
        units = list(units)
        return [self.unit(u, last=i == len(units) - 1, quoted=quoted) for i, u in enumerate(units)]

    def unit(self, unit: Unit, *, last: bool, quoted: str = "") -> Any:
        """A hierarchical unit; an appendix met inside a hierarchy becomes an ``hcontainer``."""
        tag, attrs = self.tag_and_attrs(unit, quoted)
        head = self.num_and_heading(unit)
        notes = [] if quoted else self.note_ps(unit)
        own = self.own_blocks(unit, last=last)
        kids = [k for k in unit.children if k.kind != "row"]
        if unit.table:
            return getattr(E, tag)(*head, E.content(*own, self.table(unit, quoted), *notes), **attrs)
        if not kids:
            if not own and not notes:
                raise BuildError(Issue(unit.loc, "akn-empty", f"{self.work.id}#{unit.eid} has no wording to render"))
            return getattr(E, tag)(*head, E.content(*own, *notes), **attrs)
        parts = [*head]
        if own:
            parts.append(E.intro(*own))
        parts += self.units(kids, "", quoted=quoted)
        if notes:
            parts.append(E.wrapUp(*notes))
        return getattr(E, tag)(*parts, **attrs)

    def tag_and_attrs(self, unit: Unit, quoted: str) -> tuple[str, dict[str, str]]:
        """The element name (AKN's own for the kinds it has, else ``hcontainer``) and its attributes."""
        attrs = self.ids(unit, quoted)
        if unit.status == "repealed":
            attrs["status"] = "removed"
        elif not unit.held:
            attrs["status"] = "incomplete"
        tag = unit.kind if unit.kind in AKN_ELEMENTS else "hcontainer"
        if tag == "hcontainer":
            attrs["name"] = unit.kind
        return tag, attrs

    def num_and_heading(self, unit: Unit) -> list[Any]:
        head = []
        lab = label(unit)
        if lab:
            head.append(E.num(lab))
        if unit.heading and unit.heading.get(self.lang):
            head.append(E.heading(unit.heading.get(self.lang) or ""))
        return head

    def own_blocks(self, unit: Unit, *, last: bool) -> list[Any]:
        """The unit's own words as blocks: text, not-held statement, repeal note, or amending sentence."""
        if not unit.held:
            return [self.not_held_p(t(self.lang, "held.unit"))]
        if unit.status == "repealed":
            return [E.p(self.remark(unit.text.get(self.lang) or ""))] if unit.text else []
        if unit.amend is not None:
            return [self.amending(unit, unit.amend, last)]
        text = unit.text.get(self.lang) if unit.text else None
        return [E.p(text)] if text else []

    def amending(self, unit: Unit, op: Op, last: bool) -> Any:
        """``<p><mod>formula "<quotedStructure/>"</mod>;</p>`` — the wording generated from the op."""
        end = "." if last else ";"
        target_work = self.corpus.works.get(op.target_work)
        target = target_work.find(op.target_eid) if target_work else None
        head = formula(op, self.lang, self.work, target)
        mod_id = f"{unit.eid}__mod_1"
        if op.content is None:
            return E.p(E.mod(head, eId=mod_id), end)
        qid = f"{mod_id}__qstr_1"
        inner = self.unit(op.content, last=True, quoted=qid) if op.content.kind not in ATTACHMENT_KINDS else None
        if inner is None:
            inner = self.quoted_attachment(op.content, qid)
        quote = E.quotedStructure(inner, eId=qid, startQuote='"', endQuote='"')
        return E.p(E.mod(head + " ", quote, eId=mod_id), end)

    def quoted_attachment(self, unit: Unit, qid: str) -> Any:
        return self.unit(unit, last=True, quoted=qid)

    def table(self, unit: Unit, quoted: str) -> Any:
        rows = [r for r in unit.children if r.kind == "row"]
        base = f"{quoted}__{unit.eid}" if quoted else unit.eid
        return E.table(*(self.row(r, quoted) for r in rows), eId=f"{base}__table_1")

    def row(self, row: Unit, quoted: str) -> Any:
        heading = row.heading.get(self.lang) if row.heading else None
        cells = []
        head_p = E.p(heading) if heading else self.not_held_p(t(self.lang, "held.unit"))
        if row.num is None:
            cells.append(E.td(head_p, colspan="2"))
        else:
            cells += [E.td(E.p(row.num)), E.td(head_p)]
        blocks = self.cell_blocks(row, quoted)
        notes = [] if quoted else self.note_ps(row)
        cells.append(E.td(*(blocks + notes or [self.not_held_p(t(self.lang, "held.unit"))])))
        return E.tr(*cells, **self.ids(row, quoted))

    def cell_blocks(self, unit: Unit, quoted: str, *, own_id: bool = False) -> list[Any]:
        """Words inside a table cell: paragraphs (with the unit's eId), numbered points as a ``blockList``."""
        ids = self.ids(unit, quoted) if own_id else {}
        if not unit.held:
            return [E.p(self.remark(t(self.lang, "held.unit")), status="incomplete", **ids)]
        out: list[Any] = []
        text = unit.text.get(self.lang) if unit.text else None
        if text:
            out.append(E.p(text, **ids))
        items: list[Any] = []
        base = f"{quoted}__{unit.eid}" if quoted else unit.eid

        def flush() -> None:
            if items:
                out.append(E.blockList(*items, eId=f"{base}__list_{sum(1 for b in out if b.tag == LIST) + 1}"))
                items.clear()

        for child in unit.children:
            notes = [] if quoted else self.note_ps(child)
            if child.kind == "point":
                blocks = self.cell_blocks(child, quoted) + notes
                items.append(E.item(E.num(label(child)), *blocks, **self.ids(child, quoted)))
            else:
                flush()
                out += self.cell_blocks(child, quoted, own_id=True) + notes
        flush()
        return out
