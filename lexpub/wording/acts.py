"""Acts, editions, target units and dates as a reader sees them named in status blocks and on pages.

Why here: the status block, the site and the AKN references name an act the same way ("04.01.2023 № 2
бұйрық"), an edition by its start or by the act that opened it, and an unknown date by its bounds —
never by an id or a guess. One place, so that no renderer words them differently.
"""

from __future__ import annotations

from lexpub.model.core import Corpus, Edition, Op, Work
from lexpub.model.dates import short
from lexpub.model.values import DateRange, Lang
from lexpub.wording.i18n import t
from lexpub.wording.names import unit_path_name
from lexpub.wording.phrases import when_phrase


def act_name(corpus: Corpus, work_id: str, ui: Lang) -> str:
    """ "04.01.2023 № 2 бұйрық" — how the status block names an act of the corpus."""
    work = corpus.works.get(work_id)
    return work_id if work is None else target_title(work, ui)


def target_title(work: Work, lang: Lang) -> str:
    """ "04.01.2023 № 2 бұйрық" — an act named as the status block names acts ("бұйрық жобасы": a draft)."""
    if work.status == "draft":
        return t(lang, "draft.act_short")
    return t(lang, "html.act_short", date=short(work.date), number=work.number)


def target_name(corpus: Corpus, op: Op, ui: Lang) -> str:
    """The target unit named from the top ("Өзгерістер енгізілетін … тізбесі, 3-тармақ"): a bare
    "3-тармақ" would be ambiguous where the order and its approved list both have a paragraph 3."""
    work = corpus.works.get(op.target_work)
    if work is None:
        return op.target_eid
    return unit_path_name(work.root, op.target_eid, ui)


def when(rng: DateRange | None, ui: Lang) -> str:
    """An exact date as DD.MM.YYYY; an unknown one said as such, with its known bounds."""
    if rng is None:
        return "—"
    exact = rng.exact
    return short(exact) if exact else t(ui, "site.date_unknown", bounds=when_phrase(rng, ui))


def edition_name(corpus: Corpus, ed: Edition, ui: Lang) -> str:
    """ "ең ерте белгілі редакциясы" (the earliest wording held: never called the original),
    "20.01.2023 бастап редакциясы", or, when the start is unknown,
    "04.01.2023 № 2 бұйрық ашқан редакция (басталған күні белгісіз)"."""
    if ed.index == 0:
        return t(ui, "html.edition_earliest")
    exact = ed.start.exact
    if exact:
        return t(ui, "site.edition_from", date=short(exact))
    return t(ui, "site.edition_by", act=act_name(corpus, ed.opened_by, ui))


def edition_span(ed: Edition, ui: Lang) -> str:
    """ "Қолданылу мерзімі: … — …." with unknown bounds stated, never guessed."""
    end = when(ed.end, ui) if ed.end else t(ui, "site.edition_open")
    span = t(ui, "site.edition_span", start=when(ed.start, ui), end=end)
    proof = inserted_numbers(ed)
    return span + (" " + t(ui, "html.edition_earlier", nums=", ".join(proof)) if proof else "")


def inserted_numbers(ed: Edition) -> tuple[str, ...]:
    """Inserted numbers (2-1, 4-1) in the earliest edition held: proof that earlier amendments exist.

    Units an amending act quotes as new wording for another act (``content_from``) prove nothing about it.
    """
    if ed.index != 0:
        return ()
    quoted = tuple(op.content_from for op in ed.expression.work.ops if op.content_from)
    found = [
        u.num
        for u in ed.expression.root.walk()
        if u.num and "-" in u.num and not any(u.eid == q or u.eid.startswith(q + "__") for q in quoted)
    ]
    return tuple(dict.fromkeys(found))
