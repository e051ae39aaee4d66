"""The static site (``build/site/``): corpus → {relative path: bytes}, in Kazakh with a Russian switch.

Pages: the index of acts, a page per act (its latest text, editions list, timeline, downloads) and
per edition (``acts/<work>/kaz@<label>/``), search (a small JSON-in-JS index of Kazakh words and a
script: works offline, no server), an Atom feed of changes, ``sitemap.xml`` and ``404.html``. Every
link is relative, so the folder can be served from any path. The Russian interface lives under
``ru/`` with the same paths; the texts themselves are Kazakh (the only language the corpus holds).

Downloads of each text are at ``acts/<work>/kaz/<label>/main.{html,pdf,xml,md,json}`` (``latest``
for the latest text, else the edition's label). This module writes ``main.html`` and ``main.pdf``
(PDF/A-3b) at the build root, beside the AKN/Markdown/JSON of :mod:`lexpub.render.formats`, and all five
inside ``site/`` (the exchange formats by calling :func:`lexpub.publish.producers.expression_files`), so the
site folder stands alone wherever it is served.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.consolidate.status import status_key
from lexpub.diff.effects import effects_html
from lexpub.errors import BuildError, InputError, Issue
from lexpub.model.commence import in_force
from lexpub.model.core import Corpus, Edition, Expression, Known, Lang, Registration, Work
from lexpub.model.dates import short
from lexpub.publish.graph import per_work
from lexpub.publish.producers import expression_files
from lexpub.render.env import TEMPLATES, render
from lexpub.render.html import RenderCache, context, page_title, render_html, render_pdf
from lexpub.render.markup import plain
from lexpub.render.text import render_text
from lexpub.sources.yamlfile import load
from lexpub.wording.acts import act_name, edition_name, edition_span, when
from lexpub.wording.i18n import capitalize, t
from lexpub.wording.lang import bcp47

SITE = "site"
SITE_URL = "https://mod.gov.kz/lexpub/"
"""Default of where the site is published (``base_url`` of ``source/site.yaml`` overrides it); used only
where a standard demands absolute URLs (sitemap, Atom)."""
SITE_FILE = "site.yaml"
SITE_FIELDS = frozenset({"base_url"})
BASE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?/(?:[A-Za-z0-9._~%!$&'()*+,;=:@-]+/)*")
"""An absolute http(s) URL of a folder: ends in '/', no query, no fragment."""
UIS: tuple[Lang, ...] = ("kaz", "rus")
FORMATS = ("html", "pdf", "xml", "md", "json")
STATIC = ("act.css", "site.css", "search.js")
ARCHIVE = "pdf/a-3b"
"""Published PDFs are PDF/A-3b: print-ready and fit for archiving (fonts embedded, no external data)."""


@dataclass(frozen=True)
class SiteConfig:
    """Publication settings of the site, from ``source/site.yaml``."""

    base_url: str = SITE_URL


def site_config(source: Path) -> SiteConfig:
    """``source/site.yaml`` → :class:`SiteConfig`; the defaults when the file does not exist.

    Unknown fields, a missing or malformed ``base_url`` are input errors with ``file:line:column``."""
    path = source / SITE_FILE
    if not path.exists():
        return SiteConfig()
    doc = load(path)
    if not isinstance(doc.data, dict):
        raise InputError(Issue(doc.loc(), "site-config", f"{SITE_FILE} must be a mapping with base_url"))
    issues = [
        Issue(doc.key_loc((key,)), "unknown-field", f"unknown field {key!r} (known: {', '.join(sorted(SITE_FIELDS))})")
        for key in sorted(doc.data, key=str)
        if key not in SITE_FIELDS
    ]
    url = doc.data.get("base_url")
    if url is None:
        issues.append(Issue(doc.loc(), "site-config", "base_url is required"))
    elif not (isinstance(url, str) and BASE_URL.fullmatch(url)):
        issues.append(
            Issue(
                doc.loc(("base_url",)),
                "site-config",
                f"base_url must be an absolute http(s) URL ending in '/', without query or fragment: {url!r}",
            )
        )
    if issues:
        raise InputError(issues)
    assert isinstance(url, str)
    return SiteConfig(base_url=url)


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


def download(work_id: str, label: str, fmt: str) -> str:
    return f"acts/{work_id}/kaz/{label}/main.{fmt}"


@dataclass(frozen=True)
class Page:
    """Chrome shared by every page: where it is, its title and its counterpart in the other language."""

    path: str
    ui: Lang
    title: str

    @property
    def root(self) -> str:
        return href(self.path, "index.html").removesuffix("index.html") or "./"

    def to(self, target: str, ui: Lang | None = None) -> str:
        """Link to ``target`` (a Kazakh-side site path) in interface ``ui`` (default: this page's)."""
        return href(self.path, prefix(ui or self.ui) + target)

    def shared(self, target: str) -> str:
        """Link to a file shared by both languages (downloads, static files, search index)."""
        return href(self.path, target)

    def switch(self) -> str:
        other: Lang = "rus" if self.ui == "kaz" else "kaz"
        return self.to(self.path.removeprefix(prefix(self.ui)), other)


def page(path: str, ui: Lang, title: str) -> Page:
    return Page(prefix(ui) + path, ui, title)


def chrome(p: Page) -> dict[str, Any]:
    return {"page": p, "ui": p.ui, "ui_lang": bcp47(p.ui)}


# --------------------------------------------------------------------------- per work
@per_work
def site_act_outputs(corpus: Corpus, work_id: str, source: Path) -> dict[str, bytes]:
    """Act page, edition pages and the downloads of every text of one work."""
    latest = consolidate(corpus, work_id, None, "kaz")
    eds = editions(corpus, work_id)
    files: dict[str, bytes] = {}
    texts: list[tuple[str, Expression, Edition | None]] = [("latest", latest, None)]
    texts += [(ed.label, ed.expression, ed) for ed in eds]
    memo = RenderCache()  # the texts of one act share most units: each is drawn once, not once per page
    for label, expr, ed in texts:
        files.update(downloads(corpus, expr, ed, label, memo))
    for ui in UIS:
        files[f"{SITE}/{prefix(ui)}{act_path(work_id)}"] = act_page(corpus, latest, eds, ui, memo).encode()
        for ed in eds:
            page_bytes = edition_page(corpus, ed, eds, ui, memo).encode()
            files[f"{SITE}/{prefix(ui)}{edition_path(work_id, ed.label)}"] = page_bytes
    return files


def downloads(
    corpus: Corpus, expr: Expression, ed: Edition | None, label: str, memo: RenderCache | None = None
) -> dict[str, bytes]:
    """main.html/main.pdf at the build root and, with the exchange formats, inside the site."""
    work_id = expr.work.id
    mine = {
        download(work_id, label, "html"): render_html(corpus, expr, edition=ed, memo=memo).encode(),
        download(work_id, label, "pdf"): render_pdf(corpus, expr, variant=ARCHIVE, edition=ed, memo=memo),
    }
    theirs = expression_files(corpus, expr, ed)
    expected = {download(work_id, label, fmt) for fmt in ("xml", "md", "json")}
    if set(theirs) != expected:
        raise BuildError(Issue(None, "download-paths", f"exchange formats of {work_id}/{label}: {sorted(theirs)}"))
    out = dict(mine)
    out.update({f"{SITE}/{rel}": data for rel, data in {**mine, **theirs}.items()})
    return out


def act_page(corpus: Corpus, latest: Expression, eds: tuple[Edition, ...], ui: Lang, memo: RenderCache | None = None) -> str:
    work = latest.work
    p = page(act_path(work.id), ui, page_title(corpus, latest, ui))
    return render(
        "site/act.html",
        **{**context(corpus, latest, ui=ui, memo=memo), **chrome(p)},
        label="latest",
        editions=edition_rows(corpus, eds, p),
        timeline=timeline(corpus, work, eds, ui),
        effects=effects(corpus, work.id, ui),
        current=None,
    )


def edition_page(corpus: Corpus, ed: Edition, eds: tuple[Edition, ...], ui: Lang, memo: RenderCache | None = None) -> str:
    work = ed.expression.work
    p = page(edition_path(work.id, ed.label), ui, page_title(corpus, ed.expression, ui, ed))
    return render(
        "site/edition.html",
        **{**context(corpus, ed.expression, ui=ui, edition=ed, memo=memo), **chrome(p)},
        label=ed.label,
        editions=edition_rows(corpus, eds, p),
        current=ed.index,
        edition_name=capitalize(edition_name(corpus, ed, ui)),
        edition_span=edition_span(ed, ui),
        act_link=p.to(act_path(work.id)),
    )


def edition_rows(corpus: Corpus, eds: tuple[Edition, ...], p: Page) -> list[dict[str, Any]]:
    rows = []
    for ed in eds:
        rows.append(
            {
                "index": ed.index,
                "label": ed.label,
                "name": edition_name(corpus, ed, p.ui),
                "start": when(ed.start, p.ui),
                "end": when(ed.end, p.ui) if ed.end else t(p.ui, "site.edition_open"),
                "opened_by": act_name(corpus, ed.opened_by, p.ui),
                "opened_by_link": p.to(act_path(ed.opened_by)) if ed.opened_by in corpus.works else None,
                "link": p.to(edition_path(ed.expression.work.id, ed.label)),
                "downloads": [(fmt, p.shared(download(ed.expression.work.id, ed.label, fmt))) for fmt in FORMATS],
            }
        )
    return rows


def timeline(corpus: Corpus, work: Work, eds: tuple[Edition, ...], ui: Lang) -> list[tuple[str, str]]:
    """(when, what) of the act's history: adoption, registration, entry into force, each change."""
    events = [(short(work.date), t(ui, "site.tl.signed"))]
    reg = work.registration
    if isinstance(reg, Registration) and not isinstance(reg.number, Known):
        day = t(ui, "site.date_not_held") if isinstance(reg.date, Known) else short(reg.date)
        events.append((day, t(ui, "site.tl.registered", number=reg.number)))
    events.append((when(in_force(work), ui), t(ui, "site.tl.in_force")))
    for ed in eds[1:]:
        events.append((when(ed.start, ui), t(ui, "site.tl.edition", act=act_name(corpus, ed.opened_by, ui))))
    for pending in work.pending:
        text = pending.description.get(ui) or pending.description.get("kaz") or ""
        events.append((t(ui, "site.date_not_held"), t(ui, "site.tl.pending", text=text)))
    return events


def effects(corpus: Corpus, work_id: str, ui: Lang) -> Markup:
    """The effects tables of :mod:`lexpub.diff.effects` (changes made to and by the act).

    The fragment comes from the shared autoescaping environment, so it is marked safe as a whole."""
    return Markup(effects_html(corpus, work_id, ui))  # noqa: S704 - rendered with autoescape on


# --------------------------------------------------------------------------- global
def site_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """Index, search, feed, sitemap, 404 and static files of the whole site."""
    files: dict[str, bytes] = {}
    for ui in UIS:
        files[f"{SITE}/{prefix(ui)}index.html"] = index_page(corpus, ui).encode()
        files[f"{SITE}/{prefix(ui)}search.html"] = simple_page(
            "site/search.html", "search.html", ui, "site.search.title"
        )
        files[f"{SITE}/{prefix(ui)}404.html"] = simple_page("site/404.html", "404.html", ui, "site.404.title")
    files[f"{SITE}/search-index.js"] = search_index_js(corpus)
    base_url = site_config(source).base_url
    files[f"{SITE}/feed.xml"] = feed(corpus, base_url).encode()
    files[f"{SITE}/sitemap.xml"] = sitemap(corpus, base_url).encode()
    for name in STATIC:
        files[f"{SITE}/static/{name}"] = (TEMPLATES / "static" / name).read_bytes()
    return files


def index_page(corpus: Corpus, ui: Lang) -> str:
    p = page("index.html", ui, t(ui, "site.index.title"))
    acts = []
    for work_id in sorted(corpus.works, key=lambda w: (corpus.works[w].date, w)):
        latest = consolidate(corpus, work_id, None, "kaz")
        work = latest.work
        acts.append(
            {
                "id": work_id,
                "link": p.to(act_path(work_id)),
                "name": act_name(corpus, work_id, ui),
                "title": work.title.get("kaz") if work.title else t("kaz", "held.title"),
                "status": t(ui, status_key(latest)),
                "status_key": status_key(latest).removeprefix("status."),
                "partial": work.held == "partial",
            }
        )
    return render("site/index.html", **chrome(p), acts=acts)


def simple_page(template: str, path: str, ui: Lang, title_key: str) -> bytes:
    p = page(path, ui, t(ui, title_key))
    return render(template, **chrome(p)).encode()


def search_documents(corpus: Corpus) -> list[dict[str, str]]:
    """One document per act (its latest text): link, title and every word of the text."""
    docs = []
    for work_id in sorted(corpus.works):
        latest = consolidate(corpus, work_id, None, "kaz")
        words = " ".join(plain(render_text(corpus, latest, footer=False)).split())
        docs.append(
            {
                "path": act_path(work_id),
                "name_kaz": act_name(corpus, work_id, "kaz"),
                "name_rus": act_name(corpus, work_id, "rus"),
                "title": latest.work.title.get("kaz") or "" if latest.work.title else "",
                "text": words,
            }
        )
    return docs


def search_index_js(corpus: Corpus) -> bytes:
    """The index as a script (``window.LEXPUB_INDEX``): loads from file:// as well as over HTTP."""
    data = json.dumps(search_documents(corpus), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.LEXPUB_INDEX = {data};\n".encode()


def site_pages(corpus: Corpus) -> Iterable[str]:
    """Every HTML page of the site (Kazakh paths; the Russian ones are the same under ``ru/``)."""
    yield "index.html"
    yield "search.html"
    yield "changes.html"  # the recent-changes page of lexpub.publish.site.changes
    for work_id in sorted(corpus.works):
        yield act_path(work_id)
        for ed in editions(corpus, work_id):
            yield edition_path(work_id, ed.label)


def sitemap(corpus: Corpus, base_url: str = SITE_URL) -> str:
    urls = [base_url + prefix(ui) + path for path in site_pages(corpus) for ui in UIS]
    return render("site/sitemap.xml", urls=urls)


def feed(corpus: Corpus, base_url: str = SITE_URL) -> str:
    """Atom feed: one entry per edition opened by a change, dated by the amending act's adoption."""
    entries = []
    for work_id in sorted(corpus.works):
        for ed in editions(corpus, work_id)[1:]:
            source = corpus.works[ed.opened_by]
            entries.append(
                {
                    "id": base_url + edition_path(work_id, ed.label),
                    "link": base_url + edition_path(work_id, ed.label),
                    "title": t(
                        "kaz",
                        "site.feed.entry",
                        act=act_name(corpus, work_id, "kaz"),
                        by=act_name(corpus, ed.opened_by, "kaz"),
                    ),
                    "summary": t("kaz", "site.feed.summary", start=when(ed.start, "kaz")),
                    "updated": source.date.isoformat() + "T00:00:00Z",
                }
            )
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    updated = entries[0]["updated"] if entries else "1970-01-01T00:00:00Z"
    return render("site/feed.xml", entries=entries, updated=updated, site=base_url, title=t("kaz", "site.feed.title"))
