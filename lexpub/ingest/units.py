"""Indented lines → the unit tree of the source format (plain dicts, ready for the writer).

Adilet prints units flat, one per line; the tree is rebuilt from numbering alone: "1." a тармақ,
"1)" a тармақша under the latest тармақ (or under the latest part that ends with a colon), any other
line an unnumbered part. A quoted new wording is parsed by the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lexpub.ingest.lines import Line
from lexpub.model import eids
from lexpub.model.values import Lang
from lexpub.wording.i18n import t

NUM = r"\d+(?:-\d+)*"
PARAGRAPH = re.compile(rf"({NUM})\. (.+)\Z")
POINT = re.compile(rf"({NUM}|[{eids.LETTERS}])\) (.+)\Z")
HEADED: dict[Lang, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "kaz": (
        ("section", re.compile(rf"({NUM})-бөлім\.?(?: (.+))?\Z")),
        ("chapter", re.compile(rf"({NUM})-тарау\.?(?: (.+))?\Z")),
        ("article", re.compile(rf"({NUM})-бап\.(?: (.+))?\Z")),
    ),
    "rus": (
        ("section", re.compile(rf"Раздел ({NUM})\.?(?: (.+))?\Z")),
        ("chapter", re.compile(rf"Глава ({NUM})\.?(?: (.+))?\Z")),
        ("article", re.compile(rf"Статья ({NUM})\.(?: (.+))?\Z")),
    ),
}
"""Lines that open a section, chapter or article: its number, then its heading on the same line."""
LEVEL = {"section": 0, "chapter": 1, "article": 2}
NOTE_PREFIX = {"kaz": ("Ескерту.",), "rus": ("Сноска.",)}

Node = dict[str, Any]


@dataclass
class Formula:
    """An amending sentence met inside an amendment block: resolved later into ``amend:`` or pending."""

    line: Line
    content_lines: tuple[Line, ...] = ()
    scope: str = ""
    intro: str = ""
    node: Node = field(default_factory=dict)


def is_note(text: str, lang: Lang) -> bool:
    """lexpub's (and Adilet's) editorial notes are commentary, not the act: they map back to nothing."""
    return text.startswith(NOTE_PREFIX[lang])


def own(text: str, lang: Lang) -> Node:
    """A unit's words, or ``held: false`` for lexpub's own marker of a unit whose wording is not held."""
    return {"held": False} if text == t(lang, "held.unit") else {"text": text}


def classify(text: str, lang: Lang) -> Node:
    for kind, pattern in HEADED[lang]:
        h = pattern.match(text)
        if h:
            return {"kind": kind, "num": h.group(1), **({"heading": h.group(2)} if h.group(2) else {})}
    m = PARAGRAPH.match(text)
    if m:
        return {"kind": "paragraph", "num": m.group(1), **own(m.group(2), lang)}
    m = POINT.match(text)
    if m:
        return {"kind": "point", "num": m.group(1), **own(m.group(2), lang)}
    return {"kind": "alinea", **own(text, lang)}


FORMULA_VERB = {
    "kaz": re.compile(
        r"(күші жойыл\w* (деп )?танылсын|күші жойылсын|алып тасталсын|алынып тасталсын|жазылсын|"
        r"толықтырылсын|ауыстырылсын|өзгертілсін)",
        re.IGNORECASE,
    ),
    "rus": re.compile(r"(утратившим\w* силу|исключить|изложить в|дополнить|заменить)", re.IGNORECASE),
}
"""The verbs of amending formulas (domain-kz.md §2): a cheap sieve before the grammar reads a line."""


def ends_intro(node: Node) -> bool:
    return str(node.get("text", "")).endswith(":")


class UnitBuilder:
    """Builds one container's children from its lines; amendment blocks are handed to ``formulas``."""

    def __init__(self, lang: Lang, formulas: list[Formula], amend_intro: re.Pattern[str], scope_line: re.Pattern[str]):
        self.lang = lang
        self.formulas = formulas
        self.amend_intro = amend_intro
        self.scope_line = scope_line
        self.strays: list[Line] = []
        """Lines outside any amendment block that carry a formula's verb: the importer reads them with
        the grammar, so an amending sentence standing alone is pending, never imported as plain text."""

    def build(self, lines: Sequence[Line]) -> list[Node]:
        top: list[Node] = []
        boxes: list[Node] = []  # the open section, chapter, article (outside in): owners of what follows
        para: Node | None = None  # the latest тармақ: owner of тармақшалар and parts
        intro: Node | None = None  # the latest part ending with a colon, owner of the тармақшалар after it
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if is_note(line.text, self.lang):
                continue
            node = classify(line.text, self.lang)
            node["_at"] = f"{line.file}:{line.no}"
            if FORMULA_VERB[self.lang].search(line.text):
                self.strays.append(line)
            kind = node["kind"]
            holder = boxes[-1].setdefault("children", []) if boxes else top
            if kind in LEVEL:
                boxes = [b for b in boxes if LEVEL[b["kind"]] < LEVEL[kind]]
                (boxes[-1].setdefault("children", []) if boxes else top).append(node)
                boxes.append(node)
                para = intro = None
                continue
            if kind == "alinea":
                if para is None and boxes and boxes[-1]["kind"] == "article":
                    node["kind"] = "part"  # an article's unnumbered part (бөлік / часть), not an абзац
                self.part(node, para, holder)
                intro = node if ends_intro(node) else None
                continue
            if kind == "paragraph":
                holder.append(node)
                para, intro = node, None
            else:
                owner = intro or para
                (owner.setdefault("children", []) if owner else holder).append(node)
            if self.amend_intro.search(line.text):
                i = self.amendment_block(node, lines, i)
                para = intro = None
        return top

    def part(self, node: Node, para: Node | None, top: list[Node]) -> None:
        """An unnumbered part belongs to the latest тармақ; the тармақ's own words, when they are not an
        intro, become its first part ("11. Әскерге …" then "Қызмет …")."""
        if para is None:
            top.append(node)
            return
        kids = para.setdefault("children", [])
        if not kids and "text" in para and not ends_intro(para):
            kids.append({"kind": "alinea", "text": para.pop("text")})
        kids.append(node)

    def amendment_block(self, owner: Node, lines: Sequence[Line], i: int) -> int:
        """The lines after "… мынадай өзгерістер енгізілсін:" up to the next тармақ of the amending act;
        returns the index of the first line after the block."""
        kids = owner.setdefault("children", [])
        scope = ""
        while i < len(lines) and not PARAGRAPH.match(lines[i].text) and not is_note(lines[i].text, self.lang):
            line = lines[i]
            i += 1
            if self.scope_line.search(line.text):
                scope = line.text
                kids.append({"kind": "alinea", "text": line.text, "_at": f"{line.file}:{line.no}"})
                continue
            end = i
            if line.text.endswith(":") and i < len(lines) and lines[i].text.startswith('"'):
                end = closing(lines, i)
            node: Node = {"kind": "alinea", "_at": f"{line.file}:{line.no}"}
            kids.append(node)
            self.formulas.append(
                Formula(line, tuple(lines[i:end]), scope=scope, intro=str(owner.get("text", "")), node=node)
            )
            i = end
        return i


def closing(lines: Sequence[Line], i: int) -> int:
    """The index after the quoted new wording that opens at ``lines[i]``: it closes with '".' or '";'."""
    for j in range(i, len(lines)):
        if re.search(r'"[.;]\Z', lines[j].text):
            return j + 1
    return len(lines)
