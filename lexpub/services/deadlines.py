"""``lexpub deadline``: (service, submission time, classes start) → receipt date and stage deadlines.

The terms come from the service passport as in force on the receipt date (row 3), the end of the
working day from row 7, the paid-training period from row 10 — never constants. If the text in force
on that date is not known, the latest known text is used and the output says so.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from lexpub.errors import InputError, Issue, kv
from lexpub.model.core import Corpus, Unit
from lexpub.model.dates import parse_iso, short
from lexpub.model.values import Lang
from lexpub.services.calendar import Calendar, Deadlines, deadlines
from lexpub.services.documents.basis import uncertain_why
from lexpub.services.passport import UNPARSED, passport
from lexpub.services.service_files import load_required, load_service
from lexpub.services.standard import view_for_day
from lexpub.wording.i18n import t
from lexpub.wording.names import unit_path_name

SUBMITTED = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$")


def parse_submitted(value: str) -> dt.datetime:
    m = SUBMITTED.match(value)
    if not m:
        raise InputError(
            Issue(
                None,
                "bad-argument",
                f"--submitted: {value!r} is not YYYY-MM-DDTHH:MM",
                "bad-argument.submitted",
                kv(value=value),
            )
        )
    try:
        day = parse_iso(m.group(1))
        return dt.datetime.combine(day, dt.time(int(m.group(2)), int(m.group(3))))
    except ValueError as exc:
        raise InputError(
            Issue(None, "bad-argument", f"--submitted: {exc}", "bad-argument.option", kv(option="--submitted", why=exc))
        ) from None


def _number(value: Any, what: str) -> int:
    if not isinstance(value, int):
        raise InputError(
            Issue(
                None,
                "term-unparsed",
                f"{what} of the service could not be read from the law ({UNPARSED})",
                "term-unparsed",
                kv(what_w=what, why=UNPARSED),
            )
        )
    return value


def deadline_report(
    corpus: Corpus,
    source: Path,
    service_id: str,
    submitted: dt.datetime,
    classes_start: str | None,
    lang: Lang = "kaz",
) -> tuple[list[str], dict[str, Any]]:
    """Text lines and JSON of the deadlines; InputError for dates outside the calendar data."""
    start = None
    if classes_start is not None:
        try:
            start = parse_iso(classes_start)
        except ValueError as exc:
            raise InputError(
                Issue(
                    None,
                    "bad-argument",
                    f"--classes-start: {exc}",
                    "bad-argument.option",
                    kv(option="--classes-start", why=exc),
                )
            ) from None
    cal = Calendar(source)
    service = load_service(source, service_id)
    required = load_required(source)
    cal.is_working(submitted.date())  # a year not held fails here, before anything else
    view, caveat = view_for_day(corpus, service, required, submitted.date())
    pp = passport(view)
    stage1 = _number(pp["terms"]["stage1"]["working_days"], "the stage-1 term (row 3)")
    stage2 = pp["terms"]["stage2"]["working_days"]
    hours = pp["schedule"]["hours"]
    if hours["end"] == UNPARSED:
        raise InputError(
            Issue(
                None, "term-unparsed", "the end of the working day (row 7) could not be read", "term-unparsed.day-end"
            )
        )
    end_h, end_m = (int(x) for x in hours["end"].split(":"))
    period = pp["other_requirements"]["paid_training_period"]
    window = None
    if period["from"] != UNPARSED:
        window = tuple(tuple(int(x) for x in period[k].split("-")) for k in ("from", "to"))
    d = deadlines(
        cal,
        submitted,
        end_of_day=dt.time(end_h, end_m),
        stage1_days=stage1,
        stage2_days=stage2 if isinstance(stage2, int) else None,
        classes_start=start,
        window=window,  # type: ignore[arg-type]
    )
    why = uncertain_why(corpus, service.work, submitted.date(), lang) if caveat else None
    return lines(d, pp, why or caveat, lang, view.expression.root), data(d, pp, caveat)


def period_text(pp: dict[str, Any]) -> str:
    """The paid-training period of row 10 as 01.02–20.12 ('unparsed' when the law could not be read)."""
    period = pp["other_requirements"]["paid_training_period"]
    if period["from"] == UNPARSED:
        return UNPARSED
    lo, hi = period["from"], period["to"]
    return f"{lo[3:]}.{lo[:2]}–{hi[3:]}.{hi[:2]}"


def data(d: Deadlines, pp: dict[str, Any], caveat: str | None) -> dict[str, Any]:
    """Language-neutral JSON: dates, codes and eIds; the only prose is the engine's diagnostic ``reason``."""
    period = pp["other_requirements"]["paid_training_period"]
    return {
        "submitted": d.submitted.isoformat(timespec="minutes"),
        "received": d.received.isoformat(),
        "received_why": d.received_why,
        "stage1": {
            "working_days": d.stage1_days,
            "deadline": d.stage1.isoformat(),
            "source_eid": pp["terms"]["stage1"]["source_eid"],
        },
        "stage2": None
        if d.stage2_end is None
        else {
            "working_days": d.stage2_days,
            "classes_start": d.classes_start.isoformat() if d.classes_start else None,
            "end": d.stage2_end.isoformat(),
            "source_eid": pp["terms"]["stage2"]["source_eid"],
        },
        "counting": {"rule": "start-day-not-counted", "confidence": "M"},
        "end_of_working_day": {
            "time": pp["schedule"]["hours"]["end"],
            "source_eid": pp["schedule"]["hours"]["source_eid"],
        },
        "paid_training_period": {"from": period["from"], "to": period["to"], "source_eid": period["source_eid"]},
        "warnings": [{"code": code, "date": day.isoformat()} for code, day in d.warnings],
        "text_basis": {
            "text": "latest" if caveat else "in-force",
            "date": d.submitted.date().isoformat(),
            "reason": caveat,
        },
    }


def lines(d: Deadlines, pp: dict[str, Any], caveat: str | None, lang: Lang, root: Unit) -> list[str]:
    """The report in the interface language (``cal.dl.*``): dates as the interface writes them
    (dd.mm.yyyy), the term's unit in words (row and sub-item of the table in ``root``, the text the
    terms were read from); the JSON keeps ISO dates and eIds."""
    day = short

    def unit(eid: str) -> str:
        return unit_path_name(root, eid, lang)

    received_key = {
        "same-day": "cal.dl.received",
        "after-hours": "cal.dl.received_after_hours",
        "non-working-day": "cal.dl.received_non_working",
    }[d.received_why]
    out = [
        t(lang, "cal.dl.submitted", when=f"{day(d.submitted.date())} {d.submitted:%H:%M}"),
        t(lang, received_key, date=day(d.received)),
        t(
            lang,
            "cal.dl.stage1",
            date=day(d.stage1),
            days=d.stage1_days,
            eid=unit(pp["terms"]["stage1"]["source_eid"]),
        ),
    ]
    if d.stage2_end is not None and d.classes_start is not None:
        out.append(
            t(
                lang,
                "cal.dl.stage2",
                date=day(d.stage2_end),
                days=d.stage2_days,
                start=day(d.classes_start),
                eid=unit(pp["terms"]["stage2"]["source_eid"]),
            )
        )
    period = period_text(pp)
    out += [t(lang, f"cal.dl.warn.{code}", date=day(when), period=period) for code, when in d.warnings]
    out.append(t(lang, "cal.dl.counting"))
    if caveat:
        out.append(t(lang, "cal.dl.note_latest", date=day(d.submitted.date()), why=caveat))
    return out
