"""Point-in-time consolidation: ``(corpus, work, date | latest, language) → Expression``.

Amendments are applied in commencement order (ties: the order the amending act lists them). An
amendment whose commencement is undecidable at the date is not applied; the unit it concerns is
marked ``uncertain`` with a note saying why — never a guess. ``latest`` applies every known
amendment, as Adilet does.

The pieces live beside this module: :mod:`~lexpub.consolidate.classify` (where each amendment stands
at a date), :mod:`~lexpub.consolidate.operations` (applying one textual modification) and
:mod:`~lexpub.consolidate.tree` (editing a unit tree); their names used across the package are
re-exported here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from lexpub.consolidate import store
from lexpub.consolidate.classify import affecting, classify, discard_verdict, verdicts
from lexpub.consolidate.operations import ApplyError, apply, content_of, edit_words, mark_uncertain
from lexpub.consolidate.tree import preorder, transform
from lexpub.errors import InputError, kv
from lexpub.model import commence
from lexpub.model.core import AppliedChange, Corpus, Expression, Status, Unit, Work
from lexpub.model.values import Lang

__all__ = [
    "ApplyError",
    "affecting",
    "apply",
    "build_expression",
    "classify",
    "consolidate",
    "content_of",
    "discard_verdict",
    "edit_words",
    "expression",
    "preorder",
    "transform",
    "verdicts",
]


def consolidate(corpus: Corpus, work_id: str, at: dt.date | None = None, lang: Lang = "kaz") -> Expression:
    """The text of ``work_id`` as in force on ``at`` (None: latest) in ``lang``."""
    work = corpus.work(work_id)
    if at is not None and at < work.date:
        raise InputError.at(
            None,
            "not-yet-adopted",
            f"{work.id} was signed on {work.date.isoformat()}; it has no text on {at.isoformat()}",
            "not-yet-adopted",
            kv(work=work.id, signed=work.date.isoformat(), at=at.isoformat()),
        )
    amendments = affecting(corpus, work.id)
    key = ("expression", id(work), at, lang, verdicts(corpus, amendments))
    return store.recall(
        key,
        (work, amendments),
        lambda: build_expression(corpus, work.id, [classify(corpus, a, at) for a in amendments], at, lang),
    )


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
    if root.heading is not None or root.text is not None:  # the act's title or preamble amended (apply_to_act)
        title = root.heading if root.heading is not None else work.title
        work = dataclasses.replace(work, title=title, preamble=root.text if root.text is not None else work.preamble)
    in_force = commence.in_force(work)
    status: Status = "in-force"
    if at is not None:
        where = in_force.status_at(at)
        status = "not-yet-in-force" if where == "before" else "uncertain" if where == "uncertain" else "in-force"
    return Expression(work=work, lang=lang, at=at, root=root, changes=changes, status=status, in_force=in_force)
