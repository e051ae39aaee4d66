"""A one-page document laid out once, and copies of its page with other text in some of its blocks.

Why: a batch of certificates lays out a page of values per document (a name, an IIN, a number, a
date, each in an absolutely positioned block), and WeasyPrint spends ~10 ms a page on it, most of
it not on the text: parsing the HTML, the cascade, making the page and its sixteen margin boxes
(``docs/scale.md``, *Eighth pass*). Here the page is laid out once; for each document, each keyed
block is copied with the document's text and laid out again by WeasyPrint's own absolute layout
(its line breaking, alignment and metrics, unchanged), ~3.4 ms a page. The rest of the page is
shared. A text WeasyPrint would have to process first (runs of white space, a tab, a line break,
an empty value) is not copied: the caller lays that document out in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lexpub.render.pdf import layout_parts

PLAIN = re.compile(r"[^ \t\n\r\f]+(?: [^ \t\n\r\f]+)*")
"""A text that white-space processing leaves as it is: single spaces between words, none at the ends."""


def plain(text: str) -> bool:
    """Whether ``text`` is laid out as it is written (see :data:`PLAIN`): only then may it be copied in."""
    return PLAIN.fullmatch(text) is not None


@dataclass(frozen=True)
class PageCopies:
    """The laid-out page of a one-page document, the blocks keyed by ``attr`` before layout, and
    what laying out one of them again needs."""

    document: Any
    context: Any
    page: Any
    blocks: dict[str, Any]
    """key → the block before layout (one line box holding one text box)."""
    laid: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False)
    """(key, text) → that block laid out with that text, shared by every page that has it: a
    cohort's dates and specialties repeat from page to page (the layout of a block depends on its
    text alone, and drawing a page does not change its boxes)."""

    @staticmethod
    def of(html: str, *, title: str, lang: str, attr: str, texts: dict[str, str]) -> PageCopies | None:
        """The copies of ``html``'s only page, whose blocks with ``attr`` hold ``texts`` (key → text);
        None when the page cannot be copied this way (not one page, a keyed block that is not one
        line of plain text with its own ``left`` and ``top``, or a text not as given)."""
        if not all(plain(t) for t in texts.values()):
            return None
        document, context, root = layout_parts(html, title=title, lang=lang)
        if len(document.pages) != 1:
            return None
        blocks = _keyed(root, attr, {})
        if set(blocks) != set(texts) or not all(_one_text(b, texts[k]) for k, b in blocks.items()):
            return None
        return PageCopies(document, context, document.pages[0]._page_box, blocks)

    def with_texts(self, texts: dict[str, str]) -> Any | None:
        """A WeasyPrint page like this one with ``texts`` (key → text) in its keyed blocks; None when
        a text is not plain or a key is missing or unknown."""
        from weasyprint.document import Page
        from weasyprint.layout.absolute import AbsolutePlaceholder, absolute_layout
        from weasyprint.layout.background import layout_box_backgrounds

        if set(texts) != set(self.blocks) or not all(plain(t) for t in texts.values()):
            return None
        laid: dict[str, Any] = {}
        for key, block in self.blocks.items():
            placeholder = self.laid.get((key, texts[key]))
            if placeholder is None:
                (line,) = block.children
                (text,) = line.children
                copy = block.copy_with_children([line.copy_with_children([text.copy_with_text(texts[key])])])
                placeholder = AbsolutePlaceholder(copy)
                absolute_layout(self.context, placeholder, self.page, [], 0, None)
                layout_box_backgrounds(self.page, placeholder._box, self.context.get_image_from_uri)  # as a page's are
                self.laid[key, texts[key]] = placeholder
            laid[key] = placeholder
        return Page(_grafted(self.page, laid, self._key_of))

    def _key_of(self, box: Any) -> str | None:
        """The key of a laid-out block of this page, if it is one of the keyed blocks."""
        for key, block in self.blocks.items():
            if box.element is block.element:
                return key
        return None

    def pdf_document(self, pages: list[Any]) -> Any:
        """A WeasyPrint document of ``pages`` (made by :meth:`with_texts`), with this one's metadata."""
        return self.document.copy(pages)


def _keyed(box: Any, attr: str, out: dict[str, Any]) -> dict[str, Any]:
    for child in getattr(box, "children", ()):
        inner = getattr(child, "_box", child)
        element = getattr(inner, "element", None)
        key = element.get(attr) if element is not None and getattr(inner, "element_tag", None) else None
        if key:
            out.setdefault(key, inner)
        else:
            _keyed(inner, attr, out)
    return out


def _one_text(block: Any, text: str) -> bool:
    """One line box holding one text box of ``text``, absolutely placed by its own ``left`` and ``top``."""
    from weasyprint.formatting_structure.boxes import BlockBox, LineBox, TextBox

    if not isinstance(block, BlockBox) or block.style["position"] != "absolute":
        return False
    if "auto" in (block.style["left"], block.style["top"]) or len(block.children) != 1:
        return False
    line = block.children[0]
    return (
        isinstance(line, LineBox)
        and len(line.children) == 1
        and isinstance(line.children[0], TextBox)
        and line.children[0].text == text
    )


def _grafted(box: Any, laid: dict[str, Any], key_of: Any) -> Any:
    """``box`` with every laid-out keyed block replaced by its copy in ``laid``; boxes with none
    below them are shared, not copied."""
    from weasyprint.layout.absolute import AbsolutePlaceholder

    children = []
    changed = False
    for child in getattr(box, "children", ()):
        if isinstance(child, AbsolutePlaceholder):
            key = key_of(child._box)
            if key is not None:
                children.append(laid[key])
                changed = True
                continue
            children.append(child)
            continue
        new = _grafted(child, laid, key_of) if getattr(child, "children", None) else child
        changed |= new is not child
        children.append(new)
    return box.copy_with_children(children) if changed else box
