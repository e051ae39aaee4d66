"""The reader's pieces of an act page: edition picker, date-box data, requisites card, changes with links.

Why apart from :mod:`.pages`: these are what a reader on mod.gov.kz meets first (the issue found the
edition switcher 6,000 px down the page); each is a pure function of the corpus and the page, worded
from the catalogues, never showing an eId (eIds live only in links and ``data-`` attributes).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.consolidate.lifecycle import LifeStatus
from lexpub.diff.effects import Effect, effects_by, effects_on, row
from lexpub.model.core import Corpus, Edition, Unit, Work
from lexpub.model.dates import short
from lexpub.model.requisites import Publication, Registration
from lexpub.model.values import DateRange, Known, Lang
from lexpub.publish.site.paths import Page, act_path, compare_path, edition_path
from lexpub.wording.acts import edition_name, when
from lexpub.wording.i18n import capitalize, t


def picker(corpus: Corpus, eds: tuple[Edition, ...], p: Page, current: int | None) -> list[dict[str, Any]]:
    """The editions at the top of the page: name, interval (an unknown bound said in words), link."""
    return [
        {
            "index": ed.index,
            "name": capitalize(edition_name(corpus, ed, p.ui)),
            "start": when(ed.start, p.ui),
            "end": when(ed.end, p.ui) if ed.end else t(p.ui, "site.edition_open"),
            "link": p.to(edition_path(ed.expression.work.id, ed.label)),
            "compare": p.to(compare_path(ed.expression.work.id, ed.label)) if ed.index else None,
            "current": ed.index == current,
        }
        for ed in eds
    ]


def _bound(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _range(rng: DateRange | None) -> dict[str, str | None] | None:
    return None if rng is None else {"lo": _bound(rng.lo), "hi": _bound(rng.hi)}


def picker_json(corpus: Corpus, eds: tuple[Edition, ...], p: Page) -> Markup:
    """The list the date box's script reads (inline, so it works from file:// too): each edition's
    start and end as bounds (``hi`` null: no upper bound known), its name and link."""
    data = [
        {
            "name": capitalize(edition_name(corpus, ed, p.ui)),
            "link": p.to(edition_path(ed.expression.work.id, ed.label)),
            "start": _range(ed.start),
            "end": _range(ed.end),
        }
        for ed in eds
    ]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # inside <script type="application/json">: "</" must not close the element
    return Markup(text.replace("</", "<\\/"))  # noqa: S704 - JSON of our own values, "</" escaped


def _unknown(ui: Lang) -> str:
    return t(ui, "site.card.unknown")


def _registration(reg: Registration | Known, ui: Lang) -> str:
    if isinstance(reg, Known) or isinstance(reg.number, Known):
        return _unknown(ui)
    day = t(ui, "site.card.date_unknown") if isinstance(reg.date, Known) else short(reg.date)
    return t(ui, "site.card.registration_value", number=reg.number, date=day)


def _publication(pub: Publication, ui: Lang) -> str:
    """Source and date; an unknown date with its known bounds ("күні белгісіз (ерте дегенде …)")."""
    if isinstance(pub.date, Known):
        if pub.not_before is None and pub.not_after is None:
            if isinstance(pub.source, Known):
                return _unknown(ui)
            day = t(ui, "site.card.date_unknown")
        else:
            day = when(DateRange(pub.not_before, pub.not_after), ui)
    else:
        day = short(pub.date)
    source = _unknown(ui) if isinstance(pub.source, Known) else pub.source
    return t(ui, "site.card.publication_value", source=source, date=day)


def card(work: Work, status: str, ui: Lang, standing: LifeStatus) -> list[tuple[str, str]]:
    """The requisites card: type, number, date, registration, Adilet code, publication, the act's status
    (Adilet's badge) and where the text shown stands (:mod:`lexpub.consolidate.lifecycle`).

    An unknown fact is said to be unknown, never left blank or guessed."""
    return [
        (t(ui, "site.card.type"), capitalize(t(ui, f"doctype.{work.doctype}.word"))),
        (t(ui, "site.card.number"), work.number),
        (t(ui, "site.card.date"), short(work.date)),
        (t(ui, "site.card.registration"), _registration(work.registration, ui)),
        (t(ui, "site.card.adilet"), _unknown(ui) if isinstance(work.adilet, Known) else work.adilet),
        (t(ui, "site.card.publication"), _publication(work.publication, ui)),
        (t(ui, "site.card.status"), status),
        (t(ui, "site.card.text"), t(ui, f"site.life.{standing}", section=t(ui, "html.status.heading"))),
    ]


def _eids(unit: Unit) -> Iterator[str]:
    yield unit.eid
    for child in unit.children:
        yield from _eids(child)


def _unit_link(corpus: Corpus, e: Effect, p: Page, eds: tuple[Edition, ...]) -> str:
    """The changed unit in the edition of its act (``eds``) that the change opened (the latest text
    when the change opened none); the anchor only where that text has the unit."""
    target = e.target_work
    for ed in eds:
        if any(a.id == e.amendment for a in ed.amendments) and ed.opened_by == e.source_work:
            root, path = ed.expression.root, edition_path(target, ed.label)
            break
    else:
        root, path = consolidate(corpus, target, None, "kaz").root, act_path(target)
    anchor = f"#{e.target_eid}" if e.target_eid in set(_eids(root)) else ""
    return p.to(path) + anchor


def amendments_made(corpus: Corpus, work_id: str, p: Page) -> list[dict[str, Any]]:
    """Every unit this act changes, linked to where the reader sees the unit as changed."""
    out = []
    eds: dict[str, tuple[Edition, ...]] = {}
    for e in effects_by(corpus, work_id, None, p.ui):
        r: dict[str, Any] = dict(row(corpus, e, p.ui))
        if e.target_work in corpus.works:
            if e.target_work not in eds:
                eds[e.target_work] = editions(corpus, e.target_work)
            r["link"] = _unit_link(corpus, e, p, eds[e.target_work])
        else:
            r["link"] = None
        r["eid"] = e.target_eid
        out.append(r)
    return out


def amendments_received(corpus: Corpus, work_id: str, shown: Unit, p: Page) -> list[dict[str, Any]]:
    """Every change made to the act whose text ``shown`` is on this page: the unit linked where the
    page has it, the amending act to its page."""
    here = set(_eids(shown))
    out = []
    for e in effects_on(corpus, work_id, None, p.ui):
        r: dict[str, Any] = dict(row(corpus, e, p.ui))
        r["link"] = f"#{e.target_eid}" if e.target_eid in here else None
        r["eid"] = e.target_eid
        r["by_link"] = p.to(act_path(e.source_work)) if e.source_work in corpus.works else None
        out.append(r)
    return out
