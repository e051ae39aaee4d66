"""Public-service standard tables: (corpus, service data, date) → :class:`ServiceView` and checks.

Input: ``source/services/<id>.yaml`` (which work and eId hold the table) and
``source/services/required-rows.yaml`` (the Law 88-V art. 14 row set and order, labels per edition),
plus the consolidated text of the work at a date. Output: the heading and rows 1–10 numbered by
lexpub from the row order (the seed lost several numbers; OCR numbers are never trusted), every value
traced to its eId; and :func:`table_issues`, which reports a missing, duplicated or misordered row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from lexpub.consolidate.apply import consolidate
from lexpub.errors import InputError, Issue, Loc, kv
from lexpub.model.core import AppliedChange, Corpus, Expression, Unit
from lexpub.services.calendar import check_calendars
from lexpub.services.service_files import (
    RequiredRows,
    Service,
    load_required,
    load_service,
    norm,
    service_ids,
    services_dir,
)


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of a row's content: its own words or a sub-item (point / alinea), with its eId."""

    eid: str
    num: str | None
    text: str
    depth: int


@dataclass(frozen=True, slots=True)
class RowView:
    num: int
    """Numbered by lexpub from the row order, never taken from the source."""
    key: str
    label: str
    label_ru: str
    eid: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ServiceView:
    service: Service
    at: dt.date | None
    work: str
    table_eid: str
    title: str
    heading_label: str
    heading_value: str
    heading_eid: str
    rows: tuple[RowView, ...]
    expression: Expression
    corpus: Corpus = field(compare=False, repr=False, kw_only=True)
    """The corpus the view was taken from (names the acts that changed the table)."""

    def row(self, key: str) -> RowView:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


def items_of(unit: Unit, depth: int = 0) -> list[Item]:
    out: list[Item] = []
    if unit.kind != "row" and unit.text is not None:
        out.append(Item(unit.eid, unit.num, unit.text.get("kaz") or "", depth))
    elif unit.kind == "row" and unit.text is not None:
        out.append(Item(unit.eid, None, unit.text.get("kaz") or "", depth))
    for child in unit.children:
        out += items_of(child, depth + (0 if unit.kind == "row" else 1))
    return out


def uncertain_reason(change: AppliedChange) -> str:
    """One uncertain change in words: who makes it, from when at the earliest, and why the date is open."""
    rng = change.amendment.commencement
    start = "from a date not known"
    if rng.lo is not None and rng.hi is None:
        start = f"from a date not known, not before {rng.lo.isoformat()}"
    elif rng.lo is not None and rng.hi is not None:
        start = f"from a date not known, between {rng.lo.isoformat()} and {rng.hi.isoformat()}"
    return f"the change by {change.amendment.source_work} applies {start} ({change.reason})"


def unknown_text_message(service: Service, when: str, table: Unit, reasons: list[str]) -> str:
    """Why the table's text on ``when`` cannot be given: uncertain (which text is in force is not known)
    or not held (the wording in force is not in the corpus) — never "not held" for an uncertain text."""
    where = f"{service.work}#{service.table}"
    why = "; ".join(reasons or ["the corpus holds no wording of it for that day"])
    if table.status == "uncertain":
        return f"it is not known which text of {where} is in force on {when} (uncertain): {why}"
    if not table.held:
        return f"the wording of {where} in force on {when} is not held in the corpus: {why}"
    return f"the text of {where} on {when} is {table.status}: {why}"


def table_at(corpus: Corpus, service: Service, at: dt.date | None) -> tuple[Expression, Unit]:
    """The table unit as in force at ``at``; InputError saying why when it is not known to be."""
    if service.work not in corpus.works:
        raise InputError(
            Issue(
                Loc(service.file),
                "unknown-act",
                f"service work {service.work!r} is not in the corpus",
                "unknown-act.service",
                kv(work=service.work),
            )
        )
    expr = consolidate(corpus, service.work, at, "kaz")
    table = expr.find(service.table)
    when = at.isoformat() if at else "latest"
    if table is None:
        raise InputError(
            Issue(
                Loc(service.file),
                "service-table",
                f"{service.work} has no unit {service.table!r} ({when})",
                "service-table",
                kv(work=service.work, table=service.table, when=when),
            )
        )
    if at is not None and (expr.status != "in-force" or table.status != "in-force" or not table.held):
        reasons = sorted({uncertain_reason(c) for c in expr.uncertain})
        if expr.status != "in-force":
            reasons.append(f"{service.work} itself: {expr.status} ({expr.in_force.basis})")
        case = "uncertain" if table.status == "uncertain" else "not-held" if not table.held else "status"
        why = "; ".join(reasons)
        params = kv(target=f"{service.work}#{service.table}", when=when, status=table.status, why=why)
        raise InputError(
            Issue(
                Loc(service.file),
                "service-text-unknown",
                unknown_text_message(service, when, table, reasons),
                f"service-text-unknown.{case}" + ("" if reasons else ".none"),
                params,
            )
        )
    if not table.table:
        raise InputError(
            Issue(
                Loc(service.file),
                "service-table",
                f"{service.table} is not a table in {when}",
                "service-table.not-table",
                kv(table=service.table, when=when),
            )
        )
    return expr, table


def service_view(corpus: Corpus, service: Service, required: RequiredRows, at: dt.date | None) -> ServiceView:
    """The heading and rows 1–10 of the service table as in force at ``at`` (None: latest)."""
    expr, table = table_at(corpus, service, at)
    issues = table_issues(required, table)
    if issues:
        raise InputError(issues)
    heading = next(
        r for r in table.children if r.kind == "row" and r.status != "repealed" and matches_heading(required, r)
    )
    rows = []
    body = [r for r in table.children if r.kind == "row" and r.status != "repealed" and r is not heading]
    for n, (req, row) in enumerate(zip(required.rows, body, strict=True), start=1):
        labels = [v.ru for v in req.labels if v.kk is not None and norm(v.kk) == norm(label_of(row))]
        rows.append(RowView(n, req.key, label_of(row), labels[0], row.eid, tuple(items_of(row))))
    return ServiceView(
        service=service,
        at=at,
        work=service.work,
        table_eid=service.table,
        title=(table.heading.get("kaz") or "") if table.heading else "",
        heading_label=label_of(heading),
        heading_value=(heading.text.get("kaz") or "") if heading.text else "",
        heading_eid=heading.eid,
        rows=tuple(rows),
        expression=expr,
        corpus=corpus,
    )


def label_of(row: Unit) -> str:
    return (row.heading.get("kaz") or "") if row.heading else ""


def matches_heading(required: RequiredRows, row: Unit) -> bool:
    return norm(label_of(row)) == norm(required.heading_kk)


# --------------------------------------------------------------------------- the check
def table_issues(required: RequiredRows, table: Unit) -> list[Issue]:
    """Every missing, duplicated, unknown or misordered row of ``table``, located at its unit."""
    issues: list[Issue] = []
    rows = [r for r in table.children if r.kind == "row" and r.status != "repealed"]
    heads = [r for r in rows if matches_heading(required, r)]
    if len(heads) != 1:
        what = "missing" if not heads else "duplicated"
        issues.append(
            Issue(
                table.loc,
                f"service-heading-{what}",
                f"{table.eid}: the service-name row is {what}",
                f"service-heading.{what}",
                kv(eid=table.eid),
            )
        )
    seen: dict[int, Unit] = {}
    order: list[int] = []
    for row in rows:
        if row in heads:
            continue
        found = [req for req in required.rows if req.matches(label_of(row))]
        if not found:
            issues.append(
                Issue(
                    row.loc,
                    "service-row-unknown",
                    f"{row.eid}: label {label_of(row)!r} is not a row of {required.law}",
                    "service-row-unknown",
                    kv(eid=row.eid, label=label_of(row), law=required.law),
                )
            )
            continue
        num = found[0].num
        if num in seen:
            issues.append(
                Issue(
                    row.loc,
                    "service-row-duplicate",
                    f"{row.eid}: row {num} ({found[0].key}) appears twice (first {seen[num].eid})",
                    "service-row-duplicate",
                    kv(eid=row.eid, num=num, key=found[0].key, first=seen[num].eid),
                )
            )
            continue
        if order and num < order[-1]:
            issues.append(
                Issue(
                    row.loc,
                    "service-row-order",
                    f"{row.eid}: row {num} ({found[0].key}) comes after row {order[-1]}",
                    "service-row-order",
                    kv(eid=row.eid, num=num, key=found[0].key, previous=order[-1]),
                )
            )
        seen[num] = row
        order.append(num)
    for req in required.rows:
        if req.num not in seen:
            issues.append(
                Issue(
                    table.loc,
                    "service-row-missing",
                    f"{table.eid}: row {req.num} ({req.key}) is missing",
                    "service-row-missing",
                    kv(eid=table.eid, num=req.num, key=req.key),
                )
            )
    return issues


def check_services(corpus: Corpus, source: Path) -> list[Issue]:
    """``lexpub check``: the calendars, and every service table (latest text) against the required rows.
    Every file's problems are collected: one that does not parse does not hide the others'."""
    issues: list[Issue] = []
    try:
        issues += check_calendars(source) if (source / "calendars").is_dir() else []
    except InputError as exc:
        issues += exc.issues
    if not services_dir(source).is_dir():
        return issues
    required: RequiredRows | None = None
    try:
        required = load_required(source)
    except InputError as exc:
        issues += exc.issues
    for sid in service_ids(source):
        try:
            _, table = table_at(corpus, load_service(source, sid), None)
        except InputError as exc:
            issues += exc.issues
            continue
        if required is not None:
            issues += table_issues(required, table)
    return issues


def view_for_day(
    corpus: Corpus, service: Service, required: RequiredRows, day: dt.date
) -> tuple[ServiceView, str | None]:
    """The view in force on ``day`` and None; when that is not known, the latest view and the reason why."""
    try:
        return service_view(corpus, service, required, day), None
    except InputError as exc:
        if not all(i.rule == "service-text-unknown" for i in exc.issues):
            raise
        why = "; ".join(i.message for i in exc.issues)
        return service_view(corpus, service, required, None), why
