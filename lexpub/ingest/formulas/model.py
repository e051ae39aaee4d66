"""The values the formula parser returns: operations read from the text, and lines it refused to read.

They are plain frozen values with a JSON form fixed by issue 13, so the importer and the
``parse-amendment`` command print the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ParsedOpKind = Literal["replace", "insert", "delete", "repeal", "replace_words", "delete_words", "insert_words"]
TargetKind = Literal[
    "document",
    "article",
    "chapter",
    "section",
    "paragraph",
    "subparagraph",
    "part",
    "indent",
    "appendix",
    "heading",
    "preamble",
    "text",
]
"""Unit kinds of a target path. ``document`` (number null) is the document approved by the amended
act that a descent line names («көрсетілген бұйрықпен бекітілген … Қағидаларында:»); without it a
target is a unit of the amended act itself. ``text`` is the last step of «бүкіл мәтін бойынша» / «по всему тексту»
(throughout the unit outside it, or the whole document when it stands alone)."""

Step = tuple[TargetKind, str | None]
Path = tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """Where an inserted unit goes, relative to a sibling the text names."""

    where: Literal["after", "before"]
    anchor: Path


@dataclass(frozen=True, slots=True)
class ParsedOp:
    """One operation: ``target`` outside-in; ``old``/``new`` exactly as published, quotes stripped.

    ``line`` and ``sentence`` (the statement as published, with its wording) say where it was read,
    for the importer's pending list and its render-back check; they are not part of the value."""

    op: ParsedOpKind
    target: Path
    position: Position | None = None
    old: str | None = None
    new: str | None = None
    line: int = field(default=0, compare=False)
    sentence: str = field(default="", compare=False)
    act_line: int = field(default=0, compare=False)
    """Line of the block intro that names the amended act (0: none in the text): the importer resolves
    the act from that line's words."""
    document_line: int = field(default=0, compare=False)
    """Line of the descent that names the approved document, when the target starts with ``document``."""

    def to_json(self) -> dict[str, Any]:
        position = None if self.position is None else {self.position.where: [list(s) for s in self.position.anchor]}
        return {
            "op": self.op,
            "target": [list(s) for s in self.target],
            "position": position,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True, slots=True)
class Flag:
    """A line that could not be read: no operation was made from it."""

    line: int
    text: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class ParsedAmendment:
    """Everything read from one amending text, in the order of the text."""

    ops: tuple[ParsedOp, ...]
    flagged: tuple[Flag, ...]

    def to_json(self) -> dict[str, Any]:
        return {"ops": [o.to_json() for o in self.ops], "flagged": [f.to_json() for f in self.flagged]}
