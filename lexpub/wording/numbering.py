"""How a unit's number is printed: ``"1."`` for a тармақ, ``"1)"`` for a тармақша, ``"6"`` for a table row.

Why here: every renderer (text, Markdown, JSON, AKN, HTML) prints the same number the same way, so the
rule lives once, below them, with the rest of the wording.
"""

from __future__ import annotations

from lexpub.model.core import Unit
from lexpub.model.values import Lang
from lexpub.wording.i18n import t

WORDED = frozenset({"article", "chapter", "section"})
"""Kinds whose printed number is a word of the language: «3-бап.» / «Статья 3.», «2-тарау.» / «Глава 2.»."""


def label(unit: Unit, lang: Lang | None = None) -> str:
    """The printed number of ``unit``; empty when it is unnumbered or of a kind that prints none. An article,
    chapter or section is labelled in ``lang``; without a language only its bare number (never a word of
    the wrong language)."""
    if unit.num is None:
        return ""
    if unit.kind in WORDED:
        return t(lang, f"unit.{unit.kind}.label", num=unit.num) if lang else unit.num
    return {"paragraph": f"{unit.num}.", "point": f"{unit.num})", "part": f"{unit.num}.", "row": unit.num}.get(
        unit.kind, ""
    )
