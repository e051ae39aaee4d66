"""A store of consolidated texts owned by one build: each (work, date, language) is consolidated once.

Why: a build's producers (text, formats, site, effects, documents) each ask for the same texts; without
the store one build of four works consolidated 89 times. The build opens a :func:`scope` around its
steps and drops it when they are done; outside a scope nothing is kept (no process-wide cache), so a
command that consolidates once pays nothing for it.

A text is recalled only for an equal key: the same :class:`~lexpub.model.core.Work` object, date and
language, and the same amendments (by identity) with the same verdict on each — everything the
consolidation reads. The per-work corpora of a build share these objects, so a text asked for by
several steps is made once; a different corpus can never be given another corpus's text.

The store keeps at most :data:`LIMIT` entries, the least recently asked for leaving first: a worker of
a large build runs the steps of thousands of works, and an unbounded store would hold every text it
ever made until the build ends (its memory growing with its share of the corpus). A text asked for
again after it has left is made again: the same value, at the cost of one consolidation.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

LIMIT = 1024
"""Entries a store keeps. A text of the real corpus takes ~0.2 MB in memory, so the bound is a few
hundred MB at the very most; a step asks for a few dozen texts (its work's editions in two languages
and the texts its amendments change), so the texts shared by the steps of one work stay."""


class Texts:
    """Consolidated texts (and edition lists) made during one build, by key; at most ``limit``, the
    least recently asked for dropped first."""

    def __init__(self, limit: int = LIMIT) -> None:
        if limit < 1:
            raise ValueError(f"a store of texts keeps at least one entry, not {limit}")
        self.limit = limit
        self._made: OrderedDict[Hashable, tuple[object, Any]] = OrderedDict()

    def recall(self, key: Hashable, holds: object, make: Callable[[], T]) -> T:
        """The value made for ``key``, made now if it is the first ask (or it has left the store).
        ``holds`` keeps the objects whose identities are in the key alive as long as the entry (so no
        identity is reused while the key is kept)."""
        hit = self._made.get(key)
        if hit is None:
            hit = (holds, make())  # made before it is stored: a failed make leaves nothing behind
            self._made[key] = hit
            while len(self._made) > self.limit:
                self._made.popitem(last=False)
        else:
            self._made.move_to_end(key)
        value: T = hit[1]
        return value

    def __len__(self) -> int:
        return len(self._made)


_ACTIVE: ContextVar[Texts | None] = ContextVar("lexpub_texts", default=None)


@contextmanager
def scope(texts: Texts | None = None) -> Iterator[Texts]:
    """Within the block, consolidation recalls and keeps its texts in ``texts`` (a new store by default)."""
    store = Texts() if texts is None else texts
    token = _ACTIVE.set(store)
    try:
        yield store
    finally:
        _ACTIVE.reset(token)


def recall(key: Hashable, holds: object, make: Callable[[], T]) -> T:
    """``make()`` through the store of the current :func:`scope`, or simply ``make()`` outside one."""
    store = _ACTIVE.get()
    return make() if store is None else store.recall(key, holds, make)
