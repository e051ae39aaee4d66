"""The grammar's reading of an amending sentence as candidate operations, and the check that a candidate
names the unit the grammar read.

:mod:`lexpub.ingest.amendments` guesses candidates from the numbers in a sentence, one level below the act
or its document. Real acts name deeper units («1-баптың 2-бөлігінің 3) тармақшасы», «подпункт 3) пункта
2»), headings, preambles and the whole text; here the grammar's path is resolved against the amended work
(:mod:`lexpub.ingest.targets`) into one more candidate. A candidate is still accepted only when lexpub's
formula generator prints the very sentence it came from — reading and writing must agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from lexpub.ingest import targets
from lexpub.ingest.formulas import ParsedOp, parse_amendment
from lexpub.ingest.units import Formula, Node
from lexpub.model import eids
from lexpub.model.core import Op, Unit, Work
from lexpub.model.values import Lang, Text

OPS = {"replace": "substitute", "insert": "insert", "repeal": "repeal", "delete": "delete"} | {
    k: k for k in ("replace_words", "delete_words", "insert_words")
}
WORDS = ("replace_words", "delete_words", "insert_words")


def reading(f: Formula, lang: Lang) -> ParsedOp | None:
    """The grammar's one operation for the sentence (with its quoted wording), or None."""
    return _read("\n".join([f.line.text, *(x.text for x in f.content_lines)]), lang)


@lru_cache(maxsize=256)
def _read(text: str, lang: Lang) -> ParsedOp | None:
    """One parse per sentence: candidates and the check ask for the same reading (Earley parsing is slow)."""
    parsed = parse_amendment(text, lang)
    return parsed.ops[0] if len(parsed.ops) == 1 and not parsed.flagged else None


def base_of(work: Work, scope: str) -> Unit | None:
    return work.root if not scope else work.find(scope)


def grammar_candidates(
    f: Formula, work: Work, scope: str, content: Node | None, lang: Lang
) -> Iterator[tuple[Op, dict[str, Any]]]:
    """The operation the grammar reads, on the unit its path names in ``work`` (none when it names none)."""
    p = reading(f, lang)
    base = base_of(work, scope)
    if p is None or base is None:
        return
    path = [s for s in p.target if s[0] != "document"]
    words = _t(p.old), _t(p.new)
    if path and path[-1][0] in ("heading", "preamble"):
        yield from _element(p, work, base, path, words)
    elif path and path[-1][0] == "text" and p.op in WORDS:
        unit = targets.find(base, path[:-1]) if path[:-1] else base
        if unit is not None:
            yield _op(p.op, work, unit.eid, words, whole=True)
    elif p.op == "insert" and path and content is not None:
        yield from _insert(work, base, path, content)
    elif p.op != "insert" and path:
        unit = targets.find(base, path)
        if unit is None:
            return
        if p.op == "replace" and content is not None:
            stub = Unit(kind=unit.kind, eid=unit.eid, num=unit.num)
            yield (
                Op("substitute", work.id, unit.eid, content=stub),
                {**_target(work, unit.eid, "substitute"), "content": content},
            )
        elif p.op in ("repeal", "delete") or p.op in WORDS:
            yield _op(p.op, work, unit.eid, words)


def _t(words: str | None) -> Text | None:
    return None if words is None else Text((("kaz", words), ("rus", words)))


def _target(work: Work, eid: str, op: str) -> dict[str, Any]:
    return {"op": op, "target": f"{work.id}#{eid}" if eid else work.id}


def _op(
    kind: str, work: Work, eid: str, words: tuple[Text | None, Text | None], *, whole: bool = False
) -> tuple[Op, dict[str, Any]]:
    old, new = words
    amend = _target(work, eid, OPS[kind])
    amend |= {"whole": True} if whole else {}
    amend |= {k: v.values[0][1] for k, v in (("old", old), ("new", new)) if v is not None}
    return Op(OPS[kind], work.id, eid, old_words=old, new_words=new, whole=whole), amend  # type: ignore[arg-type]


def _element(
    p: ParsedOp, work: Work, base: Unit, path: Sequence[tuple[str, str | None]], words: tuple[Text | None, Text | None]
) -> Iterator[tuple[Op, dict[str, Any]]]:
    """A heading (the act's title, or a unit's) or the act's preamble, replaced or its words edited."""
    element = path[-1][0]
    unit = targets.find(base, path[:-1]) if path[:-1] else base
    if unit is None or (element == "preamble" and unit.eid) or p.op not in ("replace", *WORDS):
        return
    kind = OPS[p.op]
    old, new = (None, _t(p.new)) if p.op == "replace" else words
    amend = {**_target(work, unit.eid, kind), "element": element}
    amend |= {k: v.values[0][1] for k, v in (("old", old), ("new", new)) if v is not None}
    yield Op(kind, work.id, unit.eid, old_words=old, new_words=new, element=element), amend  # type: ignore[arg-type]


def _insert(
    work: Work, base: Unit, path: Sequence[tuple[str, str | None]], content: Node
) -> Iterator[tuple[Op, dict[str, Any]]]:
    """A new unit under the unit the path's outer steps name; the quoted wording must be that unit."""
    parent = targets.find(base, path[:-1]) if path[:-1] else base
    kind, num = path[-1]
    model = targets.KIND.get(kind, ("",))[0]
    if parent is None or num is None or content.get("kind") != model or str(content.get("num")) != num:
        return
    eid = eids.join(holder(parent), eids.component(model, num, 0))
    stub = Unit(kind=model, eid=eid, num=num)  # type: ignore[arg-type]
    yield (
        Op("insert", work.id, eid, content=stub, parent=parent.eid),
        {**_target(work, eid, "insert"), "content": content},
    )


def holder(parent: Unit) -> str:
    """The eId a new child of ``parent`` is built on: a chapter's or section's children skip it."""
    return parent.eid.rpartition("__")[0] if parent.kind in eids.TRANSPARENT else parent.eid


def names_the_unit(f: Formula, lang: Lang, amend: dict[str, Any], work: Work, scope: str) -> bool | None:
    """Does the grammar's reading name the very unit ``amend`` targets? None when it cannot be resolved
    (a partial work: the unit is not held), so the caller falls back to comparing paths."""
    p = reading(f, lang)
    base = base_of(work, scope)
    if p is None or base is None or OPS.get(p.op) != amend["op"]:
        return None if p is not None and base is None else False
    eid = str(amend["target"]).partition("#")[2]
    path = [s for s in p.target if s[0] not in ("document", "text", "heading", "preamble")]
    if p.op == "insert":
        parent = targets.find(base, path[:-1]) if path[:-1] else base
        return None if parent is None else eid == eids.join(holder(parent), eid.rpartition("__")[2])
    unit = targets.find(base, path) if path else base
    return None if unit is None else unit.eid == eid
