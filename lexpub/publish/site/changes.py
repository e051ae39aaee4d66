"""The site's "recent changes" page and the effects files: ``corpus → {relative path: bytes}``.

Why here: these are site pages, in the site's chrome (:mod:`lexpub.publish.site.pages`), so they
belong to publication; :mod:`lexpub.diff.effects` keeps the facts (effects, table rows, the HTML
fragment of an act page) and knows nothing of where pages are written.
"""

from __future__ import annotations

import json
from pathlib import Path

from lexpub.diff.effects import effects_json, recent_changes
from lexpub.diff.template import render
from lexpub.model.core import Corpus, Lang
from lexpub.publish.site.pages import SITE, act_path, chrome, page, prefix
from lexpub.wording.i18n import t


def changes_page(corpus: Corpus, ui: Lang) -> str:
    """The site-wide "recent changes" page (``site/changes.html``, ``site/ru/changes.html``), in the
    site's chrome: every link relative."""
    p = page("changes.html", ui, t(ui, "diff.changes.title"))
    rows = recent_changes(corpus, ui)
    for r in rows:
        r["act_link"] = p.to(act_path(r["target"]))
        r["json_link"] = p.shared(f"effects/{r['target']}.json")
    return render("diff/changes.html.j2", **chrome(p), lang=ui, rows=rows)


def effects_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """Build producer: ``effects/<work>.json`` (build root and inside ``site/``), and the recent
    changes page ``site/changes.html`` (Kazakh) and ``site/ru/changes.html`` (Russian interface)."""
    files: dict[str, bytes] = {}
    for work_id in sorted(corpus.works):
        data = effects_json(corpus, work_id)
        blob = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
        files[f"effects/{work_id}.json"] = blob
        files[f"{SITE}/effects/{work_id}.json"] = blob
    for ui in ("kaz", "rus"):
        files[f"{SITE}/{prefix(ui)}changes.html"] = changes_page(corpus, ui).encode()
    return files
