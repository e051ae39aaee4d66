"""Working-day calendar: ``source/calendars/YYYY.yaml`` → the non-working days of a year, each with why.

Input: one data file per year (holidays, religious days off, transfers, each with a source and a
confidence). Output: :class:`YearCalendar` — every non-working day with its reason and source, computed
by the algorithm of domain-kz.md §3.5 (weekends; holidays; religious days off that never move; the
weekend-clash rule for holidays only, in date order; transfers). Computed days are never data: a
changed holiday list or a moved Kurban ait changes one input and the rest follows.

Also the deadline arithmetic of a service term in working days. A date outside the years held is an
:class:`~lexpub.errors.InputError`, never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

from lexpub.errors import InputError, Issue, Loc, kv
from lexpub.model.values import Lang
from lexpub.sources.calendars import (
    CalendarInputs,
    Confidence,
    Named,
    calendar_dir,
    folder_issues,
    held_years,
    read_year,
)
from lexpub.sources.paths import shown
from lexpub.wording.i18n import t

Reason = Literal["weekend", "holiday", "religious", "clash", "transfer"]


@dataclass(frozen=True, slots=True)
class DayOff:
    """One non-working day and why it is one."""

    date: dt.date
    reason: Reason
    name_kk: str
    """Holiday name (for a clash day: the holiday it compensates); '' for a plain weekend."""
    name_ru: str
    source: str
    confidence: Confidence
    cause: dt.date | None = None
    """For a clash day: the holiday that fell on a weekend."""


@dataclass(frozen=True, slots=True)
class WorkedWeekend:
    """A Saturday or Sunday made a working day by a transfer."""

    date: dt.date
    act: str
    source: str
    confidence: Confidence


@dataclass(frozen=True)
class YearCalendar:
    """The computed calendar of one year (five-day week)."""

    year: int
    days_off: tuple[DayOff, ...]
    worked: tuple[WorkedWeekend, ...]
    withdrawn: tuple[tuple[dt.date, str, str, str, Confidence], ...]
    """(date, name kk, name ru, source, confidence) of holidays no longer held that year."""
    """Former holidays no longer observed: (date, Russian name, source, confidence)."""
    file: str

    @property
    def off_dates(self) -> frozenset[dt.date]:
        return frozenset(d.date for d in self.days_off)

    @property
    def working_days(self) -> int:
        days = (dt.date(self.year + 1, 1, 1) - dt.date(self.year, 1, 1)).days
        return days - len(self.days_off)


# --------------------------------------------------------------------------- the algorithm
def year_calendar(inputs: CalendarInputs) -> YearCalendar:
    """The computed calendar of validated inputs."""
    transfers = [(t.working, t.day_off, t.act, t.source, t.confidence) for t in inputs.transfers]
    days, worked = compute(inputs.year, inputs.holidays, inputs.religious, transfers, inputs.week, inputs.clash)
    withdrawn = tuple((w.date, w.kk, w.ru, w.source, w.confidence) for w in inputs.withdrawn)
    return YearCalendar(inputs.year, days, worked, withdrawn, inputs.file)


def compute(
    year: int,
    holidays: Iterable[Named],
    religious: Iterable[Named],
    transfers: Iterable[tuple[dt.date, dt.date, str, str, Confidence]],
    week: tuple[str, Confidence],
    clash: tuple[str, Confidence],
) -> tuple[tuple[DayOff, ...], tuple[WorkedWeekend, ...]]:
    """Steps 1–5 of domain-kz.md §3.5."""
    off: dict[dt.date, DayOff] = {}
    start = dt.date(year, 1, 1)
    for n in range((dt.date(year + 1, 1, 1) - start).days):
        day = start + dt.timedelta(days=n)
        if day.isoweekday() in (6, 7):
            off[day] = DayOff(day, "weekend", "", "", week[0], week[1])
    holiday_list = sorted(holidays, key=lambda h: h.date)
    holiday_dates = {h.date for h in holiday_list}
    for h in holiday_list:
        off[h.date] = DayOff(h.date, "holiday", h.kk, h.ru, h.source, h.confidence)
    for r in sorted(religious, key=lambda h: h.date):
        off[r.date] = DayOff(r.date, "religious", r.kk, r.ru, r.source, r.confidence)
    added: set[dt.date] = set()
    for h in holiday_list:
        if h.date.isoweekday() not in (6, 7):
            continue
        day = h.date + dt.timedelta(days=1)
        while day.isoweekday() in (6, 7) or day in holiday_dates or day in added:
            day += dt.timedelta(days=1)
        added.add(day)
        if day.year == year:
            off[day] = DayOff(day, "clash", h.kk, h.ru, f"{clash[0]}; holiday: {h.source}", clash[1], cause=h.date)
    worked = []
    for working, day_off, act, source, conf in transfers:
        off.pop(working, None)
        worked.append(WorkedWeekend(working, act, source, conf))
        off[day_off] = DayOff(day_off, "transfer", "", "", f"{act}; {source}", conf)
    return tuple(off[d] for d in sorted(off)), tuple(sorted(worked, key=lambda w: w.date))


# --------------------------------------------------------------------------- loading
@cache
def _load_year(path: Path, source: Path, name: str) -> YearCalendar:
    """Messages name the file as the user gave it; the calendar's outputs name it the same everywhere."""
    cal = year_calendar(read_year(path, name, source))
    return replace(cal, file=f"{source.name}/calendars/{path.name}")


def load_year(source: Path, year: int) -> YearCalendar:
    """The calendar of ``year``; InputError when the data do not hold that year."""
    path = calendar_dir(source) / f"{year}.yaml"
    if not path.is_file():
        held = held_years(source)
        span = f"{held[0]}–{held[-1]}" if held else "none"
        raise InputError(
            Issue(
                Loc(str(calendar_dir(source))),
                "calendar-not-held",
                f"no working-day calendar for {year} (years held: {span}); a date in {year} cannot be computed",
                "calendar-not-held",
                kv(year=year, span=span),
            )
        )
    cal = _load_year(path.absolute(), source.absolute(), shown(path))
    if cal.year != year:
        raise InputError(
            Issue(
                Loc(shown(path)),
                "wrong-year",
                f"{path.name} declares year {cal.year}",
                "wrong-year.file",
                kv(file=path.name, year=cal.year),
            )
        )
    return cal


class Calendar:
    """Working-day arithmetic over the years held in ``source/calendars``."""

    def __init__(self, source: Path):
        self.source = source
        self._years: dict[int, YearCalendar] = {}
        self._off: dict[int, frozenset[dt.date]] = {}
        """Days off by year, made once: a batch counts thousands of working days."""

    def year(self, year: int) -> YearCalendar:
        if year not in self._years:
            self._years[year] = load_year(self.source, year)
        return self._years[year]

    def is_working(self, day: dt.date) -> bool:
        off = self._off.get(day.year)
        if off is None:
            off = self._off[day.year] = self.year(day.year).off_dates
        return day not in off

    def day_off(self, day: dt.date) -> DayOff | None:
        found: Mapping[dt.date, DayOff] = {d.date: d for d in self.year(day.year).days_off}
        return found.get(day)

    def next_working(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        day += dt.timedelta(days=1)
        while not self.is_working(day):
            day += dt.timedelta(days=1)
        return day

    def add_working(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (``day`` itself not counted; domain-kz.md §3.5 [M])."""
        for _ in range(n):
            day = self.next_working(day)
        return day


# --------------------------------------------------------------------------- service deadlines
WarningCode = Literal[
    "classes-start-before-receipt", "classes-start-non-working", "classes-start-outside", "stage2-end-outside"
]


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Receipt date and stage deadlines of one application (working days, five-day week)."""

    submitted: dt.datetime
    received: dt.date
    received_why: Literal["same-day", "after-hours", "non-working-day"]
    stage1_days: int
    stage1: dt.date
    classes_start: dt.date | None
    stage2_days: int | None
    stage2_end: dt.date | None
    warnings: tuple[tuple[WarningCode, dt.date], ...]
    """Language-neutral: a code and the date it concerns; worded by the reports (``cal.dl.warn.*``)."""


def receipt_date(cal: Calendar, submitted: dt.datetime, end_of_day: dt.time) -> tuple[dt.date, str]:
    """After the end of the working day, or on a non-working day, receipt is the next working day."""
    day = submitted.date()
    if not cal.is_working(day):
        return cal.next_working(day), "non-working-day"
    if submitted.time() > end_of_day:
        return cal.next_working(day), "after-hours"
    return day, "same-day"


def in_window(day: dt.date, window: tuple[tuple[int, int], tuple[int, int]]) -> bool:
    return window[0] <= (day.month, day.day) <= window[1]


def deadlines(
    cal: Calendar,
    submitted: dt.datetime,
    *,
    end_of_day: dt.time,
    stage1_days: int,
    stage2_days: int | None,
    classes_start: dt.date | None,
    window: tuple[tuple[int, int], tuple[int, int]] | None,
) -> Deadlines:
    """Receipt, stage-1 deadline and (with a classes start) stage-2 end; window breaches as warnings."""
    received, why = receipt_date(cal, submitted, end_of_day)
    stage1 = cal.add_working(received, stage1_days)
    warnings: list[tuple[WarningCode, dt.date]] = []
    end = None
    if classes_start is not None:
        if stage2_days is None:
            raise InputError(
                Issue(
                    None, "term-unparsed", "the stage-2 term of the service could not be read", "term-unparsed.stage-2"
                )
            )
        if classes_start < received:
            warnings.append(("classes-start-before-receipt", classes_start))
        if not cal.is_working(classes_start):
            warnings.append(("classes-start-non-working", classes_start))
        end = cal.add_working(classes_start, stage2_days)
        if window is not None:
            if not in_window(classes_start, window):
                warnings.append(("classes-start-outside", classes_start))
            if not in_window(end, window) or end.year != classes_start.year:
                warnings.append(("stage2-end-outside", end))
    return Deadlines(submitted, received, why, stage1_days, stage1, classes_start, stage2_days, end, tuple(warnings))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- reports
def weekday(lang: Lang, day: dt.date) -> str:
    """Short weekday name in the interface language (``cal.wd.1`` = Monday)."""
    return t(lang, f"cal.wd.{day.isoweekday()}")


def day_json(d: DayOff) -> dict[str, Any]:
    return {
        "date": d.date.isoformat(),
        "weekday": d.date.strftime("%a"),
        "reason": d.reason,
        "name": {"kk": d.name_kk, "ru": d.name_ru} if d.name_kk else None,
        "for_holiday_on": d.cause.isoformat() if d.cause else None,
        "source": d.source,
        "confidence": d.confidence,
    }


def calendar_json(cal: YearCalendar) -> dict[str, Any]:
    return {
        "year": cal.year,
        "week": "five-day",
        "non_working_days": [day_json(d) for d in cal.days_off],
        "worked_weekend_days": [
            {"date": w.date.isoformat(), "act": w.act, "source": w.source, "confidence": w.confidence}
            for w in cal.worked
        ],
        "withdrawn_holidays": [
            {"date": d.isoformat(), "name": {"kk": kk, "ru": ru}, "source": src, "confidence": c}
            for d, kk, ru, src, c in cal.withdrawn
        ],
        "count_non_working": len(cal.days_off),
        "count_working": cal.working_days,
        "data": cal.file,
    }


def calendar_lines(cal: YearCalendar, lang: Lang = "kaz") -> list[str]:
    """One line per non-working day, worked weekend day and withdrawn holiday in date order; then the totals.

    Interface words come from the catalogues (``cal.*``); sources are quoted from the data as written.
    """
    rows: list[tuple[dt.date, int, str]] = []
    for d in cal.days_off:
        if d.reason == "clash" and d.cause is not None:
            why = t(lang, "cal.reason.clash", date=d.cause.isoformat())
        else:
            why = t(lang, f"cal.reason.{d.reason}")
        name = f" — {d.name_kk if lang == 'kaz' else d.name_ru}" if d.name_kk else ""
        rows.append(
            (d.date, 0, f"{d.date.isoformat()} {weekday(lang, d.date)}  {why}{name}  [{d.confidence}] {d.source}")
        )
    for w in cal.worked:
        line = f"{w.date.isoformat()} {weekday(lang, w.date)}  {t(lang, 'cal.worked')}  [{w.confidence}] {w.act}; {w.source}"
        rows.append((w.date, 1, line))
    for day, kk, ru, src, conf in cal.withdrawn:
        name = kk if lang == "kaz" else ru
        line = f"{day.isoformat()} {weekday(lang, day)}  {t(lang, 'cal.withdrawn', name=name)}  [{conf}] {src}"
        rows.append((day, 2, line))
    out = [t(lang, "cal.title", year=cal.year, file=cal.file)] + [line for _, _, line in sorted(rows)]
    out.append(t(lang, "cal.totals", off=len(cal.days_off), work=cal.working_days))
    return out


def check_calendars(source: Path) -> list[Issue]:
    """``lexpub check``: the folder holds only calendar files, no year is missing between those held,
    and every calendar file parses and computes."""
    issues: list[Issue] = folder_issues(source)
    for year in held_years(source):
        try:
            load_year(source, year)
        except InputError as exc:
            issues += exc.issues
    return issues
