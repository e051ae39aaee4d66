"""Preparing documents: one record → its documents (one per language) ready to render, or a row error.

Why per record: a batch of hundreds of applicants must not sink with one bad row. Every failure
while checking, computing or composing one record — a value the law refuses, a date the calendar
does not hold, or any unexpected error — becomes that record's row error with the reason; the others
are issued. Late documents and duplicate IINs are flags for the official, not errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lexpub.model.dates import long_form, short
from lexpub.model.values import Lang
from lexpub.services.documents import qrimage
from lexpub.services.documents.checks import field_value, text_value
from lexpub.services.documents.citations import cite
from lexpub.services.documents.document import (
    DOCS,
    LANG_SUFFIX,
    Kind,
    fmt_date,
    render_document,
    verification_code,
)
from lexpub.services.documents.eligibility import too_young
from lexpub.services.documents.legal import BatchLaw, Deadline, RecordRefused, deadline, legal_values
from lexpub.services.documents.providers import Provider, pick
from lexpub.services.documents.records import Record, required_values
from lexpub.services.documents.stampimage import Raster
from lexpub.services.iin import check_iin
from lexpub.services.standard import ServiceView
from lexpub.wording.i18n import t

QR_SLOT = "\x00lexpub-qr\x00"
"""Stands in a section's HTML for the QR code until the section is drawn. Values with control
characters are refused (:mod:`.checks`), so no record can write it; autoescaping keeps it as is."""


@dataclass(frozen=True, slots=True)
class RowError:
    """A record that was not issued: its row (or position), number and every reason."""

    row: int
    number: str
    reasons: tuple[str, ...]
    is_line: bool = True


@dataclass(frozen=True, slots=True)
class Flag:
    """An issued record the official must look at (late, duplicate IIN), with the reason."""

    row: int
    number: str
    rule: str
    reason: str


@dataclass(frozen=True)
class Job:
    """One document ready to render: output path (without extension), language, section HTML, title."""

    rel: str
    lang: Lang
    body: str
    """The section HTML, with :data:`QR_SLOT` where the QR code of :attr:`qr` goes (if any)."""
    title: str
    mark: str = ""
    """Printed at the head of every page (the sample mark), or empty."""
    qr: str = ""
    """The text of the document's QR code, or empty. Encoded when the section is drawn, so that in
    a big batch this (the costliest part of preparing a certificate) runs in the PDF workers."""
    row: int = 0
    code: str = ""
    """The verification code printed on the document (appended to the register)."""

    @property
    def section(self) -> str:
        """The section HTML, QR code included."""
        return self.drawn()[0]

    def drawn(self) -> tuple[str, dict[str, Raster]]:
        """The section HTML, QR code included, and the pixels of its QR image by the image's ``src``
        (made with it, so a stamped page draws them without decoding the PNG again)."""
        if not self.qr:
            return self.body, {}
        from markupsafe import escape

        uri, pixels = qrimage.image(self.qr)
        return self.body.replace(QR_SLOT, str(escape(uri))), {uri: pixels}


@dataclass
class Batch:
    jobs: list[Job] = field(default_factory=list)
    bad: list[RowError] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    records: int = 0
    issued_rows: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line says for every record: issue date, languages, issuer, sample mark,
    the site address the QR codes point to, and the reason late documents are accepted."""

    issued: dt.date | None = None
    langs: tuple[Lang, ...] = ("kaz", "rus")
    issuer: str | None = None
    sample: bool = False
    site_url: str = ""
    accept_late: str | None = None
    preview: bool = False
    """Issued with ``--preview``: marked as a sample with no legal force (the law on the date is in doubt)."""


@dataclass(frozen=True, slots=True)
class Checked:
    """A record whose values passed: fields, issue date, issuer, and the row's flags."""

    fields: dict[str, Any]
    issued: dt.date
    provider: Provider
    born: dt.date | None


def check_record(law: BatchLaw, kind: Kind, rec: Record, opts: Options) -> Checked | RowError:
    """Every value of one record checked; all reasons at once."""
    v = rec.values
    if "__error__" in v:
        return RowError(rec.row, "", (str(v["__error__"]),), rec.is_line)
    errors: list[str] = []
    fields = required_values(kind, v, errors)
    for f in DOCS[kind].fields:
        if not f.required:
            fields[f.name] = field_value(v, f.name, f.type, errors) if v.get(f.name) else None
    issued = field_value(v, "issued", "date", errors) if v.get("issued") else opts.issued
    if issued is None and not v.get("issued"):
        errors.append("issued: no issue date (give --issued or an 'issued' column)")
    raw_issuer = v.get("issuer") or opts.issuer
    provider = pick(law.providers, text_value({"issuer": raw_issuer}, "issuer", []) if raw_issuer else None)
    if isinstance(provider, str):
        errors.append(provider)
    born = iin_checks(law, kind, fields, issued, errors)
    number = str(fields.get("number") or "")
    if errors or issued is None or isinstance(provider, str):
        return RowError(rec.row, number, tuple(errors), rec.is_line)
    return Checked(fields, issued, provider, born)


def iin_checks(
    law: BatchLaw, kind: Kind, fields: dict[str, Any], issued: dt.date | None, errors: list[str]
) -> dt.date | None:
    """The IIN's checksum and birth date; an applicant admitted or refused at stage 1 must be of age."""
    if not fields.get("iin"):
        return None
    verdict = check_iin(fields["iin"])
    if not verdict.ok:
        errors.append(f"iin: {verdict.reason}")
        return None
    if issued and verdict.birth_date and verdict.birth_date > issued:
        errors.append("iin: the birth date is after the issue date")
    elif issued and kind == "notice":
        young = too_young(law.age, verdict.birth_date, fields.get("submitted") or issued)
        if young:
            errors.append(young)
    return verdict.birth_date


def prepare_record(law: BatchLaw, kind: Kind, rec: Record, opts: Options) -> tuple[list[Job], list[Flag]] | RowError:
    """Validate one record and build its documents, or say everything that is wrong with it. Any failure,
    even an unexpected one, is this record's row error: one record never sinks the batch."""
    number = str(rec.values.get("number") or "")[:64]
    try:
        got = check_record(law, kind, rec, opts)
        if isinstance(got, RowError):
            return got
        number = got.fields["number"]
        view = law.view(got.issued)
        values = legal_values(law, kind, view, got.fields, got.issued)
        flags = late_flags(law, kind, view, got, rec, opts)
        jobs = [make_document(law, kind, lang, got, values, view, opts, rec.row) for lang in opts.langs]
    except RecordRefused as exc:
        return RowError(rec.row, number, (str(exc),), rec.is_line)
    except Exception as exc:  # noqa: BLE001  one record's failure must never sink the batch
        return RowError(rec.row, number, (f"cannot be prepared: {type(exc).__name__}: {str(exc)[:200]}",), rec.is_line)
    return jobs, flags


def late_flags(law: BatchLaw, kind: Kind, view: ServiceView, got: Checked, rec: Record, opts: Options) -> list[Flag]:
    """A document issued after the term of its stage, flagged (accepted only with a recorded reason)."""
    term: Deadline | None = deadline(law, kind, view, got.fields)
    if term is None or got.issued <= term.last_day:
        return []
    what = kind
    reason = (
        f"{what} issued on {got.issued.isoformat()}, after the stage-{term.stage} deadline "
        f"{term.last_day.isoformat()} (counted from {term.counted_from.isoformat()})"
    )
    if opts.accept_late:
        reason += f"; accepted: {opts.accept_late}"
    return [Flag(rec.row, got.fields["number"], "late", reason)]


def citations(values: dict[str, Any], law: BatchLaw, view: ServiceView, lang: Lang, full: bool) -> dict[str, str]:
    """Each quoted unit's citation in words, by eId (the template shows the words, never the eId): the
    template cites its first quote in full and the others in the short form."""
    rules = law.corpus.works[view.work]
    return {eid: cite(eid, rules, lang, full=full) for eid in values["quotes"]}


def make_document(
    law: BatchLaw,
    kind: Kind,
    lang: Lang,
    got: Checked,
    values: dict[str, Any],
    view: ServiceView,
    opts: Options,
    row: int,
) -> Job:
    """One document of one record in one language: its HTML section, title, QR text and code."""
    fields, issued = got.fields, got.issued
    q = values["quotes"]
    shown = {k: (fmt_date(x, lang) if isinstance(x, dt.date) else x) for k, x in fields.items()}
    payload = {
        "kind": kind,
        "lang": lang,
        "fields": {k: (x.isoformat() if isinstance(x, dt.date) else x) for k, x in sorted(fields.items())},
        "issued": issued.isoformat(),
        "issuer": got.provider.id,
        "text": law.text,
        "cited": {eid: quote.text for eid, quote in sorted(q.items())},
        "sample": opts.sample,
    }
    code = verification_code(payload)
    verify_url = f"{opts.site_url}verify/#{code}" if opts.site_url else ""
    edition = t(lang, "docc.edition_latest") if law.text == "latest" else t(lang, "docc.edition_at", date=short(issued))
    doc = {
        "number": fields["number"],
        "full_name": fields["full_name"],
        "iin": fields["iin"],
        "issued": fmt_date(issued, lang),
        "code": code,
        "sample": opts.sample,
        "basis": edition,
        "verify_url": verify_url,
        "issuer": issuer_block(got.provider, lang, fields["number"], issued),
    }
    context: dict[str, Any] = {**shown, "doc": doc, "service_name": law.service.name_kk}
    context["cite"] = citations(values, law, view, lang, full=False)
    context["cite_full"] = citations(values, law, view, lang, full=True)
    context.update(kind_context(kind, lang, q, values))
    qr = ""
    if kind == "certificate":
        context["qr"] = QR_SLOT
        qr = verify_url or f"{kind}:{fields['number']}:{code}"
    rel = f"{kind}/{LANG_SUFFIX[lang]}/{fields['number']}"
    title = f"{t(lang, 'doc.title.' + kind)} № {fields['number']}"
    mark = t(lang, "doc.sample") if opts.sample else t(lang, "doc.preview") if opts.preview else ""
    return Job(rel, lang, render_document(kind, lang, context), title, mark, qr, row, code)


def issuer_block(p: Provider, lang: Lang, number: str, issued: dt.date) -> dict[str, str]:
    """The requisites of a Kazakh electronic document: issuer, outgoing number and date, signer, statement."""
    return {
        "name": p.name[lang],
        "address": p.address[lang],
        "outgoing": t(lang, "docc.outgoing", number=number, date=short(issued)),
        "position": p.position[lang],
        "signer": p.signer[lang],
        "signed": t(lang, "docc.signed"),
    }


MONTHS_KAZ_DAT = (
    "қаңтарға",
    "ақпанға",
    "наурызға",
    "сәуірге",
    "мамырға",
    "маусымға",
    "шілдеге",
    "тамызға",
    "қыркүйекке",
    "қазанға",
    "қарашаға",
    "желтоқсанға",
)
"""Kazakh month names in the dative, as «… дейін» (until) requires: «2025 жылғы 16 мамырға дейін»."""


def until(day: dt.date, lang: Lang) -> str:
    """ "2025 жылғы 16 мамырға" (before «дейін») / "16 мая 2025 года" (after «не позднее»)."""
    if lang == "kaz":
        return f"{day.year} жылғы {day.day} {MONTHS_KAZ_DAT[day.month - 1]}"
    return long_form(day, lang)


def ru_days(n: int) -> str:
    """ "42 рабочих дня", "45 рабочих дней", "21 рабочий день"."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} рабочий день"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} рабочих дня"
    return f"{n} рабочих дней"


def kind_context(kind: Kind, lang: Lang, q: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The template values particular to each kind of document."""
    if kind == "notice":
        by_key = {c.key: q[c.eid] for c in DOCS["notice"].cites}
        days = values["days"]
        return {
            "q": {
                "term2": by_key["terms.stage2"],
                "fee_payment": by_key["fee.payment"],
                "fee_amount": by_key["fee.amount"],
                "fee_means": by_key["fee.means"],
                "period": by_key["other.period"],
                "return_notice": by_key["other.return_notice"],
            },
            "certificate_due": t(
                lang,
                "docc.stage2_due_value",
                date=until(values["due"], lang),
                days=ru_days(days) if lang == "rus" else str(days),
            ),
            "stage2_days": days,
            "fee_tenge": f"{values['tenge']:,}".replace(",", "\u00a0"),
            "warnings": [],
        }
    if kind == "refusal":
        return {"grounds": values["grounds"]}
    return {"q": {"result": q[DOCS["certificate"].cites[0].eid]}}


Prepared = tuple[list[Job], list[Flag]] | RowError
"""One record prepared: its documents and flags, or its row error."""


def prepare_all(law: BatchLaw, kind: Kind, records: Iterable[Record], opts: Options) -> Batch:
    """Every record prepared on its own; numbers must be unique, a repeated IIN is flagged."""
    return merge((rec, prepare_record(law, kind, rec, opts)) for rec in records)


def merge(prepared: Iterable[tuple[Record, Prepared]]) -> Batch:
    """The batch of records prepared one by one (here or in the PDF workers), in their order: numbers
    must be unique (a repeated one is that record's row error), a repeated IIN is flagged."""
    batch = Batch()
    numbers: dict[str, int] = {}
    iins: dict[str, int] = {}
    for rec, got in prepared:
        batch.records += 1
        if isinstance(got, RowError):
            batch.bad.append(got)
            continue
        jobs, flags = got
        number = jobs[0].rel.rsplit("/", 1)[-1] if jobs else str(rec.values.get("number"))
        if number in numbers:
            batch.bad.append(
                RowError(rec.row, number, (f"number: {number} already used by row {numbers[number]}",), rec.is_line)
            )
            continue
        numbers[number] = rec.row
        iin = str(rec.values.get("iin", "")).strip()
        if iin in iins:
            flags = [*flags, Flag(rec.row, number, "duplicate-iin", f"iin: the same IIN as row {iins[iin]}")]
        iins.setdefault(iin, rec.row)
        batch.flags += flags
        batch.jobs += jobs
        batch.issued_rows.append(rec.row)
    return batch
