"""Read ``source/calendars/YYYY.yaml``: the inputs of one year's working-day calendar, checked.

Why a module of its own: reading and validating data is the sources layer's job; computing the
days off from these inputs is :mod:`lexpub.services.calendar`'s. The shape is checked against
``schemas/calendar.schema.json`` (the same ``file:line:column`` messages as acts); then the rules a
schema cannot say: real dates, in the file's year, no date listed twice, the five-day week; and for
the folder: only ``YYYY.yaml`` files (``20x5.yaml`` would be silently ignored), no year missing
between the years held, every file a regular file inside the source folder.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lexpub.errors import InputError, Issue, Loc, kv
from lexpub.model.dates import parse_iso
from lexpub.sources import schema as shape
from lexpub.sources.paths import shown, source_file
from lexpub.sources.yamlfile import Located, load

Confidence = Literal["H", "M", "L"]
YEAR_FILE = re.compile(r"^[0-9]{4}\.yaml$")


@dataclass(frozen=True, slots=True)
class Named:
    """A dated day with its names, source and confidence (a holiday, a religious day off, a withdrawn one)."""

    date: dt.date
    kk: str
    ru: str
    source: str
    confidence: Confidence


@dataclass(frozen=True, slots=True)
class Transfer:
    working: dt.date
    day_off: dt.date
    act: str
    source: str
    confidence: Confidence


@dataclass(frozen=True, slots=True)
class CalendarInputs:
    """Everything one calendar file says, validated; nothing computed yet."""

    year: int
    week: tuple[str, Confidence]
    clash: tuple[str, Confidence]
    holidays: tuple[Named, ...]
    religious: tuple[Named, ...]
    transfers: tuple[Transfer, ...]
    withdrawn: tuple[Named, ...]
    file: str


def calendar_dir(source: Path) -> Path:
    return source / "calendars"


def held_years(source: Path) -> list[int]:
    return sorted(int(p.name[:4]) for p in calendar_dir(source).glob("*.yaml") if YEAR_FILE.match(p.name))


def read_year(path: Path, name: str, source: Path | None = None) -> CalendarInputs:
    """The validated inputs of one calendar file; InputError listing every problem found."""
    if source is not None:
        source_file(path, source, name)
    doc = load(path, name)
    problems = shape.check(doc, "calendar")
    if problems:
        raise InputError(problems)
    issues: list[Issue] = []
    inputs = _inputs(doc, issues)
    if issues:
        raise InputError(issues)
    return inputs


def _inputs(doc: Located, issues: list[Issue]) -> CalendarInputs:
    data: dict[str, Any] = doc.data
    year: int = data["year"]
    if sorted(data["week"]["weekend"]) != [6, 7]:
        issues.append(
            Issue(
                doc.loc(("week", "weekend")),
                "five-day-week",
                "only the five-day week [6, 7] is supported",
                "five-day-week",
            )
        )
    lists = {key: tuple(_named(doc, key, year, issues)) for key in ("holidays", "religious_days_off", "withdrawn")}
    transfers = tuple(
        Transfer(
            _date(doc, ("transfers", i, "working"), tr["working"], year, issues),
            _date(doc, ("transfers", i, "day_off"), tr["day_off"], year, issues),
            tr["act"],
            tr["source"],
            tr["confidence"],
        )
        for i, tr in enumerate(data["transfers"])
    )
    _no_repeats(doc, issues)
    return CalendarInputs(
        year,
        (data["week"]["source"], data["week"]["confidence"]),
        (data["clash_rule"]["source"], data["clash_rule"]["confidence"]),
        lists["holidays"],
        lists["religious_days_off"],
        transfers,
        lists["withdrawn"],
        doc.file,
    )


def _named(doc: Located, key: str, year: int, issues: list[Issue]) -> Iterator[Named]:
    for i, item in enumerate(doc.data[key]):
        day = _date(doc, (key, i, "date"), item["date"], year, issues)
        yield Named(day, item["name"]["kk"], item["name"]["ru"], item["source"], item["confidence"])


def _date(doc: Located, path: tuple[str | int, ...], value: str, year: int, issues: list[Issue]) -> dt.date:
    try:
        day = parse_iso(value)
    except ValueError as exc:
        issues.append(Issue(doc.loc(path), "bad-date", str(exc), "bad-date", kv(why=str(exc))))
        return dt.date(year, 1, 1)
    if day.year != year:
        issues.append(
            Issue(
                doc.loc(path),
                "wrong-year",
                f"{day.isoformat()} is not in {year}",
                "wrong-year",
                kv(date=day.isoformat(), year=year),
            )
        )
    return day


def _no_repeats(doc: Located, issues: list[Issue]) -> None:
    """A date listed twice among the days off (holidays and religious days off) is a typing error:
    the second entry would silently replace the first one's name and source."""
    first: dict[str, tuple[str | int, ...]] = {}
    for key in ("holidays", "religious_days_off"):
        for i, item in enumerate(doc.data[key]):
            path: tuple[str | int, ...] = (key, i, "date")
            earlier = first.setdefault(item["date"], path)
            if earlier is not path:
                line = doc.loc(earlier).line
                issues.append(
                    Issue(
                        doc.loc(path),
                        "duplicate-date",
                        f"{item['date']} is already listed (line {line})",
                        "duplicate-date",
                        kv(date=item["date"], line=line),
                    )
                )


def folder_issues(source: Path) -> list[Issue]:
    """``lexpub check`` on the folder: stray files, and years missing between the years held."""
    folder = calendar_dir(source)
    issues = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or YEAR_FILE.match(path.name):
            continue
        issues.append(
            Issue(
                Loc(shown(path)),
                "stray-file",
                f"{path.name!r} in calendars/ is not a calendar file (calendars/YYYY.yaml) and would be ignored",
                "stray-file.calendar",
                kv(name=path.name),
            )
        )
    years = held_years(source)
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years)) if years else []
    if missing:
        issues.append(
            Issue(
                Loc(shown(calendar_dir(source))),
                "calendar-gap",
                f"no calendar for {', '.join(map(str, missing))} between {years[0]} and {years[-1]}: "
                "a deadline across that year could not be computed",
                "calendar-gap",
                kv(years=", ".join(map(str, missing)), first=years[0], last=years[-1]),
            )
        )
    return issues
