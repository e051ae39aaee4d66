"""The whole HTML document of one expression, its template context, its short title and its print PDF.

The status box draws :func:`lexpub.consolidate.status.status_block`; acts and editions are named by
:mod:`lexpub.wording.acts`. The PDF is this HTML printed by :mod:`lexpub.render.pdf` (the one
renderer the HTML renderer may use, see ``docs/architecture.md``).
"""

from __future__ import annotations

from typing import Any, Literal

from lexpub.consolidate.status import status_block, status_key
from lexpub.model.core import Corpus, Edition, Expression
from lexpub.model.dates import short
from lexpub.model.values import Known, Lang
from lexpub.render.env import render
from lexpub.render.html.cache import RenderCache
from lexpub.render.html.contents import toc
from lexpub.render.html.tree import ViewBuilder
from lexpub.render.pdf import html_to_pdf
from lexpub.wording.acts import act_name, edition_name
from lexpub.wording.i18n import t
from lexpub.wording.lang import bcp47
from lexpub.wording.phrases import requisites

Mode = Literal["standalone", "print", "site"]


def context(
    corpus: Corpus,
    expr: Expression,
    *,
    ui: Lang = "kaz",
    mode: Mode = "site",
    edition: Edition | None = None,
    memo: RenderCache | None = None,
) -> dict[str, Any]:
    """Everything the ``act/`` templates need to draw one expression (``memo``: see :class:`RenderCache`)."""
    work, lang = expr.work, expr.lang
    builder = ViewBuilder(corpus, expr, keep_hyphenated=mode == "print", memo=memo)
    # without a caller's memo nothing can be reused: the macros recurse by themselves
    draw = builder.memo.draw if memo is not None else None
    main, attachments = builder.body()
    title = work.title.get(lang) if work.title else None
    signature = None
    if work.signature is not None:
        name = work.signature.name
        signature = (
            work.signature.position.get(lang) or "",
            t(lang, "work.signature_unknown") if isinstance(name, Known) else name,
        )
    return {
        "expr": expr,
        "work": work,
        "ui": ui,
        "lang": lang,
        "doc_lang": bcp47(lang),
        "ui_lang": bcp47(ui),
        "title": title or t(lang, "held.title"),
        "title_held": title is not None,
        "status_label": t(ui, status_key(expr)),
        "status_key": status_key(expr).removeprefix("status."),
        "requisites": requisites(work, lang),
        "preamble": builder.words(work.preamble.get(lang) or "") if work.preamble else None,
        "main": main,
        "attachments": attachments,
        "signature": signature,
        "approvals": [(a.heading.get(lang) or "", a.body.get(lang) or "") for a in work.approvals],
        "toc": toc(corpus, expr, builder.memo),
        "status": status_block(corpus, expr, ui, edition, builder.memo.unheld(expr.root)),
        "at": short(expr.at) if expr.at else None,
        "draw": draw,
        "draw_toc": builder.memo.draw_toc if memo is not None else None,
    }


def page_title(corpus: Corpus, expr: Expression, ui: Lang, edition: Edition | None = None) -> str:
    """ "04.01.2023 № 2 бұйрық — соңғы редакциясы": short, for <title>, PDF metadata, running headers."""
    name = act_name(corpus, expr.work.id, ui)
    if edition is not None:
        return t(ui, "site.edition_title", act=name, edition=edition_name(corpus, edition, ui))
    if expr.at is None:
        return t(ui, "html.title_latest", act=name)
    return t(ui, "html.title_at", act=name, date=short(expr.at))


def render_html(
    corpus: Corpus,
    expr: Expression,
    *,
    ui: Lang = "kaz",
    mode: Mode = "standalone",
    edition: Edition | None = None,
    memo: RenderCache | None = None,
) -> str:
    """A complete HTML document of ``expr`` (inline CSS; ``print`` mode is tuned for the PDF).

    Pass ``edition`` when ``expr`` is one of the act's editions: its title and status then name it.
    Pass one :class:`RenderCache` when rendering several texts of one act: same bytes, less time."""
    ctx = context(corpus, expr, ui=ui, mode=mode, edition=edition, memo=memo)
    return render("act/document.html", page_title=page_title(corpus, expr, ui, edition), mode=mode, **ctx)


def render_pdf(
    corpus: Corpus,
    expr: Expression,
    *,
    variant: str | None = None,
    edition: Edition | None = None,
    memo: RenderCache | None = None,
) -> bytes:
    """Print PDF of ``expr`` (A4, PT Serif embedded); ``variant="pdf/a-3b"`` for archiving."""
    html = render_html(corpus, expr, ui=expr.lang, mode="print", edition=edition, memo=memo)
    title = page_title(corpus, expr, expr.lang, edition)
    return html_to_pdf(html, title=title, lang=bcp47(expr.lang), variant=variant)
