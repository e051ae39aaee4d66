"""Dates: strict parsing from sources and the Kazakh/Russian forms legal texts print.

Requisites use the long form ("2023 жылғы 4 қаңтардағы", "от 4 января 2023 года"); editorial
notes use the short form ("04.01.2023") — domain-kz.md §5.1.
"""

from __future__ import annotations

import datetime as dt
import re

from lexpub.model.values import Lang

DRAFT_DATE = dt.date(2999, 12, 31)
"""The placeholder signing date of an undated draft (``work.status: draft``; its number is ``draft-<id>``):
later than any real date, so a draft is never in force on one. FRBR and eIds need a date; no reader sees it."""

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

MONTHS_KAZ_LOC = (
    "қаңтардағы",
    "ақпандағы",
    "наурыздағы",
    "сәуірдегі",
    "мамырдағы",
    "маусымдағы",
    "шілдедегі",
    "тамыздағы",
    "қыркүйектегі",
    "қазандағы",
    "қарашадағы",
    "желтоқсандағы",
)
MONTHS_KAZ_LOC_SHORT = (
    "қаңтарда",
    "ақпанда",
    "наурызда",
    "сәуірде",
    "мамырда",
    "маусымда",
    "шілдеде",
    "тамызда",
    "қыркүйекте",
    "қазанда",
    "қарашада",
    "желтоқсанда",
)
MONTHS_RUS_GEN = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def parse_iso(value: str) -> dt.date:
    """Parse ``YYYY-MM-DD``; ValueError with a reason for bad shapes and impossible dates."""
    m = _ISO.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date ({_why_impossible(year, month, day)})") from None


def _why_impossible(year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return "there is no month " + str(month)
    if month == 2 and day == 29:
        return f"{year} is not a leap year"
    return f"month {month} has fewer than {day} days"


def short(day: dt.date) -> str:
    """DD.MM.YYYY, as in editorial notes."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def long_form(day: dt.date, lang: Lang, *, locative: bool = True) -> str:
    """ "2023 жылғы 4 қаңтардағы" / "4 января 2023 года" (attributive forms of requisites).

    ``locative=False`` gives the Kazakh adverbial form "2023 жылғы 9 қаңтарда" (registered on).
    """
    if lang == "kaz":
        months = MONTHS_KAZ_LOC if locative else MONTHS_KAZ_LOC_SHORT
        return f"{day.year} жылғы {day.day} {months[day.month - 1]}"
    return f"{day.day} {MONTHS_RUS_GEN[day.month - 1]} {day.year} года"
