"""How a unit's number is printed: ``"1."`` for a тармақ, ``"1)"`` for a тармақша, ``"6"`` for a table row.

Why here: every renderer (text, Markdown, JSON, AKN, HTML) prints the same number the same way, so the
rule lives once, below them, with the rest of the wording.
"""

from __future__ import annotations

from lexpub.model.core import Unit


def label(unit: Unit) -> str:
    """The printed number of ``unit``; empty when it is unnumbered or of a kind that prints none."""
    if unit.num is None:
        return ""
    return {"paragraph": f"{unit.num}.", "point": f"{unit.num})", "row": unit.num}.get(unit.kind, "")
