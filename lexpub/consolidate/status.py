"""The status facts of a consolidated text, once for every format: ``(corpus, expression) → StatusBlock``.

What the text is up to, whether it is in force, which changes may or may not be in it (uncertain),
which are known but not encoded (pending), which units' wording the corpus does not hold, and which
effects of this act are made by a provision not held. The HTML page draws :class:`StatusBlock`; the
plain text, Markdown, JSON and AKN print :func:`status_lines`, the same facts as lines. Renderers
only format these; none computes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from lexpub.model.core import Corpus, Edition, Expression, Unit, Work
from lexpub.model.dates import short
from lexpub.model.values import Lang
from lexpub.wording.acts import act_name, edition_span, target_name, target_title
from lexpub.wording.i18n import t
from lexpub.wording.names import unit_path_name
from lexpub.wording.phrases import when_phrase


def status_key(expr: Expression) -> str:
    """Adilet's label: new (never amended), updated (amended), repealed (no longer in force)."""
    if expr.status == "repealed":
        return "status.repealed"
    return "status.updated" if expr.applied else "status.new"


@dataclass(frozen=True)
class StatusBlock:
    """What the text is up to, and what it does not contain — worded in the interface language."""

    in_force: str | None
    known_up_to: str
    uncertain: tuple[str, ...]
    pending: tuple[str, ...]
    partial: str | None
    not_held: tuple[tuple[str, str], ...]
    """(eId, unit name) of every unit whose wording the corpus does not hold."""


def status_block(
    corpus: Corpus,
    expr: Expression,
    ui: Lang,
    edition: Edition | None = None,
    not_held: tuple[Unit, ...] | None = None,
) -> StatusBlock:
    """The status facts of ``expr``, worded in ``ui``.

    For an edition, the "known up to" line is the edition's validity span (an edition whose start is
    unknown is consolidated without a date, and must not read as the latest text). ``not_held``:
    :meth:`Expression.not_held`, when the caller has it already (the HTML renderer keeps it per unit)."""
    in_force = None
    if expr.status == "not-yet-in-force":
        in_force = t(ui, "in_force.before", when=when_phrase(expr.in_force, ui))
    elif expr.status == "uncertain":
        in_force = t(ui, "in_force.unknown", when=when_phrase(expr.in_force, ui))
    applied = expr.applied
    if edition is not None:
        known = t(ui, "html.known_edition", span=edition_span(edition, ui))
    elif expr.at is not None:
        known = t(ui, "known_up_to.at", date=short(expr.at))
    elif applied:
        known = t(ui, "known_up_to.latest", last=act_name(corpus, applied[-1].source_work, ui))
    else:
        known = t(ui, "known_up_to.none")
    uncertain = tuple(
        t(
            ui,
            "html.uncertain_item",
            act=act_name(corpus, c.amendment.source_work, ui),
            unit=target_name(corpus, c.amendment.op, ui),
            when=when_phrase(c.amendment.commencement, ui),
        )
        for c in expr.uncertain
    )
    pending = tuple(
        f"{p.description.get(ui) or p.description.get(expr.lang) or p.description.values[0][1]} [{p.source}]"
        for p in expr.work.pending
    )
    partial = t(ui, "held.work_partial") if expr.work.held == "partial" else None
    unheld = expr.not_held() if not_held is None else not_held
    missing = tuple((u.eid, unit_path_name(expr.root, u.eid, ui)) for u in unheld)
    return StatusBlock(in_force, known, uncertain, pending, partial, missing)


def status_lines(corpus: Corpus, expr: Expression, edition: Edition | None = None) -> list[str]:
    """The status block as plain lines, worded as on the HTML page (one set of facts for every format):
    in-force status, what the text is up to, units not held, uncertain and pending changes, and the
    known effects of this act whose provision is not held."""
    lang = expr.lang
    s = status_block(corpus, expr, lang, edition)
    out = [line for line in (s.in_force, s.known_up_to, s.partial) if line]
    if s.not_held:
        out += [t(lang, "not_held.heading"), *(f"- {name}: {eid}" for eid, name in s.not_held)]
    if s.uncertain:
        out += [t(lang, "uncertain.heading"), *(f"- {item}" for item in s.uncertain)]
    if s.pending:
        out += [t(lang, "pending.heading"), *(f"- {item}" for item in s.pending)]
    out += unheld_amendments(corpus, expr.work, lang)
    return out


def unheld_amendments(corpus: Corpus, work: Work, lang: Lang) -> list[str]:
    """Amendments this act makes through a provision the corpus does not hold (Order No. 1100's repeal):
    the act's text shows nothing of them, so the status block names them."""
    items = []
    for op, provision in zip(work.ops, work.op_provisions, strict=True):
        if provision is not None:
            continue
        target = corpus.works.get(op.target_work)
        where = unit_path_name(target.root, op.target_eid, lang) if target else op.target_eid
        title = target_title(target, lang) if target else op.target_work
        items.append(f"- {title}: {where} — {t(lang, f'effect.{op.kind}')}")
    return [t(lang, "effects_unheld.heading"), *items] if items else []
