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
    return write_pdf(layout(html, title=title, lang=lang, variant=variant), variant)


def layout(html: str, *, title: str, lang: str = "kk", variant: str | None = None) -> Any:
    """The laid-out WeasyPrint document of ``html`` (its boxes say where each element went)."""
    if variant not in VARIANTS:
        raise ValueError(f"unsupported PDF variant {variant!r}; use one of {VARIANTS}")
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    allowed = frozenset((font_dir() / name).as_uri() for name, _, _ in _FACES)
    fetcher = _fetcher(allowed)
    config = FontConfiguration()
    sheets = [
        CSS(string=font_css(), font_config=config, url_fetcher=fetcher),
        CSS(string=page_css(title), font_config=config, url_fetcher=fetcher),
    ]
    document = HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=config, **({"pdf_variant": variant} if variant else {})
    )
    document.metadata.title = title
    document.metadata.lang = lang
    document.metadata.attachments = []
    return document


def write_pdf(document: Any, variant: str | None = None) -> bytes:
    """PDF bytes of a document from :func:`layout`."""
    options: dict[str, Any] = {"pdf_variant": variant} if variant else {}
    data: bytes = document.write_pdf(**options)
    return data
