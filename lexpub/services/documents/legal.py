"""The law a batch applies: quotes, fee and terms in force on the issue date, and the deadlines.

Why one place: every value a document states as law (the fee, the stage-2 term, the refusal grounds)
is read from the consolidated table in force on the issue date, never typed into a template; a record
whose facts contradict that law (classes outside the paid period, a ground the law does not have) is
refused with the reason. Deadlines of the two stages are computed on the working-day calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lexpub.errors import InputError
from lexpub.model.core import Corpus
from lexpub.model.values import Lang
from lexpub.services.calendar import Calendar
from lexpub.services.documents.basis import basis as doc_basis
from lexpub.services.documents.document import GROUND_PREFIX, Kind, cited_eids, quotes
from lexpub.services.documents.eligibility import AgeRule, load_rule
from lexpub.services.documents.providers import Provider, load_providers
from lexpub.services.passport import passport
from lexpub.services.service_files import RequiredRows, Service, load_required, load_service
from lexpub.services.standard import ServiceView, service_view

TextMode = Literal["in-force", "latest"]
SERVICE = "military-specialty-training"


class RecordRefused(ValueError):
    """The law refuses this record (its reason is the row error)."""


class BatchLaw:
    """What the records of one batch share: corpus, service, calendar, providers, age rule, and the
    service table per issue date (taken once per date)."""

    def __init__(self, corpus: Corpus, source: Path, text: TextMode):
        self.corpus = corpus
        self.source = source
        self.text = text
        self.service: Service = load_service(source, SERVICE)
        self.required: RequiredRows = load_required(source)
        self.calendar = Calendar(source)
        self.providers: dict[str, Provider] = load_providers(source)
        self.age: AgeRule | None = load_rule(source)
        self._views: dict[dt.date | None, ServiceView | str] = {}
        self._bases: dict[tuple[str, str, dt.date, Lang], str] = {}
        self._passports: dict[int, tuple[ServiceView, dict[str, Any]]] = {}

    def passport(self, view: ServiceView) -> dict[str, Any]:
        """The passport values of ``view`` (:func:`lexpub.services.passport.passport`), once per table
        taken (each record used to work them out twice); the view is kept so its id stays its own."""
        got = self._passports.get(id(view))
        if got is None or got[0] is not view:
            got = self._passports[id(view)] = (view, passport(view))
        return got[1]

    def basis(self, view: ServiceView, issued: dt.date, lang: Lang) -> str:
        """The basis sentence (:func:`lexpub.services.documents.basis.basis`), once per table, date and language."""
        key = (view.work, view.table_eid, issued, lang)
        if key not in self._bases:
            self._bases[key] = doc_basis(self.corpus, view.work, view.table_eid, issued, self.text == "latest", lang)
        return self._bases[key]

    def view(self, issued: dt.date) -> ServiceView:
        """The table in force on ``issued`` (or latest); RecordRefused with the reason when unknown."""
        key = None if self.text == "latest" else issued
        if key not in self._views:
            try:
                self._views[key] = service_view(self.corpus, self.service, self.required, key)
            except InputError as exc:
                self._views[key] = "; ".join(i.message for i in exc.issues)
        got = self._views[key]
        if isinstance(got, str):
            raise RecordRefused(
                f"cannot quote the law in force on {issued.isoformat()}: {got} "
                "(--text latest quotes the latest known text, and the document says so)"
            )
        return got

    def working_after(self, start: dt.date, days: int) -> dt.date:
        """``start`` + ``days`` working days; RecordRefused when the calendar does not cover them."""
        try:
            return self.calendar.add_working(start, days)
        except InputError as exc:
            raise RecordRefused("; ".join(i.message for i in exc.issues)) from None


@dataclass(frozen=True, slots=True)
class Deadline:
    """A term of the service: its last day, and what it is counted from."""

    stage: int
    last_day: dt.date
    counted_from: dt.date


def check_grounds(view: ServiceView, grounds: tuple[str, ...], issued: dt.date) -> None:
    allowed = [
        i.num for i in view.row("refusal_grounds").items if i.num is not None and i.eid.startswith(GROUND_PREFIX)
    ]
    for g in grounds:
        if g not in allowed:
            raise RecordRefused(
                f"grounds: {g} is not a sub-item of row 9 in force on {issued.isoformat()} (allowed: {', '.join(allowed)})"
            )


def legal_values(
    law: BatchLaw, kind: Kind, view: ServiceView, fields: dict[str, Any], issued: dt.date
) -> dict[str, Any]:
    """Quotes and computed values from the law in force; RecordRefused naming what cannot be cited."""
    pp = law.passport(view)
    grounds: tuple[str, ...] = fields.get("grounds", ())
    check_grounds(view, grounds, issued)
    try:
        q = quotes(view, cited_eids(kind, grounds))
    except KeyError as exc:
        raise RecordRefused(f"cannot cite {exc.args[0]} on {issued.isoformat()}") from None
    out: dict[str, Any] = {"quotes": q, "grounds": [q[GROUND_PREFIX + g] for g in grounds], "pp": pp}
    if kind == "notice":
        out.update(notice_values(law, pp, fields["classes_start"], issued))
    if kind == "certificate":
        check_period(fields, issued)
    return out


def stage_days(pp: dict[str, Any], stage: int) -> int:
    days = pp["terms"][f"stage{stage}"]["working_days"]
    if not isinstance(days, int):
        raise RecordRefused(f"the stage-{stage} term cannot be read from the law")
    return days


def notice_values(law: BatchLaw, pp: dict[str, Any], start: dt.date, issued: dt.date) -> dict[str, Any]:
    """The stage-2 deadline (certificate due) and the fee; the classes must start on a working day
    inside the paid-training period of row 10, not before the notice."""
    days = stage_days(pp, 2)
    tenge = pp["fee"]["tenge"]
    period = pp["other_requirements"]["paid_training_period"]
    if not isinstance(tenge, int) or period["from"] == "unparsed":
        raise RecordRefused("the fee or the paid-training period cannot be read from the law")
    if start < issued:
        raise RecordRefused(
            f"classes_start {start.isoformat()} is before the issue date {issued.isoformat()}: "
            "a notice cannot announce classes that have already begun"
        )
    if not law.calendar.is_working(start):
        raise RecordRefused(
            f"classes_start {start.isoformat()} is not a working day (five-day week, source/calendars): "
            "the stage-2 term would be counted from a day off"
        )
    due = law.working_after(start, days)
    lo, hi = period["from"], period["to"]
    for what, day in (("classes_start", start), ("the stage-2 deadline", due)):
        if not (lo <= day.strftime("%m-%d") <= hi) or day.year != start.year:
            shown = f"{lo[3:]}.{lo[:2]}–{hi[3:]}.{hi[:2]}"
            raise RecordRefused(f"{what} {day.isoformat()} is outside the paid-training period {shown} (row 10)")
    return {"due": due, "days": days, "tenge": tenge}


def check_period(fields: dict[str, Any], issued: dt.date) -> None:
    if fields["period_from"] > fields["period_to"]:
        raise RecordRefused("period_from is after period_to")
    if fields["period_to"] > issued:
        raise RecordRefused(f"period_to {fields['period_to'].isoformat()} is after the issue date {issued.isoformat()}")


def deadline(law: BatchLaw, kind: Kind, view: ServiceView, fields: dict[str, Any]) -> Deadline | None:
    """The term a document of ``kind`` must be issued within (stage 1 from the submission, stage 2
    from the start of classes), or None when the record does not say when it was counted from."""
    pp = law.passport(view)
    if kind == "certificate":
        start = fields["period_from"]
        return Deadline(2, law.working_after(start, stage_days(pp, 2)), start)
    submitted = fields.get("submitted")
    if submitted is None:
        return None
    return Deadline(1, law.working_after(submitted, stage_days(pp, 1)), submitted)
