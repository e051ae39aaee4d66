"""One-page documents that differ only in a few values: lay the page out once, draw the values per document.

Input: the section HTML of each document, its per-person values marked ``<span data-fill="key">…</span>``
(the whole content of its block: a table cell, a paragraph) and ``<img … data-fill="key" …>``; output:
one PDF per document, or None for a document that must be laid out in full.

Why: WeasyPrint spends ~25 ms laying out a certificate page, whatever is on it, and a batch repeats
the same page with other names. Here the *form* (everything but the values, which keep their room
hidden) is laid out once per group of documents with the same form, with the values every member of
the group shares (a cohort's programme, period, issue date) drawn in it once; each document's other
values are laid out as boxes placed where the form reserved them, on a page of their own, and the form is drawn
under that page as a PDF form XObject. A document is stamped only if every value lays out in exactly
the lines it had in the form's layout (same count, offsets and heights, same box width and
alignment), so it prints as the full layout of its own HTML would; any other document gets None.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import Any

from lexpub.model.values import Lang
from lexpub.render.env import render as render_template
from lexpub.render.pagecopies import PageCopies, plain
from lexpub.render.pdf import layout, write_pdf
from lexpub.services.documents.document import LANG_SUFFIX, wrap
from lexpub.services.documents.fit import pages_clear
from lexpub.services.documents.formpdf import stamp
from lexpub.services.documents.formslots import FILL, IMAGE, Slot, Values, fill_page, fits, slot_css, slots, split
from lexpub.services.documents.stampimage import Raster, decode, draw

ROUNDS = 3
"""Forms laid out at most per group of documents with the same form (see :func:`render`)."""


def render(
    sections: list[str], lang: Lang, title: str, mark: str, known: dict[str, Raster] | None = None
) -> list[tuple[Any, int] | None]:
    """Stamped pages for ``sections``: for each, (pikepdf document, page index) or None (lay it out in full).
    ``known``: the pixels of image sources the caller made (its QR codes), so they need no decoding.

    Sections are grouped by identical form. A group's form is laid out from its first section; the
    sections whose values do not fit it get a form of their own, from the first of them, for at most
    :data:`ROUNDS` forms a group."""
    out: list[tuple[Any, int] | None] = [None] * len(sections)
    parts = [split(s) for s in sections]
    groups: dict[str, list[int]] = {}
    for i, v in enumerate(parts):
        if v is not None:
            groups.setdefault(v.form, []).append(i)
    for members in groups.values():
        for _ in range(ROUNDS):
            if not members:
                break
            members = _stamp_group(sections, parts, members, (lang, title, mark), out, known or {})
    return out


def shared(members: list[Values]) -> set[str]:
    """The keys whose value is the same in every member of a group of two or more: the form draws
    them, each once, and only the others are laid out per document (a cohort's programme, period,
    organisation and issue date are usually the same; its names, numbers and codes never are)."""
    if len(members) < 2:
        return set()
    first, rest = members[0], members[1:]
    same = {k for k, v in first.text.items() if all(m.text.get(k) == v for m in rest)}
    same |= {k for k, v in first.images.items() if all(m.images.get(k) == v for m in rest)}
    return same if same != first.keys() else set()  # something must vary, or the pages would be blank


def unmark(section: str, keys: set[str]) -> str:
    """``section`` with the values of ``keys`` no longer marked as values (the form shows them as the
    full layout does: the marks carry no style outside the form's layer)."""
    if not keys:
        return section
    section = FILL.sub(lambda m: f"<span>{m.group(2)}</span>" if m.group(1) in keys else m.group(0), section)
    return IMAGE.sub(
        lambda m: (
            f'<img class="{m.group(1)}" src="{m.group(3)}" alt="{m.group(4)}">' if m.group(2) in keys else m.group(0)
        ),
        section,
    )


def _stamp_group(
    sections: list[str],
    parts: list[Values | None],
    members: list[int],
    page: tuple[Lang, str, str],
    out: list[tuple[Any, int] | None],
    known: dict[str, Raster],
) -> list[int]:
    """Stamp ``members`` on a form, into ``out``; the members that did not fit. The form is the one
    an earlier group of the same shape was stamped on, if the first member fits it, else the form
    of the first member."""
    lang, _, mark = page
    first = parts[members[0]]
    assert first is not None
    common = shared([p for i in members if (p := parts[i]) is not None])
    own = wrap([unmark(sections[members[0]], common)], lang, FORM_TITLE, mark, layer="form")
    shape = (first.form, repr(sorted((k, first.text.get(k), first.images.get(k)) for k in common)), lang, mark)
    earlier = _SHAPES.get(shape)
    for html in [earlier, own] if earlier is not None and earlier != own else [own]:
        rest = _stamp_on(laid_form(html, lang), parts, members, common, page, out, known)
        if rest is not None:
            _SHAPES[shape] = html
            _SHAPES.move_to_end(shape)
            while len(_SHAPES) > FORMS_KEPT:
                _SHAPES.popitem(last=False)
            return rest
    return []  # nothing of this group can be stamped: every member is laid out in full


def _stamp_on(
    form: Form,
    parts: list[Values | None],
    members: list[int],
    common: set[str],
    page: tuple[Lang, str, str],
    out: list[tuple[Any, int] | None],
    known: dict[str, Raster],
) -> list[int] | None:
    """Stamp ``members`` on ``form``, into ``out``; the members that did not fit, or None when the
    first does not (or the form cannot be stamped on)."""
    lang, title, _ = page
    first = parts[members[0]]
    assert first is not None
    where = form.where
    if where is None or set(where) != first.keys() - common or not form.clear:
        return None
    values = [v for i in members if (v := parts[i]) is not None]
    images = drawn_images(values, where, known)
    laid = {k: s for k, s in where.items() if k not in images}
    values_doc = values_document(values, laid, lang, title)
    if len(values_doc.pages) != len(members):
        return None
    keep = fits(values_doc, laid)
    if not keep[0]:
        return None  # the first member's values do not fit this form
    pdf = stamp(form.pdf, write_pdf(values_doc), keep)
    kept = [n for n, ok in enumerate(keep) if ok]
    for k, n in enumerate(kept):
        for key, rasters in sorted(images.items()):
            slot = where[key]
            draw(pdf, pdf.pages[k], rasters[n], (slot.left, slot.top, slot.width, slot.height))
        out[members[n]] = (pdf, k)
    return [i for i, ok in zip(members, keep, strict=True) if not ok]


@dataclass(frozen=True, slots=True)
class Form:
    """A form laid out: where its values go (None: not one page), whether it keeps clear of its
    signature block, and its PDF."""

    where: dict[str, Slot] | None
    clear: bool
    pdf: bytes


FORMS_KEPT = 4
"""Forms (and shapes) this process keeps: the last used."""
_SHAPES: OrderedDict[tuple[str, str, Lang, str], str] = OrderedDict()
"""The form HTML a group was last stamped on, by the group's shape: its section with the values
emptied, the values common to all its members (drawn in the form), language and mark. A form
holds the values of the member it was made from hidden: only the room they take shows, and a
member is stamped only if its values take exactly that room (:func:`fits`), so any form of the same
shape whose first member fits is one the group prints on as its full layout."""
FORM_TITLE = "lexpub form"
"""The title a form is laid out under, whatever the documents' titles (each names its document's
number): a form is one page, and a document's page (``@page doc``) never prints its title, so the
title only names the form's own PDF, which is drawn into the documents' pages and never published."""


@lru_cache(maxsize=FORMS_KEPT)
def laid_form(html: str, lang: Lang) -> Form:
    """The form of ``html``, laid out once in this process for as long as it is among the last
    :data:`FORMS_KEPT` used.

    Why: every chunk of a batch lays out its form (~55 ms with its PDF, a ninth of a chunk of fifty
    certificates), and the chunks of one cohort have the same form: the same page, the same values
    common to all. The same HTML always gives the same form."""
    document = layout(html, title=FORM_TITLE, lang=LANG_SUFFIX[lang])
    where = slots(document)
    return Form(where, where is not None and all(pages_clear(document)), write_pdf(document))


def values_document(values: list[Values], laid: dict[str, Slot], lang: Lang, title: str) -> Any:
    """The laid-out pages of the values, one per document: the first document's page laid out and
    the others copied from it with their own texts (:mod:`lexpub.render.pagecopies`, a third of the
    time); all laid out by WeasyPrint when a value is not plain text or not text."""
    suffix = LANG_SUFFIX[lang]

    def html_of(members: list[Values]) -> str:
        pages = [fill_page(v, laid) for v in members]
        return render_template("documents/fill.html", pages=pages, css=slot_css(laid), lang=suffix, title=title)

    if all(key in v.text for v in values for key in laid):
        texts = [{key: unescape(v.text[key]) for key in laid} for v in values]
        if all(plain(text) for each in texts for text in each.values()):  # before anything is laid out
            copies = PageCopies.of(html_of(values[:1]), title=title, lang=suffix, attr="data-slot", texts=texts[0])
            pages = [] if copies is None else [copies.document.pages[0], *(copies.with_texts(t) for t in texts[1:])]
            if copies is not None and all(page is not None for page in pages):
                return copies.pdf_document(pages)
    return layout(html_of(values), title=title, lang=suffix)


def drawn_images(
    values: list[Values], where: dict[str, Slot], known: dict[str, Raster] | None = None
) -> dict[str, list[Raster]]:
    """The image values lexpub draws itself (:mod:`.stampimage`), each member's pixels by key: an
    image slot whose value is an opaque black-and-white PNG in every member (a QR code); the pixels
    of a source in ``known`` are taken as they are, any other PNG is decoded."""
    out: dict[str, list[Raster]] = {}
    have = known or {}
    for key, slot in where.items():
        if slot.lines or not all(key in v.images for v in values):
            continue
        rasters = [have.get(src) or decode(src) for src in (v.images[key][0] for v in values)]
        if all(r is not None for r in rasters):
            out[key] = [r for r in rasters if r is not None]
    return out
