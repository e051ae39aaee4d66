"""Applying one textual modification (substitute, insert, repeal, delete, words, renumber) to a tree.

Each operation returns a new tree with the Adilet-style editorial note on the unit it changed; an
operation that cannot apply to the text as it stands raises :class:`ApplyError` naming the amending
provision (validation replays every amendment and reports these).
"""

from __future__ import annotations

import re
from typing import Literal

from lexpub.consolidate.tree import changed, fresh, num_key, preorder, rebase, transform
from lexpub.errors import BuildError, Issue, kv
from lexpub.model import eids
from lexpub.model.core import Amendment, Corpus, Note, Op, Unit, Work, find_unit
from lexpub.model.values import Text
from lexpub.wording.phrases import element_note, note_text, uncertain_note


class ApplyError(BuildError):
    """An amendment cannot be applied to the text as it stands (validation reports these)."""


def content_of(corpus: Corpus, a: Amendment) -> Unit:
    """The new wording of a substitution or insertion, placed at the target eId."""
    op = a.op
    if op.content is not None:
        return op.content
    source = corpus.works[a.source_work]
    found = source.find(op.content_from or "")
    if found is None:
        raise ApplyError(
            Issue(
                op.loc,
                "content-from",
                f"{op.content_from!r} is not a unit of {a.source_work}",
                "content-from",
                kv(unit=op.content_from, work=a.source_work),
            )
        )
    return rebase(found, found.eid, op.target_eid)


def apply(corpus: Corpus, root: Unit, a: Amendment) -> Unit:
    """Apply one amendment; ApplyError naming the amending provision when it cannot be."""
    op = a.op
    source = corpus.works[a.source_work]
    try:
        if acts_on_act(op):
            return apply_to_act(corpus, root, a)
        if op.element != "unit":
            return transform(root, op.target_eid, lambda old: new_heading(old, a, source))
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
                "target-missing.then",
                kv(source=a.source_work, target=f"{op.target_work}#{op.target_eid}"),
            )
        ) from None


def acts_on_act(op: Op) -> bool:
    """The act's own title or preamble: they live on the work, not in its unit tree."""
    return op.element != "unit" and not op.target_eid


def apply_to_act(corpus: Corpus, root: Unit, a: Amendment) -> Unit:
    """The act's title («тақырыбы» / «заголовок») or preamble («кіріспесі» / «преамбула») amended. The
    synthetic root carries them once amended (its heading, its text; :func:`expression` hands them to the
    expression's work, where every renderer reads them); the note goes on the root."""
    op, source, work = a.op, corpus.works[a.source_work], corpus.works[a.op.target_work]
    kind: Literal["substituted", "words"] = "substituted" if op.kind == "substitute" else "words"
    note = Note(kind, element_note(kind, op.element, None, source), a.source_work, a.commencement)
    if op.element == "heading":
        title = element_text(root.heading if root.heading is not None else work.title, a, f"{work.id} (title)")
        return changed(root, heading=title, notes=(note, *root.notes))
    old = root.text if root.text is not None else work.preamble
    return changed(root, text=element_text(old, a, f"{work.id} (preamble)"), notes=(note, *root.notes))


def new_heading(old: Unit, a: Amendment, source: Work) -> Unit:
    """A unit's heading (an article's, a chapter's, an approved document's title) amended."""
    _alive(old, a)
    kind: Literal["substituted", "words"] = "substituted" if a.op.kind == "substitute" else "words"
    note = Note(kind, element_note(kind, "heading", old, source), a.source_work, a.commencement)
    heading = element_text(old.heading, a, f"{a.op.target_work}#{old.eid} (heading)")
    return changed(old, heading=heading, notes=(note, *old.notes))


def element_text(old: Text | None, a: Amendment, where: str) -> Text | None:
    """A heading or preamble after the operation: the new wording, or the words edited in every language
    held (a text not held stays not held — the note still says it changed)."""
    op = a.op
    if op.kind == "substitute":
        return op.new_words
    if op.kind not in ("replace_words", "delete_words", "insert_words"):
        raise ApplyError(
            Issue(
                op.loc,
                "element-op",
                f"{op.kind} does not apply to a {op.element}",
                "element-op",
                kv(op=op.kind, element=op.element),
            )
        )
    if old is None:
        return None
    text = old
    for lang, value in old.values:
        before = op.old_words.get(lang) if op.old_words else None
        after = op.new_words.get(lang) if op.new_words else None
        if before is None or (after is None and op.kind != "delete_words"):
            continue
        if before not in value:
            raise ApplyError(
                Issue(
                    op.loc,
                    "words-missing",
                    f"the words {before!r} do not occur in {where} ({lang})",
                    "words-missing",
                    kv(words=before, where=where, lang=lang),
                )
            )
        text = text.replace(lang, edit_words(value, op.kind, before, after or ""))
    return text


def _alive(unit: Unit, a: Amendment) -> None:
    if unit.status == "repealed":
        raise ApplyError(
            Issue(
                a.op.loc,
                "target-repealed",
                f"{a.op.target_work}#{unit.eid} is already repealed when {a.source_work} amends it",
                "target-repealed",
                kv(target=f"{a.op.target_work}#{unit.eid}", source=a.source_work),
            )
        )


def insert(corpus: Corpus, root: Unit, a: Amendment) -> Unit:
    op = a.op
    new = fresh(content_of(corpus, a))
    source = corpus.works[a.source_work]
    new = changed(new, notes=(Note("inserted", note_text("inserted", new, source), a.source_work, a.commencement),))
    every = preorder(root)
    if any(u.eid == new.eid for u in every):
        raise ApplyError(
            Issue(
                op.loc,
                "insert-exists",
                f"{op.target_work}#{new.eid} already exists; use substitute",
                "insert-exists",
                kv(target=f"{op.target_work}#{new.eid}"),
            )
        )
    if any(u.wid == new.wid for u in every):
        # A number freed by renumbering is used again: the renumbered unit keeps this wId, so the new
        # unit's wId names the act that inserted it (wIds stay unique within the work).
        new = changed(new, wid=f"{new.eid}-{a.source_work}")

    def place(parent: Unit) -> Unit:
        kids = list(parent.children)
        if op.after:
            idx = next((i for i, k in enumerate(kids) if k.eid == op.after), None)
            if idx is None:
                raise ApplyError(
                    Issue(
                        op.loc,
                        "target-missing",
                        f"insert after {op.after!r}: no such unit",
                        "target-missing.after",
                        kv(after=op.after),
                    )
                )
            kids.insert(idx + 1, new)
        else:
            key = num_key(new.num)
            idx = len([k for k in kids if k.kind == new.kind and num_key(k.num) < key])
            same = [i for i, k in enumerate(kids) if k.kind == new.kind]
            pos = (same[idx - 1] + 1) if idx and same else (same[0] if same else len(kids))
            kids.insert(pos, new)
        return changed(parent, children=tuple(kids))

    holder = op.parent or ""
    container = root if not holder else find_unit(root, holder)
    if container is not None:
        holder = through_chapters(container, new, op.after)
    if not holder:
        return place(root)
    return transform(root, holder, place)


def through_chapters(parent: Unit, new: Unit, after: str | None) -> str:
    """The eId of the unit whose children the new unit joins: ``parent`` itself, or the chapter (section)
    inside it that holds the sibling it follows — or, with no sibling named, the nearest lower number of
    its kind (paragraphs run straight through chapters; see :data:`lexpub.model.eids.TRANSPARENT`)."""
    boxes = [parent, *(u for u in preorder(parent)[1:] if u.kind in eids.TRANSPARENT)]
    if not any(u.kind in eids.TRANSPARENT for u in parent.children):
        return parent.eid
    key = num_key(new.num)
    best = parent.eid
    for box in boxes:
        for kid in box.children:
            if (after and kid.eid == after) or (not after and kid.kind == new.kind and num_key(kid.num) < key):
                best = box.eid
    if after or best != parent.eid:
        return best
    first = next((b for b in boxes[1:] if any(k.kind == new.kind for k in b.children)), parent)
    return first.eid


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
                    op.loc,
                    "words-missing",
                    f"the words {before!r} do not occur in {op.target_work}#{old.eid} ({lang})",
                    "words-missing",
                    kv(words=before, where=f"{op.target_work}#{old.eid}", lang=lang),
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
        # the act's whole text is its own provisions; an approved document is named on its own
        kids = tuple(c if unit.eid == "" and c.kind in ("attachment", "appendix") else edit(c) for c in unit.children)
        return changed(unit, text=text, children=kids)

    new = edit(old)
    wanted = {lang for lang, _ in (op.old_words.values if op.old_words else ())}
    missing = sorted(wanted - seen)
    if missing:
        where = f"{op.target_work}#{old.eid} ({', '.join(missing)})"
        raise ApplyError(
            Issue(
                op.loc,
                "words-missing",
                f"the words do not occur anywhere in {where}",
                "words-missing.anywhere",
                kv(where=where),
            )
        )
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
            Issue(
                op.loc,
                "renumber-collision",
                f"renumbering to {new_eid!r} collides with an existing unit",
                "renumber-collision",
                kv(eid=new_eid),
            )
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
