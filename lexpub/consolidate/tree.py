"""Editing a unit tree without mutating it: copy a unit with changes, replace one unit by eId, walk.

Consolidation copies units along every amended path; these helpers keep that cheap and pure (every
function returns a new tree and leaves its argument as it was).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any

from lexpub.model import eids
from lexpub.model.core import Unit

_UNIT_FIELDS = tuple(f.name for f in dataclasses.fields(Unit))
_unit_values = operator.attrgetter(*_UNIT_FIELDS)
_UNIT_INDEX = {name: i for i, name in enumerate(_UNIT_FIELDS)}
assert all(f.init for f in dataclasses.fields(Unit)), "changed() passes every field of Unit to its constructor"


def changed(unit: Unit, **changes: Any) -> Unit:
    """``dataclasses.replace(unit, **changes)``: every field read at once (C ``attrgetter``), not looked up
    and validated field by field — consolidation copies units along every amended path."""
    values = list(_unit_values(unit))
    for name, value in changes.items():
        values[_UNIT_INDEX[name]] = value
    return Unit(*values)


def transform(root: Unit, eid: str, fn: Callable[[Unit], Unit | None]) -> Unit:
    """A new tree in which the unit ``eid`` is replaced by ``fn(unit)`` (None removes it)."""
    found = False
    # the eIds ``c.eid`` with ``eid == c.eid or eid.startswith(c.eid + "__")``: eid and its "__"-prefixes
    on_path = {eid} | {eid[:k] for k in range(len(eid) - 1) if eid[k : k + 2] == "__"}

    def visit(unit: Unit) -> Unit | None:
        nonlocal found
        if unit.eid == eid:
            found = True
            return fn(unit)
        for c in unit.children:
            if c.eid in on_path or c.kind in eids.TRANSPARENT:
                break
        else:
            return unit
        kids = tuple([k for c in unit.children if (k := visit(c)) is not None])
        return changed(unit, children=kids)

    new = visit(root)
    if not found or new is None:
        raise KeyError(eid)
    return new


def preorder(root: Unit) -> list[Unit]:
    """``list(root.walk())``: the unit and its descendants in document order, without a generator per unit."""
    out: list[Unit] = []
    stack = [root]
    while stack:
        unit = stack.pop()
        out.append(unit)
        if unit.children:
            stack.extend(reversed(unit.children))
    return out


def rebase(unit: Unit, old: str, new: str, *, keep_wid: bool = False) -> Unit:
    """The same subtree with eIds moved from ``old`` to ``new``.

    A renumbered unit keeps its wIds (AKN: the wId survives renumbering); wording copied into a new
    place (``content_from``) takes wIds of that place.
    """
    eid = eids.rebase(unit.eid, old, new)
    wid = unit.wid if keep_wid and unit.wid else eid
    return changed(
        unit, eid=eid, wid=wid, children=tuple(rebase(c, old, new, keep_wid=keep_wid) for c in unit.children)
    )


def fresh(unit: Unit) -> Unit:
    """New wording is held and in force, whatever the source unit's status was."""
    return changed(unit, held=True, status="in-force", children=tuple(fresh(c) for c in unit.children))


def num_key(num: str | None) -> tuple[int, ...]:
    """Natural order of inserted numbers: 5 < 5-1 < 5-2 < 6; lettered sub-items in alphabet order."""
    if not num:
        return (0,)
    if eids.letter_is_valid(num):  # «а)» < «б)» < «в)»
        return (eids.LETTERS.index(num) + 1,)
    return tuple(int(p) for p in num.split("-") if p.isdigit())
