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

import io
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from lexpub.model.values import Lang
from lexpub.render.env import render as render_template
from lexpub.render.pdf import layout, write_pdf
from lexpub.services.documents.document import LANG_SUFFIX, wrap
from lexpub.services.documents.fit import pages_clear
from lexpub.services.documents.stampimage import Raster, decode, draw

FILL = re.compile(r'<span data-fill="([a-z_]+)">([^<]*)</span>')
"""A value: escaped text only, the whole content of its block."""
IMAGE = re.compile(r'<img class="([a-z_]+)" data-fill="([a-z_]+)" src="([^"]*)" alt="([^"]*)">')
ROUNDS = 3
"""Forms laid out at most per group of documents with the same form (see :func:`render`)."""
TOLERANCE = 0.01
"""px (1/9600 in): two line positions closer than this are the same line."""


@dataclass(frozen=True, slots=True)
class Values:
    """A section split into its form (values emptied) and its values (key → HTML, or image src)."""

    form: str
    text: dict[str, str]
    images: dict[str, tuple[str, str]]
    """key → (src, alt)."""

    def keys(self) -> set[str]:
        return set(self.text) | set(self.images)


@dataclass(frozen=True, slots=True)
class Slot:
    """Where the form keeps room for one value, and how the value is set there."""

    key: str
    left: float
    top: float
    width: float
    height: float
    css: str
    lines: tuple[tuple[float, float], ...]
    """Offset of each line from the first and its height (text values; empty for images)."""


def split(section: str) -> Values | None:
    """The form and values of ``section``; None if it marks no value (nothing to share)."""
    text = {m.group(1): m.group(2) for m in FILL.finditer(section)}
    images = {m.group(2): (m.group(3), m.group(4)) for m in IMAGE.finditer(section)}
    if not text and not images:
        return None
    form = FILL.sub(lambda m: f'<span data-fill="{m.group(1)}"></span>', section)
    form = IMAGE.sub(lambda m: f'<img class="{m.group(1)}" data-fill="{m.group(2)}" src="" alt="">', form)
    return Values(form, text, images)


def _css_value(value: Any) -> str:
    """A computed WeasyPrint value back as CSS text (numbers keep every digit)."""
    if isinstance(value, tuple) and len(value) == 2:  # Dimension(value, unit)
        number, unit = value
        return f"{number!r}{unit or ''}"
    return str(value)


def _text_css(inline: Any, block: Any) -> str:
    """Font of the value (from its span) and line set-up (from its block)."""
    s, b = inline.style, block.style
    r, g, bl, a = s["color"]
    return ";".join(
        (
            f"font-size:{s['font_size']!r}px",
            f"font-weight:{s['font_weight']}",
            f"font-style:{s['font_style']}",
            f"letter-spacing:{_css_value(s['letter_spacing'])}",
            f"word-spacing:{_css_value(s['word_spacing'])}",
            f"line-height:{_css_value(b['line_height'])}",
            f"text-align:{b['text_align_all']}",
            f"white-space:{b['white_space']}",
            f"color:rgba({r * 255!r},{g * 255!r},{bl * 255!r},{a!r})",
        )
    )


def _lines(block: Any) -> tuple[tuple[float, float], ...]:
    from weasyprint.formatting_structure.boxes import LineBox

    rows = [c for c in block.children if isinstance(c, LineBox)]
    if not rows:
        return ()
    top = rows[0].position_y
    return tuple((row.position_y - top, row.height) for row in rows)


def _alone(inline: Any, block: Any) -> bool:
    """Is the value the whole content of its block (every line holds a piece of it and nothing else)?
    Only then can it be drawn at the block's place without covering or moving other text."""
    from weasyprint.formatting_structure.boxes import LineBox

    rows = list(block.children)
    return bool(rows) and all(
        isinstance(row, LineBox) and [getattr(c, "element", None) for c in row.children] == [inline.element]
        for row in rows
    )


def slots(document: Any) -> dict[str, Slot] | None:
    """The slot of every value on the form's only page; None if the form is not one page."""
    from weasyprint.formatting_structure.boxes import InlineBox, LineBox, ReplacedBox

    if len(document.pages) != 1:
        return None
    found: dict[str, Slot] = {}

    def walk(box: Any, block: Any) -> None:
        box = getattr(box, "_box", box)  # an absolutely positioned box sits behind a placeholder
        key = box.element.get("data-fill") if box.element is not None and box.element_tag else None
        if key and key not in found:
            if isinstance(box, ReplacedBox):
                x, y = box.content_box_x(), box.content_box_y()
                found[key] = Slot(key, x, y, box.width, box.height, "", ())
            elif isinstance(box, InlineBox) and block is not None and _alone(box, block):
                rows = [c for c in block.children if isinstance(c, LineBox)]
                found[key] = Slot(
                    key,
                    block.content_box_x(),
                    rows[0].position_y,
                    block.width,
                    0.0,
                    _text_css(box, block),
                    _lines(block),
                )
        inner = box if not isinstance(box, (LineBox, InlineBox)) and hasattr(box, "children") else block
        for child in getattr(box, "children", ()):
            walk(child, inner)

    walk(document.pages[0]._page_box, None)
    return found


def slot_css(where: dict[str, Slot]) -> Markup:
    """One rule per slot, shared by every page of the values' document (style attributes would be
    parsed again on every page)."""
    rules = []
    for key, slot in sorted(where.items()):
        box = f"left:{slot.left!r}px;top:{slot.top!r}px;width:{slot.width!r}px"
        extra = f"height:{slot.height!r}px" if not slot.lines else slot.css
        rules.append(f'[data-slot="{key}"]{{{box};{extra}}}')
    return Markup("\n".join(rules))  # noqa: S704  keys match [a-z_]+, values are numbers and keywords


def fill_page(values: Values, where: dict[str, Slot]) -> Markup:
    """The values of one document, each in the element its slot rule places."""
    from markupsafe import escape

    parts = []
    for key in sorted(where):
        if key in values.images:
            src, alt = values.images[key]
            parts.append(f'<img data-slot="{key}" src="{escape(src)}" alt="{escape(alt)}">')
        else:  # the value is already escaped HTML (autoescaped when the section was rendered)
            parts.append(f'<div data-slot="{key}">{values.text[key]}</div>')
    return Markup("\n".join(parts))  # noqa: S704  built from escaped parts above


def fits(document: Any, where: dict[str, Slot]) -> list[bool]:
    """For each page of the values' document: did every value take exactly its slot's lines?"""
    out = []
    for page in document.pages:
        seen: dict[str, tuple[tuple[float, float], ...]] = {}
        for box in page._page_box.descendants():
            box = getattr(box, "_box", box)
            key = box.element.get("data-slot") if box.element is not None and box.element_tag == "div" else None
            if key and key not in seen:
                seen[key] = _lines(box)
        out.append(all(key in seen and _same(seen[key], slot.lines) for key, slot in where.items() if slot.lines))
    return out


def _same(a: tuple[tuple[float, float], ...], b: tuple[tuple[float, float], ...]) -> bool:
    return len(a) == len(b) and all(
        abs(x - y) < TOLERANCE and abs(h - k) < TOLERANCE for (x, h), (y, k) in zip(a, b, strict=True)
    )


FORM = "/LexpubForm"
"""The form's name among a page's resources (pikepdf would pick a random one: bytes must not vary)."""


def stamp(form_pdf: bytes, values_pdf: bytes, keep: list[bool]) -> Any:
    """The values' PDF with the form drawn under every page; pages not in ``keep`` removed.

    Both documents are WeasyPrint pages of the same size, so the form is drawn as it is."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(values_pdf))
    with pikepdf.open(io.BytesIO(form_pdf)) as form:
        pdf.pages.append(form.pages[0])
    xobject = pdf.pages[-1].as_form_xobject()
    size = list(pdf.pages[-1].mediabox)
    del pdf.pages[-1]
    for i in reversed(range(len(pdf.pages))):
        page = pdf.pages[i]
        if not keep[i]:
            del pdf.pages[i]
            continue
        if list(page.mediabox) != size:
            raise ValueError("lexpub formfill: the form and the values' page differ in size")
        _own_resources(pdf, page)
        xobjects = page.Resources.get("/XObject")
        have = None if xobjects is None else xobjects.get(FORM)
        if have is None:
            page.add_resource(xobject, pikepdf.Name.XObject, pikepdf.Name(FORM), replace_existing=False)
        elif have.objgen != xobject.objgen:
            raise ValueError(f"lexpub formfill: {FORM} is already a resource of the values' page")
        page.contents_add(pikepdf.Stream(pdf, f"q {FORM} Do Q\n".encode()), prepend=True)
    return pdf


def _own_resources(pdf: Any, page: Any) -> None:
    """Give ``page`` a resource dictionary of its own (its entries, and those of its ``/XObject``
    dictionary, the same objects as before).

    Why: WeasyPrint's pages share one resource dictionary, so every page's image drawn into it would
    be a resource of every page of the chunk, and splitting a page off would copy all of them only for
    :func:`.pdfs.one_page` to remove them again (a few milliseconds a document)."""
    import pikepdf

    shared = page.obj.get("/Resources")
    if shared is None:
        return
    own = pikepdf.Dictionary({key: value for key, value in shared.items()})
    xobjects = shared.get("/XObject")
    if xobjects is not None:
        own.XObject = pikepdf.Dictionary({key: value for key, value in xobjects.items()})
    page.obj.Resources = pdf.make_indirect(own)


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
    """Stamp ``members`` on the form of the first of them, into ``out``; the members that did not fit."""
    lang, title, mark = page
    first = parts[members[0]]
    assert first is not None
    common = shared([p for i in members if (p := parts[i]) is not None])
    form_doc = layout(
        wrap([unmark(sections[members[0]], common)], lang, title, mark, layer="form"),
        title=title,
        lang=LANG_SUFFIX[lang],
    )
    where = slots(form_doc)
    if where is None or set(where) != first.keys() - common or not all(pages_clear(form_doc)):
        return []  # nothing of this group can be stamped: every member is laid out in full
    values = [v for i in members if (v := parts[i]) is not None]
    images = drawn_images(values, where, known)
    laid = {k: s for k, s in where.items() if k not in images}
    pages = [fill_page(v, laid) for v in values]
    html = render_template("documents/fill.html", pages=pages, css=slot_css(laid), lang=LANG_SUFFIX[lang], title=title)
    values_doc = layout(html, title=title, lang=LANG_SUFFIX[lang])
    if len(values_doc.pages) != len(members):
        return []
    keep = fits(values_doc, laid)
    if not keep[0]:
        return []  # the form's own values do not fit it: lay the group out in full
    pdf = stamp(write_pdf(form_doc), write_pdf(values_doc), keep)
    kept = [n for n, ok in enumerate(keep) if ok]
    for k, n in enumerate(kept):
        for key, rasters in sorted(images.items()):
            slot = where[key]
            draw(pdf, pdf.pages[k], rasters[n], (slot.left, slot.top, slot.width, slot.height))
        out[members[n]] = (pdf, k)
    return [i for i, ok in zip(members, keep, strict=True) if not ok]


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
