"""The static site (``build/site/``): corpus → {relative path: bytes}, in Kazakh with a Russian switch.

Pages: the index of acts, a page per act (its latest text under the reader's top of
:mod:`.actpage`: edition picker, date box, requisites card; the changes it made and received;
editions list, timeline, downloads) and per edition (``acts/<work>/kaz@<label>/``), the redline of
each edition against the one before (:mod:`.redlines`), the kk/ru view of a bilingual act
(:mod:`.bilingual`), search (:mod:`lexpub.publish.site.search`, Pagefind's chunked
index), the Atom feeds and ``sitemap.xml`` (:mod:`.feeds`) and ``404.html``. Every link is relative
(the 404 page's are absolute, from ``base_url``), so the folder can be served from any path. The
Russian interface lives under ``ru/`` with the same paths; the texts themselves are Kazakh (the only
language the corpus holds).

Downloads of each text are at ``acts/<work>/kaz/<label>/main.{html,pdf,xml,md,json}`` (``latest``
for the latest text, else the edition's label). This module writes ``main.html`` and ``main.pdf``
(PDF/A-3b) at the build root, beside the AKN/Markdown/JSON of :mod:`lexpub.render.exchange`, and all five
inside ``site/`` (the exchange formats by calling :func:`lexpub.publish.producers.expression_files`), so the
site folder stands alone wherever it is served.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.consolidate.lifecycle import expression_standing
from lexpub.consolidate.status import status_key
from lexpub.errors import BuildError, Issue
from lexpub.model.commence import in_force
from lexpub.model.core import Corpus, Edition, Expression, Work
from lexpub.model.dates import short
from lexpub.model.requisites import Registration
from lexpub.model.values import Known, Lang
from lexpub.publish.graph import per_work
from lexpub.publish.producers import expression_files
from lexpub.publish.schedule import weighs
from lexpub.publish.site.actpage import amendments_made, amendments_received, card, picker, picker_json
from lexpub.publish.site.bilingual import bilingual_pages, has_both
from lexpub.publish.site.config import SITE_URL, SiteConfig, site_config
from lexpub.publish.site.feeds import feed, feed_path, site_pages, sitemap
from lexpub.publish.site.paths import (
    SITE,
    UIS,
    Page,
    act_path,
    bilingual_path,
    chrome,
    download,
    edition_path,
    href,
    page,
    prefix,
)
from lexpub.publish.site.redlines import compare_pages
from lexpub.publish.site.search import part_folders
from lexpub.render.env import TEMPLATES, render
from lexpub.render.html import RenderCache, context, page_title, render_html, render_pdf
from lexpub.wording.acts import act_name, edition_name, edition_span, when
from lexpub.wording.i18n import capitalize, t

__all__ = [
    "SITE",
    "SITE_URL",
    "UIS",
    "Page",
    "SiteConfig",
    "act_path",
    "chrome",
    "download",
    "edition_path",
    "feed",
    "href",
    "page",
    "prefix",
    "site_act_outputs",
    "site_config",
    "site_outputs",
    "site_pages",
    "sitemap",
]

FORMATS = ("html", "pdf", "xml", "md", "json")
STATIC = ("act.css", "site.css", "search.js", "datebox.js")
ARCHIVE = "pdf/a-3b"
"""Published PDFs are PDF/A-3b: print-ready and fit for archiving (fonts embedded, no external data)."""


# --------------------------------------------------------------------------- per work
@weighs(text=16, changes=16)  # PDFs and HTML of every text, the pages of the changes between editions
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
    extra = {**compare_pages(corpus, eds), **bilingual_pages(corpus, work_id)}
    files.update({f"{SITE}/{rel}": data for rel, data in extra.items()})
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


def top(corpus: Corpus, ctx: dict[str, Any], eds: tuple[Edition, ...], p: Page, current: Edition | None) -> Markup:
    """The picker, date box and requisites card drawn under the act's title (see ``site/top.html``);
    ``current``: the edition shown (None: the latest text)."""
    work: Work = ctx["work"]
    standing = expression_standing(corpus, ctx["expr"], current)
    html = render(
        "site/top.html",
        **chrome(p),
        picker=picker(corpus, eds, p, current.index if current else (eds[-1].index if eds else None)),
        picker_json=picker_json(corpus, eds, p),
        card=card(work, ctx["status_label"], p.ui, standing.status),
        bilingual_link=p.to(bilingual_path(work.id)) if has_both(corpus, work.id) else None,
    )
    return Markup(html)  # noqa: S704 - rendered by the autoescaping environment


def act_page(
    corpus: Corpus, latest: Expression, eds: tuple[Edition, ...], ui: Lang, memo: RenderCache | None = None
) -> str:
    work = latest.work
    p = page(act_path(work.id), ui, page_title(corpus, latest, ui))
    ctx = context(corpus, latest, ui=ui, memo=memo)
    return render(
        "site/act.html",
        **{**ctx, **chrome(p)},
        top=top(corpus, ctx, eds, p, None),
        label="latest",
        editions=edition_rows(corpus, eds, p),
        timeline=timeline(corpus, work, eds, ui),
        made=amendments_made(corpus, work.id, p),
        received=amendments_received(corpus, work.id, latest.root, p),
        current=None,
    )


def edition_page(
    corpus: Corpus, ed: Edition, eds: tuple[Edition, ...], ui: Lang, memo: RenderCache | None = None
) -> str:
    work = ed.expression.work
    p = page(edition_path(work.id, ed.label), ui, page_title(corpus, ed.expression, ui, ed))
    ctx = context(corpus, ed.expression, ui=ui, edition=ed, memo=memo)
    return render(
        "site/edition.html",
        **{**ctx, **chrome(p)},
        top=top(corpus, ctx, eds, p, ed),
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


# --------------------------------------------------------------------------- global
def site_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """Index, search, feed, sitemap, 404 and static files of the whole site."""
    files: dict[str, bytes] = {}
    for ui in UIS:
        files[f"{SITE}/{prefix(ui)}index.html"] = index_page(corpus, ui).encode()
        files[f"{SITE}/{prefix(ui)}search.html"] = simple_page(
            "site/search.html", "search.html", ui, "site.search.title", parts=part_folders(sorted(corpus.works))
        )
    base_url = site_config(source).base_url
    for ui in UIS:
        files[f"{SITE}/{prefix(ui)}404.html"] = simple_page("site/404.html", "404.html", ui, "site.404.title", base_url)
        files[f"{SITE}/{feed_path(ui)}"] = feed(corpus, base_url, ui).encode()
    files[f"{SITE}/sitemap.xml"] = sitemap(corpus, base_url).encode()
    for name in STATIC:
        files[f"{SITE}/static/{name}"] = (TEMPLATES / "static" / name).read_bytes()
    files[f"{SITE}/static/redline.css"] = (TEMPLATES / "diff" / "redline.css").read_bytes()
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


def simple_page(template: str, path: str, ui: Lang, title_key: str, base: str | None = None, **data: object) -> bytes:
    """A page with little data; with ``base`` every link is absolute (the 404 page is served at any path)."""
    p = page(path, ui, t(ui, title_key), base)
    return render(template, **chrome(p), **data).encode()
