"""Point-in-time consolidation: ``(corpus, work, date | latest, language) → Expression``.

Amendments are applied in commencement order (ties: the order the amending act lists them). An
amendment whose commencement is undecidable at the date is not applied; the unit it concerns is
marked ``uncertain`` with a note saying why — never a guess. ``latest`` applies every known
amendment, as Adilet does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable
from typing import Any, Literal

from lexpub.consolidate import store
from lexpub.errors import BuildError, InputError, Issue
from lexpub.model import commence, eids
from lexpub.model.core import (
    Amendment,
    AppliedChange,
    Corpus,
    Expression,
    Lang,
    Note,
    Status,
    Text,
    Unit,
    Work,
    application_key,
)
from lexpub.wording.phrases import note_text, uncertain_note


class ApplyError(BuildError):
    """An amendment cannot be applied to the text as it stands (validation reports these)."""


def consolidate(corpus: Corpus, work_id: str, at: dt.date | None = None, lang: Lang = "kaz") -> Expression:
    """The text of ``work_id`` as in force on ``at`` (None: latest) in ``lang``."""
    work = corpus.work(work_id)
    if at is not None and at < work.date:
        raise InputError.at(
            None,
            "not-yet-adopted",
            f"{work.id} was signed on {work.date.isoformat()}; it has no text on {at.isoformat()}",
        )
    amendments = affecting(corpus, work.id)
    key = ("expression", id(work), at, lang, verdicts(corpus, amendments))
    return store.recall(
        key,
        (work, amendments),
        lambda: build_expression(corpus, work.id, [classify(corpus, a, at) for a in amendments], at, lang),
    )


def verdicts(corpus: Corpus, amendments: tuple[Amendment, ...]) -> tuple[tuple[int, str], ...]:
    """(identity, discarded verdict) of each amendment: with the work, date and language, all that a
    consolidation reads (the key of :mod:`lexpub.consolidate.store`)."""
    return tuple((id(a), _discarded(corpus, a)) for a in amendments)


@dataclasses.dataclass(frozen=True)
class _Index:
    """What consolidation looks up in a corpus's amendments, indexed once (a function of the tuple)."""

    amendments: tuple[Amendment, ...]
    affecting: dict[str, tuple[Amendment, ...]]
    """Target work → :meth:`Corpus.affecting` of it."""
    repeals: dict[str, tuple[Amendment, ...]]
    """Work → the repeals of its provisions, in corpus order."""
    discarded: dict[int, tuple[Amendment, str]]
    """id(amendment) → (amendment, :func:`discarded_by` verdict), filled as asked."""


_INDEXES: dict[int, _Index] = {}


def _index(corpus: Corpus) -> _Index:
    """The index of ``corpus.amendments`` (kept for the few tuples last used; each entry holds its tuple,
    so the ``id`` in its key cannot be reused while it lives)."""
    amendments = corpus.amendments
    hit = _INDEXES.get(id(amendments))
    if hit is not None and hit.amendments is amendments:
        return hit
    by_target: dict[str, list[Amendment]] = {}
    repeals: dict[str, list[Amendment]] = {}
    for a in amendments:
        by_target.setdefault(a.op.target_work, []).append(a)
        if a.op.kind == "repeal":
            repeals.setdefault(a.op.target_work, []).append(a)
    index = _Index(
        amendments,
        {w: tuple(sorted(found, key=application_key)) for w, found in by_target.items()},
        {w: tuple(found) for w, found in repeals.items()},
        {},
    )
    if len(_INDEXES) >= 16:
        del _INDEXES[next(iter(_INDEXES))]
    _INDEXES[id(amendments)] = index
    return index


def affecting(corpus: Corpus, work_id: str) -> tuple[Amendment, ...]:
    """:meth:`Corpus.affecting` (amendments of ``work_id`` in application order), from the index."""
    return _index(corpus).affecting.get(work_id, ())


def build_expression(
    corpus: Corpus, work_id: str, changes: Iterable[AppliedChange], at: dt.date | None, lang: Lang
) -> Expression:
    """Apply the ``applied`` changes in order and annotate the ``uncertain`` ones."""
    work = corpus.works[work_id]
    changes = tuple(changes)
    root = work.root
    for change in changes:
        if change.state == "applied":
            root = apply(corpus, root, change.amendment)
    for change in changes:
        if change.state == "uncertain":
            root = mark_uncertain(corpus, root, change.amendment)
    return expression(work, root, changes, at, lang)


def expression(
    work: Work, root: Unit, changes: tuple[AppliedChange, ...], at: dt.date | None, lang: Lang
) -> Expression:
    """The :class:`Expression` of ``work`` whose consolidated tree is ``root`` (status worked out at ``at``)."""
    in_force = commence.in_force(work)
    status: Status = "in-force"
    if at is not None:
        where = in_force.status_at(at)
        status = "not-yet-in-force" if where == "before" else "uncertain" if where == "uncertain" else "in-force"
    return Expression(work=work, lang=lang, at=at, root=root, changes=changes, status=status, in_force=in_force)


def classify(corpus: Corpus, a: Amendment, at: dt.date | None) -> AppliedChange:
    """Is the amendment applied, uncertain, in the future, or discarded at ``at``?"""
    discarded = _discarded(corpus, a)
    if discarded == "yes":
        return AppliedChange(a, "discarded", "its amending provision was repealed before it commenced")
    if at is None:
        return AppliedChange(a, "applied")
    where = a.commencement.status_at(at)
    if where == "before":
        return AppliedChange(a, "future")
    if where == "uncertain" or discarded == "uncertain":
        return AppliedChange(a, "uncertain", a.commencement.basis)
    return AppliedChange(a, "applied")


def _discarded(corpus: Corpus, a: Amendment) -> str:
    """``discarded_by(corpus, a, frozenset())``, worked out once per amendment of the corpus."""
    cache = _index(corpus).discarded
    hit = cache.get(id(a))
    if hit is not None and hit[0] is a:
        return hit[1]
    verdict = discarded_by(corpus, a, frozenset())
    cache[id(a)] = (a, verdict)
    return verdict


def discard_verdict(corpus: Corpus, a: Amendment) -> str:
    """Was the provision carrying ``a`` repealed before ``a`` commenced: "yes", "no" or "uncertain"."""
    return _discarded(corpus, a)


def discarded_by(corpus: Corpus, a: Amendment, seen: frozenset[str]) -> str:
    """ "yes" if the provision carrying ``a`` was repealed before ``a`` commenced, "uncertain", or "no"."""
    if a.provision is None or a.id in seen:
        return "no"
    verdict = "no"
    for r in _index(corpus).repeals.get(a.source_work, ()):
        if not (a.provision == r.op.target_eid or a.provision.startswith(r.op.target_eid + "__")):
            continue
        if discarded_by(corpus, r, seen | {a.id}) == "yes":
            continue
        r_hi, a_lo = r.commencement.hi, a.commencement.lo
        if r_hi is not None and a_lo is not None and (r_hi < a_lo or (r_hi == a_lo and r.commencement.exact)):
            return "yes"
        if r.commencement.lo is not None and a.commencement.hi is not None and r.commencement.lo > a.commencement.hi:
            continue
        verdict = "uncertain"
    return verdict


# --------------------------------------------------------------------------- applying operations
_UNIT_FIELDS = tuple(f.name for f in dataclasses.fields(Unit))
_unit_values = operator.attrgetter(*_UNIT_FIELDS)
_UNIT_INDEX = {name: i for i, name in enumerate(_UNIT_FIELDS)}
assert all(f.init for f in dataclasses.fields(Unit)), "changed() passes every field of Unit to its constructor"


def changed(unit: Unit, **changes: Any) -> Unit:
    """``dataclasses.replace(unit, **changes)``: every field read at once (C ``attrgetter``), not looked up
    and validated field by field — consolidation copies units along every amended path."""
    values = list(_unit_values(unit))
    for name, value in changes.items():
        values[_UNIT_INDEX[name]] = value
    return Unit(*values)


def transform(root: Unit, eid: str, fn: Callable[[Unit], Unit | None]) -> Unit:
    """A new tree in which the unit ``eid`` is replaced by ``fn(unit)`` (None removes it)."""
    found = False
    # the eIds ``c.eid`` with ``eid == c.eid or eid.startswith(c.eid + "__")``: eid and its "__"-prefixes
    on_path = {eid} | {eid[:k] for k in range(len(eid) - 1) if eid[k : k + 2] == "__"}

    def visit(unit: Unit) -> Unit | None:
        nonlocal found
        if unit.eid == eid:
            found = True
            return fn(unit)
        for c in unit.children:
            if c.eid in on_path:
                break
        else:
            return unit
        kids = tuple([k for c in unit.children if (k := visit(c)) is not None])
        return changed(unit, children=kids)

    new = visit(root)
    if not found or new is None:
        raise KeyError(eid)
    return new


def preorder(root: Unit) -> list[Unit]:
    """``list(root.walk())``: the unit and its descendants in document order, without a generator per unit."""
    out: list[Unit] = []
    stack = [root]
    while stack:
        unit = stack.pop()
        out.append(unit)
        if unit.children:
            stack.extend(reversed(unit.children))
    return out


def rebase(unit: Unit, old: str, new: str, *, keep_wid: bool = False) -> Unit:
    """The same subtree with eIds moved from ``old`` to ``new``.

    A renumbered unit keeps its wIds (AKN: the wId survives renumbering); wording copied into a new
    place (``content_from``) takes wIds of that place.
    """
    eid = eids.rebase(unit.eid, old, new)
    wid = unit.wid if keep_wid and unit.wid else eid
    return changed(
        unit, eid=eid, wid=wid, children=tuple(rebase(c, old, new, keep_wid=keep_wid) for c in unit.children)
    )


def content_of(corpus: Corpus, a: Amendment) -> Unit:
    """The new wording of a substitution or insertion, placed at the target eId."""
    op = a.op
    if op.content is not None:
        return op.content
    source = corpus.works[a.source_work]
    found = source.find(op.content_from or "")
    if found is None:
        raise ApplyError(Issue(op.loc, "content-from", f"{op.content_from!r} is not a unit of {a.source_work}"))
    return rebase(found, found.eid, op.target_eid)


def fresh(unit: Unit) -> Unit:
    """New wording is held and in force, whatever the source unit's status was."""
    return changed(unit, held=True, status="in-force", children=tuple(fresh(c) for c in unit.children))


def apply(corpus: Corpus, root: Unit, a: Amendment) -> Unit:
    """Apply one amendment; ApplyError naming the amending provision when it cannot be."""
    op = a.op
    source = corpus.works[a.source_work]
    try:
        if op.kind == "substitute":
            new = fresh(content_of(corpus, a))

            def sub(old: Unit) -> Unit:
                _alive(old, a)
                note = Note("substituted", note_text("substituted", new, source), a.source_work, a.commencement)
                return changed(new, wid=old.wid, notes=(note, *old.notes))

            return transform(root, op.target_eid, sub)
        if op.kind == "insert":
            return insert(corpus, root, a)
        if op.kind in ("repeal", "delete"):
            kind: Literal["repealed", "deleted"] = "repealed" if op.kind == "repeal" else "deleted"

            def rep(old: Unit) -> Unit:
                _alive(old, a)
                note = Note(kind, note_text(kind, old, source), a.source_work, a.commencement)
                return changed(
                    old,
                    text=note.text,
                    children=(),
                    held=True,
                    status="repealed",
                    table=False,
                    amend=None,
                    notes=(note, *old.notes),
                )

            return transform(root, op.target_eid, rep)
        if op.kind in ("replace_words", "delete_words", "insert_words"):
            fn = whole_words if op.whole else replace_words
            return transform(root, op.target_eid, lambda old: fn(old, a, source))
        return renumber(root, a, source)
    except KeyError:
        raise ApplyError(
            Issue(
                op.loc,
                "target-missing",
                f"{a.source_work} amends {op.target_work}#{op.target_eid}, which does not exist then",
            )
        ) from None


def _alive(unit: Unit, a: Amendment) -> None:
    if unit.status == "repealed":
        raise ApplyError(
            Issue(
                a.op.loc,
                "target-repealed",
                f"{a.op.target_work}#{unit.eid} is already repealed when {a.source_work} amends it",
            )
        )


def insert(corpus: Corpus, root: Unit, a: Amendment) -> Unit:
    op = a.op
    new = fresh(content_of(corpus, a))
    source = corpus.works[a.source_work]
    new = changed(new, notes=(Note("inserted", note_text("inserted", new, source), a.source_work, a.commencement),))
    every = preorder(root)
    if any(u.eid == new.eid for u in every):
        raise ApplyError(Issue(op.loc, "insert-exists", f"{op.target_work}#{new.eid} already exists; use substitute"))
    if any(u.wid == new.wid for u in every):
        # A number freed by renumbering is used again: the renumbered unit keeps this wId, so the new
        # unit's wId names the act that inserted it (wIds stay unique within the work).
        new = changed(new, wid=f"{new.eid}-{a.source_work}")

    def place(parent: Unit) -> Unit:
        kids = list(parent.children)
        if op.after:
            idx = next((i for i, k in enumerate(kids) if k.eid == op.after), None)
            if idx is None:
                raise ApplyError(Issue(op.loc, "target-missing", f"insert after {op.after!r}: no such unit"))
            kids.insert(idx + 1, new)
        else:
            key = num_key(new.num)
            idx = len([k for k in kids if k.kind == new.kind and num_key(k.num) < key])
            same = [i for i, k in enumerate(kids) if k.kind == new.kind]
            pos = (same[idx - 1] + 1) if idx and same else (same[0] if same else len(kids))
            kids.insert(pos, new)
        return changed(parent, children=tuple(kids))

    if not op.parent:
        return place(root)
    return transform(root, op.parent, place)


def num_key(num: str | None) -> tuple[int, ...]:
    """Natural order of inserted numbers: 5 < 5-1 < 5-2 < 6."""
    if not num:
        return (0,)
    return tuple(int(p) for p in num.split("-") if p.isdigit())


def replace_words(old: Unit, a: Amendment, source: Work) -> Unit:
    _alive(old, a)
    op = a.op
    note = Note("words", note_text("words", old, source), a.source_work, a.commencement)
    if not old.held or old.text is None:
        return changed(old, notes=(note, *old.notes))
    text = old.text
    for lang, value in old.text.values:
        before = op.old_words.get(lang) if op.old_words else None
        after = op.new_words.get(lang) if op.new_words else None
        if before is None or (after is None and op.kind != "delete_words"):
            continue
        if before not in value:
            raise ApplyError(
                Issue(
                    op.loc, "words-missing", f"the words {before!r} do not occur in {op.target_work}#{old.eid} ({lang})"
                )
            )
        text = text.replace(lang, edit_words(value, op.kind, before, after or ""))
    return changed(old, text=text, notes=(note, *old.notes))


def whole_words(old: Unit, a: Amendment, source: Work) -> Unit:
    """«Бүкіл мәтін бойынша»: the words edited in the unit and in every held unit inside it; one note,
    on the unit named; an error when the words occur nowhere in it."""
    _alive(old, a)
    op = a.op
    note = Note("words", note_text("words", old, source), a.source_work, a.commencement)
    seen: set[str] = set()

    def edit(unit: Unit) -> Unit:
        text = unit.text
        if unit.held and text is not None:
            for lang, value in text.values:
                before = op.old_words.get(lang) if op.old_words else None
                after = op.new_words.get(lang) if op.new_words else None
                if before and before in value and (after is not None or op.kind == "delete_words"):
                    seen.add(lang)
                    text = text.replace(lang, edit_words(value, op.kind, before, after or ""))
        return changed(unit, text=text, children=tuple(edit(c) for c in unit.children))

    new = edit(old)
    wanted = {lang for lang, _ in (op.old_words.values if op.old_words else ())}
    missing = sorted(wanted - seen)
    if missing:
        where = f"{op.target_work}#{old.eid} ({', '.join(missing)})"
        raise ApplyError(Issue(op.loc, "words-missing", f"the words do not occur anywhere in {where}"))
    return changed(new, notes=(note, *old.notes))


def edit_words(value: str, kind: str, before: str, after: str) -> str:
    """Words replaced, deleted (the space left behind closed up) or added after an anchor (one space
    between, none before punctuation): every occurrence, as «бүкіл мәтін бойынша» formulas mean."""
    if kind == "replace_words":
        return value.replace(before, after)
    if kind == "insert_words":
        joint = "" if after[:1] in ",.;:)" else " "
        return value.replace(before, before + joint + after)
    out = re.sub(r"^\x00 ?", "", value.replace(before, "\x00"))
    out = re.sub(r" ?\x00(?= |[,.;:)]|$)", "", out)
    return out.replace("\x00", "")


def renumber(root: Unit, a: Amendment, source: Work) -> Unit:
    op = a.op
    every = preorder(root)
    target = next((u for u in every if u.eid == op.target_eid), None)
    if target is None:
        raise KeyError(op.target_eid)
    _alive(target, a)
    parent_eid = op.target_eid.rpartition("__")[0]
    new_eid = eids.join(parent_eid, eids.component(target.kind, op.new_num, 0))
    if any(u.eid == new_eid for u in every):
        raise ApplyError(
            Issue(op.loc, "renumber-collision", f"renumbering to {new_eid!r} collides with an existing unit")
        )

    def ren(old: Unit) -> Unit:
        moved = rebase(old, old.eid, new_eid, keep_wid=True)
        moved = changed(moved, num=op.new_num)
        note = Note("renumbered", note_text("renumbered", moved, source, old=old), a.source_work, a.commencement)
        return changed(moved, notes=(note, *old.notes))

    return transform(root, op.target_eid, ren)


def mark_uncertain(corpus: Corpus, root: Unit, a: Amendment) -> Unit:
    """Attach an 'uncertain' note to the unit an undecidable amendment concerns."""
    source = corpus.works[a.source_work]
    note = Note("uncertain", uncertain_note(a.op, source, a.commencement), a.source_work, a.commencement)
    target = a.op.target_eid if a.op.kind != "insert" else (a.op.parent or "")
    if not target:
        return root
    try:
        return transform(root, target, lambda u: changed(u, status="uncertain", notes=(note, *u.notes)))
    except KeyError:
        return root


def text_in(unit: Unit, lang: Lang) -> Text | None:
    return unit.text if unit.text and unit.text.get(lang) else None
