"""The order in which a pool or a cluster starts a build's steps: the heaviest first.

A pool that hands out steps in plan order, several to a worker at a time, can leave one worker with
the longest steps at the end while the others have nothing left to do: on a 12-work corpus the
local pool ran at 74 % of WeasyPrint's own rate on the same pages (``scripts/bench_pdf_rate.py``).
Handed out one at a time, longest first, the steps keep every worker busy to the end (Graham's
longest-processing-time rule: within 4/3 of the best schedule). The order changes when a step runs,
never what it makes: the outputs are returned in plan order.

A step's length is not known before it runs, so it is estimated from what it lays out. A producer
says what that is with :func:`weighs`: ``text`` per character of each text of its work (the latest
text and one per work that amends it: an edition), ``changes`` per character of the changes its work
makes to other acts (their comparative tables: the new wording, and the old one as long as a mean
unit of the act changed). Producers that declare nothing weigh ``text=1`` and are cheap next to
those that lay out PDFs or DOCX.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from lexpub.model.core import Corpus, Op, Unit

F = TypeVar("F")


@dataclass(frozen=True)
class Weight:
    """Cost per character of a work's texts (``text``) and of the changes it makes (``changes``)."""

    text: int = 1
    changes: int = 0


LIGHT = Weight()


def weighs(text: int = 1, changes: int = 0) -> Callable[[F], F]:
    """Mark a producer with the :class:`Weight` of what it lays out."""

    def mark(fn: F) -> F:
        fn.__lexpub_weight__ = Weight(text, changes)  # type: ignore[attr-defined]
        return fn

    return mark


def weight_of(fn: object) -> Weight:
    found: Weight = getattr(fn, "__lexpub_weight__", LIGHT)
    return found


def _chars(unit: Unit) -> tuple[int, int]:
    """(characters, units) of ``unit`` and everything under it, iteratively (deep acts are fine)."""
    chars = units = 0
    stack = [unit]
    while stack:
        u = stack.pop()
        units += 1
        for part in (u.text, u.heading, *u.header):
            if part is not None:
                chars += sum(len(v) for _, v in part.values)
        stack.extend(u.children)
    return chars, units


@dataclass(frozen=True)
class Volume:
    """Characters a work's per-work steps lay out: its texts, and the changes it makes."""

    text: int
    changes: int


def _words(op: Op) -> int:
    """Characters of the new wording an operation carries (a unit, or words)."""
    chars = _chars(op.content)[0] if op.content is not None else 0
    for words in (op.new_words, op.old_words):
        if words is not None:
            chars += sum(len(v) for _, v in words.values)
    return chars


def volumes(corpus: Corpus, works: Sequence[str]) -> dict[str, Volume]:
    """The :class:`Volume` of each of ``works``: the work's characters once per text (the latest and
    one per amending work); for each change it makes, its new wording and the mean unit of the act
    it changes (the old wording beside it in a comparative table)."""
    if not works:
        return {}
    amenders: dict[str, set[str]] = defaultdict(set)
    made: dict[str, list[Op]] = defaultdict(list)
    for a in corpus.amendments:
        amenders[a.op.target_work].add(a.source_work)
        made[a.source_work].append(a.op)
    sizes: dict[str, tuple[int, int]] = {}

    def size(work: str) -> tuple[int, int]:
        if work not in sizes:
            w = corpus.works.get(work)
            sizes[work] = _chars(w.root) if w is not None else (0, 1)
        return sizes[work]

    out = {}
    for work in works:
        changes = 0
        for op in made.get(work, ()):
            chars, units = size(op.target_work)
            changes += _words(op) + chars // max(1, units)
        out[work] = Volume(size(work)[0] * (1 + len(amenders.get(work, ()))), changes)
    return out


def heaviest_first(corpus: Corpus, steps: Sequence[Any], resolve: Callable[[str], Any]) -> list[int]:
    """Indices of ``steps`` (:class:`~lexpub.publish.graph.Step`) in the order to start them: the
    estimated heaviest first, plan order among equals.

    Only the works of the per-work and group steps given are weighed: a rebuild after one edit runs a
    few steps and must not walk every act of a large corpus to order them. A group step weighs its
    members' sum; a global step the sum of every work weighed (in a full build, the whole corpus)."""
    vols = volumes(corpus, sorted({w for s in steps for w in ((s.work,) if s.work else s.members)}))
    weights: dict[str, Weight] = {}

    def cost(step: Any) -> int:
        wt = weights.get(step.spec)
        if wt is None:
            wt = weights[step.spec] = weight_of(resolve(step.spec))
        works = (step.work,) if step.work else step.members or vols
        return sum(wt.text * vols[w].text + wt.changes * vols[w].changes for w in works)

    costs = [cost(s) for s in steps]
    return sorted(range(len(steps)), key=lambda i: (-costs[i], i))
