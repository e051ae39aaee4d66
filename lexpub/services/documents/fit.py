"""Does each laid-out document leave its signature block clear? (WeasyPrint layout → one bool a page.)

Why: the e-signature block sits at a fixed place at the foot of the page (the signature field is drawn
there), so a document whose text runs longer would print its last lines over the issuer's block and
still be one page. Such a document is refused by row with the reason, never issued overprinted.
"""

from __future__ import annotations

from typing import Any

GAP = 0.5
"""px: the text may end this close to the block."""


def _classes(box: Any) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or not getattr(box, "element_tag", None):
        return set()
    return set((element.get("class") or "").split())


def _find(box: Any, cls: str) -> Any:
    box = getattr(box, "_box", box)
    if cls in _classes(box):
        return box
    for child in getattr(box, "children", ()):
        got = _find(child, cls)
        if got is not None:
            return got
    return None


def clear_of_signature(page: Any) -> bool:
    """True when every in-flow block of the page's document ends above its signature block."""
    section = _find(page._page_box, "doc")
    esign = _find(page._page_box, "esign")
    if section is None or esign is None:
        return True
    bottom = 0.0
    for child in section.children:
        child = getattr(child, "_box", child)
        if child is esign or child.style["position"] in ("absolute", "fixed"):
            continue
        if hasattr(child, "margin_height"):
            bottom = max(bottom, child.position_y + child.margin_height() - child.margin_bottom)
    return bool(bottom <= esign.position_y + GAP)


def pages_clear(document: Any) -> list[bool]:
    return [clear_of_signature(page) for page in document.pages]
