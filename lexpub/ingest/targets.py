"""A target the grammar reads → the unit of a work it names, or None: never a near miss.

The grammar gives a path outside-in in the words of the text («5-баптың 2-бөлігінің 3) тармақшасы» →
``[["article","5"],["part","2"],["subparagraph","3"]]``); the model has its own kinds and eIds. A step
is looked for among the children of the unit found so far, looking through what a citation skips: a
chapter or section (numbers run straight through them, :data:`lexpub.model.eids.TRANSPARENT`) and the
unnumbered intro part that holds a list («Осы Заңда мынадай … ұғымдар пайдаланылады:» then «1) …»).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from lexpub.model import eids
from lexpub.model.core import Unit

KIND = {
    "article": ("article",),
    "chapter": ("chapter",),
    "section": ("section",),
    "paragraph": ("paragraph",),
    "subparagraph": ("point",),
    "part": ("part", "alinea"),  # an article's part, or a тармақ's unnumbered part («4-тармақтың 1-бөлігі»)
    "indent": ("alinea",),
    "appendix": ("appendix", "attachment"),
}
"""The grammar's kinds → the model's (``indent`` / абзац is the model's unnumbered ``alinea``)."""

Step = tuple[str, str | None]


def find(root: Unit, path: Sequence[Step]) -> Unit | None:
    """The unit ``path`` names under ``root`` (the act's synthetic root), or None when a step is missing,
    ambiguous, or not a unit (``heading``, ``preamble``, ``text`` are resolved by the caller)."""
    node = root
    for kind, num in path:
        if kind == "document":
            docs = [u for u in node.children if u.kind == "attachment" and u.num is None]
            if len(docs) != 1:
                return None
            node = docs[0]
            continue
        if kind not in KIND or num is None:
            return None
        hits = [u for u in _reachable(node) if u.kind in KIND[kind] and _numbered(u, num)]
        if len(hits) != 1:
            return None
        node = hits[0]
    return node


def _reachable(node: Unit) -> Iterator[Unit]:
    """The children of ``node`` and, through chapters, sections and unnumbered intro parts, theirs."""
    for child in node.children:
        yield child
        if child.kind in eids.TRANSPARENT or (child.kind in ("part", "alinea") and child.num is None):
            yield from _reachable(child)


def _numbered(unit: Unit, num: str) -> bool:
    """The unit's own number, or — for an unnumbered part or абзац — its count among its kind («екінші
    бөлік» / «абзац второй» → the second)."""
    if unit.num is not None:
        return unit.num == num
    if unit.kind in ("part", "alinea"):
        return unit.eid.rpartition("_")[2] == num
    return False
