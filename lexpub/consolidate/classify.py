"""Where each amendment stands at a date: applied, uncertain, future or discarded.

An amendment is discarded when the provision carrying it was repealed before it commenced (worked
out once per amendment of a corpus, through an index of its amendments); otherwise its commencement
decides, at the date, whether it is applied, still in the future, or undecidable (uncertain).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from lexpub.model.core import Amendment, AppliedChange, Corpus, application_key


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
