"""Human names of structural units for diffs and tables: ``(tree, eId, lang) → "…, 11-тармақ"``.

A unit is named by its ancestors from the top: a document by its heading (or a plain statement
that it is an approved document whose title is not held), then each numbered level via
:func:`lexpub.wording.phrases.unit_name`.
"""

from __future__ import annotations

from lexpub.model import eids
from lexpub.model.core import Unit
from lexpub.model.values import Lang
from lexpub.wording.i18n import capitalize, t
from lexpub.wording.phrases import counted_name, unit_name


def chain(root: Unit, eid: str) -> list[Unit]:
    """The units from the top level down to ``eid`` (empty when absent). A chapter or section that only
    holds the unit is passed through unnamed: acts cite «15-тармақ», not the chapter around it."""
    if root.eid == eid:
        return []
    for c in root.children:
        if eid == c.eid:
            return [c]
        if eid.startswith(c.eid + "__") or c.kind in eids.TRANSPARENT:
            below = chain(c, eid)
            if below:
                return below if c.kind in eids.TRANSPARENT else [c, *below]
    return []


def one_name(unit: Unit, lang: Lang) -> str:
    if unit.kind == "attachment" and unit.num is None:
        # a title held only in the text's language is quoted as held, never said to be missing
        held = unit.heading.get(lang) or next((v for _, v in unit.heading.values), None) if unit.heading else None
        title = held if unit.held else None
        return title or t(lang, "diff.unit.approved_doc")
    if unit.kind in ("alinea", "part") and unit.num is None:
        if lang == "rus":  # «часть вторая»: «часть 2» would name a part numbered «2.»
            return counted_name(unit, lang, "nom")
        return t(lang, f"unit.{unit.kind}.nom", num=unit.eid.rpartition("_")[2])
    if unit.kind == "row" and unit.num is None:
        label = unit.heading.get(lang) if unit.heading else None
        return label or t(lang, "diff.unit.row_unnumbered")
    return unit_name(unit.kind, unit.num, unit.heading, lang, "nom")


def unit_path_name(root: Unit, eid: str, lang: Lang) -> str:
    """ "Бұйрықпен бекітілген құжат, 11-тармақ"; the bare eId if the unit is not in ``root``."""
    units = chain(root, eid)
    if not units:
        return eid
    return capitalize(", ".join(one_name(u, lang) for u in units))


def renumbered_eid(root: Unit, target_eid: str, new_num: str | None) -> str | None:
    """The eId a renumber operation gives the unit ``target_eid`` of ``root`` (None if absent).

    Mirrors :func:`lexpub.consolidate.operations.renumber`, which rebases the wId as well, so alignment
    must map the old eId to the new one itself."""
    unit = next((u for u in root.walk() if u.eid == target_eid), None)
    if unit is None or new_num is None:
        return None
    return eids.join(target_eid.rpartition("__")[0], eids.component(unit.kind, new_num, 0))
