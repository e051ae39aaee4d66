"""The site's "recent changes" page and the effects files: ``corpus → {relative path: bytes}``.

Why here: these are site pages, in the site's chrome (:mod:`lexpub.publish.site.paths`), so they
belong to publication; :mod:`lexpub.diff.effects` keeps the facts (effects, table rows) and knows
nothing of where pages are written. The public page shows no eIds and no JSON column: each changed
unit is a link to where its act's page shows it; the JSON files stay for machines beside the pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from lexpub.consolidate.apply import consolidate
from lexpub.diff.effects import effects_json, recent_effects
from lexpub.model.core import Corpus, Unit
from lexpub.model.values import Lang
from lexpub.publish.graph import per_work
from lexpub.publish.site.paths import SITE, UIS, act_path, chrome, page, prefix
from lexpub.render.env import render
from lexpub.wording.i18n import t


def _eids(unit: Unit) -> Iterator[str]:
    yield unit.eid
    for child in unit.children:
        yield from _eids(child)


def changes_page(corpus: Corpus, ui: Lang) -> str:
    """The site-wide "recent changes" page (``site/changes.html``, ``site/ru/changes.html``), in the
    site's chrome: every link relative."""
    p = page("changes.html", ui, t(ui, "diff.changes.title"))
    shown = {w: set(_eids(consolidate(corpus, w, None, "kaz").root)) for w in sorted(corpus.works)}
    rows: list[dict[str, str | None]] = []
    for r in recent_effects(corpus, ui):
        target, eid = r["target"], r["eid"]
        rows.append(
            {
                **r,
                "act_link": p.to(act_path(target)),
                "unit_link": p.to(act_path(target)) + f"#{eid}" if eid in shown.get(target, ()) else None,
                "by_link": p.to(act_path(r["by_work"])) if r["by_work"] in corpus.works else None,
            }
        )
    return render("site/changes.html", **chrome(p), rows=rows)


def effects_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """``effects/<work>.json`` of every work (build root and inside ``site/``) and the recent
    changes page ``site/changes.html`` (Kazakh) and ``site/ru/changes.html`` (Russian interface): what
    the build's steps of :func:`effects_work_outputs` and :func:`changes_outputs` write together."""
    files: dict[str, bytes] = {}
    for work_id in sorted(corpus.works):
        files.update(effects_work_outputs(corpus, work_id, source))
    files.update(changes_outputs(corpus, source))
    return files


@per_work
def effects_work_outputs(corpus: Corpus, work_id: str, source: Path) -> dict[str, bytes]:
    """Build producer: ``effects/<work>.json``, in the build root and inside ``site/``. One step a
    work: the effects on it are made by the works that amend it, the effects by it fall on the works
    it amends — exactly the works its step sees — so an edit reruns the steps of the works it touches."""
    data = effects_json(corpus, work_id)
    blob = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    return {f"effects/{work_id}.json": blob, f"{SITE}/effects/{work_id}.json": blob}


def changes_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """Build producer: the recent changes page of the whole corpus, in both interfaces."""
    return {f"{SITE}/{prefix(ui)}changes.html": changes_page(corpus, ui).encode() for ui in UIS}
