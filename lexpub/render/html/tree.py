"""One expression → its :class:`UnitView` tree (main body and attachments), every word already marked up.

Numbering follows :func:`lexpub.wording.numbering.label`, notes are the model's note texts, amending
sentences come from :func:`lexpub.wording.phrases.formula` — the same as the plain text.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from lexpub.model.core import Corpus, Expression, Op, Unit
from lexpub.model.values import Lang
from lexpub.render.html.cache import RenderCache
from lexpub.render.html.views import CONTAINERS, UnitView
from lexpub.render.markup import inline
from lexpub.wording.i18n import t
from lexpub.wording.numbering import WORDED, label
from lexpub.wording.phrases import formula, unit_name


class ViewBuilder:
    """Walks one expression into :class:`UnitView` values (mirrors :class:`lexpub.render.lines.TextRenderer`)."""

    def __init__(
        self, corpus: Corpus, expr: Expression, *, keep_hyphenated: bool = False, memo: RenderCache | None = None
    ):
        self.corpus = corpus
        self.expr = expr
        self.lang: Lang = expr.lang
        self.keep_hyphenated = keep_hyphenated
        self.memo = (memo or RenderCache()).bind(corpus, expr.work)

    def words(self, text: str) -> Markup:
        """Inline markup of a text field; for print, hyphenated words never break at their hyphen."""
        html = inline(text)
        return keep_together(html) if self.keep_hyphenated else html

    def own_text(self, unit: Unit) -> Markup | None:
        if not unit.held:
            return Markup("<em class='not-held'>{}</em>").format(t(self.lang, "held.unit"))
        words = unit.text.get(self.lang) if unit.text else None
        return self.words(words) if words else None

    def notes(self, unit: Unit, quoted: bool) -> tuple[Markup, ...]:
        if quoted or not unit.notes:
            return ()
        return tuple(
            [self.words(n.text.get(self.lang) or "") for n in unit.notes if n.kind not in ("repealed", "deleted")]
        )

    def node(self, unit: Unit, last: bool, quoted: bool = False, depth: int = 0) -> UnitView:
        key = (id(unit), self.lang, self.keep_hyphenated, quoted, depth, None if unit.amend is None else last)
        hit = self.memo.nodes.get(key)
        if hit is not None and hit[0] is unit:
            return hit[1]
        made = self.build(unit, last, quoted, depth)
        self.memo.nodes[key] = (unit, made)
        return made

    def build(self, unit: Unit, last: bool, quoted: bool, depth: int) -> UnitView:
        if unit.kind in CONTAINERS:
            return self.container(unit, quoted=quoted, depth=depth)
        eid = "" if quoted else unit.eid
        if unit.amend is not None:
            return self.amending(unit, unit.amend, last=last, eid=eid, depth=depth)
        kids = unit.children
        text = self.own_text(unit)
        number = label(unit, self.lang) if unit.kind in WORDED else LABELS.get((unit.kind, unit.num))
        if number is None:
            number = numbered(unit)
        if number and text is None and kids and unit.kind != "row":
            first = kids[0]
            if first.kind == "alinea" and first.amend is None and not first.children:
                # "11. Әскерге …": a number with no words of its own runs into its first part.
                kids = kids[1:]
                text = self.own_text(first)
        heading = unit.heading
        if unit.kind in WORDED and heading is not None and text is None:
            text, heading = self.words(heading.get(self.lang) or ""), None  # «Статья 1. Основные понятия …»
        return UnitView(
            unit.kind,
            eid,
            number,
            text,
            None if heading is None else self.words(heading.get(self.lang) or ""),
            (),
            self.notes(unit, quoted),
            self.children(kids, quoted=quoted, depth=depth) if kids else (),
            False,
            unit.held,
            unit.status,
            None,
            None,
            "",
            depth,
        )

    def children(self, kids: tuple[Unit, ...] | list[Unit], *, quoted: bool, depth: int) -> tuple[UnitView, ...]:
        end = len(kids) - 1
        node = self.node
        return tuple([node(child, i == end, quoted, depth) for i, child in enumerate(kids)])

    def container(self, unit: Unit, *, quoted: bool, depth: int) -> UnitView:
        kids = unit.children
        heading = self.words(unit.heading.get(self.lang) or "") if unit.heading else None
        if heading is None and not unit.held:
            # a document or appendix held in part (or not at all): its section is headed as in the
            # contents ("[Атауы корпуста жоқ.]", "2-1-қосымша"), so the not-held mark has a subject
            if unit.kind == "appendix" and unit.num is not None:
                heading = Markup.escape(unit_name(unit.kind, unit.num, None, self.lang, "nom"))
            elif unit.kind == "attachment":
                heading = Markup.escape(t(self.lang, "held.title"))
        return UnitView(
            kind=unit.kind,
            eid="" if quoted else unit.eid,
            label="",
            text=self.own_text(unit),
            heading=heading,
            header=tuple(self.words(h.get(self.lang) or "") for h in unit.header),
            notes=self.notes(unit, quoted),
            children=self.children(kids, quoted=quoted, depth=depth + 1 if heading else depth),
            table=unit.table,
            held=unit.held,
            status=unit.status,
            depth=depth,
        )

    def amending(self, unit: Unit, op: Op, *, last: bool, eid: str, depth: int) -> UnitView:
        """The generated sentence (as :meth:`TextRenderer.amending`), then the quoted new wording."""
        end = "." if last else ";"
        target_work = self.corpus.works.get(op.target_work)
        target = self.memo.target(target_work, op.target_eid) if target_work else None
        head = formula(op, self.lang, self.expr.work, target)
        if op.content is None:
            return UnitView(
                kind="amend", eid=eid, label="", text=None, formula=Markup.escape(head), end=end, depth=depth
            )
        inner = self.node(op.content, True, True, depth)
        return UnitView(
            kind="amend",
            eid=eid,
            label="",
            text=None,
            formula=Markup.escape(head),
            quoted=quote(inner, '"', '"' + end),
            depth=depth,
        )

    def body(self) -> tuple[tuple[UnitView, ...], tuple[UnitView, ...]]:
        """(main body units, attachments) in document order."""
        top = list(self.expr.root.children)
        main = [u for u in top if u.kind not in CONTAINERS]
        atts = [u for u in top if u.kind in CONTAINERS]
        return self.children(main, quoted=False, depth=0), self.children(atts, quoted=False, depth=0)


LABELS: dict[tuple[str, str | None], str] = {}
"""(kind, number) → :func:`lexpub.wording.numbering.label` of a unit of that kind and number."""


def numbered(unit: Unit) -> str:
    """:func:`lexpub.wording.numbering.label` of ``unit``, kept in :data:`LABELS` (a function of kind and number)."""
    number = label(unit)
    if len(LABELS) < 65536:
        LABELS[unit.kind, unit.num] = number
    return number


HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def keep_together(html: Markup) -> Markup:
    """Wrap "әскери-техникалық" in a no-wrap span: a line break after the hyphen would make text
    extracted from the PDF lose the hyphen (pdftotext joins such lines), changing the words."""
    return Markup(HYPHENATED.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', str(html)))  # noqa: S704


def quote(node: UnitView, opening: str, closing: str) -> UnitView:
    """Put the quotation marks of an amendment on its first and last words, as the plain text does."""
    return _close(_open(node, opening), closing)


def _open(node: UnitView, mark: str) -> UnitView:
    if node.header:
        return node._replace(header=(Markup.escape(mark) + node.header[0], *node.header[1:]))
    if node.text is not None or node.label:
        if node.label:
            return node._replace(label=mark + node.label)
        return node._replace(text=Markup.escape(mark) + (node.text or ""))
    if node.children:
        return node._replace(children=(_open(node.children[0], mark), *node.children[1:]))
    return node._replace(text=Markup.escape(mark))


def _close(node: UnitView, mark: str) -> UnitView:
    if node.children:
        return node._replace(children=(*node.children[:-1], _close(node.children[-1], mark)))
    if node.quoted is not None:
        return node._replace(quoted=_close(node.quoted, mark))
    return node._replace(text=(node.text or Markup("")) + Markup.escape(mark))
