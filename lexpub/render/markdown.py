"""Markdown of an expression: ``(corpus, expression) → str``, one paragraph per line.

Why: ``git diff`` of two editions' Markdown is a readable redline (the Archéo Lex idea), so the
output is stable across builds and each unit sits on its own line, separated by blank lines.

The text's wording comes from :mod:`lexpub.render.lines` (which takes it from :mod:`lexpub.wording`
and the catalogues), the status block's from :func:`lexpub.consolidate.status.status_lines` (acts and
units named as on the HTML page, never by id alone). This module subclasses the shared line walker and
changes only the presentation — the title and attachment headings become Markdown headings, editorial notes blockquote
lines, the status block ("known up to", uncertain, pending, not held) follows a thematic break, and
line starts that Markdown would read as list markers or headings ("11.", "1)", "-") are backslash-escaped.
"""

from __future__ import annotations

import re

from lexpub.consolidate.status import status_lines
from lexpub.model.core import Corpus, Edition, Expression, Unit
from lexpub.render.lines import INDENT, TextRenderer, own_text
from lexpub.wording.i18n import t

HEADING = "\x00H"
"""Internal line marks (never in output): ``\\x00H<level> text`` and ``\\x00N text``."""
NOTE = "\x00N"

_BLOCK_START = [
    re.compile(r"^(\d+)([.)])(?=\s|$)"),  # ordered list: "11." / "1)"
    re.compile(r"^([-+*])(?=\s|$)"),  # bullet list
    re.compile(r"^(#{1,6})(?=\s|$)"),  # ATX heading
    re.compile(r"^([>|<])"),  # blockquote, table, HTML block
    re.compile(r"^(`{3,}|~{3,})"),  # code fence
    re.compile(r"^([=_-])(?=\1\1[=_\s-]*$)"),  # setext underline / thematic break
]


_INLINE = re.compile(r"\\(?![*_])|[<`]|\](?=[(\[:])|&(?=#?\w+;)")


def escape_inline(text: str) -> str:
    """Backslash-escape what Markdown would read as raw HTML, a link, an image, code or an entity.

    Why: a source text ``<script>``, ``<img onerror=…>`` or ``[x](javascript:…)`` must reach a
    Markdown reader as the characters written, never as markup. A ``]`` is escaped where a link,
    image or reference would follow (``](``, ``][``, ``]:``), an ``&`` where it would start an entity;
    other brackets stay as written (lexpub's own "[not held]" statements). ``*`` and ``_`` stay: the
    sources' own emphasis (:mod:`lexpub.render.markup`), as is ``\\*`` for a literal asterisk.
    """
    return _INLINE.sub(lambda m: "\\" + m.group(0), text)


def escape_line_start(line: str) -> str:
    """Backslash-escape what would make a paragraph line a list, heading, quote or fence."""
    line = line.lstrip()
    for pattern in _BLOCK_START:
        m = pattern.match(line)
        if m:
            if m.lastindex == 2:  # "11." → "11\."
                return f"{m.group(1)}\\{line[len(m.group(1)) :]}"
            return "\\" + line
    return line


class MarkdownRenderer(TextRenderer):
    """The plain-text renderer with headings and notes marked for Markdown."""

    def body(self) -> list[str]:
        lines = super().body()
        return [f"{HEADING}1 {lines[0]}", *lines[1:]]

    def notes(self, unit: Unit) -> list[str]:
        return [f"{NOTE} {line.removeprefix(INDENT)}" for line in super().notes(unit)]

    def attachment(self, unit: Unit, *, quoted: bool) -> list[str]:
        if quoted:
            return super().attachment(unit, quoted=True)
        lines = [h.get(self.lang) or "" for h in unit.header]
        level = min(6, 1 + unit.eid.count("att_"))
        heading = unit.heading.get(self.lang) if unit.heading else None
        if heading or not unit.held:  # a held attachment may simply have no title of its own
            lines.append(f"{HEADING}{level} {heading or t(self.lang, 'held.title')}")
        lines += self.notes(unit)
        text = own_text(unit, self.lang)
        if text:
            lines.append(INDENT + text)
        for i, child in enumerate(unit.children):
            lines += self.unit(child, last=i == len(unit.children) - 1, quoted=False)
        return lines


def markdown_line(line: str) -> str:
    if line.startswith(HEADING):
        level, _, text = line[len(HEADING) :].partition(" ")
        return "#" * int(level) + " " + escape_inline(text)
    if line.startswith(NOTE):
        return "> " + escape_inline(line[len(NOTE) :].lstrip())
    return escape_line_start(escape_inline(line.removeprefix(INDENT)))


def status_line(line: str) -> str:
    """Status lines: "- …" items stay list items; the rest are escaped paragraphs."""
    if line.startswith("- "):
        return "- " + escape_line_start(escape_inline(line[2:]))
    return escape_line_start(escape_inline(line))


def render_markdown(corpus: Corpus, expr: Expression, edition: Edition | None = None) -> str:
    """The expression as Markdown: body paragraphs, then ``---`` and the status block.

    Pass ``edition`` when ``expr`` is one of the act's editions: the status then states its span."""
    body = MarkdownRenderer(corpus, expr).render(footer=False).splitlines()
    lines = [markdown_line(line) for line in body if line.strip()]
    lines += ["---", *(status_line(line) for line in status_lines(corpus, expr, edition))]
    return "\n\n".join(lines) + "\n"
