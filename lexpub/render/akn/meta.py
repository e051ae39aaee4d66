"""The ``meta`` section: FRBR identification, lifecycle, temporal data, analysis (active and passive
modifications), references and the status note — dates that are only bounded say so."""

from __future__ import annotations

from typing import Any

from lexpub.consolidate.lifecycle import expression_standing
from lexpub.consolidate.status import status_lines
from lexpub.model.values import DateRange
from lexpub.render.akn.base import LP_DATE, LPE, TEXTUAL_MOD, AknBase, E, component_ref, on_date
from lexpub.render.common import date_range


class AknMeta(AknBase):
    """The ``meta`` element of a document (and the identification of each attachment's ``doc``)."""

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
        return status_lines(self.corpus, self.expr, self.edition)

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
