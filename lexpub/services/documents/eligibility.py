"""Eligibility of an applicant by age: (IIN birth date, submission date, source data) → reason or None.

Why data: the age limits come from a law, not from lexpub; they are kept in
``source/eligibility.yaml`` with their source, so a change of the law is a change of data,
and a limit not known is not applied (never a guessed one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lexpub.errors import InputError, Issue, Loc
from lexpub.sources.paths import shown
from lexpub.sources.yamlfile import load

FILE = "eligibility.yaml"


@dataclass(frozen=True, slots=True)
class AgeRule:
    years: int
    months: int
    law_kk: str
    law_ru: str


def load_rule(source: Path) -> AgeRule | None:
    """The minimum age of ``source/eligibility.yaml`` (None when the file is absent)."""
    path = source / FILE
    if not path.is_file():
        return None
    doc = load(path, shown(path))
    m = doc.data.get("minimum_age") if isinstance(doc.data, dict) else None
    ok = isinstance(m, dict) and isinstance(m.get("years"), int) and isinstance(m.get("months", 0), int)
    law = m.get("law") if isinstance(m, dict) else None
    if not ok or not isinstance(law, dict) or not all(isinstance(law.get(k), str) for k in ("kaz", "rus")):
        raise InputError(
            Issue(Loc(shown(path)), "eligibility", "minimum_age needs years, months and law (kaz, rus)", "eligibility")
        )
    assert isinstance(m, dict)
    return AgeRule(m["years"], m.get("months", 0), law["kaz"], law["rus"])


def age_on(born: dt.date, day: dt.date) -> tuple[int, int]:
    """Full years and months of a person born on ``born`` on ``day``."""
    months = (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)
    return divmod(months, 12)


def too_young(rule: AgeRule | None, born: dt.date | None, submitted: dt.date) -> str | None:
    """The reason an applicant is refused by age, or None."""
    if rule is None or born is None:
        return None
    years, months = age_on(born, submitted)
    if (years, months) >= (rule.years, rule.months):
        return None
    need = f"{rule.years} years" + (f" {rule.months} months" if rule.months else "")
    return (
        f"iin: the applicant is {years} years {months} months old on {submitted.isoformat()} (born "
        f"{born.isoformat()}); the service is for conscripts and persons liable for military service, "
        f"from {need} ({rule.law_ru})"
    )
