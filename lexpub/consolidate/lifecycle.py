"""Where a work stands on a date, by one rule for ``text --at D``, ``render --at D`` and the editions list.

Why: a status must never overstate. An edition opened by an act with a known date also holds every
earlier change, so it can only have started once the last of those commenced (:func:`edition_start`);
a date on which any change, the work's own entry into force, or a known but not encoded change
(``pending:``) cannot be placed is ``uncertain`` everywhere, with the reason. Without a date asked the
status is the one of the latest text the corpus knows, as Adilet shows it (every amendment applied).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from lexpub.consolidate.apply import affecting, classify, discard_verdict
from lexpub.model import commence
from lexpub.model.core import Amendment, Corpus, Edition, Expression, Pending, Work
from lexpub.model.values import DateRange

LifeStatus = Literal["in-force", "superseded", "not-yet-in-force", "uncertain", "repealed", "draft"]
LIFE_STATUSES: tuple[LifeStatus, ...] = (
    "in-force",
    "superseded",
    "not-yet-in-force",
    "uncertain",
    "repealed",
    "draft",
)
DRAFT_WHY = "a draft: not signed, never in force, never published"


@dataclass(frozen=True, slots=True)
class Standing:
    """The status of a text for the date asked (or for the latest text), and why when it is not plain."""

    status: LifeStatus
    why: str = ""
    """English, for JSON and the official's report; empty for a plain ``in-force``."""
    edition: int | None = None
    """Index of the edition that is the text on the date, when that is certain."""


def edition_start(corpus: Corpus, work: Work, held: Iterable[Amendment]) -> DateRange:
    """When the text holding ``held`` (and the work itself) can first be the law: when the last commenced.

    An amendment whose carrying provision may have been repealed before it commenced never certainly
    commenced, so it leaves the upper bound open.
    """
    ranges = [(commence.in_force(work), False)]
    ranges += [(a.commencement, discard_verdict(corpus, a) == "uncertain") for a in held]
    lo_rng = max(ranges, key=lambda r: r[0].lo or dt.date.min)[0]
    open_ended = [rng for rng, doubtful in ranges if rng.hi is None or doubtful]
    if open_ended:
        why = open_ended[-1].basis
        if lo_rng.lo is not None:
            return DateRange(lo_rng.lo, None, why)
        return DateRange(None, None, why)
    hi_rng = max(ranges, key=lambda r: r[0].hi or dt.date.min)[0]
    if lo_rng is hi_rng:
        return hi_rng
    return DateRange(lo_rng.lo, hi_rng.hi, f"{lo_rng.basis}; {hi_rng.basis}")


def pending_from(pending: Pending, work: Work) -> dt.date:
    """The first day a pending change could have touched the text: its act's signing, else the work's."""
    return pending.signed or work.date


def standing_at(corpus: Corpus, work_id: str, day: dt.date, eds: Sequence[Edition] = ()) -> Standing:
    """The one rule: the text in force on ``day`` is certain only when every fact it depends on is.

    ``edition`` of the result is filled when ``eds`` (the work's editions) is given and the day is certain.
    """
    work = corpus.works[work_id]
    if work.status == "draft":
        return Standing("draft", DRAFT_WHY)
    if day < work.date:
        return Standing("not-yet-in-force", f"signed on {work.date.isoformat()}")
    own = commence.in_force(work)
    where = own.status_at(day)
    if where == "before":
        return Standing("not-yet-in-force", own.basis)
    doubts = [f"its own entry into force: {own.basis}"] if where == "uncertain" else []
    applied = _applied_at(corpus, work_id, day, doubts)
    doubts += [
        f"a change known but not encoded ({p.source}) may apply from {pending_from(p, work).isoformat()}"
        for p in work.pending
        if day >= pending_from(p, work)
    ]
    if doubts:
        return Standing("uncertain", "; ".join(doubts))
    index = next((ed.index for ed in eds if set(ed.amendments) == applied), None)
    return Standing("in-force", "", index)


def _applied_at(corpus: Corpus, work_id: str, day: dt.date, doubts: list[str]) -> set[Amendment]:
    """The amendments certainly in force on ``day``; the undecidable ones are added to ``doubts``."""
    applied: set[Amendment] = set()
    for a in affecting(corpus, work_id):
        change = classify(corpus, a, day)
        if change.state == "uncertain":
            doubts.append(f"{a.source_work} ({a.op.kind} {a.op.target_eid}): {change.reason}")
        elif change.state == "applied":
            applied.add(a)
    return applied


def edition_listed_for(work: Work, eds: Sequence[Edition], day: dt.date) -> int | None:
    """What a reader of the editions list finds for ``day``: the one edition certainly covering it, or None
    (none does, or a change listed there as known but not encoded may already apply)."""
    if any(day >= pending_from(p, work) for p in work.pending):
        return None
    for ed in eds:
        if ed.start.status_at(day) == "after" and (ed.end is None or ed.end.status_at(day) == "before"):
            return ed.index
    return None


def edition_standing(corpus: Corpus, ed: Edition, day: dt.date | None = None) -> Standing:
    """The status of one edition on ``day`` (None: as the latest text the corpus knows)."""
    if day is None:
        return _latest(ed.expression.work, ed.end, ed.expression.root.status == "repealed", ed.opened_by)
    work_id = ed.expression.work.id
    now = standing_at(corpus, work_id, day)
    if now.status != "in-force":
        return now
    applied = _applied_at(corpus, work_id, day, [])
    held = set(ed.amendments)
    if held == applied:
        return _repealed_or(ed.expression.root.status == "repealed", ed.opened_by, now)
    if held < applied:
        return Standing("superseded", f"a later edition is in force on {day.isoformat()}")
    return Standing("not-yet-in-force", f"this edition starts {ed.start.basis}")


def expression_standing(corpus: Corpus, expr: Expression, edition: Edition | None = None) -> Standing:
    """The status an output of ``expr`` carries: for its date, for its edition, or as the latest text."""
    if edition is not None:
        return edition_standing(corpus, edition, expr.at)
    repealed = expr.root.status == "repealed"
    if expr.at is None:
        return _latest(expr.work, None, repealed, "")
    return _repealed_or(repealed, "", standing_at(corpus, expr.work.id, expr.at))


def _repealed_or(repealed: bool, by: str, otherwise: Standing) -> Standing:
    if repealed and otherwise.status == "in-force":
        return Standing("repealed", f"repealed by {by}" if by else "repealed", otherwise.edition)
    return otherwise


def _latest(work: Work, end: DateRange | None, repealed: bool, opened_by: str) -> Standing:
    """Without a date: an edition with a successor is superseded; the last is in force unless something is
    known to be missing."""
    if work.status == "draft":
        return Standing("draft", DRAFT_WHY)
    if end is not None:
        when = end.exact.isoformat() if end.exact else f"a date not known exactly ({end.basis})"
        return Standing("superseded", f"replaced by a later edition from {when}")
    if work.pending:
        sources = ", ".join(p.source for p in work.pending)
        return Standing("uncertain", f"later changes known but not encoded may apply ({sources})")
    return _repealed_or(repealed, opened_by, Standing("in-force"))
