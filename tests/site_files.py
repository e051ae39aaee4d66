"""The real corpus's site, built once per test session by the site producers (shared by test modules)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lexpub.publish.site.changes import effects_outputs
from lexpub.publish.site.pages import site_act_outputs, site_outputs
from lexpub.publish.site.search import search_outputs
from lexpub.sources.corpus import load_corpus

SOURCE = Path(__file__).resolve().parent.parent / "source"


@cache
def site_files() -> dict[str, bytes]:
    """Every output of :mod:`lexpub.site` for the real corpus (relative build path → bytes), with the
    recent-changes page of :mod:`lexpub.publish.site.changes` that the site's navigation links to."""
    corpus = load_corpus(SOURCE)
    files = dict(site_outputs(corpus, SOURCE))
    files.update(effects_outputs(corpus, SOURCE))
    files.update(search_outputs(corpus, SOURCE))
    for work_id in sorted(corpus.works):
        files.update(site_act_outputs(corpus, work_id, SOURCE))
    return files


def write_site(root: Path) -> Path:
    """Write the site folder (``site/``) under ``root`` and return it."""
    for rel, data in site_files().items():
        if rel.startswith("site/"):
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return root / "site"
