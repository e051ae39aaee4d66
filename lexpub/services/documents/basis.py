"""The basis statement of a citizen document: (corpus, service, issue date, text mode, language) → one sentence.

Why: a citizen or a lawyer must read which act and appendix the quoted norms come from, in words
("ҚР Қорғаныс министрінің 17.07.2017 № 357 бұйрығымен бекітілген Қағидаларға 2-1-қосымша"), not as
corpus ids; and a document quoting the latest known text must say on the page why the text in force
on its issue date is not known (the amending acts whose entry into force the corpus does not hold),
never a guessed date. The eId stays in brackets so that the quote can be traced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lexpub.consolidate.apply import affecting, classify, consolidate
from lexpub.consolidate.lifecycle import pending_from
from lexpub.errors import InputError, Issue, kv
from lexpub.model import commence
from lexpub.model.core import Amendment, Corpus, Work
from lexpub.model.dates import short
from lexpub.model.values import Lang
from lexpub.services.documents.records import read_records
from lexpub.services.service_files import load_service
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


def open_start_amendments(corpus: Corpus, work_id: str, eid: str) -> list[tuple[str, dt.date | None]]:
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
    for act, lo in open_start_amendments(corpus, work_id, eid):
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


# --------------------------------------------------------------------------- may a batch be issued?
@dataclass(frozen=True, slots=True)
class Doubt:
    """A fact the corpus lacks to know the quoted norm was in force, and where the official records it."""

    fact: str
    file: str
    """The source file to edit, relative to the source folder."""
    field: str


def _touches(a: Amendment, eid: str) -> bool:
    """Does ``a`` change ``eid``, a unit inside it, or a unit that contains it?"""
    target = a.op.parent if a.op.kind == "insert" and a.op.parent else a.op.target_eid
    return target == eid or target.startswith(eid + "__") or eid.startswith(target + "__") or not target


def quote_doubts(corpus: Corpus, work_id: str, eid: str, day: dt.date) -> list[Doubt]:
    """Why the norm ``work_id#eid`` cannot be quoted as in force on ``day`` (empty: it can)."""
    work = corpus.works[work_id]
    out: list[Doubt] = []
    if commence.in_force(work).status_at(day) == "uncertain":
        out.append(_date_doubt(work, f"whether {work_id} itself was in force on {day.isoformat()}"))
    for a in affecting(corpus, work_id):
        if _touches(a, eid) and classify(corpus, a, day).state == "uncertain" and a.source_work in corpus.works:
            src = corpus.works[a.source_work]
            out.append(_date_doubt(src, f"whether {a.source_work}'s change to {eid} was in force on {day.isoformat()}"))
    for i, p in enumerate(work.pending):
        if day >= pending_from(p, work):
            signed = short(p.signed) if p.signed else "an unknown date"
            out.append(
                Doubt(
                    f"a change signed {signed} ({p.source}) is known but not encoded and may touch the quoted norm",
                    f"acts/{work_id}.yaml",
                    f"pending[{i}] (encode that order as its own act file, then remove this entry)",
                )
            )
    return list(dict.fromkeys(out))


def _date_doubt(work: Work, what: str) -> Doubt:
    """The entry into force of ``work`` is not known: its first official publication date is what is missing."""
    if work.entry_into_force.rule == "unknown":
        return Doubt(f"{what}: its entry-into-force rule is not held", f"acts/{work.id}.yaml", "work.entry_into_force")
    rng = commence.publication(work)
    return Doubt(f"{what}: {rng.basis}", f"acts/{work.id}.yaml", "work.publication.date (and source)")


def doubt_messages(corpus: Corpus, work_id: str, eid: str, days: Iterable[dt.date]) -> list[str]:
    """One message per missing fact over the issue dates ``days``: what is missing and where to record it."""
    found: dict[Doubt, list[dt.date]] = {}
    for day in sorted(set(days)):
        for d in quote_doubts(corpus, work_id, eid, day):
            found.setdefault(d, []).append(day)
    return [
        f"cannot quote {work_id}#{eid} as in force on {', '.join(x.isoformat() for x in ds[:3])}"
        f"{' …' if len(ds) > 3 else ''}: {d.fact}; record it in source/{d.file}, field {d.field}"
        for d, ds in found.items()
    ]


def refuse_doubtful(corpus: Corpus, work_id: str, eid: str, days: Iterable[dt.date]) -> None:
    """The whole batch is refused (InputError, exit 2, nothing written) when any issue date's norm is in doubt.

    Why: in ``--text in-force`` mode a document states the law of its issue date; a citizen must never
    receive a norm the corpus cannot show was in force. ``--preview`` issues anyway, marked as a sample.
    """
    messages = doubt_messages(corpus, work_id, eid, days)
    if messages:
        hint = ", or issue with --preview (a sample with no legal force)"
        raise InputError([Issue(None, "doubtful-norm", m + hint, "doubtful-norm", kv(why=m)) for m in messages])


def refuse_batch(corpus: Corpus, source: Path, days: Iterable[dt.date]) -> None:
    """:func:`refuse_doubtful` for the service table the documents quote."""
    service = load_service(source, "military-specialty-training")
    refuse_doubtful(corpus, service.work, service.table, days)


def preview_notes(corpus: Corpus, source: Path, days: Iterable[dt.date]) -> list[str]:
    """The doubts of a ``--preview`` batch, for the official (never printed in a document)."""
    service = load_service(source, "military-specialty-training")
    return doubt_messages(corpus, service.work, service.table, days)


def issue_days(data: Path, default: dt.date | None) -> set[dt.date]:
    """The issue dates of a batch: each record's ``issued`` value, else ``default`` (an unreadable value is
    left to the record's own row error)."""
    days: set[dt.date] = set()
    for rec in read_records(data):
        value = rec.values.get("issued")
        if value in (None, ""):
            if default is not None:
                days.add(default)
            continue
        try:
            days.add(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return days
