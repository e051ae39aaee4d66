"""What one act's texts share while they are drawn: unit views, their HTML, contents entries.

Why: editions of an act share most of their units, and the site draws each text several times, so
each piece is made once per act (:class:`RenderCache`). Output is the same with or without it.
"""

from __future__ import annotations

import operator
from functools import cache
from typing import Any

from markupsafe import Markup

from lexpub.consolidate.apply import preorder
from lexpub.model.core import Corpus, Unit, Work
from lexpub.model.values import Lang
from lexpub.render.env import environment
from lexpub.render.html.views import TocEntry, UnitView, ViewKey


@cache
def unit_macro() -> Any:
    """The ``unit`` macro of ``templates/act/units.html`` (the environment's cached template module)."""
    return environment().get_template("act/units.html").module.unit  # type: ignore[attr-defined]


@cache
def toc_macro() -> Any:
    """The ``toc_list`` macro of ``templates/act/units.html``."""
    return environment().get_template("act/units.html").module.toc_list  # type: ignore[attr-defined]


class RenderCache:
    """The :class:`UnitView` of every unit already drawn, for one act of one corpus.

    Editions of an act share most of their units (consolidation keeps an unchanged unit as the same
    object), and a site draws each text several times (download, a page per interface language), so
    a caller rendering many texts of one act passes one cache to all of them. A view is a function of
    the unit object, the text's language, the print flag, whether it is quoted, its depth and (for an
    amending provision only) whether it is last — plus the corpus and the act, which name the targets
    of amending provisions: the cache empties itself when either changes. Each entry holds its unit,
    so the ``id`` in its key cannot be reused while the entry lives. The HTML the ``unit`` macro
    draws for a view depends on the view and the interface language only, so :meth:`draw` keeps it
    too: a unit unchanged since the previous edition is not drawn again. Its contents entry and the
    units under it whose wording is not held are kept the same way; equal contents entries are one
    object (:meth:`entry`), so the contents list drawn for one text is reused for the next when no
    entry changed (:meth:`draw_toc`). Output is the same with or without a cache; only the time
    differs. (Renderers take it as their ``memo`` argument.)
    """

    def __init__(self) -> None:
        self.owner: tuple[Corpus, Work] | None = None
        self.nodes: dict[ViewKey, tuple[Unit, UnitView]] = {}
        self.targets: dict[str, dict[str, Unit]] = {}
        self.fragments: dict[tuple[int, str], tuple[UnitView, Markup]] = {}
        self.toc: dict[tuple[int, Lang], tuple[Unit, TocEntry | None]] = {}
        self.toc_entries: dict[tuple[str, str, tuple[int, ...]], TocEntry] = {}
        self.toc_html: dict[tuple[int, ...], tuple[tuple[TocEntry, ...], Markup]] = {}
        self.unheld_in: dict[int, tuple[Unit, tuple[Unit, ...]]] = {}

    def bind(self, corpus: Corpus, work: Work) -> RenderCache:
        if self.owner is None or self.owner[0] is not corpus or self.owner[1] is not work:
            self.owner = (corpus, work)
            self.nodes = {}
            self.targets = {}
            self.fragments = {}
            self.toc = {}
            self.toc_entries = {}
            self.toc_html = {}
            self.unheld_in = {}
        return self

    def unheld(self, unit: Unit) -> tuple[Unit, ...]:
        """:meth:`Expression.not_held` of the tree under ``unit`` (worked out once per unit object)."""
        hit = self.unheld_in.get(id(unit))
        if hit is not None and hit[0] is unit:
            return hit[1]
        found: tuple[Unit, ...] = (unit,) if not unit.held and unit.status != "repealed" else ()
        for child in unit.children:
            if child.children:
                below = self.unheld(child)
                if below:
                    found += below
            elif not child.held and child.status != "repealed":
                found += (child,)
        self.unheld_in[id(unit)] = (unit, found)
        return found

    def draw(self, node: UnitView, ui: Lang) -> Markup:
        """``unit(node, ui)`` of ``templates/act/units.html``, drawn once per node object."""
        key = (id(node), ui)
        hit = self.fragments.get(key)
        if hit is not None and hit[0] is node:
            return hit[1]
        html: Markup = unit_macro()(node, ui, self.draw)
        self.fragments[key] = (node, html)
        return html

    def entry(self, eid: str, name: str, children: tuple[TocEntry, ...] = ()) -> TocEntry:
        """``TocEntry(eid, name, children)``, the same object for equal entries (children are entries of
        this memo, so equal children are the same objects), so that equal contents can be recognised
        by the identity of their entries."""
        key = (eid, name, tuple(map(id, children)))
        found = self.toc_entries.get(key)
        if found is None:
            found = self.toc_entries[key] = TocEntry(eid, name, children)
        return found

    def draw_toc(self, entries: tuple[TocEntry, ...]) -> Markup:
        """``toc_list(entries)`` of ``templates/act/units.html``, drawn once per list of entry objects."""
        key = tuple(map(id, entries))
        hit = self.toc_html.get(key)
        if hit is not None and all(map(operator.is_, hit[0], entries)):
            return hit[1]
        html: Markup = toc_macro()(entries)
        self.toc_html[key] = (entries, html)
        return html

    def target(self, work: Work, eid: str) -> Unit | None:
        """``work.find(eid)`` (the first unit with that eId, in document order), indexed once per act."""
        index = self.targets.get(work.id)
        if index is None:
            index = {}
            for unit in preorder(work.root):
                index.setdefault(unit.eid, unit)
            self.targets[work.id] = index
        return index.get(eid)
