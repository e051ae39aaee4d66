"""Expression → HTML: an Adilet-like page of a consolidated text (header, contents, units, notes, status).

Input: the corpus and an :class:`~lexpub.model.Expression`; output: an HTML string (standalone
download, print version for the PDF, or the pieces the site wraps in its chrome).

The document's own words (title, requisites, units, editorial notes, amending formulas) are in the
expression's language; the interface (labels, status, "known up to") is in ``ui``. Wording is never
composed here: numbering follows :func:`lexpub.textrender.label`, notes are the model's note texts,
amending sentences come from :func:`lexpub.phrases.formula` — the same as the plain text.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal, NamedTuple

from markupsafe import Markup

from lexpub.consolidate.apply import preorder
from lexpub.model.core import Corpus, DateRange, Edition, Expression, Known, Lang, Op, Text, Unit, Work
from lexpub.model.dates import short
from lexpub.render.env import HTML_LANG, environment, render
from lexpub.render.markup import inline
from lexpub.render.text import label
from lexpub.wording.i18n import t
from lexpub.wording.phrases import formula, requisites, unit_name, when_phrase

Mode = Literal["standalone", "print", "site"]
CONTAINERS = ("attachment", "appendix")


class Node(NamedTuple):
    """One unit as the templates draw it: everything already worded, nothing left to decide.

    An immutable value like the model's, but a named tuple: a text has a node per unit, and a
    tuple is made in one call (a frozen dataclass sets each of its 15 fields in turn, 4× the time).
    """

    kind: str
    # unit kind; ``attachment``/``appendix`` draw as sections, ``row`` as a table row
    eid: str
    # HTML id (empty inside quoted amendment text: ids belong to the amended act)
    label: str
    # printed number: "11.", "3)", "6"; empty when unnumbered
    text: Markup | None
    # the unit's own words (or the not-held message)
    heading: Markup | None = None
    header: tuple[Markup, ...] = ()
    # top-right header lines of an attachment (Law "On legal acts" art. 28)
    notes: tuple[Markup, ...] = ()
    children: tuple[Node, ...] = ()
    table: bool = False
    held: bool = True
    status: str = "in-force"
    formula: Markup | None = None
    # an amending provision's generated sentence; its new wording is ``quoted``
    quoted: Node | None = None
    end: str = ""
    # ";" or "." after an amending provision with no quoted wording
    depth: int = 0
    # titled attachments above this one: its heading is ``h{depth + 2}`` (no level is skipped)


@dataclass(frozen=True)
class TocEntry:
    eid: str
    name: str
    children: tuple[TocEntry, ...] = ()


NodeKey = tuple[int, str, bool, bool, int, bool | None]


@cache
def unit_macro() -> Any:
    """The ``unit`` macro of ``templates/act/units.html`` (the environment's cached template module)."""
    return environment().get_template("act/units.html").module.unit  # type: ignore[attr-defined]


@cache
def toc_macro() -> Any:
    """The ``toc_list`` macro of ``templates/act/units.html``."""
    return environment().get_template("act/units.html").module.toc_list  # type: ignore[attr-defined]


class Memo:
    """The :class:`Node` of every unit already drawn, for one act of one corpus.

    Editions of an act share most of their units (consolidation keeps an unchanged unit as the same
    object), and a site draws each text several times (download, a page per interface language), so
    a caller rendering many texts of one act passes one memo to all of them. A node is a function of
    the unit object, the text's language, the print flag, whether it is quoted, its depth and (for an
    amending provision only) whether it is last — plus the corpus and the act, which name the targets
    of amending provisions: the memo empties itself when either changes. Each entry holds its unit,
    so the ``id`` in its key cannot be reused while the entry lives. The HTML the ``unit`` macro
    draws for a node depends on the node and the interface language only, so :meth:`draw` keeps it
    too: a unit unchanged since the previous edition is not drawn again. Its contents entry and the
    units under it whose wording is not held are kept the same way; equal contents entries are one
    object (:meth:`entry`), so the contents list drawn for one text is reused for the next when no
    entry changed (:meth:`draw_toc`). Output is the same with or without a memo; only the time
    differs.
    """

    def __init__(self) -> None:
        self.owner: tuple[Corpus, Work] | None = None
        self.nodes: dict[NodeKey, tuple[Unit, Node]] = {}
        self.targets: dict[str, dict[str, Unit]] = {}
        self.fragments: dict[tuple[int, str], tuple[Node, Markup]] = {}
        self.toc: dict[tuple[int, Lang], tuple[Unit, TocEntry | None]] = {}
        self.toc_entries: dict[tuple[str, str, tuple[int, ...]], TocEntry] = {}
        self.toc_html: dict[tuple[int, ...], tuple[tuple[TocEntry, ...], Markup]] = {}
        self.unheld_in: dict[int, tuple[Unit, tuple[Unit, ...]]] = {}

    def bind(self, corpus: Corpus, work: Work) -> Memo:
        if self.owner is None or self.owner[0] is not corpus or self.owner[1] is not work:
            self.owner = (corpus, work)
            self.nodes = {}
            self.targets = {}
            self.fragments = {}
            self.toc = {}
            self.toc_entries = {}
            self.toc_html = {}
            self.unheld_in = {}
        return self

    def unheld(self, unit: Unit) -> tuple[Unit, ...]:
        """:meth:`Expression.not_held` of the tree under ``unit`` (worked out once per unit object)."""
        hit = self.unheld_in.get(id(unit))
        if hit is not None and hit[0] is unit:
            return hit[1]
        found: tuple[Unit, ...] = (unit,) if not unit.held and unit.status != "repealed" else ()
        for child in unit.children:
            if child.children:
                below = self.unheld(child)
                if below:
                    found += below
            elif not child.held and child.status != "repealed":
                found += (child,)
        self.unheld_in[id(unit)] = (unit, found)
        return found

    def draw(self, node: Node, ui: Lang) -> Markup:
        """``unit(node, ui)`` of ``templates/act/units.html``, drawn once per node object."""
        key = (id(node), ui)
        hit = self.fragments.get(key)
        if hit is not None and hit[0] is node:
            return hit[1]
        html: Markup = unit_macro()(node, ui, self.draw)
        self.fragments[key] = (node, html)
        return html

    def entry(self, eid: str, name: str, children: tuple[TocEntry, ...] = ()) -> TocEntry:
        """``TocEntry(eid, name, children)``, the same object for equal entries (children are entries of
        this memo, so equal children are the same objects), so that equal contents can be recognised
        by the identity of their entries."""
        key = (eid, name, tuple(map(id, children)))
        found = self.toc_entries.get(key)
        if found is None:
            found = self.toc_entries[key] = TocEntry(eid, name, children)
        return found

    def draw_toc(self, entries: tuple[TocEntry, ...]) -> Markup:
        """``toc_list(entries)`` of ``templates/act/units.html``, drawn once per list of entry objects."""
        key = tuple(map(id, entries))
        hit = self.toc_html.get(key)
        if hit is not None and all(map(operator.is_, hit[0], entries)):
            return hit[1]
        html: Markup = toc_macro()(entries)
        self.toc_html[key] = (entries, html)
        return html

    def target(self, work: Work, eid: str) -> Unit | None:
        """``work.find(eid)`` (the first unit with that eId, in document order), indexed once per act."""
        index = self.targets.get(work.id)
        if index is None:
            index = {}
            for unit in preorder(work.root):
                index.setdefault(unit.eid, unit)
            self.targets[work.id] = index
        return index.get(eid)


class Builder:
    """Walks one expression into :class:`Node` values (mirrors :class:`lexpub.textrender.TextRenderer`)."""

    def __init__(self, corpus: Corpus, expr: Expression, *, keep_hyphenated: bool = False, memo: Memo | None = None):
        self.corpus = corpus
        self.expr = expr
        self.lang: Lang = expr.lang
        self.keep_hyphenated = keep_hyphenated
        self.memo = (memo or Memo()).bind(corpus, expr.work)

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
        return tuple([self.words(n.text.get(self.lang) or "") for n in unit.notes if n.kind != "repealed"])

    def node(self, unit: Unit, last: bool, quoted: bool = False, depth: int = 0) -> Node:
        key = (id(unit), self.lang, self.keep_hyphenated, quoted, depth, None if unit.amend is None else last)
        hit = self.memo.nodes.get(key)
        if hit is not None and hit[0] is unit:
            return hit[1]
        made = self.build(unit, last, quoted, depth)
        self.memo.nodes[key] = (unit, made)
        return made

    def build(self, unit: Unit, last: bool, quoted: bool, depth: int) -> Node:
        if unit.kind in CONTAINERS:
            return self.container(unit, quoted=quoted, depth=depth)
        eid = "" if quoted else unit.eid
        if unit.amend is not None:
            return self.amending(unit, unit.amend, last=last, eid=eid, depth=depth)
        kids = unit.children
        text = self.own_text(unit)
        number = LABELS.get((unit.kind, unit.num))
        if number is None:
            number = numbered(unit)
        if number and text is None and kids and unit.kind != "row":
            first = kids[0]
            if first.kind == "alinea" and first.amend is None and not first.children:
                # "11. Әскерге …": a number with no words of its own runs into its first part.
                kids = kids[1:]
                text = self.own_text(first)
        heading = unit.heading
        return Node(
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

    def children(self, kids: tuple[Unit, ...] | list[Unit], *, quoted: bool, depth: int) -> tuple[Node, ...]:
        end = len(kids) - 1
        node = self.node
        return tuple([node(child, i == end, quoted, depth) for i, child in enumerate(kids)])

    def container(self, unit: Unit, *, quoted: bool, depth: int) -> Node:
        kids = unit.children
        heading = self.words(unit.heading.get(self.lang) or "") if unit.heading else None
        if heading is None and not unit.held:
            # a document or appendix held in part (or not at all): its section is headed as in the
            # contents ("[Атауы корпуста жоқ.]", "2-1-қосымша"), so the not-held mark has a subject
            if unit.kind == "appendix" and unit.num is not None:
                heading = Markup.escape(unit_name(unit.kind, unit.num, None, self.lang, "nom"))
            elif unit.kind == "attachment":
                heading = Markup.escape(t(self.lang, "held.title"))
        return Node(
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

    def amending(self, unit: Unit, op: Op, *, last: bool, eid: str, depth: int) -> Node:
        """The generated sentence (as :meth:`TextRenderer.amending`), then the quoted new wording."""
        end = "." if last else ";"
        target_work = self.corpus.works.get(op.target_work)
        target = self.memo.target(target_work, op.target_eid) if target_work else None
        head = formula(op, self.lang, self.expr.work, target)
        if op.content is None:
            return Node(kind="amend", eid=eid, label="", text=None, formula=Markup.escape(head), end=end, depth=depth)
        inner = self.node(op.content, True, True, depth)
        return Node(
            kind="amend",
            eid=eid,
            label="",
            text=None,
            formula=Markup.escape(head),
            quoted=quote(inner, '"', '"' + end),
            depth=depth,
        )

    def body(self) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
        """(main body units, attachments) in document order."""
        top = list(self.expr.root.children)
        main = [u for u in top if u.kind not in CONTAINERS]
        atts = [u for u in top if u.kind in CONTAINERS]
        return self.children(main, quoted=False, depth=0), self.children(atts, quoted=False, depth=0)


LABELS: dict[tuple[str, str | None], str] = {}
"""(kind, number) → :func:`lexpub.textrender.label` of a unit of that kind and number."""


def numbered(unit: Unit) -> str:
    """:func:`lexpub.textrender.label` of ``unit``, kept in :data:`LABELS` (a function of kind and number)."""
    number = label(unit)
    if len(LABELS) < 65536:
        LABELS[unit.kind, unit.num] = number
    return number


HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def keep_together(html: Markup) -> Markup:
    """Wrap "әскери-техникалық" in a no-wrap span: a line break after the hyphen would make text
    extracted from the PDF lose the hyphen (pdftotext joins such lines), changing the words."""
    return Markup(HYPHENATED.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', str(html)))  # noqa: S704


def quote(node: Node, opening: str, closing: str) -> Node:
    """Put the quotation marks of an amendment on its first and last words, as the plain text does."""
    return _close(_open(node, opening), closing)


def _open(node: Node, mark: str) -> Node:
    if node.header:
        return node._replace(header=(Markup.escape(mark) + node.header[0], *node.header[1:]))
    if node.text is not None or node.label:
        if node.label:
            return node._replace(label=mark + node.label)
        return node._replace(text=Markup.escape(mark) + (node.text or ""))
    if node.children:
        return node._replace(children=(_open(node.children[0], mark), *node.children[1:]))
    return node._replace(text=Markup.escape(mark))


def _close(node: Node, mark: str) -> Node:
    if node.children:
        return node._replace(children=(*node.children[:-1], _close(node.children[-1], mark)))
    if node.quoted is not None:
        return node._replace(quoted=_close(node.quoted, mark))
    return node._replace(text=(node.text or Markup("")) + Markup.escape(mark))


def toc(corpus: Corpus, expr: Expression, memo: Memo | None = None) -> tuple[TocEntry, ...]:
    """Contents: numbered paragraphs and attachments (with their paragraphs and appendices).

    An entry is a function of its unit and the language: with a memo, each is made once per act."""
    lang = expr.lang
    made: dict[tuple[int, Lang], tuple[Unit, TocEntry | None]] = memo.toc if memo is not None else {}
    make = memo.entry if memo is not None else TocEntry

    def entry(unit: Unit) -> TocEntry | None:
        key = (id(unit), lang)
        hit = made.get(key)
        if hit is not None and hit[0] is unit:
            return hit[1]
        found: TocEntry | None = None
        if unit.kind in CONTAINERS:
            kids = tuple(e for e in (entry(c) for c in unit.children) if e is not None)
            name = nominative(unit.kind, unit.num, unit.heading, lang)
            if unit.num is not None and unit.heading:
                name = f"{name}. {unit.heading.get(lang) or ''}".rstrip(". ")
            found = make(unit.eid, name, kids)
        elif unit.kind == "paragraph" and unit.num is not None:
            found = make(unit.eid, nominative(unit.kind, unit.num, None, lang))
        made[key] = (unit, found)
        return found

    return tuple(e for e in (entry(u) for u in expr.root.children) if e is not None)


@lru_cache(maxsize=8192)
def nominative(kind: str, num: str | None, heading: Text | None, lang: Lang) -> str:
    """:func:`lexpub.phrases.unit_name` in the nominative (cached: a pure function of its arguments,
    and every paragraph of every edition is named in the contents)."""
    return unit_name(kind, num, heading, lang, "nom")


def status_key(expr: Expression) -> str:
    """Adilet's label: new (never amended), updated (amended), repealed (no longer in force)."""
    if expr.status == "repealed":
        return "status.repealed"
    return "status.updated" if expr.applied else "status.new"


@dataclass(frozen=True)
class StatusBlock:
    """What the text is up to, and what it does not contain — worded in the interface language."""

    in_force: str | None
    known_up_to: str
    uncertain: tuple[str, ...]
    pending: tuple[str, ...]
    partial: str | None
    not_held: tuple[tuple[str, str], ...]
    """(eId, unit name) of every unit whose wording the corpus does not hold."""


def when(rng: DateRange | None, ui: Lang) -> str:
    """An exact date as DD.MM.YYYY; an unknown one said as such, with its known bounds."""
    if rng is None:
        return "—"
    exact = rng.exact
    return short(exact) if exact else t(ui, "site.date_unknown", bounds=when_phrase(rng, ui))


def edition_name(corpus: Corpus, ed: Edition, ui: Lang) -> str:
    """ "ең ерте белгілі редакциясы" (the earliest wording held: never called the original), "20.01.2023 бастап редакциясы", or, when the start is
    unknown, "04.01.2023 № 2 бұйрық ашқан редакция (басталған күні белгісіз)"."""
    if ed.index == 0:
        return t(ui, "html.edition_earliest")
    exact = ed.start.exact
    if exact:
        return t(ui, "site.edition_from", date=short(exact))
    return t(ui, "site.edition_by", act=act_name(corpus, ed.opened_by, ui))


def edition_span(ed: Edition, ui: Lang) -> str:
    """ "Қолданылу мерзімі: … — …." with unknown bounds stated, never guessed."""
    from lexpub.consolidate.lifecycle import inserted_numbers

    end = when(ed.end, ui) if ed.end else t(ui, "site.edition_open")
    span = t(ui, "site.edition_span", start=when(ed.start, ui), end=end)
    proof = inserted_numbers(ed)
    return span + (" " + t(ui, "html.edition_earlier", nums=", ".join(proof)) if proof else "")


def status_block(
    corpus: Corpus, expr: Expression, ui: Lang, edition: Edition | None = None, memo: Memo | None = None
) -> StatusBlock:
    """The same facts as :func:`lexpub.textrender.status_lines`, structured for a page.

    For an edition, the "known up to" line is the edition's validity span (an edition whose start is
    unknown is consolidated without a date, and must not read as the latest text)."""
    in_force = None
    if expr.status == "not-yet-in-force":
        in_force = t(ui, "in_force.before", when=when_phrase(expr.in_force, ui))
    elif expr.status == "uncertain":
        in_force = t(ui, "in_force.unknown", when=when_phrase(expr.in_force, ui))
    applied = expr.applied
    if edition is not None:
        known = t(ui, "html.known_edition", span=edition_span(edition, ui))
    elif expr.at is not None:
        known = t(ui, "known_up_to.at", date=short(expr.at))
    elif applied:
        known = t(ui, "known_up_to.latest", last=act_name(corpus, applied[-1].source_work, ui))
    else:
        known = t(ui, "known_up_to.none")
    uncertain = tuple(
        t(
            ui,
            "html.uncertain_item",
            act=act_name(corpus, c.amendment.source_work, ui),
            unit=target_name(corpus, c.amendment.op, ui),
            when=when_phrase(c.amendment.commencement, ui),
        )
        for c in expr.uncertain
    )
    pending = tuple(
        f"{p.description.get(ui) or p.description.get(expr.lang) or p.description.values[0][1]} [{p.source}]"
        for p in expr.work.pending
    )
    partial = t(ui, "held.work_partial") if expr.work.held == "partial" else None
    from lexpub.wording.names import unit_path_name

    unheld = memo.unheld(expr.root) if memo is not None else expr.not_held()
    missing = tuple((u.eid, unit_path_name(expr.root, u.eid, ui)) for u in unheld)
    return StatusBlock(in_force, known, uncertain, pending, partial, missing)


def act_name(corpus: Corpus, work_id: str, ui: Lang) -> str:
    """ "04.01.2023 № 2 бұйрық" — how the status block names an act of the corpus."""
    work = corpus.works.get(work_id)
    if work is None:
        return work_id
    return t(ui, "html.act_short", date=short(work.date), number=work.number)


def target_name(corpus: Corpus, op: Op, ui: Lang) -> str:
    """The target unit named from the top ("Өзгерістер енгізілетін … тізбесі, 3-тармақ"): a bare
    "3-тармақ" would be ambiguous where the order and its approved list both have a paragraph 3."""
    from lexpub.wording.names import unit_path_name

    work = corpus.works.get(op.target_work)
    if work is None:
        return op.target_eid
    return unit_path_name(work.root, op.target_eid, ui)


def context(
    corpus: Corpus,
    expr: Expression,
    *,
    ui: Lang = "kaz",
    mode: Mode = "site",
    edition: Edition | None = None,
    memo: Memo | None = None,
) -> dict[str, Any]:
    """Everything the ``act/`` templates need to draw one expression (``memo``: see :class:`Memo`)."""
    work, lang = expr.work, expr.lang
    builder = Builder(corpus, expr, keep_hyphenated=mode == "print", memo=memo)
    # without a caller's memo nothing can be reused: the macros recurse by themselves
    draw = builder.memo.draw if memo is not None else None
    main, attachments = builder.body()
    title = work.title.get(lang) if work.title else None
    signature = None
    if work.signature is not None:
        name = work.signature.name
        signature = (
            work.signature.position.get(lang) or "",
            t(lang, "work.signature_unknown") if isinstance(name, Known) else name,
        )
    return {
        "expr": expr,
        "work": work,
        "ui": ui,
        "lang": lang,
        "doc_lang": HTML_LANG[lang],
        "ui_lang": HTML_LANG[ui],
        "title": title or t(lang, "held.title"),
        "title_held": title is not None,
        "status_label": t(ui, status_key(expr)),
        "status_key": status_key(expr).removeprefix("status."),
        "requisites": requisites(work, lang),
        "preamble": builder.words(work.preamble.get(lang) or "") if work.preamble else None,
        "main": main,
        "attachments": attachments,
        "signature": signature,
        "approvals": [(a.heading.get(lang) or "", a.body.get(lang) or "") for a in work.approvals],
        "toc": toc(corpus, expr, builder.memo),
        "status": status_block(corpus, expr, ui, edition, builder.memo),
        "at": short(expr.at) if expr.at else None,
        "draw": draw,
        "draw_toc": builder.memo.draw_toc if memo is not None else None,
    }


def page_title(corpus: Corpus, expr: Expression, ui: Lang, edition: Edition | None = None) -> str:
    """ "04.01.2023 № 2 бұйрық — соңғы редакциясы": short, for <title>, PDF metadata, running headers."""
    name = act_name(corpus, expr.work.id, ui)
    if edition is not None:
        return t(ui, "site.edition_title", act=name, edition=edition_name(corpus, edition, ui))
    if expr.at is None:
        return t(ui, "html.title_latest", act=name)
    return t(ui, "html.title_at", act=name, date=short(expr.at))


def render_html(
    corpus: Corpus,
    expr: Expression,
    *,
    ui: Lang = "kaz",
    mode: Mode = "standalone",
    edition: Edition | None = None,
    memo: Memo | None = None,
) -> str:
    """A complete HTML document of ``expr`` (inline CSS; ``print`` mode is tuned for the PDF).

    Pass ``edition`` when ``expr`` is one of the act's editions: its title and status then name it.
    Pass one :class:`Memo` when rendering several texts of one act: same bytes, less time."""
    ctx = context(corpus, expr, ui=ui, mode=mode, edition=edition, memo=memo)
    return render("act/document.html", page_title=page_title(corpus, expr, ui, edition), mode=mode, **ctx)


def render_pdf(
    corpus: Corpus,
    expr: Expression,
    *,
    variant: str | None = None,
    edition: Edition | None = None,
    memo: Memo | None = None,
) -> bytes:
    """Print PDF of ``expr`` (A4, PT Serif embedded); ``variant="pdf/a-3b"`` for archiving."""
    from lexpub.render.pdf import html_to_pdf

    html = render_html(corpus, expr, ui=expr.lang, mode="print", edition=edition, memo=memo)
    title = page_title(corpus, expr, expr.lang, edition)
    return html_to_pdf(html, title=title, lang=HTML_LANG[expr.lang], variant=variant)
