"""Human names of structural units for diffs and tables: ``(tree, eId, lang) → "…, 11-тармақ"``.

A unit is named by its ancestors from the top: a document by its heading (or a plain statement
that it is an approved document whose title is not held), then each numbered level via
:func:`lexpub.wording.phrases.unit_name`.
"""

from __future__ import annotations

from lexpub.model import eids
from lexpub.model.core import Lang, Unit
from lexpub.wording.i18n import capitalize, t
from lexpub.wording.phrases import unit_name


def chain(root: Unit, eid: str) -> list[Unit]:
    """The units from the top level down to ``eid`` (empty when absent)."""
    out: list[Unit] = []
    node = root
    while node.eid != eid:
        nxt = next((c for c in node.children if eid == c.eid or eid.startswith(c.eid + "__")), None)
        if nxt is None:
            return []
        out.append(nxt)
        node = nxt
    return out


def one_name(unit: Unit, lang: Lang) -> str:
    if unit.kind == "attachment" and unit.num is None:
        # a title held only in the text's language is quoted as held, never said to be missing
        held = unit.heading.get(lang) or next((v for _, v in unit.heading.values), None) if unit.heading else None
        title = held if unit.held else None
        return title or t(lang, "diff.unit.approved_doc")
    if unit.kind == "alinea" and unit.num is None:
        return t(lang, "unit.alinea.nom", num=unit.eid.rpartition("_")[2])
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
