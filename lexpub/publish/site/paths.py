"""Where each page of the site lives and how one page links to another: the site's address book.

Why apart: every page module (act pages, redlines, feeds, changes) needs the same paths and the same
relative links, and none of them should import another page module for that. Every link is relative,
so the folder can be served from any path; only the 404 page, the feed and the sitemap use the
absolute base URL (:mod:`.config`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from lexpub.model.values import Lang
from lexpub.wording.lang import bcp47

SITE = "site"
UIS: tuple[Lang, ...] = ("kaz", "rus")


def prefix(ui: Lang) -> str:
    """Folder of an interface language inside the site: '' for Kazakh, 'ru/' for Russian."""
    return "" if ui == "kaz" else "ru/"


def href(page: str, target: str) -> str:
    """Relative link from the page at site path ``page`` to site path ``target``."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def act_path(work_id: str) -> str:
    return f"acts/{work_id}/index.html"


def edition_path(work_id: str, label: str) -> str:
    return f"acts/{work_id}/kaz@{label}/index.html"


def compare_path(work_id: str, label: str) -> str:
    """The redline of edition ``label`` against the edition before it, beside the edition's page."""
    return f"acts/{work_id}/kaz@{label}/compare.html"


def bilingual_path(work_id: str) -> str:
    """The kk/ru side-by-side view of the latest text (only when both expressions exist)."""
    return f"acts/{work_id}/kaz-rus.html"


def download(work_id: str, label: str, fmt: str) -> str:
    return f"acts/{work_id}/kaz/{label}/main.{fmt}"


@dataclass(frozen=True)
class Page:
    """Chrome shared by every page: where it is, its title and its counterpart in the other language."""

    path: str
    ui: Lang
    title: str
    base: str | None = None
    """The site's absolute base URL for a page served at any address (404); None: links are relative."""

    @property
    def root(self) -> str:
        return self.shared("index.html").removesuffix("index.html") or "./"

    def to(self, target: str, ui: Lang | None = None) -> str:
        """Link to ``target`` (a Kazakh-side site path) in interface ``ui`` (default: this page's)."""
        return self.shared(prefix(ui or self.ui) + target)

    def shared(self, target: str) -> str:
        """Link to a file shared by both languages (downloads, static files, search index)."""
        return self.base + target if self.base is not None else href(self.path, target)

    def switch(self) -> str:
        other: Lang = "rus" if self.ui == "kaz" else "kaz"
        return self.to(self.path.removeprefix(prefix(self.ui)), other)


def page(path: str, ui: Lang, title: str, base: str | None = None) -> Page:
    return Page(prefix(ui) + path, ui, title, base)


def chrome(p: Page) -> dict[str, Any]:
    return {"page": p, "ui": p.ui, "ui_lang": bcp47(p.ui)}
