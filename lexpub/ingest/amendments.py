"""Amending sentences → ``amend:`` operations, never guessed.

An operation is accepted only when lexpub's own formula generator, given that operation, prints the
very sentence it came from (both normalised). Candidates come from the sentence itself: the numbers it
names, the unit kinds lexpub can word, the quoted new wording below it, the appendices of the amending
act. Whatever no candidate reproduces, or whose target is not in the corpus, goes to ``pending:`` with
its ``FILE:LINE``, its text and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from lexpub.ingest.formulas import parse_amendment
from lexpub.ingest.normalise import line as norm
from lexpub.ingest.readings import grammar_candidates, names_the_unit, reading
from lexpub.ingest.stubs import Stubs
from lexpub.ingest.units import NUM, Formula, Node, UnitBuilder
from lexpub.model import eids
from lexpub.model.core import Op, Unit, Work
from lexpub.model.dates import short
from lexpub.model.values import Lang, Text
from lexpub.wording.i18n import t
from lexpub.wording.phrases import formula

KINDS = ("paragraph", "point", "appendix")


@dataclass(frozen=True, slots=True)
class PendingSentence:
    """One amending sentence not imported: where, what and why."""

    file: str
    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}: {self.text}"


@dataclass(frozen=True, slots=True)
class Resolved:
    formula: Formula
    amend: dict[str, Any]


def scope_eid(work: Work, scope: str) -> str | None:
    """ "көрсетілген бұйрықпен бекітілген … қағидаларында:" → the act's one approved document."""
    if not scope:
        return ""
    docs = [u for u in work.root.children if u.kind == "attachment"]
    return docs[0].eid if len(docs) == 1 else None


def content_of(f: Formula, lang: Lang) -> Node | None:
    """The quoted new wording as one unit, or None when the sentence quotes none (or not one unit)."""
    if not f.content_lines:
        return None
    lines = list(f.content_lines)
    first = lines[0]
    lines[0] = type(first)(first.file, first.no, True, first.text[1:])
    last = lines[-1]
    lines[-1] = type(last)(last.file, last.no, True, re.sub(r'"[.;]\Z', "", last.text))
    units = UnitBuilder(lang, [], re.compile(r"\A\Z"), re.compile(r"\A\Z")).build(lines)
    return units[0] if len(units) == 1 else None


def candidates(
    f: Formula, work: Work, scope: str, content: Node | None, source: Work
) -> Iterator[tuple[Op, dict[str, Any]]]:
    """Every operation the sentence could state, each with its ``amend:`` data."""
    nums = sorted(set(re.findall(NUM, f.line.text)), key=lambda n: (len(n), n))
    for kind in KINDS:
        for num in nums:
            eid = eids.join(scope, eids.component(kind, num, 0))
            target = f"{work.id}#{eid}"
            if content is not None and content.get("kind") == kind and str(content.get("num")) == num:
                yield from _with_content(kind, target, eid, content)
            elif content is None:
                for kind_ in ("repeal", "delete"):
                    yield Op(kind_, work.id, eid), {"op": kind_, "target": target}
                yield from _words(f.line.text, work.id, eid, target)
                for app in (u for u in source.root.children if u.kind == "appendix"):
                    for inner in (c for c in app.children if c.kind == kind and c.num == num):
                        yield (
                            Op("substitute", work.id, eid, content_from=inner.eid),
                            {"op": "substitute", "target": target, "content_from": inner.eid},
                        )


def _words(sentence: str, work_id: str, eid: str, target: str) -> Iterator[tuple[Op, dict[str, Any]]]:
    """Word operations: the quoted spans of the sentence are the old words (and the new ones)."""
    spans = re.findall(r'"([^"]+)"', sentence)
    if len(spans) == 1:
        yield (
            Op("delete_words", work_id, eid, old_words=_t(spans[0])),
            {"op": "delete_words", "target": target, "old": spans[0]},
        )
    if len(spans) == 2:
        old, new = spans
        for kind in ("replace_words", "insert_words"):
            op = Op(kind, work_id, eid, old_words=_t(old), new_words=_t(new))
            yield op, {"op": kind, "target": target, "old": old, "new": new}


def _t(words: str) -> Text:
    """The words in both catalogue languages: the formula picks the one it words."""
    return Text((("kaz", words), ("rus", words)))


def _with_content(kind: str, target: str, eid: str, content: Node) -> Iterator[tuple[Op, dict[str, Any]]]:
    stub = Unit(kind=kind, eid=eid, num=str(content.get("num")))  # type: ignore[arg-type]
    for op in ("substitute", "insert"):
        yield Op(op, target.partition("#")[0], eid, content=stub), {"op": op, "target": target, "content": content}


def matches(
    op: Op, amend: dict[str, Any], sentence: str, lang: Lang, source: Work, unit: Unit | None
) -> dict[str, Any] | None:
    """The ``amend:`` data when the generated formula is the sentence (with a lead word, if any)."""
    said = norm(re.sub(r"[.;]\Z", "", sentence))
    made = norm(formula(op, lang, source, unit))
    if made == said:
        return amend
    bare = made[:1].lower() + made[1:]
    if said.endswith(" " + bare):
        lead = said[: -len(bare) - 1]
        # A lead names the document ("Қағидаларға"), never a unit: no number in it.
        if (
            len(lead.split()) <= 3
            and not re.search(r"\d", lead)
            and norm(formula(_lead(op, lead, lang), lang, source, unit)) == said
        ):
            return {**amend, "lead": lead}
    return None


def _lead(op: Op, lead: str, lang: Lang) -> Op:

    return Op(
        op.kind,
        op.target_work,
        op.target_eid,
        content=op.content,
        content_from=op.content_from,
        lead=Text(((lang, lead),)),
    )


def resolve(f: Formula, lang: Lang, stubs: Stubs, source: Work) -> Resolved | PendingSentence:
    """One sentence → its operation, or why not."""
    here = (f.line.file, f.line.no, f.line.text)
    work = stubs.work(f.intro, lang)
    if isinstance(work, str):
        return PendingSentence(*here, work)
    stub = stubs.is_stub(work)
    scope = stubs.attachment(work.id) if stub and f.scope else scope_eid(work, f.scope)
    if scope is None:
        return PendingSentence(*here, t(lang, "import.reason.scope"))
    content = content_of(f, lang)
    if f.content_lines and content is None:
        return PendingSentence(*here, t(lang, "import.reason.content"))
    found, missing = matching(f, lang, work, scope, content, source, stub=stub)
    if not found and stub:
        work, found = nested_in_stub(f, lang, stubs, work, scope, content, source)
    if len(found) == 1:
        hit, new = found[0]
        disagree = None if names_the_unit(f, lang, hit, work, scope) else cross_check(f, lang, hit)
        if disagree:
            return PendingSentence(*here, disagree)
        if new is not None and new.num is not None and hit["op"] != "insert":  # an insert makes its unit
            stubs.hold(work.id, scope, new.kind, new.num)
        return Resolved(f, hit)
    if missing and not found:
        return PendingSentence(
            *here, t(lang, "import.reason.target_missing", act=f"{short(work.date)} № {work.number}")
        )
    return PendingSentence(*here, t(lang, "import.reason.unparsed" if not found else "import.reason.ambiguous"))


NESTABLE = {"article": "article", "paragraph": "paragraph", "subparagraph": "point", "appendix": "appendix"}
"""The grammar's numbered kinds a partial stub can hold, nested, as the model's kinds."""


def nested_in_stub(
    f: Formula, lang: Lang, stubs: Stubs, work: Work, scope: str, content: Node | None, source: Work
) -> tuple[Work, list[tuple[dict[str, Any], Unit | None]]]:
    """A unit of a partial stub named through its parents («5-тармақтың 3) тармақшасы алып тасталсын»), or a
    unit inserted into one («5-тармақ мынадай мазмұндағы 3-1) тармақшамен толықтырылсын»): the stub holds the
    path the grammar reads (for an insert, the unit it joins), each ``held: false``, and the sentence is
    matched again.
    Kept only when exactly one operation regenerates the sentence; otherwise the stub is left as it was."""
    p = reading(f, lang)
    if p is None:
        return work, []
    path = [s for s in p.target if s[0] != "document"]
    insert = p.op == "insert"
    path = path[:-1] if insert else path  # an insert needs the unit it joins, not the unit it makes
    if len(path) < (1 if insert else 2) or any(k not in NESTABLE or n is None for k, n in path):
        return work, []
    before = stubs.snapshot(work.id)
    held = stubs.hold_path(work.id, scope, [(NESTABLE[k], str(n)) for k, n in path])
    found, _ = matching(f, lang, held, scope, content, source, stub=True)
    if len(found) == 1 and (found[0][1] is None or insert):
        return held, found
    return stubs.restore(work.id, before), []


def matching(
    f: Formula, lang: Lang, work: Work, scope: str, content: Node | None, source: Work, *, stub: bool
) -> tuple[list[tuple[dict[str, Any], Unit | None]], bool]:
    """The candidates whose generated formula is the sentence (each with the unit a stub must hold), and
    whether some matched a unit the amended act does not have."""
    found: list[tuple[dict[str, Any], Unit | None]] = []
    missing = False
    seen: list[dict[str, Any]] = []
    for op, amend in chain(
        candidates(f, work, scope, content, source), grammar_candidates(f, work, scope, content, lang)
    ):
        if amend in seen:  # the grammar's reading may be one of the guessed candidates
            continue
        seen.append(amend)
        unit = work.find(op.target_eid)
        made = unit or Unit(kind=_kind(op), eid=op.target_eid, num=op.target_eid.rpartition("_")[2])  # type: ignore[arg-type]
        hit = matches(op, amend, f.line.text, lang, source, made)
        if hit is not None and (unit is not None or stub):
            found.append((hit, None if unit is not None else made))
        missing = missing or (hit is not None and unit is None and not stub)
    return found, missing


def _kind(op: Op) -> str:
    prefix = op.target_eid.rpartition("__")[2].partition("_")[0]
    return {"para": "paragraph", "point": "point", "att": "appendix"}.get(prefix, "paragraph")


OPS = {"substitute": "replace", "insert": "insert", "repeal": "repeal", "delete": "delete"} | {
    k: k for k in ("replace_words", "delete_words", "insert_words")
}
KIND = {"paragraph": "paragraph", "point": "subparagraph", "appendix": "appendix", "attachment": "appendix"}


def cross_check(f: Formula, lang: Lang, amend: dict[str, Any]) -> str | None:
    """The grammar's reading (:mod:`lexpub.ingest.formulas`) must be the same operation on the same unit
    as the one regenerated; a sentence the grammar flags or reads otherwise is not imported."""
    text = "\n".join([f.line.text, *(x.text for x in f.content_lines)])
    parsed = parse_amendment(text, lang)
    if parsed.flagged:
        return f"{t(lang, 'import.reason.unparsed')} ({parsed.flagged[0].reason})"
    eid = str(amend["target"]).partition("#")[2]
    last = eid.rpartition("__")[2]
    prefix, _, num = last.partition("_")
    kind = {"para": "paragraph", "point": "point", "att": "appendix"}.get(prefix, prefix)
    # The whole path must be the one unit: «3-тармақтың 2) тармақшасы» is not «2) тармақша».
    ops = [(p.op, tuple(step for step in p.target if step[0] != "document")) for p in parsed.ops]
    if ops != [(OPS.get(amend["op"]), ((KIND.get(kind, kind), num),))]:
        return t(lang, "import.reason.mismatch")
    return None
