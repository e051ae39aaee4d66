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

from .dates import parse_iso
from .errors import InputError, Issue
from .model import Corpus
from .passport import UNPARSED, passport
from .service import load_required, load_service, view_for_day
from .workdays import Calendar, Deadlines, deadlines

SUBMITTED = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$")


def parse_submitted(value: str) -> dt.datetime:
    m = SUBMITTED.match(value)
    if not m:
        raise InputError(Issue(None, "bad-argument", f"--submitted: {value!r} is not YYYY-MM-DDTHH:MM"))
    try:
        day = parse_iso(m.group(1))
        return dt.datetime.combine(day, dt.time(int(m.group(2)), int(m.group(3))))
    except ValueError as exc:
        raise InputError(Issue(None, "bad-argument", f"--submitted: {exc}")) from None


def _number(value: Any, what: str) -> int:
    if not isinstance(value, int):
        raise InputError(
            Issue(None, "term-unparsed", f"{what} of the service could not be read from the law ({UNPARSED})")
        )
    return value


def deadline_report(
    corpus: Corpus, source: Path, service_id: str, submitted: dt.datetime, classes_start: str | None
) -> tuple[list[str], dict[str, Any]]:
    """Text lines and JSON of the deadlines; InputError for dates outside the calendar data."""
    start = None
    if classes_start is not None:
        try:
            start = parse_iso(classes_start)
        except ValueError as exc:
            raise InputError(Issue(None, "bad-argument", f"--classes-start: {exc}")) from None
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
        raise InputError(Issue(None, "term-unparsed", "the end of the working day (row 7) could not be read"))
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
    return lines(d, pp, caveat), data(d, pp, caveat)


def data(d: Deadlines, pp: dict[str, Any], caveat: str | None) -> dict[str, Any]:
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
        "counting": "the day of receipt (or of the classes start) is not counted; the deadline is the N-th working day after it [M]",
        "end_of_working_day": {
            "time": pp["schedule"]["hours"]["end"],
            "source_eid": pp["schedule"]["hours"]["source_eid"],
        },
        "warnings": list(d.warnings),
        "text_basis": caveat or f"text in force on {d.submitted.date().isoformat()}",
    }


def lines(d: Deadlines, pp: dict[str, Any], caveat: str | None) -> list[str]:
    why = {
        "same-day": "",
        "after-hours": " (submitted after the end of the working day)",
        "non-working-day": " (submitted on a non-working day)",
    }
    out = [
        f"submitted: {d.submitted.isoformat(sep=' ', timespec='minutes')}",
        f"received:  {d.received.isoformat()}{why[d.received_why]}",
        f"stage 1:   {d.stage1.isoformat()} ({d.stage1_days} working days; {pp['terms']['stage1']['source_eid']})",
    ]
    if d.stage2_end is not None and d.classes_start is not None:
        out.append(
            f"stage 2:   {d.stage2_end.isoformat()} ({d.stage2_days} working days from the classes start {d.classes_start.isoformat()}; {pp['terms']['stage2']['source_eid']})"
        )
    out += [f"warning: {w}" for w in d.warnings]
    out.append("counting: the day of receipt is not counted; the deadline is the N-th working day after it [M]")
    if caveat:
        out.append(f"note: {caveat}")
    return out
