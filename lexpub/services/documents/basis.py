"""The basis statement of a citizen document: (corpus, service, issue date, text mode, language) → one sentence.

Why: a citizen or a lawyer must read which act and appendix the quoted norms come from, in words
("ҚР Қорғаныс министрінің 17.07.2017 № 357 бұйрығымен бекітілген Қағидаларға 2-1-қосымша"), not as
corpus ids; and a document quoting the latest known text must say on the page why the text in force
on its issue date is not known (the amending acts whose entry into force the corpus does not hold),
never a guessed date. The eId stays in brackets so that the quote can be traced.
"""

from __future__ import annotations

import datetime as dt

from lexpub.consolidate.apply import consolidate
from lexpub.model.core import Corpus, Lang, Work
from lexpub.model.dates import short
from lexpub.wording.i18n import t


def act_genitive(work: Work, lang: Lang) -> str:
    """ "ҚР Қорғаныс министрінің 04.01.2023 № 2 бұйрығының" / "приказа Министра обороны РК от 04.01.2023 № 2"."""
    issuer = work.issuer.genitive_short.get(lang) or ""
    return t(lang, "docb.act_gen", issuer=issuer, date=short(work.date), number=work.number)


def unit_ref(corpus: Corpus, work_id: str, eid: str, lang: Lang) -> str:
    """The appendix named in words, its eId in brackets."""
    work = corpus.works[work_id]
    unit = consolidate(corpus, work_id, None, "kaz").find(eid)
    num = unit.num if unit is not None and unit.num else "?"
    issuer = work.issuer.genitive_short.get(lang) or ""
    return t(lang, "docb.appendix_ref", num=num, issuer=issuer, date=short(work.date), number=work.number, eid=eid)


def uncertain_acts(corpus: Corpus, work_id: str, day: dt.date) -> list[str]:
    """The acts whose changes to ``work_id`` may or may not be in force on ``day`` (sorted, each once)."""
    expr = consolidate(corpus, work_id, day, "kaz")
    ids = sorted({c.amendment.source_work for c in expr.uncertain})
    return [i for i in ids if i in corpus.works]


def basis(corpus: Corpus, work_id: str, eid: str, issued: dt.date, latest: bool, lang: Lang) -> str:
    """The sentence under the quotes: which text was quoted and, for the latest text, why."""
    ref = unit_ref(corpus, work_id, eid, lang)
    when = short(issued)
    if not latest:
        return t(lang, "docb.in_force", ref=ref, date=when)
    acts = uncertain_acts(corpus, work_id, issued)
    if not acts:
        return t(lang, "docb.latest_unknown", ref=ref, date=when)
    names = ", ".join(act_genitive(corpus.works[a], lang) for a in acts)
    return t(lang, "docb.latest_uncertain", ref=ref, date=when, acts=names)


def open_start_changes(corpus: Corpus, work_id: str, eid: str) -> list[tuple[str, dt.date | None]]:
    """Acts whose changes inside ``eid`` of ``work_id`` have no exact start: (act id, earliest start)."""
    found: dict[str, dt.date | None] = {}
    for a in corpus.amendments:
        inside = (
            a.op.target_eid == eid or a.op.target_eid.startswith(eid + "__") or eid.startswith(a.op.target_eid + "__")
        )
        if a.op.target_work == work_id and inside and a.commencement.exact is None and a.source_work in corpus.works:
            found[a.source_work] = a.commencement.lo
    return sorted(found.items())


def service_status(corpus: Corpus, work_id: str, eid: str, at: dt.date | None, lang: Lang) -> str:
    """The sentence under a service table: which text it is, in words; for the latest text, whether the
    date from which it applies is known (never a guessed date: only the earliest possible one)."""
    work = corpus.works[work_id]
    unit = consolidate(corpus, work_id, None, "kaz").find(eid)
    values = dict(
        issuer=work.issuer.genitive_short.get(lang) or "",
        date=short(work.date),
        number=work.number,
        num=unit.num if unit is not None and unit.num else "?",
        eid=eid,
    )
    ref = t(lang, "svcb.appendix_ref", **values)
    if at is not None:
        return t(lang, "svcb.status_at", ref=ref, date=short(at))
    out = t(lang, "svcb.status_latest", ref=ref)
    for act, lo in open_start_changes(corpus, work_id, eid):
        name = act_genitive(corpus.works[act], lang)
        if lo is None:
            out += " " + t(lang, "svcb.start_unknown", acts=name)
        else:
            out += " " + t(lang, "svcb.start_unknown_from", acts=name, lo=short(lo))
    return out


def uncertain_why(corpus: Corpus, work_id: str, day: dt.date, lang: Lang) -> str | None:
    """Why the text of ``work_id`` on ``day`` is not known, in words (None when no act is to blame)."""
    expr = consolidate(corpus, work_id, day, "kaz")
    lows: dict[str, dt.date | None] = {}
    for c in expr.uncertain:
        if c.amendment.source_work in corpus.works:
            lows[c.amendment.source_work] = c.amendment.commencement.lo
    parts = []
    for act, lo in sorted(lows.items()):
        name = act_genitive(corpus.works[act], lang)
        if lo is None:
            parts.append(t(lang, "docb.why_act", act=name))
        else:
            parts.append(t(lang, "docb.why_act_from", act=name, lo=short(lo)))
    return "; ".join(parts) or None
