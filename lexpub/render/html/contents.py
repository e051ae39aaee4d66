"""The contents list of a text: numbered paragraphs and attachments (with theirs), named in the nominative."""

from __future__ import annotations

from functools import lru_cache

from lexpub.model.core import Corpus, Expression, Unit
from lexpub.model.values import Lang, Text
from lexpub.render.html.cache import RenderCache
from lexpub.render.html.views import CONTAINERS, TocEntry
from lexpub.wording.phrases import unit_name


def toc(corpus: Corpus, expr: Expression, memo: RenderCache | None = None) -> tuple[TocEntry, ...]:
    """Contents: numbered paragraphs and attachments (with their paragraphs and appendices).

    An entry is a function of its unit and the language: with a memo, each is made once per act."""
    lang = expr.lang
    made: dict[tuple[int, Lang], tuple[Unit, TocEntry | None]] = memo.toc if memo is not None else {}
    make = memo.entry if memo is not None else TocEntry

    def entry(unit: Unit) -> TocEntry | None:
        key = (id(unit), lang)
        hit = made.get(key)
        if hit is not None and hit[0] is unit:
            return hit[1]
        found: TocEntry | None = None
        if unit.kind in CONTAINERS:
            kids = tuple(e for e in (entry(c) for c in unit.children) if e is not None)
            name = nominative(unit.kind, unit.num, unit.heading, lang)
            if unit.num is not None and unit.heading:
                name = f"{name}. {unit.heading.get(lang) or ''}".rstrip(". ")
            found = make(unit.eid, name, kids)
        elif unit.kind == "paragraph" and unit.num is not None:
            found = make(unit.eid, nominative(unit.kind, unit.num, None, lang))
        made[key] = (unit, found)
        return found

    return tuple(e for e in (entry(u) for u in expr.root.children) if e is not None)


@lru_cache(maxsize=8192)
def nominative(kind: str, num: str | None, heading: Text | None, lang: Lang) -> str:
    """:func:`lexpub.wording.phrases.unit_name` in the nominative (cached: a pure function of its arguments,
    and every paragraph of every edition is named in the contents)."""
    return unit_name(kind, num, heading, lang, "nom")
