"""Drafts: amending orders not signed yet (``work.status: draft``), on top of :mod:`.lifecycle`.

Why: the comparative table is an attachment of the *draft* that goes to the Ministry of Justice, so a
draft is loaded, checked and compared like any order, but it is never in force (its status is
``draft``) and never published. Its operations live in :attr:`Corpus.drafts`, never in
:attr:`Corpus.amendments`, so no consolidated text holds them; :func:`as_if_in_force` places them on a
chosen date to show what the draft would change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from lexpub.errors import InputError, kv
from lexpub.model.core import Amendment, Corpus, Work
from lexpub.model.dates import DRAFT_DATE
from lexpub.model.requisites import Registration
from lexpub.model.values import UNKNOWN, DateRange, Known


def is_draft(corpus: Corpus, work_id: str) -> bool:
    return corpus.works[work_id].status == "draft"


def signed_only(corpus: Corpus) -> tuple[Corpus, tuple[str, ...]]:
    """The corpus without its drafts (what a build may publish), and the ids of the drafts left out."""
    drafts = tuple(sorted(k for k, w in corpus.works.items() if w.status == "draft"))
    if not drafts and not corpus.drafts:
        return corpus, ()
    works = {k: w for k, w in corpus.works.items() if w.status != "draft"}
    return dataclasses.replace(corpus, works=works, drafts=()), drafts


def as_if_in_force(corpus: Corpus, draft_id: str, day: dt.date) -> Corpus:
    """The corpus in which the draft's changes commence on ``day``: the text on ``day`` with the draft."""
    placed = tuple(
        dataclasses.replace(a, commencement=DateRange(day, day, f"the draft as if in force on {day.isoformat()}"))
        for a in corpus.drafts
        if a.source_work == draft_id
    )
    return dataclasses.replace(corpus, amendments=(*corpus.amendments, *placed))


def draft_amendments(corpus: Corpus, draft_id: str) -> tuple[Amendment, ...]:
    return tuple(sorted((a for a in corpus.drafts if a.source_work == draft_id), key=lambda a: a.seq))


def missing_for_signature(work: Work) -> tuple[str, ...]:
    """What a draft still lacks before it is an order: the facts it leaves ``unknown``, in source order."""
    reg = work.registration
    checks = (
        ("number", work.number == f"draft-{work.id}"),
        ("date", work.date == DRAFT_DATE),
        ("registration", reg is UNKNOWN or (isinstance(reg, Registration) and isinstance(reg.number, Known))),
        ("adilet", work.adilet is UNKNOWN),
        ("publication", isinstance(work.publication.date, Known)),
        ("signature", work.signature is None),
    )
    return tuple(name for name, missing in checks if missing)


def refuse_draft(corpus: Corpus, work_id: str, what: str) -> None:
    """A draft has no text in force and no edition: say so, and what shows its changes instead."""
    if is_draft(corpus, work_id):
        raise InputError.at(
            None,
            "draft",
            f"{work_id} is a draft (not signed): it has no {what}; "
            f"`lexpub compare {work_id} --at DATE` and `lexpub diff ACT --draft {work_id} --at DATE` show what it "
            "would change",
            "draft",
            kv(work=work_id, what_w=what),
        )
