"""Safe XML reading: bytes → an lxml element, or a located SourceError.

Why: XML that lexpub reads (imported Akoma Ntoso, XML from other systems) can be hostile. The parser
never resolves entities, never loads a DTD, never touches the network and refuses huge trees; a
document that carries a DOCTYPE at all (external entities, XXE, billion-laughs entity bombs) is
refused outright, because no input lexpub reads needs one. Syntax errors name ``file:line:column``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from lexpub.errors import Loc, SourceError, kv

MAX_BYTES = 16 * 1024 * 1024


def parser() -> etree.XMLParser:
    """The only parser configuration lexpub uses for XML it did not write itself."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse_bytes(data: bytes, name: str) -> Any:
    """Parse ``data`` (named ``name`` in messages); the root element, or SourceError with a location."""
    if len(data) > MAX_BYTES:
        raise SourceError.at(
            Loc(name, 1, 1), "file-size", f"XML larger than {MAX_BYTES} bytes", "file-size.xml", kv(limit=MAX_BYTES)
        )
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)  # libxml2 counts both from 1
        raise SourceError.at(
            Loc(name, max(line, 1), max(column, 1)), "xml-syntax", exc.msg, "xml-syntax", kv(why=exc.msg)
        ) from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise SourceError.at(
            _doctype_loc(data, name), "xml-dtd", "a DOCTYPE (DTD or entities) is not allowed", "xml-dtd"
        )
    for el in root.iter():
        if isinstance(el, etree._Entity):
            raise SourceError.at(
                Loc(name, el.sourceline or 1, 1), "xml-entity", "entity references are not allowed", "xml-entity"
            )
    return root


def _doctype_loc(data: bytes, name: str) -> Loc:
    at = data.find(b"<!DOCTYPE")
    if at < 0:
        return Loc(name, 1, 1)
    before = data[:at]
    return Loc(name, before.count(b"\n") + 1, at - (before.rfind(b"\n") + 1) + 1)
