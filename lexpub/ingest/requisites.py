"""The act's requisites from its heading lines: type, issuer, date, number, registration.

Each line is matched against lexpub's own requisites sentences (the catalogues) and the values found
are accepted only when the sentence generated from them is the line itself; what the heading does not
give stays ``unknown``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lexpub.model.dates import long_form
from lexpub.model.requisites import Issuer
from lexpub.model.values import Lang
from lexpub.wording.i18n import catalogue, t

UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Requisites:
    """What the heading says; ``unknown`` where it says nothing."""

    doctype: str = UNKNOWN
    issuer: str = UNKNOWN
    date: dt.date | None = None
    number: str = UNKNOWN
    reg_number: str = UNKNOWN
    reg_date: dt.date | str = UNKNOWN


def template_regex(template: str, groups: dict[str, str]) -> re.Pattern[str]:
    """A catalogue message as a regex: literal text escaped, each ``{name}`` a named group."""
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", template):
        out.append(re.escape(template[pos : m.start()]))
        out.append(f"(?P<{m.group(1)}>{groups.get(m.group(1), '.+?')})")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out) + r"\Z")


def find_date(words: str, lang: Lang, *, locative: bool = True) -> dt.date | None:
    """The date whose long form is exactly ``words`` ("2023 жылғы 4 қаңтардағы")."""
    nums = [int(n) for n in re.findall(r"\d+", words)]
    if len(nums) != 2:
        return None
    year, day = (nums[0], nums[1]) if lang == "kaz" else (nums[1], nums[0])
    for month in range(1, 13):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if long_form(candidate, lang, locative=locative) == words:
            return candidate
    return None


def doctypes(lang: Lang) -> list[str]:
    return sorted({k.split(".")[1] for k in catalogue(lang) if k.startswith("doctype.")})


def act_line(text: str, lang: Lang, issuers: dict[str, Issuer]) -> Requisites | None:
    """ "Қазақстан Республикасы Қорғаныс министрінің 2023 жылғы 4 қаңтардағы № 2 бұйрығы." """
    for issuer in sorted(issuers.values(), key=lambda i: i.id):
        name = issuer.genitive.get(lang)
        for doctype in doctypes(lang):
            rx = template_regex(
                t(
                    lang,
                    "requisites.act",
                    issuer="{issuer}",
                    date="{date}",
                    number="{number}",
                    doctype_nom=t(lang, f"doctype.{doctype}.nom"),
                ),
                {"issuer": re.escape(name or "\x00"), "number": r"[^\s,]+"},
            )
            m = rx.match(text)
            day = find_date(m.group("date"), lang) if m else None
            if m and day is not None:
                return Requisites(doctype=doctype, issuer=issuer.id, date=day, number=m.group("number"))
    return None


def registration_line(text: str, lang: Lang) -> tuple[str, dt.date | str] | None:
    """ "… 2023 жылғы 9 қаңтарда № 31636 болып тіркелді." → ("31636", date); None if not such a line."""
    rx = template_regex(t(lang, "requisites.registered", date="{date}", number="{number}"), {"number": r"\S+"})
    m = rx.match(text)
    if m:
        day = find_date(m.group("date"), lang, locative=False)
        if day is not None:
            return m.group("number"), day
    rx = template_regex(t(lang, "requisites.registered_unknown_date", number="{number}"), {"number": r"\S+"})
    m = rx.match(text)
    if m:
        return m.group("number"), UNKNOWN
    if text == t(lang, "requisites.unregistered"):
        return UNKNOWN, UNKNOWN
    return None
