"""The basis statement of a citizen document: (corpus, service, issue date, text mode, language) → one sentence.

Why: a citizen or a lawyer must read which act and appendix the quoted norms come from, in words
("ҚР Қорғаныс министрінің 17.07.2017 № 357 бұйрығымен бекітілген Қағидаларға 2-1-қосымша"), not as
corpus ids; and a document quoting the latest known text must say on the page why the text in force
on its issue date is not known (the amending acts whose entry into force the corpus does not hold),
never a guessed date. The eId stays in brackets so that the quote can be traced.
"""

from __future__ import annotations

import datetime as dt

from .consolidate import consolidate
from .dates import short
from .i18n import t
from .model import Corpus, Lang, Work


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
