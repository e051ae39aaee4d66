"""From an amending text to operations: statements are read one by one, and headers carry context.

Context rules (deterministic, never a guess): an intro or a descent into an approved document
resets the context to the document; a locative header («3-бапта:», «в пункте 3:») replaces the
context from its own level inward (a header for a paragraph keeps the article around it, drops a
paragraph or anything finer). A target is joined to the context the same way, so «4-тармақ …»
under «3-тармақта:» is paragraph 4, not 3.4. An item number of the amending act («1)», «2.»)
closes the headers opened by earlier items of the same numbering.

A line that cannot be read and may have been a header (it holds a colon with no quoted wording after
it) leaves the place of what follows unknown: every operation after it is flagged, not joined to a
context that lacks the lost header, until a descent, an operation naming the act itself, or an item
number of the lost line's numbering or an outer one closes its scope.

Old texts Adilet prints at a fixed width break a formula wherever a line ran out: a line that ends no
formula and cannot be read alone is read together with the line right after it (``_unbroken``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark.exceptions import UnexpectedInput

from lexpub.ingest.formulas.grammar import Reading, Unreadable, read
from lexpub.ingest.formulas.model import Flag, ParsedAmendment, ParsedOp, Path, Position
from lexpub.ingest.formulas.quotes import Statement, adjacent, joined, split_statements
from lexpub.model.values import Lang

RANK = {
    "document": -1,
    "appendix": 0,
    "section": 1,
    "chapter": 2,
    "article": 3,
    "paragraph": 4,
    "part": 5,
    "subparagraph": 6,
    "indent": 7,
    "heading": 8,
    "preamble": 8,
    "text": 9,
}

MAX_WORDS = 300
"""The longest real intro (a decree's title and requisites) runs to about a hundred words outside its
quotes; a longer "statement" is not one formula, and the Earley parser's cost grows with its cube."""
_ITEM = re.compile(r"^(\d+[.)]|[а-яәі]\))\s+")
_ARTICLE_LABEL = re.compile(r"^(статья\s+\d+(-\d+)*|\d+(-\d+)*-бап)\s*\.\s+")
_KK_REF_AFTER_ITEM = re.compile(r"^((\d+(-\d+)*\)|және|\ue000\d+\ue001)\s+)*тармақша")


def join(context: Path, path: Path) -> Path:
    """``path`` placed in ``context``: context steps at the path's level or finer are dropped."""
    if not path:
        return context
    rank = RANK[path[0][0]]
    kept = tuple(s for s in context if RANK[s[0]] < rank)
    return (*kept, *path)


@dataclass
class _State:
    context: Path = ()
    item_style: str | None = None
    item_context: Path = ()
    act_line: int = 0
    document_line: int = 0
    ops: list[ParsedOp] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    lost: int = 0
    """The line of an unreadable header-like line whose scope is still open (0: none)."""
    lost_style: str | None = None
    repeal_list: bool = False
    """Inside «Признать утратившими силу следующие приказы:» / «… келесі бұйрықтарының күші жойылды деп танылсын»:
    each line naming an act is a repeal of that act."""
    repeal_list_style: str | None = None


def _strip_item(skeleton: str, lang: Lang) -> tuple[str, str | None]:
    """Split off the amending act's own item number; in Kazakh «3) тармақша» is a reference."""
    label = _ARTICLE_LABEL.match(skeleton)
    if label:  # «1-бап.», «Статья 1.»: an article of the amending law, never a reference (those end in no dot)
        skeleton = skeleton[label.end() :]
    m = _ITEM.match(skeleton)
    if not m:
        return skeleton, None
    rest = skeleton[m.end() :]
    if lang == "kaz" and m.group(1).endswith(")") and _KK_REF_AFTER_ITEM.match(skeleton):
        return skeleton, None
    return rest, "dot" if m.group(1).endswith(".") else "paren"


def parse_amendment(text: str, lang: Lang) -> ParsedAmendment:
    """Every operation ``text`` states, in order, and every line it could not read."""
    state = _State()
    for st in _unbroken(split_statements(text), lang):
        _statement(st, lang, state)
    return ParsedAmendment(tuple(state.ops), tuple(state.flags))


_TERMINATED = (":", ";", ".")


def _unbroken(stmts: list[Statement], lang: Lang) -> list[Statement]:
    """Lines broken where an old text was laid out at a fixed width (Adilet's pre-formatted texts of
    the 1990s–2000s: «в подпункте 4) слова "…"» / «исключить;»): a line that ends in no «:», «;» or
    «.» and cannot be read alone is continued by the line right after it, unless that one starts an
    item of its own. The joined statement is read like any other; if it cannot be read, it is flagged
    whole."""
    out: list[Statement] = []
    for st in stmts:
        prev = out[-1] if out else None
        if prev is not None and _continued_by(prev, st, lang):
            out[-1] = joined(prev, st)
        else:
            out.append(st)
    return out


def _continued_by(prev: Statement, st: Statement, lang: Lang) -> bool:
    if not adjacent(prev, st) or prev.skeleton.endswith(_TERMINATED) or _ITEM.match(st.skeleton):
        return False
    try:
        read(_strip_item(prev.skeleton, lang)[0], prev.quotes, lang)
    except (UnexpectedInput, Unreadable):
        return True
    return False


def _statement(st: Statement, lang: Lang, state: _State) -> None:
    if st.problem:
        state.flags.append(Flag(st.line, st.raw, st.problem))
        return
    if len(st.skeleton.split()) > MAX_WORDS:
        state.flags.append(Flag(st.line, st.raw, f"more than {MAX_WORDS} words outside quotes: not one formula"))
        return
    skeleton, style = _strip_item(st.skeleton, lang)
    if style is not None:
        _close_scopes(style, state)
    try:
        reading = read(skeleton, st.quotes, lang)
        if _listed(reading, style, st, state):
            return
        state.repeal_list = False
        ops = _ops(reading, state, st)
    except (UnexpectedInput, Unreadable) as exc:
        reason = str(exc) if isinstance(exc, Unreadable) else "not a formula the grammar knows"
        state.flags.append(Flag(st.line, st.raw, reason))
        if _header_like(skeleton) and not state.lost:
            state.lost, state.lost_style = st.line, style
        return
    if state.lost and (reading.kind == "descent" or reading.own or reading.names_act):
        state.lost = 0
    if state.lost and ops:
        reason = f"line {state.lost} above could not be read, so the place this names is not known"
        state.flags.append(Flag(st.line, st.raw, reason))
        return
    _advance(reading, style, st.line, state)
    state.ops.extend(ops)


def _close_scopes(style: str, state: _State) -> None:
    """An item number of the amending act closes what earlier items of its numbering opened."""
    if style in (state.lost_style, state.item_style):
        state.lost = 0  # a sibling or outer item closes the lost line's scope
    if style == state.item_style:
        state.context = state.item_context
    if style == state.repeal_list_style:
        state.repeal_list = False  # a sibling of the list's own item closes the list


def _listed(reading: Reading, style: str | None, st: Statement, state: _State) -> bool:
    """A list of repeals and its lines; True when the statement was one of them."""
    if reading.kind == "repeal_list":
        state.repeal_list, state.repeal_list_style = True, style
        return True
    if reading.kind != "listed":
        return False
    if not state.repeal_list:
        raise Unreadable("an act named outside a list of repeals: what happens to it is not stated")
    state.ops.append(ParsedOp("repeal", (), None, None, None, st.line, st.raw, st.line))
    return True


def _advance(reading: Reading, style: str | None, line: int, state: _State) -> None:
    """The context after a descent or a header has been read."""
    if reading.kind == "descent":
        state.context = reading.paths[0]
        state.item_style = None
        if state.context:
            state.document_line = line
        else:
            state.act_line, state.document_line = line, 0
    elif reading.kind == "header":
        if style is not None:
            state.item_style, state.item_context = style, state.context
        state.context = join(() if reading.own else state.context, reading.paths[0])


def _header_like(skeleton: str) -> bool:
    """A colon with no quoted wording after it: the line may have opened a header or a descent."""
    colon = skeleton.rfind(":")
    return colon >= 0 and "\ue000" not in skeleton[colon:]


def _ops(reading: Reading, state: _State, st: Statement) -> list[ParsedOp]:
    if reading.kind != "op" or reading.op is None:
        return []
    context = () if reading.own or reading.names_act else state.context
    act_line = st.line if reading.names_act else state.act_line  # the act this line names
    position = None if reading.anchor is None else Position("after", join(context, reading.anchor))
    out: list[ParsedOp] = []
    for path in reading.paths:
        target = join(context, path)
        out.extend(
            ParsedOp(reading.op, target, position, old, new, st.line, st.raw, act_line, _doc_line(target, state))
            for old, new in reading.pairs
        )
    return out


def _doc_line(target: Path, state: _State) -> int:
    return state.document_line if target and target[0][0] == "document" else 0
