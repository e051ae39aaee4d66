"""Expression → HTML: an Adilet-like page of a consolidated text (header, contents, units, notes, status).

Input: the corpus and an :class:`~lexpub.model.core.Expression`; output: an HTML string (standalone
download, print version for the PDF, or the pieces the site wraps in its chrome).

The document's own words (title, requisites, units, editorial notes, amending formulas) are in the
expression's language; the interface (labels, status, "known up to") is in ``ui``. Wording is never
composed here. The package, by part of the page: :mod:`.views` (what the templates draw),
:mod:`.tree` (units → views), :mod:`.contents` (the contents list), :mod:`.cache` (one act's texts
share their pieces), :mod:`.page` (the document, its title and its PDF).
"""

from lexpub.render.html.cache import RenderCache
from lexpub.render.html.contents import toc
from lexpub.render.html.page import Mode, context, page_title, render_html, render_pdf
from lexpub.render.html.views import TocEntry, UnitView

__all__ = ["Mode", "RenderCache", "TocEntry", "UnitView", "context", "page_title", "render_html", "render_pdf", "toc"]
