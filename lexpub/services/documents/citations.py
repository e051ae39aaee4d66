"""Citing a unit of the service table in words, as lawyers do: (eId, act, language) → a phrase.

Why: an eId such as ``att_nn_1__att_2-1__tr_3__point_2`` is an internal identifier; a citizen and a
lawyer read «… бұйрығымен бекітілген Қағидалардың 2-1-қосымшасының 3-жолы, 2) тармақшасы» /
«строка 3, подпункт 2) приложения 2-1 к Правилам, утвержденным приказом …».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexpub.model.core import Work
from lexpub.model.dates import short
from lexpub.model.values import Lang
from lexpub.wording.i18n import t

_PART = re.compile(r"^(att|tr|point|alinea)_(.+)$")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a unit sits in an appendix table: appendix number, row, and the part of the row."""

    appendix: str
    row: str
    part: str | None = None
    """"point" (a sub-item N)) or "alinea" (paragraph N), or None for the whole row."""
    num: str | None = None


def place_of(eid: str) -> Place | None:
    """The appendix, row and part named by a table eId (None if it is not a unit of an appendix table)."""
    found: dict[str, str] = {}
    for piece in eid.split("__"):
        m = _PART.match(piece)
        if m and m.group(1) not in found:
            found[m.group(1)] = m.group(2)
        elif m and m.group(1) == "att":
            found["att"] = m.group(2)  # the innermost appendix
    if "att" not in found or "tr" not in found:
        return None
    part = "point" if "point" in found else "alinea" if "alinea" in found else None
    return Place(found["att"], found["tr"], part, found.get(part) if part else None)


def act_words(work: Work, lang: Lang) -> str:
    """ "ҚР Қорғаныс министрінің 17.07.2017 № 357" / "Министра обороны РК от 17.07.2017 № 357"."""
    issuer = work.issuer.genitive_short.get(lang) or ""
    return t(lang, "docc.act", issuer=issuer, date=short(work.date), number=work.number)


def cite(eid: str, rules: Work, lang: Lang, *, full: bool = True) -> str:
    """The unit ``eid`` of the Rules approved by ``rules``, in words; never the eId itself. The full form
    names the approving order and defines «Қағидалар» / «Правила»; the short form is for the later
    citations of one document."""
    place = place_of(eid)
    act = act_words(rules, lang)
    if place is None:
        return t(lang, "docc.rules", act=act)
    key = f"docc.{place.part or 'row'}" if full else f"docc.short.{place.part or 'row'}"
    return t(lang, key, act=act, appendix=place.appendix, row=place.row, num=place.num or "")
