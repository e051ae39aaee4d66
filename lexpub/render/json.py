"""JSON views of model values: editions and whole expressions (date ranges: :mod:`lexpub.render.common`). Stable key order, no
wall-clock data; an unknown fact is ``null`` (or a range with its reason), never a guess."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lexpub.consolidate.lifecycle import expression_standing
from lexpub.consolidate.status import status_lines
from lexpub.model.core import AppliedChange, Corpus, Edition, Expression, Note, Unit, Work
from lexpub.model.values import Known, Lang, Text
from lexpub.render.common import Version as Version
from lexpub.render.common import date_range as date_range
from lexpub.render.common import parse_date_range as parse_date_range
from lexpub.render.common import version_of as version_of
from lexpub.wording.numbering import label
from lexpub.wording.phrases import formula

# date_range, parse_date_range, Version and version_of live in lexpub.render.common; they are
# re-exported here for callers outside the renderers that still import them from this module.


def editions_json(corpus: Corpus, work_id: str, eds: tuple[Edition, ...]) -> dict[str, Any]:
    work = corpus.works[work_id]
    uri = work.frbr
    return {
        "work": work.id,
        "frbr_work": uri.work_uri(),
        "held": work.held,
        "editions": [
            {
                "index": ed.index,
                "label": ed.label,
                "expression": uri.expression_uri(ed.expression.lang, ed.label),
                "start": date_range(ed.start),
                "start_uncertain": ed.start.exact is None,
                "end": date_range(ed.end) if ed.end else None,
                "opened_by": ed.opened_by,
                "opened_by_frbr": corpus.works[ed.opened_by].frbr_work,
                "amendments": [a.id for a in ed.amendments],
            }
            for ed in eds
        ],
        "known_up_to": known_up_to(corpus, work_id, eds),
        "pending": [
            {"description": dict(p.description.values), "source": p.source, "confidence": p.confidence}
            for p in work.pending
        ],
    }


def known_up_to(corpus: Corpus, work_id: str, eds: tuple[Edition, ...]) -> str:
    """What the editions list covers: the amendments held in this corpus, and what is known to be missing."""
    work = corpus.works[work_id]
    last = eds[-1].opened_by if len(eds) > 1 else None
    text = "every amendment held in this corpus" + (f" (the last opened by {last})" if last else " (none)")
    if work.pending:
        text += f"; {len(work.pending)} later change(s) known but not encoded, listed under pending"
    if work.held == "partial":
        text += "; the corpus holds only some units of this act"
    return text


# --------------------------------------------------------------------------- expressions
def known(value: Any) -> Any:
    """A fact from the sources: ``None`` when the corpus says it is unknown, dates as ISO text."""
    if isinstance(value, Known):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def text_in(text: Text | None, lang: Lang) -> str | None:
    return text.get(lang) if text else None


def work_json(work: Work, lang: Lang) -> dict[str, Any]:
    """Identity and requisites of a work; ``null`` marks a fact the corpus does not hold."""
    reg = work.registration
    pub = work.publication
    eif = work.entry_into_force
    return {
        "id": work.id,
        "frbr_work": work.frbr_work,
        "doctype": work.doctype,
        "issuer": work.issuer.id,
        "number": work.number,
        "date": work.date.isoformat(),
        "title": text_in(work.title, lang),
        "held": work.held,
        "languages": list(work.languages),
        "registration": None if isinstance(reg, Known) else {"number": known(reg.number), "date": known(reg.date)},
        "adilet": known(work.adilet),
        "publication": {
            "date": known(pub.date),
            "source": known(pub.source),
            "not_before": known(pub.not_before),
            "not_after": known(pub.not_after),
        },
        "entry_into_force": {"rule": eif.rule, "days": eif.days, "date": known(eif.date)},
    }


def note_json(note: Note, lang: Lang) -> dict[str, Any]:
    return {
        "kind": note.kind,
        "text": note.text.get(lang),
        "by_work": note.by_work,
        "on": date_range(note.on) if note.on else None,
    }


def unit_json(corpus: Corpus, expr: Expression, unit: Unit) -> dict[str, Any]:
    """One unit and its sub-units. ``text`` is null when the wording is not held (``held`` false)."""
    out: dict[str, Any] = {
        "eid": unit.eid,
        "wid": unit.wid or unit.eid,
        "kind": unit.kind,
        "num": unit.num,
        "label": label(unit) or None,
        "heading": text_in(unit.heading, expr.lang),
        "header": [h.get(expr.lang) for h in unit.header],
        "text": text_in(unit.text, expr.lang) if unit.held else None,
        "held": unit.held,
        "status": unit.status,
        "table": unit.table,
        "notes": [note_json(n, expr.lang) for n in unit.notes],
        "amend": None,
        "children": [unit_json(corpus, expr, c) for c in unit.children],
    }
    op = unit.amend
    if op is not None:
        target_work = corpus.works.get(op.target_work)
        target = target_work.find(op.target_eid) if target_work else None
        out["amend"] = {
            "kind": op.kind,
            "target_work": op.target_work,
            "target_eid": op.target_eid,
            "target": f"{target_work.frbr_work}/~{op.target_eid}" if target_work else None,
            "formula": formula(op, expr.lang, expr.work, target),
            "content": unit_json(corpus, expr, op.content) if op.content is not None else None,
            "content_from": op.content_from,
        }
    return out


def change_json(corpus: Corpus, change: AppliedChange) -> dict[str, Any]:
    a = change.amendment
    return {
        "id": a.id,
        "state": change.state,
        "reason": change.reason,
        "source_work": a.source_work,
        "source_frbr": corpus.works[a.source_work].frbr_work,
        "provision": a.provision,
        "kind": a.op.kind,
        "target_eid": a.op.target_eid,
        "commencement": date_range(a.commencement),
    }


def expression_json(corpus: Corpus, expr: Expression, edition: Edition | None = None) -> dict[str, Any]:
    """The model of one expression: work, FRBR URIs, status, in-force range, unit tree, changes
    (applied, uncertain, future, discarded), pending changes, units not held and the status lines
    the other outputs print. Pass ``edition`` when it is an edition (it names the version)."""
    version = version_of(expr, edition)
    uri = version.expression_uri(expr)
    standing = expression_standing(corpus, expr, edition)
    return {
        "work": work_json(expr.work, expr.lang),
        "expression": {
            "frbr_expression": uri,
            "frbr_manifestation": f"{uri}/main.json",
            "kind": version.kind,
            "label": version.path_label,
            "lang": expr.lang,
            "at": expr.at.isoformat() if expr.at else None,
            "start": date_range(version.start),
            "start_uncertain": version.start.exact is None,
            "opened_by": edition.opened_by if edition else None,
        },
        "status": standing.status,
        "status_why": standing.why or None,
        "in_force": date_range(expr.in_force),
        "units": [unit_json(corpus, expr, u) for u in expr.root.children],
        "changes": {
            state: [change_json(corpus, c) for c in expr.changes if c.state == state]
            for state in ("applied", "uncertain", "future", "discarded")
        },
        "pending": [
            {"description": p.description.get(expr.lang), "source": p.source, "confidence": p.confidence}
            for p in expr.work.pending
        ],
        "not_held": [u.eid for u in expr.not_held()],
        "status_lines": status_lines(corpus, expr, edition),
    }
