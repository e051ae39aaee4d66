"""The form drawn under each page of the values' document (pikepdf): one PDF whose pages are the
documents of a group, each split off later (:func:`lexpub.services.documents.pdfs.one_page`).

Why a module of its own: laying out the form and the values (:mod:`.formfill`) and assembling the
PDF are separate concerns, and the PDF side is the one that meets pikepdf's object model.
"""

from __future__ import annotations

import io
from typing import Any

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
