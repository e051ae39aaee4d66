"""The signing date and number of an act file (``work.date``, ``work.number``): only a draft
(``work.status: draft``) may leave them ``unknown``; placeholders then stand in for FRBR and eIds only
(:data:`lexpub.model.dates.DRAFT_DATE`, ``draft-<id>``). ``self`` is the act file's
:class:`lexpub.sources.acts.Parser` (its ``err``, ``date`` and ``work_id``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lexpub.errors import kv
from lexpub.model.dates import DRAFT_DATE
from lexpub.sources.values import leading_zero


def signing_facts(self: Any, w: dict[str, Any], draft: bool) -> tuple[dt.date | None, str]:
    """The signing date and number; only a draft may leave them ``unknown`` (placeholders then stand in,
    :data:`~lexpub.model.core.DRAFT_DATE` and ``draft-<id>``, for FRBR and eIds only)."""
    number = str(w["number"])
    for key, value in (("date", w["date"]), ("number", number)):
        if value == "unknown" and not draft:
            rule = "bad-date" if key == "date" else "bad-number"
            self.err(
                ("work", key),
                rule,
                f"{key} unknown: only a draft (work.status: draft) may leave it unknown",
                "draft-only-unknown",
                kv(field=key),
            )
    date = None if w["date"] == "unknown" else self.date(w["date"], ("work", "date"))
    if draft and number == "unknown":
        number = f"draft-{self.work_id}"
    elif not re.fullmatch(r"[0-9]+", number):
        if number != "unknown":
            self.err(
                ("work", "number"),
                "bad-number",
                f"act number {number!r} must be digits",
                "bad-number.digits",
                kv(number=number),
            )
    elif leading_zero(number):
        self.err(
            ("work", "number"),
            "bad-number",
            f"act number {number!r} has a leading zero",
            "bad-number.zero",
            kv(number=number),
        )
    elif date is not None and not draft and not self.work_id.endswith(f"-{date.year}-{number}"):
        # The issuer part is not compared: generated test corpora name their acts gen-<year>-<number>.
        expected = f"{w['issuer']}-{date.year}-{number}"
        self.err(
            ("work", "number"),
            "work-id-mismatch",
            f"the file is named {self.work_id}.yaml but holds act No. {number} of {date.year}: "
            f"its file must be {expected}.yaml",
            "work-id-mismatch",
            kv(file=self.work_id, number=number, year=date.year, expected=expected),
        )
    if w["date"] == "unknown":
        return (DRAFT_DATE if draft else None), number
    return date, number
