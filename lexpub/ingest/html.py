"""A saved Adilet HTML page → lines, with lxml and no network.

The parser resolves no declared entity (a page declaring one is refused), never reaches the network and refuses huge trees. Each block
(a paragraph, a heading, a list item, a leaf ``div``, a table row) is one line; it is indented when
the page indents it (leading spaces or no-break spaces, as Adilet's text view prints, or a positive
``text-indent``/``margin-left``/``padding-left``). Scripts, styles and navigation are not text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from lexpub.errors import InputError, Loc, kv
from lexpub.ingest.lines import Line, read_limited
from lexpub.ingest.normalise import line as norm

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "tr", "pre"}
SKIP = {"script", "style", "noscript", "nav", "header", "footer", "head", "template", "button", "form"}
_INDENT_STYLE = re.compile(r"(text-indent|margin-left|padding-left)\s*:\s*([0-9.]+)")


def parser() -> etree.HTMLParser:
    """libxml2's HTML parser reads no DTD and so resolves no declared entity; a page that declares one
    is refused before parsing anyway. Adilet serves UTF-8."""
    return etree.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, encoding="utf-8")


def text_of(el: Any) -> str:
    """The block's own text, without nested blocks (they are lines of their own) or skipped parts."""
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag == "br":
            parts.append(" ")
        elif child.tag not in BLOCKS and child.tag not in SKIP:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def indented(el: Any, raw: str) -> bool:
    if re.match(r"[ \u00a0\t]{2,}", raw):
        return True
    m = _INDENT_STYLE.search(el.get("style") or "")
    return bool(m and float(m.group(2)) > 0)


def row_text(tr: Any) -> str:
    """A table row read as one line: its cells' text, single-spaced, joined by a space."""
    cells = [" ".join(text_of(c).split()) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    return " ".join(c for c in cells if c)


def is_leaf_block(el: Any) -> bool:
    """A block whose text is one line: not a ``div`` that wraps further blocks."""
    return el.tag in BLOCKS and (el.tag != "div" or not any(isinstance(c.tag, str) and c.tag in BLOCKS for c in el))


def blocks(root: Any) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []

    def walk(el: Any) -> None:
        if not isinstance(el.tag, str) or el.tag in SKIP:
            return
        if el.tag == "tr":
            if line := row_text(el):
                out.append((False, line))
            return
        if is_leaf_block(el) and (raw := text_of(el)).strip():
            out.append((indented(el, raw), raw))
        for child in el:
            if el.tag not in BLOCKS or el.tag == "div":
                walk(child)

    article, title = adilet_parts(root)
    if article is not None:
        if title:
            out.append((False, title))
        walk(article)
        return out
    body = root.find(".//body")
    walk(body if body is not None else root)
    return out


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def adilet_parts(root: Any) -> tuple[Any, str]:
    """An Adilet document page holds the act in ``div.container_gamma.text > article`` and its title in
    ``div.container_alpha.slogan h1``; menus, status and links around them are not the act."""
    articles = root.xpath(f"//div[{_has_class('container_gamma')} and {_has_class('text')}]/article")
    if len(articles) != 1:
        return None, ""
    h1 = root.xpath(f"//div[{_has_class('container_alpha')} and {_has_class('slogan')}]//h1")
    return articles[0], (" ".join(text_of(h1[0]).split()) if len(h1) == 1 else "")


def read_html(path: Path, name: str, *, kazakh: bool = True) -> tuple[Line, ...]:
    data = read_limited(path, name)
    if b"<!ENTITY" in data:
        raise InputError.at(
            Loc(name, 1, 1), "import-html", "the page declares entities; refused", "import-html.entities"
        )
    try:
        root = etree.fromstring(data, parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError.at(
            Loc(name, 1, 1), "import-html", f"not a readable HTML page ({exc})", "import-html", kv(why=exc)
        ) from None
    if root is None:
        raise InputError.at(Loc(name, 1, 1), "import-html", "the page has no content", "import-html.empty")
    return tuple(Line(name, no, ind, norm(text, kazakh=kazakh)) for no, (ind, text) in enumerate(blocks(root), start=1))
