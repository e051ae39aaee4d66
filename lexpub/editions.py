"""Editions of a work: each distinct text with its validity interval and the act that opened it.

Amendments that commence together (same date range) open one edition. An edition's start may be
uncertain; it is then named by the act that opened it, never by a guessed date.
"""

from __future__ import annotations

from itertools import groupby

from . import commence
from .consolidate import build_expression, classify
from .model import Amendment, AppliedChange, Corpus, DateRange, Edition, Lang


def editions(corpus: Corpus, work_id: str, lang: Lang = "kaz") -> tuple[Edition, ...]:
    """All editions of ``work_id`` in order; the first is the text as made."""
    work = corpus.work(work_id)
    live = [a for a in corpus.affecting(work.id) if classify(corpus, a, None).state != "discarded"]
    groups: list[tuple[DateRange, list[Amendment]]] = [(commence.in_force(work), [])]
    for _, grp in groupby(live, key=lambda a: (a.commencement.lo, a.commencement.hi)):
        items = list(grp)
        groups.append((items[0].commencement, items))
    out: list[Edition] = []
    applied: list[Amendment] = []
    for i, (start, items) in enumerate(groups):
        applied += items
        changes = [AppliedChange(a, "applied") for a in applied]
        expr = build_expression(corpus, work.id, changes, start.exact, lang)
        end = groups[i + 1][0] if i + 1 < len(groups) else None
        opened_by = items[0].source_work if items else work.id
        out.append(Edition(i, start, end, opened_by, tuple(applied), expr))
    return tuple(out)
