"""Word editions: one expression → a DOCX a lawyer can edit (:func:`render_docx`).

The wording is the plain text's (:mod:`lexpub.render.lines`, walked by :mod:`.marks`); this package
only lays it out (:mod:`.document`) and makes the package bytes reproducible (:mod:`.package`).
"""

from __future__ import annotations

from lexpub.render.docx.document import render_docx

__all__ = ["render_docx"]
