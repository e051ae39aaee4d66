"""Cutting an amending text into statements, quoted wordings taken out first.

Unit words inside a quoted wording are never targets, so the quotes are cut out before anything
else reads the line: each span becomes a placeholder the grammar sees as one ``QUOTE`` token, and
its text is kept exactly as published (quotes stripped). A statement is one line, except that a
quoted wording may run over several lines and a line holding only quotes continues the line
before it when that one ends with a colon (the new wording of a unit under its formula).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_CLOSE = {"«": "»", "“": "”", "„": "“", '"': '"'}
STRAY_CLOSERS = frozenset("»”")
Q_OPEN, Q_CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(r"\ue000(\d+)\ue001")
_PARENS = re.compile(r"\s*\((?:[^()\ue000]|\ue000\d+\ue001)*\s(?:[^()\ue000]|\ue000\d+\ue001)*\)")
_RU_UNIT_GLUED = re.compile(
    r"(?<!\w)((?:под)?пункт[а-я]*|стать[а-я]*|глав[а-я]*|част[а-я]*|раздел[а-я]*)(?=\d)", re.IGNORECASE
)
"""A Russian unit word run into its number («в пункте7»): a missing space, read as one."""
_LATIN_IN_CYRILLIC = re.compile(r"(?<=[\u0400-\u04ff])[iə]|[iə](?=[\u0400-\u04ff])")


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: ``skeleton`` is its text with quotes replaced by placeholders (lower case,
    normalised); ``quotes`` the wordings in order; ``line`` where it starts; ``raw`` as published."""

    line: int
    raw: str
    skeleton: str
    quotes: tuple[str, ...]
    problem: str | None = None


class _Unclosed(Exception):
    pass


_LINE_FINAL_QUOTE = re.compile(r'"[.;,]*[ \t]*(?=\n|$)')


def _scan_quote(text: str, start: int, under_formula: bool) -> int:
    """Index just past the quote opened at ``start``. A straight-quoted block wording (its quote opens
    the line after a colon and runs over several lines) whose nesting count closes mid-line on a later
    line ends instead at the first quote that ends a line:
    Adilet collapses «"…" …» into one straight quote, so the count alone would cut the wording short."""
    end = _scan_nested(text, start)
    if text[start] != '"' or not under_formula or not _opens_line(text, start) or "\n" not in text[start:end]:
        return end
    rest = text[end:]
    if not rest.lstrip(".;,: \t") or rest.lstrip(".;,: \t").startswith("\n"):
        return end
    m = _LINE_FINAL_QUOTE.search(text, start + 1)
    if m is None:
        raise _Unclosed
    return m.start() + 1


def _opens_line(text: str, i: int) -> bool:
    line_start = text.rfind("\n", 0, i) + 1
    return not text[line_start:i].strip()


def _scan_nested(text: str, start: int) -> int:
    """Index just past the quote opened at ``start``; «» nest, and so do straight quotes that open
    after a space; curly “…” and „…“ do not."""
    opener = text[start]
    closer = OPEN_CLOSE[opener]
    depth = 1
    i = start + 1
    while i < len(text):
        ch = text[i]
        if (opener == "«" and ch == "«") or (opener == '"' and ch == '"' and _opens(text, i)):
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise _Unclosed


def _opens(text: str, i: int) -> bool:
    """A straight quote after a space (or a line's start) and before a letter opens a nested wording:
    Adilet nests straight quotes inside straight quotes («"11. … "Азаматтарды …" мемлекеттік …"»)."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return (before.isspace() or before in "(«") and not after.isspace() and after not in ";.,:)"


def normalise_skeleton(text: str) -> str:
    """What the grammar reads: lower case, NBSP as space, one dash, Latin i/ə inside Kazakh words."""
    text = text.replace("\u00a0", " ").replace("–", "-").replace("—", "-").replace("ё", "е").replace("Ё", "Е")
    text = _LATIN_IN_CYRILLIC.sub(lambda m: "і" if m.group(0) == "i" else "ә", text)
    text = _PARENS.sub("", text)
    text = _RU_UNIT_GLUED.sub(r"\1 ", text)
    return " ".join(text.lower().split())


def split_statements(text: str) -> list[Statement]:
    """The statements of ``text`` in order; a line with a broken quote becomes a statement with a problem."""
    out: list[Statement] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        i = _one_statement(lines, i, out)
    return _attach_wordings(out)


def _one_statement(lines: list[str], i: int, out: list[Statement]) -> int:
    """Read the statement starting on line ``i``; return the index of the line after it."""
    text = lines[i]
    line_no = i + 1
    if not text.strip():
        return i + 1
    parts: list[str] = []
    quotes: list[str] = []
    raw_lines = [text]
    pos = 0
    while True:
        nxt = _next_quote_char(text, pos)
        if nxt < 0:
            parts.append(text[pos:])
            break
        ch = text[nxt]
        if ch in STRAY_CLOSERS:
            out.append(Statement(line_no, lines[i], "", (), f"a closing quote «{ch}» without its opening quote"))
            return i + 1
        try:
            end, text, consumed = _close(lines, i, text, nxt)
        except _Unclosed:
            out.append(Statement(line_no, lines[i], "", (), "a quotation is opened and never closed"))
            return i + 1
        for _ in range(consumed):
            i += 1
            raw_lines.append(lines[i])
        parts.append(text[pos:nxt] + f"{Q_OPEN}{len(quotes)}{Q_CLOSE}")
        quotes.append(text[nxt + 1 : end - 1])
        pos = end
    raw = "\n".join(raw_lines)
    out.append(Statement(line_no, raw, normalise_skeleton("".join(parts)), tuple(quotes)))
    return i + 1


def _next_quote_char(text: str, pos: int) -> int:
    for j in range(pos, len(text)):
        if text[j] in OPEN_CLOSE or text[j] in STRAY_CLOSERS:
            return j
    return -1


def _after_colon(lines: list[str], i: int) -> bool:
    """Whether the last non-blank line before line ``i`` ends with a colon (a formula announcing a wording)."""
    for j in range(i - 1, -1, -1):
        if lines[j].strip():
            return lines[j].rstrip().endswith(":")
    return False


def _close(lines: list[str], i: int, text: str, start: int) -> tuple[int, str, int]:
    """Find the end of the quote at ``start``, joining following lines while it stays open."""
    consumed = 0
    while True:
        try:
            return _scan_quote(text, start, _after_colon(lines, i)), text, consumed
        except _Unclosed:
            if i + consumed + 1 >= len(lines):
                raise
            consumed += 1
            text = text + "\n" + lines[i + consumed]


def _attach_wordings(stmts: list[Statement]) -> list[Statement]:
    """A statement that is only quotes continues the one before it when that one ends with a colon."""
    out: list[Statement] = []
    for st in stmts:
        only_quotes = st.problem is None and st.quotes and not PLACEHOLDER.sub("", st.skeleton).strip(" ;.,")
        prev = out[-1] if out else None
        if only_quotes and prev is not None and prev.problem is None and prev.skeleton.endswith(":"):
            skeleton = _shift(st.skeleton, len(prev.quotes))
            out[-1] = Statement(
                prev.line, prev.raw + "\n" + st.raw, prev.skeleton + " " + skeleton, prev.quotes + st.quotes
            )
        else:
            out.append(st)
    return out


def adjacent(prev: Statement, st: Statement) -> bool:
    """Whether ``st`` starts on the line right after ``prev`` ends (no blank line between them)."""
    return prev.problem is None and st.problem is None and st.line == prev.line + prev.raw.count("\n") + 1


def joined(prev: Statement, st: Statement) -> Statement:
    """``prev`` continued by ``st``: one statement over both (a line broken where the text was laid out)."""
    skeleton = _shift(st.skeleton, len(prev.quotes))
    return Statement(prev.line, prev.raw + "\n" + st.raw, prev.skeleton + " " + skeleton, prev.quotes + st.quotes)


def _shift(skeleton: str, offset: int) -> str:
    """Renumber placeholders when a statement's quotes are appended to another's."""
    return PLACEHOLDER.sub(lambda m: f"{Q_OPEN}{int(m.group(1)) + offset}{Q_CLOSE}", skeleton)
