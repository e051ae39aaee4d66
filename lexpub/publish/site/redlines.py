""" "Compare with the previous edition": a static redline page for each pair of adjacent editions.

Why static: lexpub computes redlines (:mod:`lexpub.diff.redline`), and a reader on mod.gov.kz should
reach one with a click, served as a plain file. The page is the diff's own HTML
(:func:`lexpub.diff.render.render_html`, public wording: no eIds) in the site's chrome, at
``acts/<work>/kaz@<label>/compare.html`` beside the newer edition's page.
"""

from __future__ import annotations

from markupsafe import Markup

from lexpub.diff.redline import diff_expressions
from lexpub.diff.render import render_html as redline_html
from lexpub.model.core import Corpus, Edition
from lexpub.model.values import Lang
from lexpub.publish.site.paths import UIS, act_path, chrome, compare_path, edition_path, page, prefix
from lexpub.render.env import render
from lexpub.wording.acts import act_name, edition_name
from lexpub.wording.i18n import capitalize, t


def compare_page(corpus: Corpus, old: Edition, new: Edition, ui: Lang) -> str:
    """The redline of ``new`` against ``old`` (its predecessor), with links back to both editions."""
    work_id = new.expression.work.id
    rl = diff_expressions(old.expression, new.expression)
    heading = t(
        ui,
        "diff.title",
        act=capitalize(act_name(corpus, work_id, ui)),
        old=edition_name(corpus, old, ui),
        new=edition_name(corpus, new, ui),
    )
    p = page(compare_path(work_id, new.label), ui, heading)
    body = redline_html(corpus, rl, ui, standalone=False, public=True, heading=heading)
    return render(
        "site/compare.html",
        **chrome(p),
        redline=Markup(body),  # noqa: S704 - rendered by the autoescaping environment
        old_name=capitalize(edition_name(corpus, old, ui)),
        new_name=capitalize(edition_name(corpus, new, ui)),
        old_link=p.to(edition_path(work_id, old.label)),
        new_link=p.to(edition_path(work_id, new.label)),
        act_link=p.to(act_path(work_id)),
    )


def compare_pages(corpus: Corpus, eds: tuple[Edition, ...]) -> dict[str, bytes]:
    """Every adjacent pair's redline page, in both interface languages (site-relative paths)."""
    files: dict[str, bytes] = {}
    for old, new in zip(eds, eds[1:], strict=False):
        for ui in UIS:
            path = prefix(ui) + compare_path(new.expression.work.id, new.label)
            files[path] = compare_page(corpus, old, new, ui).encode()
    return files
