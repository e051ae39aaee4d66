"""Service passport: :class:`~lexpub.service.ServiceView` → machine-readable fields, each with its eId.

Numbers (terms in working days, fee in tenge, working hours, the paid-training period) are read from
the law's words with strict patterns; when a pattern does not match, the field says ``"unparsed"``
and keeps the text — a number is never guessed.
"""

from __future__ import annotations

import re
from typing import Any

from lexpub.services.documents.basis import open_start_amendments
from lexpub.services.standard import Item, RowView, ServiceView

UNPARSED = "unparsed"

_UNITS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9}
_TENS = {
    "он": 10,
    "жиырма": 20,
    "отыз": 30,
    "қырық": 40,
    "елу": 50,
    "алпыс": 60,
    "жетпіс": 70,
    "сексен": 80,
    "тоқсан": 90,
}
MONTHS_KK = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)

TERM = re.compile(r"^(бірінші|екінші) кезеңде – .*?(\d{1,3}) \(([а-яәғқңөұүһі ]+)\) жұмыс күні[;.]?$")
FEE = re.compile(r"(?<!\d)(?<!\d[ \u00a0])(\d{1,3}(?:[ \u00a0]\d{3})*) теңгені")
HOURS = re.compile(r"сағат (\d{1,2})\.(\d{2})-ден (\d{1,2})\.(\d{2})-ге дейін")
PERIOD = re.compile(r"(\d{1,2}) (" + "|".join(MONTHS_KK) + r") мен (\d{1,2}) (" + "|".join(MONTHS_KK) + r") кезеңінде")


def kazakh_number(words: str) -> int | None:
    """ "қырық екі" → 42; None for anything that is not a plain number below 100."""
    parts = words.split()
    if len(parts) == 1:
        return _UNITS.get(parts[0], _TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    return None


def field(value: Any, item: Item | RowView, text: str | None = None) -> dict[str, Any]:
    eid = item.eid
    out: dict[str, Any] = {"value": value, "source_eid": eid}
    if text is not None:
        out["text"] = text
    return out


def texts(row: RowView) -> list[dict[str, Any]]:
    return [{"text": i.text, "source_eid": i.eid, **({"num": i.num} if i.num else {})} for i in row.items]


def terms(row: RowView) -> dict[str, Any]:
    """Stage 1 and stage 2 terms in working days from row 3: digits and words must agree."""
    out: dict[str, Any] = {}
    for item in row.items:
        m = TERM.match(item.text.strip())
        if not m:
            continue
        stage = "stage1" if m.group(1) == "бірінші" else "stage2"
        digits, words = int(m.group(2)), kazakh_number(m.group(3))
        value: Any = digits if words == digits else UNPARSED
        out[stage] = {"working_days": value, "text": item.text, "source_eid": item.eid}
    for stage in ("stage1", "stage2"):
        out.setdefault(stage, {"working_days": UNPARSED, "text": None, "source_eid": row.eid})
    return out


def fee(row: RowView) -> dict[str, Any]:
    """The fee in tenge from row 6: exactly one "N NNN теңгені" in the row, else unparsed."""
    found = [(item, m) for item in row.items for m in FEE.finditer(item.text)]
    if len(found) != 1:
        return {"tenge": UNPARSED, "text": None, "source_eid": row.eid}
    item, m = found[0]
    return {"tenge": int(re.sub(r"[ \u00a0]", "", m.group(1))), "text": item.text, "source_eid": item.eid}


def hours(row: RowView) -> dict[str, Any]:
    """The provider's working hours from row 7 (the first sub-item that states them)."""
    for item in row.items:
        m = HOURS.search(item.text)
        if m:
            start, end = f"{int(m.group(1)):02d}:{m.group(2)}", f"{int(m.group(3)):02d}:{m.group(4)}"
            return {"start": start, "end": end, "text": item.text, "source_eid": item.eid}
    return {"start": UNPARSED, "end": UNPARSED, "text": None, "source_eid": row.eid}


def paid_period(row: RowView) -> dict[str, Any]:
    """The paid-training period from row 10 ("1 ақпан мен 20 желтоқсан кезеңінде")."""
    for item in row.items:
        m = PERIOD.search(item.text)
        if m:
            lo = (MONTHS_KK.index(m.group(2)) + 1, int(m.group(1)))
            hi = (MONTHS_KK.index(m.group(4)) + 1, int(m.group(3)))
            return {
                "from": f"{lo[0]:02d}-{lo[1]:02d}",
                "to": f"{hi[0]:02d}-{hi[1]:02d}",
                "text": item.text,
                "source_eid": item.eid,
            }
    return {"from": UNPARSED, "to": UNPARSED, "text": None, "source_eid": row.eid}


def passport(view: ServiceView) -> dict[str, Any]:
    """The JSON service passport (stable keys; every field with ``source_eid``)."""
    r = view.row
    grounds = [
        {"num": i.num, "text": i.text, "source_eid": i.eid} for i in r("refusal_grounds").items if i.num is not None
    ]
    return {
        "service": view.service.id,
        "name": {"kk": view.heading_value.strip('"«»'), "source_eid": view.heading_eid},
        "work": view.work,
        "table_eid": view.table_eid,
        "at": view.at.isoformat() if view.at else "latest",
        "changes_with_unknown_start": [
            {"act": act, "not_before": lo.isoformat() if lo else None}
            for act, lo in (open_start_amendments(view.corpus, view.work, view.table_eid) if view.at is None else [])
        ],
        "rows": [
            {
                "num": row.num,
                "key": row.key,
                "label": row.label,
                "label_ru": row.label_ru,
                "source_eid": row.eid,
                "content": texts(row),
            }
            for row in view.rows
        ],
        "provider": field(joined(r("provider")), r("provider")),
        "channels": field(joined(r("channels")), r("channels")),
        "terms": terms(r("term")),
        "form": field(joined(r("form")), r("form")),
        "results": texts(r("result")),
        "fee": fee(r("fee")),
        "fee_and_payment": texts(r("fee")),
        "schedule": {"hours": hours(r("schedule")), "content": texts(r("schedule"))},
        "documents": texts(r("documents")),
        "refusal_grounds": grounds,
        "pending_changes": [
            {"description_kk": p.description.get("kaz"), "source": p.source, "confidence": p.confidence}
            for p in view.expression.work.pending
        ],
        "other_requirements": {
            "paid_training_period": paid_period(r("other_requirements")),
            "content": texts(r("other_requirements")),
        },
    }


def joined(row: RowView) -> str:
    return "\n".join(i.text for i in row.items)
