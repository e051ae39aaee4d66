"""A whole act from its lines: heading and requisites, preamble, body, signature, approvals and the
documents it approves or appends (with their tables), as the source format's plain data.

Layout rules are Adilet's (and ``lexpub text``'s): the act's units are indented, the heading lines,
approval bodies and the headers of approved documents and appendices are flush left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lexpub.ingest.lines import Line
from lexpub.ingest.requisites import Requisites, act_line, registration_line
from lexpub.ingest.units import NUM, Formula, Node, UnitBuilder, is_note
from lexpub.model.requisites import Issuer
from lexpub.model.values import Lang
from lexpub.wording.i18n import t

AMEND_INTRO = {
    "kaz": re.compile(r"енгізілсін:\Z"),
    "rus": re.compile(r"(изменени[еяй]|дополнени[еяй]).*:\Z"),
}
SCOPE_LINE = {
    "kaz": re.compile(r"\A(көрсетілген|осы) бұйрықпен бекітілген .+:\Z"),
    "rus": re.compile(r"\Aв .+утвержденн\w+ (указанным|настоящим) приказом.*:\Z"),
}
APPENDIX = {"kaz": re.compile(rf"\A({NUM})-қосымша\Z"), "rus": re.compile(rf"\AПриложение ({NUM})\Z")}
APPROVED = {"kaz": re.compile(r"бекітілген\Z"), "rus": re.compile(r"\AУтвержден")}
ROW = re.compile(r"(\d+) (.+)\Z")
SIGNER = re.compile(r"\A(?P<position>.+?) (?P<name>[А-ЯЁӘҒҚҢӨҰҮҺІ]\.(?: ?[А-ЯЁӘҒҚҢӨҰҮҺІ]\.)? ?[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+)\Z")
APPROVAL = re.compile(r'\A"[^"]+"\Z')


@dataclass
class Parsed:
    """The act as plain data plus the amending sentences still to resolve."""

    requisites: Requisites
    title: str | None
    data: dict[str, Any]
    formulas: list[Formula] = field(default_factory=list)
    strays: list[Line] = field(default_factory=list)
    """Lines outside amendment blocks with a formula's verb (:attr:`UnitBuilder.strays`)."""


def parse_act(lines: Sequence[Line], lang: Lang, issuers: dict[str, Issuer]) -> Parsed:
    title = lines[0].text if lines else None
    if title == t(lang, "held.title"):
        title = None
    if len(lines) > 1 and act_line(lines[1].text, lang, issuers) is None:
        lines = [lines[0], *split_heading(lines[1]), *lines[2:]]
    req = act_line(lines[1].text, lang, issuers) if len(lines) > 1 else None
    rest = list(lines[2:]) if req else list(lines[1:])
    req = req or Requisites()
    reg = registration_line(rest[0].text, lang) if rest else None
    if reg is not None:
        req = Requisites(req.doctype, req.issuer, req.date, req.number, reg[0], reg[1])
        rest = rest[1:]
    formulas: list[Formula] = []
    builder = UnitBuilder(lang, formulas, AMEND_INTRO[lang], SCOPE_LINE[lang])
    data: dict[str, Any] = {}
    body, after = split_body(rest)
    preamble, body = split_preamble(body)
    if preamble:
        data["preamble"] = preamble
    data["body"] = builder.build(body)
    signature, approvals, docs = closing_parts(after, lang)
    data["signature"] = signature
    if approvals:
        data["approvals"] = approvals
    attachments = Attachments(lang, builder, req).build(docs)
    if attachments:
        data["attachments"] = attachments
    return Parsed(req, title, data, formulas, builder.strays)


def split_heading(line: Line) -> list[Line]:
    """Adilet's page gives the act's and the registration's sentences as one paragraph: two lines here."""
    first, sep, rest = line.text.partition(". ")
    if not sep or not rest:
        return [line]
    return [Line(line.file, line.no, line.indented, first + "."), Line(line.file, line.no, line.indented, rest)]


def split_body(lines: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """The indented run of the act's provisions, up to (not including) the signature line."""
    for i, line in enumerate(lines):
        if not line.indented or (SIGNER.match(line.text) and not re.match(r"\d", line.text)):
            return list(lines[:i]), list(lines[i:])
    return list(lines), []


def split_preamble(lines: list[Line]) -> tuple[str | None, list[Line]]:
    """Indented words before the first numbered provision ("БҰЙЫРАМЫН:")."""
    for i, line in enumerate(lines):
        if re.match(rf"{NUM}\. ", line.text):
            return (" ".join(x.text for x in lines[:i]) or None), lines[i:]
    return None, lines


def closing_parts(lines: list[Line], lang: Lang) -> tuple[Any, list[dict[str, str]], list[Line]]:
    """Signature, approvals ("КЕЛІСІЛДІ" over a flush-left body), then the documents."""
    signature: Any = "unknown"
    i = 0
    if i < len(lines) and lines[i].indented:
        m = SIGNER.match(lines[i].text)
        if m:
            signature = {"position": m.group("position"), "name": m.group("name")}
            i += 1
        elif lines[i].text.endswith(t(lang, "work.signature_unknown")):
            i += 1
    approvals = []
    while i + 1 < len(lines) and lines[i].indented and APPROVAL.match(lines[i].text) and not lines[i + 1].indented:
        approvals.append({"heading": lines[i].text, "body": lines[i + 1].text})
        i += 2
    return signature, approvals, lines[i:]


class Attachments:
    """Flush-left header blocks open documents: "… бекітілген" an approved document (no number),
    "N-қосымша" an appendix; an appendix whose header does not name this act nests in the current one.
    After a document's heading, flush-left lines are the rows of its table."""

    def __init__(self, lang: Lang, builder: UnitBuilder, req: Requisites):
        self.lang = lang
        self.builder = builder
        self.own_ref = f"№ {req.number} " if req.number != "unknown" else "\x00"
        self.top: list[Node] = []
        self.doc: Node | None = None
        self.header: list[str] = []
        self.want_heading = False
        self.at = ""

    def build(self, lines: Sequence[Line]) -> list[Node]:
        i = 0
        while i < len(lines):
            if lines[i].indented:
                j = i
                while j < len(lines) and lines[j].indented:
                    j += 1
                self.content([x for x in lines[i:j] if not is_note(x.text, self.lang)])
                i = j
                continue
            self.flush_left(lines, i)
            i += 1
        return self.top

    def header_ahead(self, lines: Sequence[Line], i: int) -> bool:
        """Is ``lines[i]`` the start of a header block (a marker or "… бекітілген" follows soon)?"""
        for j in range(i, min(i + 8, len(lines))):
            if lines[j].indented or (j > i and ROW.match(lines[j].text)):
                return False
            if APPENDIX[self.lang].match(lines[j].text) or APPROVED[self.lang].search(lines[j].text):
                return True
        return False

    def flush_left(self, lines: Sequence[Line], i: int) -> None:
        text = lines[i].text
        self.at = f"{lines[i].file}:{lines[i].no}"
        m = APPENDIX[self.lang].match(text)
        if m:
            doc: Node = {"kind": "appendix", "num": m.group(1), "header": [*self.header, text]}
            nested = not any(self.own_ref in h for h in self.header)
            self.open(doc, nested=nested and self.doc is not None and self.doc["kind"] == "appendix")
        elif APPROVED[self.lang].search(text) and self.header_ahead(lines, i):
            self.open({"kind": "attachment", "header": [*self.header, text]}, nested=False)
        elif self.header_ahead(lines, i):
            self.header.append(text)
        elif self.want_heading and self.doc is not None:
            if text == t(self.lang, "held.title"):
                self.doc["held"] = False
            else:
                self.doc["heading"] = text
            self.want_heading = False
        elif self.doc is not None:
            self.row(self.doc, text)

    def open(self, doc: Node, *, nested: bool) -> None:
        doc["_at"] = self.at
        if nested and self.doc is not None:
            self.doc.setdefault("children", []).append(doc)
        else:
            self.top.append(doc)
        self.doc, self.header, self.want_heading = doc, [], True

    def row(self, doc: Node, text: str) -> None:
        doc["table"] = True
        rows = doc.setdefault("children", [])
        m = ROW.match(text)
        if m:
            rows.append({"kind": "row", "num": m.group(1), "heading": m.group(2), "_at": self.at})
        elif rows and rows[-1].get("num") and "text" not in rows[-1] and "children" not in rows[-1]:
            rows[-1]["text"] = text
        else:
            rows.append({**unnumbered_row(text), "_at": self.at})

    def content(self, lines: list[Line]) -> None:
        self.want_heading = False
        if self.doc is None:
            return
        kids = self.builder.build(lines)
        target = self.doc["children"][-1] if self.doc.get("table") else self.doc
        target.setdefault("children", []).extend(kids)


def unnumbered_row(text: str) -> Node:
    """The service-name row prints its heading and its quoted value on one line: split at the quote
    that opens the final quoted value; with no such value the whole line is the heading."""
    m = re.match(r'(.+?) ("[^"].*")\Z', text)
    if m:
        return {"kind": "row", "heading": m.group(1), "text": m.group(2)}
    return {"kind": "row", "heading": text}
