"""The shared base of the renderers: which text an expression is, and how a date range is stated.

Why: JSON, AKN, the diffs and the services all state a date the same way (exact, or its bounds with
the reason — never a guessed date) and name a text by the same version label, so these live below the
renderers, which must not import each other (see ``docs/architecture.md``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from lexpub.model.core import Edition, Expression
from lexpub.model.values import DateRange


def date_range(rng: DateRange) -> dict[str, Any]:
    """An exact date, or the bounds of an unknown one with the reason — never a guessed date."""
    exact = rng.exact
    if exact:
        statement = exact.isoformat()
    elif rng.lo and rng.hi:
        statement = f"unknown, between {rng.lo.isoformat()} and {rng.hi.isoformat()}"
    elif rng.lo:
        statement = f"unknown, not before {rng.lo.isoformat()}"
    else:
        statement = "unknown"
    return {
        "date": exact.isoformat() if exact else None,
        "exact": exact is not None,
        "not_before": rng.lo.isoformat() if rng.lo else None,
        "not_after": rng.hi.isoformat() if rng.hi else None,
        "basis": rng.basis,
        "statement": statement,
    }


def parse_date_range(data: dict[str, Any]) -> DateRange:
    """The inverse of :func:`date_range` (for tools that read lexpub's JSON back)."""
    lo, hi = data.get("not_before"), data.get("not_after")
    exact = data.get("date")
    if exact:
        day = dt.date.fromisoformat(exact)
        return DateRange(day, day, str(data.get("basis", "")))
    return DateRange(
        dt.date.fromisoformat(lo) if lo else None, dt.date.fromisoformat(hi) if hi else None, str(data.get("basis", ""))
    )


@dataclass(frozen=True, slots=True)
class Version:
    """Which text an expression is: an edition, the text at a requested date, or the latest text.

    ``label`` is the version part of the expression URI and of output paths (``2023-01-20``,
    ``mod-2023-1100`` when the start is unknown; None for latest). ``start`` is the date the text
    applies from — exact, or only bounded (then every output says it is a bound).
    """

    kind: Literal["edition", "at", "latest"]
    label: str | None
    start: DateRange

    @property
    def path_label(self) -> str:
        return self.label or "latest"

    def expression_uri(self, expr: Expression) -> str:
        return expr.work.frbr.expression_uri(expr.lang, self.label or "")


def version_of(expr: Expression, edition: Edition | None = None) -> Version:
    """The version of ``expr``; pass the edition it came from, since an edition whose start is
    unknown is built with ``at=None`` and cannot be told from the latest text otherwise."""
    if edition is not None:
        return Version("edition", edition.label, edition.start)
    if expr.at is not None:
        return Version("at", expr.at.isoformat(), DateRange(expr.at, expr.at, "the date asked for"))
    applied = expr.applied
    if applied:
        last = max(applied, key=lambda a: a.commencement.sort_key())
        return Version("latest", None, last.commencement)
    return Version("latest", None, expr.in_force)
