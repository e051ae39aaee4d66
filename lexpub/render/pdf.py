"""HTML → print PDF with WeasyPrint: A4, PT Serif embedded, page numbers, running header, metadata.

Input: a complete HTML document (string) and its title and language; output: PDF bytes.

Why this module exists: every PDF of the project (consolidated texts, diffs, citizen documents) must
use one font set-up. The serif is PT Serif from the ``fontpkg-pt-serif`` wheel (every Kazakh letter),
loaded with ``@font-face`` under an explicit family name and set on ``html`` so page-margin boxes
(page numbers, running header) use it too; a bare ``serif``/``Times`` alias lets Pango silently mix
fonts. Nothing is fetched from the network or from the file system except the four font files, and
no wall-clock date is written, so the same HTML gives the same bytes.

Callers' own CSS may style the document freely; ``font-family`` is forced to :data:`FAMILY` on every
element (``code``/``pre`` included), so a PDF never embeds a second font.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from lexpub.errors import BuildError, Loc

FAMILY = "Lexpub PT Serif"
"""The explicit family name the four PT Serif faces are registered under."""

_FACES = (
    ("PT_Serif-Web-Regular.ttf", 400, "normal"),
    ("PT_Serif-Web-Bold.ttf", 700, "normal"),
    ("PT_Serif-Web-Italic.ttf", 400, "italic"),
    ("PT_Serif-Web-BoldItalic.ttf", 700, "italic"),
)
FACE_SHA256 = {
    "PT_Serif-Web-Regular.ttf": "a4951fade06ff8f09b7673aa81ffb65a8cd409e24d3289a6dc670bc4dda2557a",
    "PT_Serif-Web-Bold.ttf": "038ba7336bd7ea14f12ad155bed51a4345cac5153275d521dec3ba04021c526e",
    "PT_Serif-Web-Italic.ttf": "f57e95ff9dc85691a3b2e193f2028db36f6663939a46c0fc4f286d618b80b7ce",
    "PT_Serif-Web-BoldItalic.ttf": "f003788ba08981eb0988b3557a6f224a53dab49c20e283e8b74d5af3c466f8be",
}
"""SHA-256 of the faces of ``fontpkg-pt-serif==1.0``: a corrupt file, or a Git LFS pointer in its
place, would make Pango fall back to another font with no error (every PDF silently in DejaVu)."""
EMBEDDED = re.compile(rf"^[A-Z]{{6}}\+{re.escape(FAMILY.replace(' ', '-'))}(-Bold|-Italic|-Bold-Italic|-BoldItalic)?$")
"""The only font names a lexpub PDF may embed: subsets of the four faces."""

MAX_PAGES = 2_000
"""Pages in one PDF; far above any act of the corpus (the longest has tens). Beyond it, layout time
and memory grow without bound (a 559-page PDF of one paragraph took 7 minutes)."""

VARIANTS = (None, "pdf/a-3b")
"""PDF variants the project produces: plain, and PDF/A-3b for archiving."""


@cache
def font_dir() -> Path:
    """Folder of the PT Serif files shipped by the ``fontpkg-pt-serif`` dependency."""
    import fontpkg_pt_serif

    root = Path(fontpkg_pt_serif.__file__).parent / "files"
    for name, _, _ in _FACES:
        if not (root / name).is_file():
            raise BuildError.at(Loc(str(root)), "font-missing", f"PT Serif file {name} is not installed")
        digest = hashlib.sha256((root / name).read_bytes()).hexdigest()
        if digest != FACE_SHA256[name]:
            raise BuildError.at(
                Loc(str(root / name)),
                "font-corrupt",
                f"PT Serif file {name} is not the one lexpub was made with (SHA-256 {digest[:16]}…, "
                f"expected {FACE_SHA256[name][:16]}…): reinstall fontpkg-pt-serif==1.0",
            )
    return root


def font_css() -> str:
    """``@font-face`` rules for the four faces under :data:`FAMILY`."""
    rules = []
    for name, weight, style in _FACES:
        uri = (font_dir() / name).as_uri()
        rules.append(f"@font-face{{font-family:'{FAMILY}';src:url('{uri}');font-weight:{weight};font-style:{style}}}")
    return "\n".join(rules)


def css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes and line breaks escaped."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = " ".join(out.split())
    return f'"{out}"'


def page_css(title: str) -> str:
    """A4 page, margins, running header (the title) from page 2, page numbers "n / N" at the foot."""
    return f"""
@page {{
  size: A4;
  margin: 20mm 15mm 20mm 25mm;
  @top-center {{
    content: {css_string(title)};
    font-size: 8.5pt; color: #555; width: 100%;
    border-bottom: 0.4pt solid #999; padding-bottom: 2mm; margin-bottom: 3mm;
  }}
  @bottom-center {{ content: counter(page) " / " counter(pages); font-size: 9pt; }}
}}
@page :first {{ @top-center {{ content: none; border: none; }} }}
html {{ font-family: '{FAMILY}'; font-size: 12pt; line-height: 1.35; }}
html * {{ font-family: '{FAMILY}' !important; }}
thead {{ display: table-header-group; }}
tr, img {{ break-inside: avoid; }}
h1, h2, h3, h4 {{ break-after: avoid; }}
"""


def _fetcher(allowed: frozenset[str]) -> Any:
    """A URL fetcher that serves only the font files and ``data:`` URLs; anything else is refused."""
    from weasyprint.urls import URLFetcher

    class OnlyFonts(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in allowed or url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"lexpub PDF: refusing to fetch {url!r}")

    return OnlyFonts(allowed_protocols=("file", "data"))


def html_to_pdf(html: str, *, title: str, lang: str = "kk", variant: str | None = None) -> bytes:
    """Render ``html`` to PDF bytes. ``title``/``lang`` become the PDF metadata (Title, Lang).

    ``variant``: None for a plain PDF, or ``"pdf/a-3b"`` for archiving. Attachments named by the
    HTML are dropped (WeasyPrint would stamp them with the current time).
    """
    document = layout(html, title=title, lang=lang, variant=variant)
    if len(document.pages) > MAX_PAGES:
        raise BuildError.at(
            Loc(title[:200]), "too-many-pages", f"the PDF would have {len(document.pages)} pages; at most {MAX_PAGES}"
        )
    return write_pdf(document, variant)


def layout(html: str, *, title: str, lang: str = "kk", variant: str | None = None) -> Any:
    """The laid-out WeasyPrint document of ``html`` (its boxes say where each element went)."""
    if variant not in VARIANTS:
        raise ValueError(f"unsupported PDF variant {variant!r}; use one of {VARIANTS}")
    from weasyprint import CSS, HTML

    config, fetcher, faces = _fonts()
    sheets = [faces, CSS(string=page_css(title), font_config=config, url_fetcher=fetcher)]
    document = HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=config, **({"pdf_variant": variant} if variant else {})
    )
    document.metadata.title = title
    document.metadata.lang = lang
    document.metadata.attachments = []
    return document


def layout_parts(html: str, *, title: str, lang: str = "kk") -> tuple[Any, Any, Any]:
    """As :func:`layout` (a plain PDF), and also WeasyPrint's layout context and the box tree before
    layout, which :mod:`lexpub.render.pagecopies` lays out again in part. The steps of WeasyPrint's
    ``HTML.render`` (``Document._render``), spelled out to keep what they make; ``tests/render/
    test_pagecopies.py`` checks that the PDF is the one :func:`layout` gives."""
    from weasyprint import CSS, DEFAULT_OPTIONS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.document import Document, DocumentMetadata, Page
    from weasyprint.formatting_structure.build import build_formatting_structure
    from weasyprint.html import get_html_metadata
    from weasyprint.layout import layout_document

    config, fetcher, faces = _fonts()
    options = {
        **DEFAULT_OPTIONS,
        "stylesheets": [faces, CSS(string=page_css(title), font_config=config, url_fetcher=fetcher)],
    }
    source = HTML(string=html, url_fetcher=fetcher)
    counters = CounterStyle()
    context = Document._build_layout_context(source, config, counters, {}, options)
    root = build_formatting_structure(
        source.etree_element,
        context.style_for,
        context.get_image_from_uri,
        source.base_url,
        context.target_collector,
        counters,
        context.footnotes,
    )
    pages = [Page(box) for box in layout_document(source, root, context)]
    document = Document(
        pages, DocumentMetadata(**get_html_metadata(source)), fetcher, config, {}, options["output_intent"]
    )
    document.metadata.title = title
    document.metadata.lang = lang
    document.metadata.attachments = []
    return document, context, root


_FONTS: dict[tuple[int, str], tuple[Any, Any, Any]] = {}
"""This process's font configuration, URL fetcher and ``@font-face`` sheet, by process id and font folder."""


def _fonts() -> tuple[Any, Any, Any]:
    """The font set-up every layout of this process shares, made once.

    Why once: a WeasyPrint ``FontConfiguration`` copies the four faces (1.4 MB) into a folder of its
    own under the temporary directory and fontconfig reads them again — a fifth of a one-page PDF's
    time — and a forked worker that exits before the garbage collector reaches it leaves that folder
    behind (thousands of ``weasyprint-*`` folders after a few builds). Shared, a process has one
    folder, removed when it ends (multiprocessing's exit finalizers run in pool workers too). Keyed
    by process: a forked child makes its own, and keeps its parent's alive untouched (dropping it
    would let the child's collector remove the parent's folder). The bytes are the same as with a fresh configuration
    (``tests/render/test_pdf.py``)."""
    import multiprocessing.util

    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    pid, root = os.getpid(), font_dir()  # the faces checked (once a process) before any use
    got = _FONTS.get((pid, str(root)))
    if got is None:
        fetcher = _fetcher(frozenset((root / name).as_uri() for name, _, _ in _FACES))
        config = FontConfiguration()
        got = (config, fetcher, CSS(string=font_css(), font_config=config, url_fetcher=fetcher))
        _FONTS[(pid, str(root))] = got
        multiprocessing.util.Finalize(None, _remove_folder, args=(config, pid), exitpriority=0)
    return got


def _remove_folder(config: Any, pid: int) -> None:
    """Remove the configuration's copy of the faces, in the process that made it."""
    folder = getattr(config, "_folder", None)  # WeasyPrint's own attribute; absent → nothing to do
    if folder is not None and os.getpid() == pid:
        shutil.rmtree(folder, ignore_errors=True)
        config._folder = None  # its own __del__, run later at interpreter teardown, has nothing left to do


def release_fonts() -> int:
    """Remove this process's copies of the faces now, not when it ends; returns how many were removed.

    Why: a long-lived Dask worker is ended by its nanny, which runs no exit finalizer, so each worker
    kept its ``weasyprint-*`` folder for good. The Dask executor calls this on every worker once a
    build's outputs are gathered; the next layout in that process makes a fresh configuration (the
    same bytes)."""
    pid = os.getpid()
    mine = [key for key in _FONTS if key[0] == pid]
    for key in mine:
        config, _, _ = _FONTS.pop(key)
        _remove_folder(config, pid)
    return len(mine)


def write_pdf(document: Any, variant: str | None = None) -> bytes:
    """PDF bytes of a document from :func:`layout`."""
    options: dict[str, Any] = {"pdf_variant": variant} if variant else {}
    data: bytes = document.write_pdf(**options)
    foreign = sorted(name for name in embedded_fonts(data) if not EMBEDDED.match(name))
    if foreign:
        raise BuildError.at(
            None, "pdf-font", f"the PDF would embed fonts other than {FAMILY}: {', '.join(foreign)} (a fallback font)"
        )
    return data


def embedded_fonts(data: bytes) -> set[str]:
    """The ``BaseFont`` names of every font the pages (and their form objects) use."""
    import pikepdf

    names: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        seen: set[tuple[int, int]] = set()
        todo = [page.obj.get("/Resources") for page in pdf.pages]
        while todo:
            res = todo.pop()
            if not isinstance(res, pikepdf.Dictionary):
                continue
            if res.is_indirect:
                if res.objgen in seen:
                    continue
                seen.add(res.objgen)
            for font in (res.get("/Font") or {}).values():
                names.add(str(font.get("/BaseFont", "/?")).lstrip("/"))
            for xobj in (res.get("/XObject") or {}).values():
                todo.append(xobj.get("/Resources"))
    return names
