"""Presentation-neutral pieces of a redline shared by every format: blocks, cause sentences,
date phrases and the status lines of both sides. ``Redline → Blocks / strings`` in one language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from lexpub.diff.redline import Cause, Redline, UnitChange
from lexpub.model.core import Corpus
from lexpub.model.dates import short
from lexpub.model.values import DateRange, Lang
from lexpub.wording.acts import act_name
from lexpub.wording.i18n import capitalize, t
from lexpub.wording.names import unit_path_name
from lexpub.wording.phrases import by_act, when_phrase

MARK = {
    "changed": "~",
    "substituted": "~",
    "words": "~",
    "renumbered": "~",
    "inserted": "+",
    "repealed": "-",
    "removed": "-",
    "uncertain": "?",
}


@dataclass(frozen=True, slots=True)
class Block:
    """A changed unit (``head``) and the units of its subtree (``body``, possibly unchanged)."""

    head: UnitChange
    body: tuple[UnitChange, ...]


def blocks(rl: Redline) -> tuple[Block, ...]:
    """Group entries: each changed unit opens a block that takes in its whole subtree."""
    out: list[Block] = []
    head: UnitChange | None = None
    body: list[UnitChange] = []
    for e in rl.entries:
        if head is not None and e.eid.startswith(head.eid + "__"):
            body.append(e)
            continue
        if head is not None:
            out.append(Block(head, tuple(body)))
            head, body = None, []
        if e.change not in ("unchanged", "new-wording"):
            head = e
    if head is not None:
        out.append(Block(head, tuple(body)))
    return tuple(out)


def printed(units: tuple[UnitChange, ...]) -> tuple[UnitChange, ...]:
    """The units of a block as they are printed: a number with no words of its own ("11.") opens the
    line of its first unnumbered part ("11. Әскерге …"), as Adilet prints it; nothing else changes."""
    out: list[UnitChange] = []
    carry: UnitChange | None = None
    for x in units:
        if carry is not None:
            if x.eid.startswith(carry.eid + "__") and x.kind == "alinea" and not x.label and words(x):
                out.append(dataclasses.replace(x, label=carry.label, depth=carry.depth))
                carry = None
                continue
            out.append(carry)
            carry = None
        if x.label and x.kind != "row" and not words(x) and x.change not in ("repealed", "removed"):
            carry = x
            continue
        out.append(x)
    if carry is not None:
        out.append(carry)
    return tuple(out)


def words(x: UnitChange) -> bool:
    return bool(x.segments or x.new_text)


def when(rng: DateRange, lang: Lang) -> str:
    """ "20.01.2023" when exact, else the bounds ("ерте дегенде 20.01.2023")."""
    exact = rng.exact
    return short(exact) if exact else when_phrase(rng, lang)


def cause_line(corpus: Corpus, cause: Cause, lang: Lang) -> str:
    """Who made the change, by which provision (or that it is not held), from when.

    The provision is cited by name ("…тізбесі, 2-тармақ, 3-бөлік"), as a lawyer cites it."""
    source = corpus.works[cause.source_work]
    act = by_act(source, lang)
    if cause.provision:
        provision = unit_path_name(source.root, cause.provision, lang)
    else:
        provision = t(lang, "diff.provision_unknown")
    if source.status == "draft":  # not in force on any date: what it proposes, not when it applies
        return t(lang, "draft.cause", act=act, provision=provision)
    return t(lang, "diff.cause", act=act, provision=provision, when=when(cause.commencement, lang))


def at_label(at: object, lang: Lang) -> str:
    return short(at) if isinstance(at, dt.date) else t(lang, "diff.latest")


def act_label(corpus: Corpus, work_id: str, lang: Lang) -> str:
    """ "17.07.2017 № 357 бұйрық": the act as the site names it."""
    return act_name(corpus, work_id, lang)


def title(corpus: Corpus, rl: Redline, lang: Lang) -> str:
    act = capitalize(act_label(corpus, rl.work_id, lang))
    return t(lang, "diff.title", act=act, old=at_label(rl.old_at, lang), new=at_label(rl.new_at, lang))


def status_lines(rl: Redline, lang: Lang) -> list[str]:
    """The in-force status of the act at either date when it is not plainly in force."""
    out = []
    for side, at, status in (("old", rl.old_at, rl.old_status), ("new", rl.new_at, rl.new_status)):
        if status == "uncertain":
            message = t(lang, "in_force.unknown", when=when(rl.in_force, lang))
        elif status == "not-yet-in-force":
            message = t(lang, "in_force.before", when=when(rl.in_force, lang))
        else:
            continue
        out.append(t(lang, f"diff.side.{side}", at=at_label(at, lang), message=message))
    return out


def uncertain_lines(corpus: Corpus, rl: Redline, lang: Lang) -> list[str]:
    if not rl.uncertain:
        return []
    lines = [t(lang, "uncertain.heading")]
    for c in rl.uncertain:
        op = c.amendment.op
        target = corpus.works[op.target_work]
        unit = unit_path_name(target.root, op.target_eid, lang)
        lines.append(f"{capitalize(act_label(corpus, op.target_work, lang))}, {unit}: {cause_line(corpus, c, lang)}")
    return lines


def note_lines(e: UnitChange, lang: Lang) -> list[str]:
    return [n.text.get(lang) or "" for n in e.notes if n.text.get(lang)]


def change_label(e: UnitChange, lang: Lang) -> str:
    return t(lang, f"diff.change.{e.change}")
