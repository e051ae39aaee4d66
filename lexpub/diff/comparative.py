"""Comparative table (салыстырма кесте) of an amending act: ``(corpus, act, lang) → Table``.

One row per amended structural unit: №, the unit, its current wording (as in force just before
the amendment commences: every earlier amendment by other acts applied), the proposed wording with
the changed words in bold (when the current wording is held), and the justification from the
source (an empty cell when none: never invented). A new unit's current wording is «жоқ» /
«отсутствует»; wording the corpus does not hold is stated as not held. Formats: HTML, PDF (through
:mod:`lexpub.render.pdf`, landscape A4) and DOCX (a real Word table, header row repeated on each
page, landscape A4) — domain-kz.md §2.4.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from lexpub.consolidate.apply import apply, build_expression, classify, content_of
from lexpub.diff.redline import key_of
from lexpub.diff.words import Segment, diff_texts
from lexpub.errors import InputError, kv
from lexpub.model.core import Amendment, AppliedChange, Corpus, Unit, application_key
from lexpub.model.dates import short
from lexpub.model.values import Lang
from lexpub.wording.i18n import t
from lexpub.wording.names import renumbered_eid, unit_path_name


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A wording cell: paragraphs of runs, or a plain statement (absent / not held)."""

    paragraphs: tuple[tuple[Run, ...], ...] = ()
    statement: str | None = None

    def plain(self) -> str:
        if self.statement is not None:
            return self.statement
        return "\n".join("".join(r.text for r in p) for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Row:
    num: int
    amendment: str
    target_work: str
    target_eid: str
    act: str
    """The amended act, named in full ("Қазақстан Республикасы Қорғаныс министрінің 17.07.2017 № 357 бұйрығы")."""
    unit: str
    current: Cell
    proposed: Cell
    justification: str
    """Empty when the source gives none."""


@dataclass(frozen=True, slots=True)
class Table:
    act_id: str
    lang: Lang
    title: str
    subtitle: str
    rows: tuple[Row, ...]


def act_name(corpus: Corpus, work_id: str, lang: Lang) -> str:
    work = corpus.works[work_id]
    if work.status == "draft":  # no number or date yet
        issuer = work.issuer.genitive.get(lang) or work.issuer.genitive.values[0][1]
        title = work.title.get(lang) if work.title else None
        if title:
            return t(lang, "draft.compare_act_titled", issuer=issuer, title=title)
        return t(lang, "draft.compare_act", issuer=issuer)
    return t(
        lang,
        "compare.target",
        issuer=work.issuer.genitive.get(lang) or work.issuer.genitive.values[0][1],
        date=short(work.date),
        number=work.number,
        doctype_nom=t(lang, f"doctype.{work.doctype}.nom"),
    )


Trees = dict[tuple[str, tuple[tuple[str, str, str], ...], dt.date | None, Lang], Unit]
"""Texts already built for one table, by work and the changes applied (amendment ids and states)."""


def before(corpus: Corpus, a: Amendment, lang: Lang, at: dt.date | None = None, trees: Trees | None = None) -> Unit:
    """The target work's tree just before ``a`` commences: every earlier amendment by other acts. A draft's
    change (``a`` not in force: its act is a draft) meets the text in force on ``at`` (None: the latest).

    ``trees``: the texts already built for this table — the rows of one act that share a commencement
    share one text (built once, not once per row: 300 rows took 12 s)."""
    if corpus.works[a.source_work].status == "draft":
        changes = [classify(corpus, x, at) for x in corpus.affecting(a.op.target_work)]
        when = at
    else:
        changes = [
            AppliedChange(x, "applied")
            for x in corpus.affecting(a.op.target_work)
            if x.source_work != a.source_work
            and application_key(x) < application_key(a)
            and classify(corpus, x, None).state != "discarded"
        ]
        when = None
    key = (a.op.target_work, tuple((c.amendment.id, c.state, c.reason) for c in changes), when, lang)
    if trees is not None and key in trees:
        return trees[key]
    tree = build_expression(corpus, a.op.target_work, changes, when, lang).root
    if trees is not None:
        trees[key] = tree
    return tree


def with_own_earlier(corpus: Corpus, root: Unit, a: Amendment) -> Unit:
    """``root`` with the amending act's own earlier changes to the same work applied, in their order.

    Why: an act that inserts paragraph 29 and then amends its point 5 proposes a wording for a unit the
    current text does not have; the current column says so («жоқ»), the proposed one needs the insert."""
    own = sorted(
        (
            x
            for x in (*corpus.amendments, *corpus.drafts)
            if x.source_work == a.source_work and x.op.target_work == a.op.target_work and x.seq < a.seq
        ),
        key=lambda x: x.seq,
    )
    for x in own:
        root = apply(corpus, root, x)
    return root


class _NotHeld(Exception):
    """A wording of the subtree is not held in the language asked."""


def _words(u: Unit, lang: Lang) -> list[str]:
    """The unit's own heading (rows and appendices) and text in ``lang``."""
    out = []
    for value, wanted in ((u.heading, u.kind in ("row", "attachment", "appendix")), (u.text, True)):
        if value is not None and wanted:
            words = value.get(lang)
            if words is None:
                raise _NotHeld
            out.append(words)
    return out


def _opens_its_part(u: Unit) -> bool:
    """A number with no words of its own ("11.") whose first unnumbered part carries its words."""
    return u.kind != "row" and u.text is None and bool(u.children) and u.children[0].kind == "alinea"


def lines(unit: Unit, lang: Lang) -> list[tuple[str, str]] | None:
    """(key, printed line) for the unit and its subtree; None if any wording is not held in ``lang``."""
    out = []
    carry = ""  # a number with no words of its own ("11.") opens its first unnumbered part's line
    for u in unit.walk():
        if not u.held:
            return None
        label = {"paragraph": f"{u.num}.", "point": f"{u.num})", "row": u.num}.get(u.kind) if u.num else None
        parts = [carry] if carry and u.kind == "alinea" and u.num is None else []
        carry = ""
        if label and _opens_its_part(u):
            carry = label
            continue
        try:
            parts += ([label] if label else []) + _words(u, lang)
        except _NotHeld:
            return None
        if parts:
            out.append((key_of(u) if u is not unit else "", " ".join(parts)))
    return out


def _runs(segments: tuple[Segment, ...], side: str) -> tuple[Run, ...]:
    """Runs of one side; changed words in bold (deleted on the old side, inserted on the new)."""
    skip = "insert" if side == "old" else "delete"
    return tuple(Run(s.text, s.op != "equal") for s in segments if s.op != skip)


def cells(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> tuple[Cell, Cell]:
    deltas = diff_texts(old, new)
    cur = tuple(_runs(d.segments, "old") for d in deltas if d.old is not None)
    pro = tuple(_runs(d.segments, "new") for d in deltas if d.new is not None)
    return Cell(cur), Cell(pro)


def plain_cell(items: list[tuple[str, str]]) -> Cell:
    return Cell(tuple((Run(text),) for _, text in items))


def row(
    corpus: Corpus, a: Amendment, num: int, lang: Lang, at: dt.date | None = None, trees: Trees | None = None
) -> Row:
    op = a.op
    old_root = before(corpus, a, lang, at, trees)
    old_unit = next((u for u in old_root.walk() if u.eid == op.target_eid), None)
    not_held_lang = lang not in corpus.works[op.target_work].languages
    base = with_own_earlier(corpus, old_root, a)
    new_root = apply(corpus, base, a)
    new_eid = op.target_eid
    if op.kind == "renumber":
        new_eid = renumbered_eid(base, op.target_eid, op.new_num) or new_eid
    new_unit = next((u for u in new_root.walk() if u.eid == new_eid), None)
    if op.kind in ("substitute", "insert"):
        new_unit = dataclasses.replace(content_of(corpus, a), notes=())
    name_root = old_root if old_unit is not None else new_root
    unit = unit_path_name(name_root, op.target_eid, lang)
    old_lines = lines(old_unit, lang) if old_unit is not None else []
    new_lines = None if op.kind in ("repeal", "delete") or new_unit is None else lines(new_unit, lang)
    if not_held_lang:
        text_missing = Cell(statement=t(lang, "compare.text_not_held"))
        current = Cell(statement=t(lang, "compare.absent")) if old_unit is None else text_missing
        proposed = Cell(statement=t(lang, "compare.repealed")) if op.kind in ("repeal", "delete") else text_missing
    else:
        if old_unit is None:
            current = Cell(statement=t(lang, "compare.absent"))
        elif old_lines is None:
            current = Cell(statement=t(lang, "compare.old_not_held"))
        else:
            current = plain_cell(old_lines)
        if op.kind in ("repeal", "delete"):
            proposed = Cell(statement=t(lang, "compare.repealed"))
        elif new_lines is None:
            proposed = Cell(statement=t(lang, "compare.new_not_held"))
        elif old_lines:
            current, proposed = cells(old_lines, new_lines)
        else:
            proposed = plain_cell(new_lines)
    just = op.justification.get(lang) if op.justification else None
    return Row(
        num=num,
        amendment=a.id,
        target_work=op.target_work,
        target_eid=op.target_eid,
        act=act_name(corpus, op.target_work, lang),
        unit=unit,
        current=current,
        proposed=proposed,
        justification=just or "",
    )


def comparative_table(corpus: Corpus, act_id: str, lang: Lang = "kaz", at: dt.date | None = None) -> Table:
    """The table for every amendment ``act_id`` makes, in the order it makes them; for a draft, against the
    text in force on ``at`` (None: the latest text)."""
    mine = sorted((a for a in (*corpus.amendments, *corpus.drafts) if a.source_work == act_id), key=lambda a: a.seq)
    if not mine:
        raise InputError.at(
            None,
            "no-amendments",
            f"{act_id} amends no act in the corpus: there is no comparative table to make",
            "no-amendments",
            kv(act=act_id),
        )
    trees: Trees = {}
    rows = tuple(row(corpus, a, i, lang, at, trees) for i, a in enumerate(mine, start=1))
    return Table(
        act_id=act_id,
        lang=lang,
        title=t(lang, "compare.title"),
        subtitle=t(lang, "compare.subtitle", act=act_name(corpus, act_id, lang)),
        rows=rows,
    )


HEADERS = ("compare.col.num", "compare.col.unit", "compare.col.old", "compare.col.new", "compare.col.why")


def headers(lang: Lang) -> list[str]:
    return [t(lang, k) for k in HEADERS]
