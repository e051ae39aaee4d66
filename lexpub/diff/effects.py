"""Effects tables ("changes to legislation"): ``(corpus, work) → every effect on it / by it``.

An effect is one amendment seen from either side: which unit (eId and human name), what kind of
change, by which act and provision (None: the provision is not held — said so, never guessed),
from when (an exact date or the bounds of an unknown one), and whether it is in the text as of a
date or of the latest text. Outputs: frozen values, JSON dicts, an HTML fragment for act pages and
the rows of the site-wide "recent changes" page (which :mod:`lexpub.publish.site.changes` writes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from lexpub.consolidate.apply import classify, consolidate
from lexpub.diff.comparative import act_name
from lexpub.diff.template import render
from lexpub.diff.view import when
from lexpub.model.core import Amendment, Corpus, OpKind
from lexpub.model.dates import short
from lexpub.model.values import DateRange, Lang
from lexpub.render.common import date_range
from lexpub.wording.i18n import t
from lexpub.wording.lang import model_lang
from lexpub.wording.names import unit_path_name

EffectType = Literal["substituted", "inserted", "repealed", "words", "renumbered"]
TYPE: dict[OpKind, EffectType] = {
    "substitute": "substituted",
    "insert": "inserted",
    "repeal": "repealed",
    "replace_words": "words",
    "renumber": "renumbered",
    "delete": "repealed",
    "delete_words": "words",
    "insert_words": "words",
}
State = Literal["applied", "future", "uncertain", "discarded"]


@dataclass(frozen=True, slots=True)
class Effect:
    """One amendment as an effect on a unit of a work."""

    amendment: str
    target_work: str
    target_eid: str
    unit_name: str
    type: EffectType
    source_work: str
    provision: str | None
    """eId of the carrying provision in the amending act; None: not held in this corpus."""
    commencement: DateRange
    state: State
    """As of ``at`` (None: the latest text, every known amendment applied as Adilet does)."""
    at: dt.date | None
    justification: str | None


def _name(corpus: Corpus, a: Amendment, lang: Lang) -> str:
    op = a.op
    work = corpus.works.get(op.target_work)
    if work is None:
        return op.target_eid
    latest = consolidate(corpus, work.id, None, lang)
    for root in (latest.root, work.root):
        name = unit_path_name(root, op.target_eid, lang)
        if name != op.target_eid:
            return name
    return op.target_eid


def effect(corpus: Corpus, a: Amendment, at: dt.date | None, lang: Lang) -> Effect:
    just = a.op.justification.get(lang) if a.op.justification else None
    return Effect(
        amendment=a.id,
        target_work=a.op.target_work,
        target_eid=a.op.target_eid,
        unit_name=_name(corpus, a, lang),
        type=TYPE[a.op.kind],
        source_work=a.source_work,
        provision=a.provision,
        commencement=a.commencement,
        state=classify(corpus, a, at).state,
        at=at,
        justification=just,
    )


def effects_on(corpus: Corpus, work_id: str, at: dt.date | None = None, lang: Lang = "kaz") -> tuple[Effect, ...]:
    """Every effect on ``work_id``, in application order."""
    return tuple(effect(corpus, a, at, lang) for a in corpus.affecting(work_id))


def effects_by(corpus: Corpus, work_id: str, at: dt.date | None = None, lang: Lang = "kaz") -> tuple[Effect, ...]:
    """Every effect ``work_id`` has on other works, in the order it lists them."""
    mine = sorted((a for a in corpus.amendments if a.source_work == work_id), key=lambda a: a.seq)
    return tuple(effect(corpus, a, at, lang) for a in mine)


def effect_json(e: Effect) -> dict[str, Any]:
    return {
        "amendment": e.amendment,
        "target_work": e.target_work,
        "target_eid": e.target_eid,
        "unit": e.unit_name,
        "type": e.type,
        "by_work": e.source_work,
        "provision": e.provision,
        "provision_held": e.provision is not None,
        "commencement": date_range(e.commencement),
        "state": e.state,
        "as_of": e.at.isoformat() if e.at else "latest",
        "justification": e.justification,
    }


def effects_json(corpus: Corpus, work_id: str, at: dt.date | None = None, lang: Lang = "kaz") -> dict[str, Any]:
    """Both sides of one work as a JSON-ready dict (stable keys, no wall-clock data)."""
    return {
        "work": work_id,
        "as_of": at.isoformat() if at else "latest",
        "effects_on": [effect_json(e) for e in effects_on(corpus, work_id, at, lang)],
        "effects_by": [effect_json(e) for e in effects_by(corpus, work_id, at, lang)],
    }


def norm_lang(lang: str) -> Lang:
    """Accept model codes (kaz/rus) and BCP 47 tags (kk/ru)."""
    return model_lang(lang)


def provision_name(corpus: Corpus, e: Effect, lang: Lang) -> str:
    """The carrying provision cited by name ("…тізбесі, 2-тармақ, 3-бөлік"), or that it is not held."""
    if e.provision is None:
        return t(lang, "diff.provision_unknown")
    return unit_path_name(corpus.works[e.source_work].root, e.provision, lang)


def row(corpus: Corpus, e: Effect, lang: Lang) -> dict[str, str]:
    """One table row of printed cells."""
    return {
        "eid": e.target_eid,
        "target": e.target_work,
        "target_name": act_name(corpus, e.target_work, lang),
        "unit": e.unit_name,
        "type": t(lang, f"diff.change.{e.type}"),
        "by": act_name(corpus, e.source_work, lang),  # nominative: it stands under "Өзгерткен акт"
        "by_work": e.source_work,
        "provision": provision_name(corpus, e, lang),
        "when": when(e.commencement, lang),
        "state": t(lang, f"diff.state.{e.state}"),
    }


def effects_html(corpus: Corpus, work_id: str, lang: str = "kaz", at: dt.date | None = None) -> str:
    """An HTML fragment (two tables: effects on the act, effects by it) for the act's page."""
    lg = norm_lang(lang)
    return render(
        "diff/effects.html.j2",
        lang=lg,
        on=[row(corpus, e, lg) for e in effects_on(corpus, work_id, at, lg)],
        by=[row(corpus, e, lg) for e in effects_by(corpus, work_id, at, lg)],
        at_label=short(at) if at else t(lg, "diff.latest"),
    )


def recent_effects(corpus: Corpus, lang: Lang = "kaz") -> list[dict[str, str]]:
    """Every effect in the corpus, latest commencement first (ties: amending act, then its order)."""
    amendments = sorted(
        corpus.amendments,
        key=lambda a: (a.commencement.sort_key(), a.source_work, -a.seq),
        reverse=True,
    )
    return [row(corpus, effect(corpus, a, None, lang), lang) for a in amendments]


def effects_text(corpus: Corpus, work_id: str, at: dt.date | None = None, lang: Lang = "kaz") -> str:
    """Both tables as plain text, one effect per paragraph (for the terminal)."""
    at_label = short(at) if at else t(lang, "diff.latest")
    lines: list[str] = []
    for heading, items in (
        ("diff.effects.on_heading", effects_on(corpus, work_id, at, lang)),
        ("diff.effects.by_heading", effects_by(corpus, work_id, at, lang)),
    ):
        lines.append(t(lang, heading))
        if not items:
            lines.append("  " + t(lang, "diff.effects.none"))
        for e in items:
            r = row(corpus, e, lang)
            lines += [
                f"- {r['target']}#{r['eid']}: {r['unit']} — {r['type']}",
                f"  {t(lang, 'diff.effects.col.by')}: {r['by']}",
                f"  {t(lang, 'diff.effects.col.provision')}: {r['provision']}",
                f"  {t(lang, 'diff.effects.col.when')}: {r['when']}",
                f"  {t(lang, 'diff.effects.col.state', at=at_label)}: {r['state']}",
            ]
        lines.append("")
    return "\n".join(lines)
