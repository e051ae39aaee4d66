"""The kk/ru side-by-side view of an act (as Adilet's compare page): one row per unit, both wordings.

Why: a reader checking a translation, or a lawyer quoting both languages, needs the two official
texts unit by unit, not two pages. Made only when the work declares both languages; units are
aligned by eId (the same tree in both expressions), and a wording the collection does not publish
is said to be unpublished in the reader's words, never filled in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lexpub.consolidate.apply import consolidate
from lexpub.model.core import Corpus, Expression, Unit
from lexpub.model.values import Lang
from lexpub.publish.site.paths import UIS, act_path, bilingual_path, chrome, page, prefix
from lexpub.render.env import render
from lexpub.wording.acts import act_name
from lexpub.wording.i18n import capitalize, t
from lexpub.wording.lang import bcp47
from lexpub.wording.numbering import label

PAIR: tuple[Lang, Lang] = ("kaz", "rus")


def has_both(corpus: Corpus, work_id: str) -> bool:
    return all(lang in corpus.works[work_id].languages for lang in PAIR)


def _walk(unit: Unit, depth: int = 0) -> Iterator[tuple[Unit, int]]:
    for child in unit.children:
        yield child, depth
        yield from _walk(child, depth + 1)


def _index(expr: Expression) -> dict[str, Unit]:
    return {u.eid: u for u, _ in _walk(expr.root)}


def cell(unit: Unit | None, lang: Lang, ui: Lang) -> dict[str, Any]:
    """One unit's wording in one language: number, heading lines, own text, notes."""
    if unit is None or not unit.held:
        lines = [label(unit)] if unit is not None and label(unit) else []
        return {"lines": lines, "missing": t(ui, "site.not_published"), "notes": []}
    lines = [h.get(lang) or "" for h in unit.header]
    if unit.heading and unit.heading.get(lang):
        lines.append(unit.heading.get(lang) or "")
    own = unit.text.get(lang) if unit.text else None
    if own:
        lines.append(own)
    lab = label(unit)
    if lab and lines:
        lines[-1] = f"{lab} {lines[-1]}"
    elif lab:
        lines.append(lab)
    missing = t(ui, "site.not_published") if unit.text and not own else None
    notes = [n.text.get(lang) or "" for n in unit.notes if n.text.get(lang) and n.kind not in ("repealed", "deleted")]
    return {"lines": lines, "missing": missing, "notes": notes}


def rows(kk: Expression, ru: Expression, ui: Lang) -> list[dict[str, Any]]:
    """Unit by unit in the Kazakh tree's order; a unit only one expression has still gets its row."""
    other = _index(ru)
    out = []
    for unit, depth in _walk(kk.root):
        left, right = cell(unit, "kaz", ui), cell(other.pop(unit.eid, None), "rus", ui)
        if left["lines"] or right["lines"] or left["missing"] or right["missing"]:
            out.append({"eid": unit.eid, "depth": min(depth, 6), "kk": left, "ru": right})
    for eid, unit in sorted(other.items()):
        out.append({"eid": eid, "depth": 0, "kk": cell(None, "kaz", ui), "ru": cell(unit, "rus", ui)})
    return out


def bilingual_page(corpus: Corpus, work_id: str, ui: Lang) -> str:
    kk, ru = (consolidate(corpus, work_id, None, lang) for lang in PAIR)
    name = capitalize(act_name(corpus, work_id, ui))
    p = page(bilingual_path(work_id), ui, t(ui, "site.bilingual.title", act=name))
    return render(
        "site/bilingual.html",
        **chrome(p),
        heading=t(ui, "site.bilingual.title", act=name),
        titles=[
            (bcp47(lang), e.work.title.get(lang) if e.work.title else None)
            for lang, e in zip(PAIR, (kk, ru), strict=True)
        ],
        rows=rows(kk, ru, ui),
        act_link=p.to(act_path(work_id)),
    )


def bilingual_pages(corpus: Corpus, work_id: str) -> dict[str, bytes]:
    """The side-by-side page in both interfaces (site-relative paths); none for a one-language act."""
    if not has_both(corpus, work_id):
        return {}
    return {prefix(ui) + bilingual_path(work_id): bilingual_page(corpus, work_id, ui).encode() for ui in UIS}
