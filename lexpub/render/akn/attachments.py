"""The ``attachments`` section: each approved document or appendix as ``attachment/doc`` with its own
identification, header lines, notes and units."""

from __future__ import annotations

from typing import Any

from lexpub.model.core import Unit
from lexpub.render.akn.base import ATTACHMENT_KINDS, E
from lexpub.render.akn.body import AknBody
from lexpub.render.akn.meta import AknMeta


class AknAttachments(AknBody, AknMeta):
    """Attachments: they need the body's units and tables and the meta's identification."""

    def attachment(self, unit: Unit) -> Any:
        """``attachment/doc``: header lines, heading and notes in the preface; units in mainBody."""
        pre = [E.p(h.get(self.lang) or "", **{"class": "header"}) for h in unit.header]
        if unit.heading and unit.heading.get(self.lang):
            pre.append(E.p(E.docTitle(unit.heading.get(self.lang) or "")))
        pre += self.note_ps(unit)
        body: list[Any] = []
        if not unit.held:
            body.append(self.not_held_container(unit.eid))
        elif unit.text and unit.text.get(self.lang):
            body.append(E.p(unit.text.get(self.lang) or ""))
        if unit.table:
            body.append(self.table(unit, ""))
        inner = [k for k in unit.children if k.kind not in ATTACHMENT_KINDS and k.kind != "row"]
        nested = [k for k in unit.children if k.kind in ATTACHMENT_KINDS]
        body += self.units(inner, "")
        if not body:
            body = [E.componentRef(src=f"#{k.eid}", showAs=self.att_name(k)) for k in nested]
        expr_uri = self.version.expression_uri(self.expr)
        parts = [E.meta(self.identification(self.uri.work_uri(), expr_uri, unit.eid))]
        if pre:
            parts.append(E.preface(*pre))
        parts.append(E.mainBody(*body))
        if nested:
            parts.append(E.attachments(*(self.attachment(k) for k in nested)))
        attrs = {"eId": unit.eid}
        if unit.wid:
            attrs["wId"] = unit.wid
        if not unit.held:
            attrs["status"] = "incomplete"
        return E.attachment(E.doc(*parts, name=unit.kind), **attrs)

    def att_name(self, unit: Unit) -> str:
        if unit.heading and unit.heading.get(self.lang):
            return unit.heading.get(self.lang) or ""
        return unit.num or unit.eid
