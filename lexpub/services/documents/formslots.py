"""A form's values and where they sit: a section split into its form and its values, the slot each
value takes on the form's laid-out page, the values' pages that place them there, and whether each
took exactly its slot's lines (:mod:`.formfill` stamps the documents that did).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

FILL = re.compile(r'<span data-fill="([a-z_]+)">([^<]*)</span>')
"""A value: escaped text only, the whole content of its block."""
IMAGE = re.compile(r'<img class="([a-z_]+)" data-fill="([a-z_]+)" src="([^"]*)" alt="([^"]*)">')
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
