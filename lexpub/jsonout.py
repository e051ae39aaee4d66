"""JSON views of model values: date ranges, editions. Stable key order, no wall-clock data."""

from __future__ import annotations

from typing import Any

from .frbr import FrbrUri
from .model import Corpus, DateRange, Edition


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
        "pending": [
            {"description": dict(p.description.values), "source": p.source, "confidence": p.confidence}
            for p in work.pending
        ],
    }
