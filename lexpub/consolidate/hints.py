"""Messages that say the fix for an amendment whose target is not there: the date it had to exist on,
the nearest eIds of that work ("did you mean …?"), and, for a partial work, how to declare a unit whose
wording the corpus does not hold (``held: false``). English, with the catalogue key and values for the
kk/ru sentence (``error.<key>`` in :mod:`lexpub.wording.i18n`)."""

from __future__ import annotations

import difflib

from lexpub.errors import Issue
from lexpub.model.core import Amendment, Corpus, Unit
from lexpub.model.values import DateRange, Lang
from lexpub.wording.i18n import t


def when_needed(rng: DateRange) -> str:
    """The day the target had to exist: its commencement, as far as it is known."""
    if rng.exact:
        return rng.exact.isoformat()
    if rng.lo:
        return f"{rng.lo.isoformat()} or later (the exact date is not known)"
    return "a date not known"


def day_in(rng: DateRange, lang: Lang) -> str:
    """:func:`when_needed` in a catalogue language."""
    if rng.exact:
        return t(lang, "error.day.exact", date=rng.exact.isoformat())
    if rng.lo:
        return t(lang, "error.day.lo", date=rng.lo.isoformat())
    return t(lang, "error.day.none")


def nearest(eid: str, root: Unit, limit: int = 3) -> tuple[str, ...]:
    """eIds of ``root`` that end like ``eid`` (``para_11`` → ``att_nn_1__para_11``), then the closest spellings."""
    known = [u.eid for u in root.walk() if u.eid]
    tail = eid.rpartition("__")[2]
    suffix = [k for k in known if k.endswith("__" + eid) or k.rpartition("__")[2] == tail]
    if suffix:
        return tuple(suffix[:limit])
    kind = tail.rpartition("_")[0]  # "para" of "para_99": only units of the same kind are near
    same = [k for k in known if k.rpartition("__")[2].rpartition("_")[0] == kind]
    return tuple(difflib.get_close_matches(eid, same, n=limit, cutoff=0.6))


def quoted(eids: tuple[str, ...]) -> str:
    return " or ".join(f"`{e}`" for e in eids)


def target_missing(corpus: Corpus, a: Amendment, root: Unit, issue: Issue) -> Issue:
    """The ``target-missing`` issue of :func:`lexpub.consolidate.apply.apply`, said with its fix."""
    op = a.op
    if issue.message.startswith("insert after"):
        return after_missing(a, root, issue)
    target = corpus.works.get(op.target_work)
    day = when_needed(a.commencement)
    # an insert misses its parent (the new unit cannot exist yet); every other operation its target
    missing = op.parent if op.kind == "insert" and op.parent else op.target_eid
    message = f"{a.source_work} amends {op.target_work}#{missing}, which does not exist on {day}"
    params = {
        "source": a.source_work,
        "target": f"{op.target_work}#{missing}",
        "day_kaz": day_in(a.commencement, "kaz"),
        "day_rus": day_in(a.commencement, "rus"),
        "hint": "",
    }
    found = nearest(missing, root)
    partial = target is not None and target.held == "partial"
    if found:
        message += f"; did you mean {quoted(found)}?"
        params["hint"] = quoted(found)
    if partial and target is not None:
        message += (
            f" If {op.target_work} has this unit but the corpus does not hold its wording, declare it in the "
            f"partial work ({target.file}) with `held: false`."
        )
        params["file"] = target.file
    key = "target-missing" + (".suggest" if found else "") + (".held-false" if partial else "")
    return Issue(issue.loc, issue.rule, message, key, tuple(params.items()))


def after_missing(a: Amendment, root: Unit, issue: Issue) -> Issue:
    """``after: "11"``: ``after`` takes the eId of the sibling the new unit follows, not its number."""
    op = a.op
    after = op.after or ""
    parent = next((u for u in root.walk() if u.eid == (op.parent or "")), root)
    siblings = tuple(c.eid for c in parent.children)
    found = tuple(e for e in siblings if e.rpartition("_")[2] == after) or tuple(
        difflib.get_close_matches(after, siblings, n=2, cutoff=0.5)
    )
    message = f"insert after {after!r}: no such unit; `after` takes the eId of the unit the new one follows"
    message += (
        f"; did you mean {quoted(found)}?"
        if found
        else f" (under {op.parent or 'the body'}: {', '.join(siblings[:6])})"
    )
    hint = quoted(found) if found else ", ".join(siblings[:6])
    key = "after-missing.suggest" if found else "after-missing"
    return Issue(issue.loc, issue.rule, message, key, (("after", after), ("hint", hint)))
