"""JSON views of model values: date ranges, editions. Stable key order, no wall-clock data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .frbr import FrbrUri
from .model import Corpus, DateRange, Edition, Expression


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


def editions_json(corpus: Corpus, work_id: str, eds: tuple[Edition, ...]) -> dict[str, Any]:
    work = corpus.works[work_id]
    uri = FrbrUri.for_work(work)
    return {
        "work": work.id,
        "frbr_work": uri.work_uri(),
        "held": work.held,
        "editions": [
            {
                "index": ed.index,
                "label": ed.label,
                "expression": uri.expression_uri("kaz", ed.label),
                "start": date_range(ed.start),
                "start_uncertain": ed.start.exact is None,
                "end": date_range(ed.end) if ed.end else None,
                "opened_by": ed.opened_by,
                "opened_by_frbr": corpus.works[ed.opened_by].frbr_work,
                "amendments": [a.id for a in ed.amendments],
            }
            for ed in eds
        ],
        "known_up_to": known_up_to(corpus, work_id, eds),
        "pending": [
            {"description": dict(p.description.values), "source": p.source, "confidence": p.confidence}
            for p in work.pending
        ],
    }


def known_up_to(corpus: Corpus, work_id: str, eds: tuple[Edition, ...]) -> str:
    """What the editions list covers: the amendments held in this corpus, and what is known to be missing."""
    work = corpus.works[work_id]
    last = eds[-1].opened_by if len(eds) > 1 else None
    text = "every amendment held in this corpus" + (f" (the last opened by {last})" if last else " (none)")
    if work.pending:
        text += f"; {len(work.pending)} later change(s) known but not encoded, listed under pending"
    if work.held == "partial":
        text += "; the corpus holds only some units of this act"
    return text


# --------------------------------------------------------------------------- expressions
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
        return FrbrUri.for_work(expr.work).expression_uri(expr.lang, self.label or "")


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
