"""Editions of a work: each distinct text with its validity interval and the act that opened it.

Amendments that commence together (same date range) open one edition. An edition holds every earlier
change too, so it starts when the last of them has commenced (:func:`lifecycle.edition_start`): an
edition opened on a known date after a change whose date is unknown has an uncertain start. An
edition's start may be uncertain; it is then named by the act that opened it, never by a guessed date. Each edition's text
is the previous edition's with the new amendments applied (the same tree as applying all of them to
the text as made, with every unit the new ones leave alone shared with the previous edition).
"""

from __future__ import annotations

from itertools import groupby

from lexpub.consolidate import store
from lexpub.consolidate.apply import affecting, apply, classify, expression, verdicts
from lexpub.consolidate.lifecycle import edition_start
from lexpub.model import commence
from lexpub.model.core import Amendment, AppliedChange, Corpus, Edition, Work
from lexpub.model.values import DateRange, Lang


def editions(corpus: Corpus, work_id: str, lang: Lang = "kaz") -> tuple[Edition, ...]:
    """All editions of ``work_id`` in order; the first is the text as made (made once per build scope)."""
    work = corpus.work(work_id)
    amendments = affecting(corpus, work.id)
    key = ("editions", id(work), lang, verdicts(corpus, amendments))
    return store.recall(key, (work, amendments), lambda: _editions(corpus, work, lang))


def _editions(corpus: Corpus, work: Work, lang: Lang) -> tuple[Edition, ...]:
    live = [a for a in affecting(corpus, work.id) if classify(corpus, a, None).state != "discarded"]
    groups: list[tuple[DateRange, list[Amendment]]] = [(commence.in_force(work), [])]
    held: list[Amendment] = []
    for _, grp in groupby(live, key=lambda a: (a.commencement.lo, a.commencement.hi)):
        items = list(grp)
        held += items
        groups.append((edition_start(corpus, work, held), items))
    out: list[Edition] = []
    applied: list[Amendment] = []
    changes: tuple[AppliedChange, ...] = ()
    root = work.root
    for i, (start, items) in enumerate(groups):
        applied += items
        for a in items:
            root = apply(corpus, root, a)
        changes += tuple(AppliedChange(a, "applied") for a in items)
        expr = expression(work, root, changes, start.exact, lang)
        end = groups[i + 1][0] if i + 1 < len(groups) else None
        opened_by = items[0].source_work if items else work.id
        out.append(Edition(i, start, end, opened_by, tuple(applied), expr))
    return tuple(out)
