"""Redline between two expressions of one work: ``(old, new) → Redline``.

Units are aligned by wId (eId when none), so a substituted unit is a change *of that unit*; word
insertions and deletions are computed only inside aligned units whose text differs
(:mod:`.words`). Where the old wording is not held (partial works) the entry says so and carries
no invented text. The Redline is a language-neutral value; :mod:`.render` prints it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from lexpub.consolidate.apply import consolidate
from lexpub.diff.words import Segment, align, diff_texts, word_segments
from lexpub.model.core import Amendment, Corpus, Expression, Note, Status, Unit
from lexpub.model.values import DateRange, Lang
from lexpub.wording.names import unit_path_name
from lexpub.wording.phrases import formula

__all__ = ["Redline", "UnitChange", "diff_expressions", "diff_texts", "redline"]

Change = Literal[
    "unchanged",
    "changed",
    "substituted",
    "words",
    "inserted",
    "repealed",
    "renumbered",
    "removed",
    "new-wording",
    "uncertain",
]
"""``new-wording``: part of an ancestor's substitution whose earlier wording is not held."""


@dataclass(frozen=True, slots=True)
class Cause:
    """The amendment behind a change: act, provision (None: not held), commencement."""

    amendment: Amendment

    @property
    def source_work(self) -> str:
        return self.amendment.source_work

    @property
    def provision(self) -> str | None:
        return self.amendment.provision

    @property
    def commencement(self) -> DateRange:
        return self.amendment.commencement


@dataclass(frozen=True, slots=True)
class UnitChange:
    """One aligned unit and how it differs between the two expressions."""

    key: str
    eid: str
    old_eid: str | None
    kind: str
    name: str
    depth: int
    change: Change
    old_held: bool
    """True only when the old side exists and its wording is held."""
    new_held: bool
    old_text: str | None
    new_text: str | None
    segments: tuple[Segment, ...]
    """Word runs; empty when either wording is not held (nothing is invented)."""
    notes: tuple[Note, ...]
    """Editorial notes present in the new expression but not in the old (newest first)."""
    causes: tuple[Cause, ...]
    label: str = ""
    """Printed number ("11.", "3)") of the new (or old) unit."""
    old_label: str = ""
    """Printed number of the old unit (differs from ``label`` when renumbered)."""

    @property
    def old_not_held(self) -> bool:
        """The unit existed before but its earlier wording is not held in this corpus."""
        return self.old_eid is not None and not self.old_held and self.change not in ("unchanged",)


@dataclass(frozen=True)
class Redline:
    """All aligned units of a work between two expressions, in new-document order."""

    work_id: str
    lang: Lang
    old_at: dt.date | None
    new_at: dt.date | None
    old_status: Status
    new_status: Status
    in_force: DateRange
    entries: tuple[UnitChange, ...]
    causes: tuple[Cause, ...]
    """Amendments applied on one side only, in application order."""
    uncertain: tuple[Cause, ...]
    """Amendments whose commencement is undecidable at either date (not applied there)."""

    def changed(self) -> tuple[UnitChange, ...]:
        return tuple(e for e in self.entries if e.change != "unchanged")

    def find(self, eid: str) -> UnitChange | None:
        return next((e for e in self.entries if e.eid == eid), None)


def content(unit: Unit, expr: Expression) -> str | None:
    """The unit's own wording in the expression's language; None when not held."""
    if not unit.held:
        return None
    lang = expr.lang
    parts = [h.get(lang) or "" for h in unit.header]  # top-right header lines, in printed order
    if unit.heading and unit.kind in ("row", "attachment", "appendix"):
        parts.append(unit.heading.get(lang) or "")
    if unit.amend is not None:
        parts.append(formula(unit.amend, lang, expr.work, None))
    elif unit.text is not None:
        value = unit.text.get(lang)
        if value is None:
            return None
        parts.append(value)
    return "\n".join(p for p in parts if p)


def _walk(root: Unit) -> Iterator[tuple[Unit, int, tuple[str, ...]]]:
    """(unit, depth, ancestor keys) for every unit below the synthetic root."""

    def visit(unit: Unit, depth: int, anc: tuple[str, ...]) -> Iterator[tuple[Unit, int, tuple[str, ...]]]:
        for child in unit.children:
            yield child, depth, anc
            yield from visit(child, depth + 1, (*anc, key_of(child)))

    yield from visit(root, 0, ())


def key_of(unit: Unit) -> str:
    return unit.wid or unit.eid


def added_notes(old: Unit, new: Unit) -> tuple[Note, ...]:
    if new.notes[len(new.notes) - len(old.notes) :] == old.notes:
        return new.notes[: len(new.notes) - len(old.notes)]
    return tuple(n for n in new.notes if n not in old.notes)


def diff_expressions(old: Expression, new: Expression) -> Redline:
    """The redline from ``old`` to ``new`` (same work, same language)."""
    if old.work.id != new.work.id or old.lang != new.lang:
        raise ValueError("a redline compares two expressions of one work in one language")
    old_ids = {a.id for a in old.applied}
    new_ids = {a.id for a in new.applied}
    # Units are aligned by wId, which survives renumbering, so a renumbered unit pairs with itself.
    olds = {key_of(u): (u, d, a) for u, d, a in _walk(old.root)}
    news = {key_of(u): (u, d, a) for u, d, a in _walk(new.root)}
    one_side = tuple(
        Cause(a)
        for a in sorted(
            {*old.applied, *new.applied},
            key=lambda a: (a.commencement.sort_key(), a.source_work, a.seq),
        )
        if (a.id in old_ids) != (a.id in new_ids)
    )
    uncertain = {c.amendment.id: Cause(c.amendment) for c in (*old.uncertain, *new.uncertain)}
    seen: dict[str, tuple[Change, bool]] = {}
    entries = []
    for okey, nkey in align(list(olds), list(news)):
        entry = _entry(
            old,
            new,
            olds.get(okey) if okey else None,
            news.get(nkey) if nkey else None,
            seen,
            (*one_side, *(uncertain[k] for k in sorted(uncertain))),
        )
        seen[entry.key] = (entry.change, entry.old_held)
        entries.append(entry)
    return Redline(
        work_id=new.work.id,
        lang=new.lang,
        old_at=old.at,
        new_at=new.at,
        old_status=old.status,
        new_status=new.status,
        in_force=new.in_force,
        entries=tuple(entries),
        causes=one_side,
        uncertain=tuple(uncertain[k] for k in sorted(uncertain)),
    )


Placed = tuple[Unit, int, tuple[str, ...]]


def _entry(
    old_expr: Expression,
    new_expr: Expression,
    o: Placed | None,
    n: Placed | None,
    seen: dict[str, tuple[Change, bool]],
    one_side: tuple[Cause, ...],
) -> UnitChange:
    placed = n or o
    assert placed is not None
    unit, depth, anc = placed
    ou = o[0] if o else None
    nu = n[0] if n else None
    old_text = content(ou, old_expr) if ou else None
    new_text = content(nu, new_expr) if nu else None
    notes = added_notes(ou, nu) if ou and nu else (nu.notes if nu else ())
    subs = [seen[k] for k in anc if k in seen and seen[k][0] in ("substituted", "new-wording")]
    # None: not inside a substitution; else: was the substituted ancestor's old wording held?
    sub_held = None if not subs else all(h for _, h in subs)
    change = _classify(ou, nu, old_text, new_text, notes, sub_held)
    segments: tuple[Segment, ...] = ()
    if change == "repealed":
        new_text = None
    if old_text is not None and new_text is not None:
        segments = word_segments(old_text, new_text)
    elif old_text is not None and change in ("removed", "repealed"):
        segments = (Segment("delete", old_text),)
    elif new_text is not None and ou is None and change == "inserted":
        segments = (Segment("insert", new_text),)
    eids = {e for e in (ou.eid if ou else None, nu.eid if nu else None) if e}
    causes = tuple(c for c in one_side if c.amendment.op.target_eid in eids)
    return UnitChange(
        key=key_of(unit),
        eid=unit.eid,
        old_eid=ou.eid if ou else None,
        kind=unit.kind,
        name=unit_path_name(new_expr.root if nu else old_expr.root, unit.eid, new_expr.lang),
        depth=depth,
        change=change,
        old_held=old_text is not None and bool(ou and ou.held and ou.status != "repealed"),
        new_held=new_text is not None,
        old_text=old_text if ou and ou.status != "repealed" else None,
        new_text=new_text,
        segments=segments,
        notes=notes,
        causes=causes,
        label=_label(unit),
        old_label=_label(ou) if ou else "",
    )


def _label(unit: Unit) -> str:
    """The printed number: "11.", "1)", a row's "6"; an appendix's number is in its header ("2-1-қосымша")."""
    if unit.num is None or unit.kind in ("attachment", "appendix"):
        return ""
    return {"paragraph": f"{unit.num}.", "point": f"{unit.num})", "row": unit.num}.get(unit.kind, unit.num)


def _classify(
    ou: Unit | None,
    nu: Unit | None,
    old_text: str | None,
    new_text: str | None,
    notes: tuple[Note, ...],
    sub_held: bool | None,
) -> Change:
    kinds = {n.kind for n in notes}
    if nu is None:
        return "removed"
    if ou is None:
        return "new-wording" if sub_held is False and "inserted" not in kinds else "inserted"
    if nu.status == "repealed" and ou.status != "repealed":
        return "repealed"
    if "substituted" in kinds:
        return "substituted"
    if sub_held is False and not ou.held:
        return "new-wording"
    if "renumbered" in kinds or ou.eid != nu.eid:
        return "renumbered"
    if "words" in kinds:
        return "words"
    if "uncertain" in kinds or (nu.status == "uncertain" and ou.status != "uncertain"):
        return "uncertain"
    if old_text != new_text or ou.held != nu.held or ou.status != nu.status:
        return "changed"
    return "unchanged"


def redline(
    corpus: Corpus, work_id: str, old_at: dt.date | None, new_at: dt.date | None, lang: Lang = "kaz"
) -> Redline:
    """Consolidate at both dates and diff: the usual entry point."""
    old = consolidate(corpus, work_id, old_at, lang)
    new = consolidate(corpus, work_id, new_at, lang)
    return diff_expressions(old, new)
