"""The values the ``act/`` templates draw: one :class:`UnitView` per unit, one :class:`TocEntry` per
contents line. Everything in them is already worded; the templates decide nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup

CONTAINERS = ("attachment", "appendix")


class UnitView(NamedTuple):
    """One unit as the templates draw it: everything already worded, nothing left to decide.

    An immutable value like the model's, but a named tuple: a text has a node per unit, and a
    tuple is made in one call (a frozen dataclass sets each of its 15 fields in turn, 4× the time).
    """

    kind: str
    # unit kind; ``attachment``/``appendix`` draw as sections, ``row`` as a table row
    eid: str
    # HTML id (empty inside quoted amendment text: ids belong to the amended act)
    label: str
    # printed number: "11.", "3)", "6"; empty when unnumbered
    text: Markup | None
    # the unit's own words (or the not-held message)
    heading: Markup | None = None
    header: tuple[Markup, ...] = ()
    # top-right header lines of an attachment (Law "On legal acts" art. 28)
    notes: tuple[Markup, ...] = ()
    children: tuple[UnitView, ...] = ()
    table: bool = False
    held: bool = True
    status: str = "in-force"
    formula: Markup | None = None
    # an amending provision's generated sentence; its new wording is ``quoted``
    quoted: UnitView | None = None
    end: str = ""
    # ";" or "." after an amending provision with no quoted wording
    depth: int = 0
    # titled attachments above this one: its heading is ``h{depth + 2}`` (no level is skipped)


@dataclass(frozen=True)
class TocEntry:
    eid: str
    name: str
    children: tuple[TocEntry, ...] = ()


ViewKey = tuple[int, str, bool, bool, int, bool | None]
