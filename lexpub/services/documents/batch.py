"""Issuing citizen documents: a data file of records → one PDF or HTML per record and language.

Every record is validated first (required fields — a missing value is an error, never a blank; IIN;
dates; refusal grounds allowed by row 9; cited provisions in force on the issue date). Bad records go
to ``errors.csv`` and stderr with their row; every good record is still issued. The output folder is
written atomically (:mod:`lexpub.publish`) with a ``manifest.json`` of SHA-256 sums; the same input
gives byte-identical files. PDFs are rendered in chunks of a fixed size, so the bytes never depend on
the worker count: a chunk's page is laid out once as a form and each document's values stamped on it
(:mod:`lexpub.formfill`), or, for documents that cannot be, laid out many to one WeasyPrint document
and split with pikepdf; big batches use two processes.

Exit status of ``lexpub issue``: 0 when every record was issued; 2 when any record was bad (the good
ones are issued all the same) or the input cannot be read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lexpub.errors import InputError, Issue, LexpubError, Loc
from lexpub.model.core import Corpus, Lang
from lexpub.model.dates import parse_iso
from lexpub.services.calendar import Calendar
from lexpub.services.documents.basis import basis as doc_basis
from lexpub.services.documents.document import (
    DOCS,
    GROUND_PREFIX,
    LANG_SUFFIX,
    Kind,
    cited_eids,
    fmt_date,
    qr_uri,
    quotes,
    render_document,
    verification_code,
    wrap,
)
from lexpub.services.iin import check_iin
from lexpub.services.passport import passport
from lexpub.services.standard import RequiredRows, Service, ServiceView, load_required, load_service, service_view
from lexpub.sources.paths import source_file
from lexpub.sources.yamlfile import decode, load
from lexpub.wording.i18n import t

TextMode = Literal["in-force", "latest"]
SERVICE = "military-specialty-training"
NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
"""Unicode categories refused in any value: controls, bidi overrides and other invisible format
characters (they can disguise a name), private-use, surrogates, unassigned, line/paragraph separators."""
CHUNK = 25
"""Documents per WeasyPrint layout; fixed so that bytes do not depend on the number of workers."""
PARALLEL_FROM = 2 * CHUNK


@dataclass(frozen=True, slots=True)
class Record:
    row: int
    """The file line where the record starts (CSV, YAML) or its 1-based position (JSON)."""
    values: dict[str, Any]
    is_line: bool = True


@dataclass(frozen=True, slots=True)
class Bad:
    row: int
    number: str
    reasons: tuple[str, ...]
    is_line: bool = True


QR_SLOT = "\x00lexpub-qr\x00"
"""Stands in a section's HTML for the QR code until the section is drawn. Values with control
characters are refused (:func:`text_value`), so no record can write it; autoescaping keeps it as is."""


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

    @property
    def section(self) -> str:
        """The section HTML, QR code included."""
        if not self.qr:
            return self.body
        from markupsafe import escape

        return self.body.replace(QR_SLOT, str(escape(qr_uri(self.qr))))


@dataclass
class Batch:
    jobs: list[Job] = field(default_factory=list)
    bad: list[Bad] = field(default_factory=list)


# --------------------------------------------------------------------------- reading
def read_records(path: Path) -> list[Record]:
    """Records of a CSV (UTF-8, header row), JSON (a list of objects) or YAML (a list of mappings) file."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix in (".csv", ".json"):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(Issue(Loc(name), "file-read", exc.strerror or str(exc))) from None
    if suffix == ".csv":
        return read_csv(decode(raw, name), name)[1:]
    if suffix == ".json":
        try:
            data = json.loads(decode(raw, name))
        except json.JSONDecodeError as exc:
            raise InputError(Issue(Loc(name, exc.lineno, exc.colno), "json-syntax", exc.msg)) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InputError(Issue(Loc(name), "data-type", "expected a JSON list of objects"))
        return [Record(i + 1, dict(r), is_line=False) for i, r in enumerate(data)]
    if suffix in (".yaml", ".yml"):
        doc = load(path, name)
        if not isinstance(doc.data, list) or not all(isinstance(r, dict) for r in doc.data):
            raise InputError(Issue(doc.loc(), "data-type", "expected a YAML list of mappings"))
        return [Record(doc.loc((i,)).line, dict(r)) for i, r in enumerate(doc.data)]
    raise InputError(Issue(Loc(name), "data-format", "--data must be a .csv, .json or .yaml file"))


def read_csv(text: str, name: str) -> list[Record]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(Issue(Loc(name, 1, 1), "csv-empty", "no header row")) from None
    except csv.Error as exc:
        raise InputError(Issue(Loc(name, 1, 1), "csv-syntax", str(exc))) from None
    if len(set(header)) != len(header):
        raise InputError(Issue(Loc(name, 1, 1), "csv-header", "duplicate column names"))
    out: list[Record] = [Record(0, dict.fromkeys(header, ""))]  # the header itself, dropped by read_records
    start = reader.line_num + 1
    try:
        for cells in reader:
            if cells and any(c.strip() for c in cells):
                if len(cells) != len(header):
                    out.append(Record(start, {"__error__": f"{len(cells)} cells, the header has {len(header)}"}))
                else:
                    out.append(Record(start, dict(zip(header, cells, strict=True))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(Issue(Loc(name, reader.line_num, 1), "csv-syntax", str(exc))) from None
    return out


def read_header(path: Path) -> list[str]:
    """The column names of a CSV file (empty for JSON/YAML, whose records carry their keys)."""
    if path.suffix.lower() != ".csv":
        return []
    return list(read_csv(decode(path.read_bytes(), path.name), path.name)[0].values)


def check_columns(kind: Kind, records: list[Record], name: str, header: Iterable[str] = ()) -> None:
    """Unknown columns are file-level errors (a typo must not pass as a missing value)."""
    known = {f.name for f in DOCS[kind].fields} | {"issued", "__error__"}
    seen: set[str] = set(header)
    for rec in records:
        seen |= set(rec.values)
    unknown = sorted(seen - known)
    if unknown:
        allowed = ", ".join(sorted(known - {"__error__"}))
        raise InputError(
            Issue(Loc(name), "unknown-field", f"unknown field(s) {', '.join(unknown)} (allowed: {allowed})")
        )


# --------------------------------------------------------------------------- validating
class Context:
    """What records of one batch share: corpus, service, calendar, and views per issue date."""

    def __init__(self, corpus: Corpus, source: Path, text: TextMode):
        self.corpus = corpus
        self.source = source
        self.text = text
        self.service: Service = load_service(source, SERVICE)
        self.required: RequiredRows = load_required(source)
        self.calendar = Calendar(source)
        self._views: dict[dt.date | None, ServiceView | str] = {}
        self._bases: dict[tuple[str, str, dt.date, Lang], str] = {}

    def basis(self, view: ServiceView, issued: dt.date, lang: Lang) -> str:
        """The basis sentence of a document (:func:`lexpub.docbasis.basis`), once per table, date and language."""
        key = (view.work, view.table_eid, issued, lang)
        if key not in self._bases:
            self._bases[key] = doc_basis(self.corpus, view.work, view.table_eid, issued, self.text == "latest", lang)
        return self._bases[key]

    def view(self, issued: dt.date) -> ServiceView:
        """The table in force on ``issued`` (or latest); ValueError with the reason when unknown."""
        key = None if self.text == "latest" else issued
        if key not in self._views:
            try:
                self._views[key] = service_view(self.corpus, self.service, self.required, key)
            except InputError as exc:
                self._views[key] = "; ".join(i.message for i in exc.issues)
        got = self._views[key]
        if isinstance(got, str):
            raise ValueError(
                f"cannot quote the law in force on {issued.isoformat()}: {got} "
                "(--text latest quotes the latest known text, and the document says so)"
            )
        return got


def text_value(values: dict[str, Any], name: str, errors: list[str]) -> str:
    raw = values.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        errors.append(f"{name}: missing value")
        return ""
    if not isinstance(raw, str):
        errors.append(f"{name}: expected text, not {type(raw).__name__}")
        return ""
    if any(unicodedata.category(c) == "Cc" for c in raw):
        errors.append(f"{name}: control characters are not allowed")
        return ""
    bad = sorted({f"U+{ord(c):04X}" for c in raw if unicodedata.category(c) in INVISIBLE})
    if bad:
        errors.append(f"{name}: invisible, private-use or unassigned characters are not allowed ({', '.join(bad)})")
        return ""
    return raw.strip()


def date_value(values: dict[str, Any], name: str, errors: list[str]) -> dt.date | None:
    raw = text_value(values, name, errors)
    if not raw:
        return None
    try:
        return parse_iso(raw)
    except ValueError as exc:
        errors.append(f"{name}: {exc}")
        return None


def grounds_value(values: dict[str, Any], errors: list[str]) -> tuple[str, ...]:
    raw = values.get("grounds")
    items = [str(x) for x in raw] if isinstance(raw, list) else re.split(r"[;,\s]+", str(raw or "").strip())
    items = [x for x in items if x]
    if not items:
        errors.append("grounds: missing value")
        return ()
    bad = [x for x in items if not x.isascii() or not x.isdigit()]
    if bad:
        errors.append(f"grounds: {', '.join(bad)} is not a sub-item number of row 9")
        return ()
    if len(set(items)) != len(items):
        errors.append("grounds: a ground is listed twice")
    # Quoted in the law's order (1), 2) …), whatever order the officer typed them in.
    return tuple(sorted(items, key=int))


def prepare(
    ctx: Context, kind: Kind, rec: Record, issued_default: dt.date | None, langs: tuple[Lang, ...], sample: bool
) -> list[Job] | Bad:
    """Validate one record and build its documents, or say everything that is wrong with it."""
    v = rec.values
    errors: list[str] = [v["__error__"]] if "__error__" in v else []
    if errors:
        return Bad(rec.row, "", tuple(errors), rec.is_line)
    fields: dict[str, Any] = {}
    for f in DOCS[kind].fields:
        if f.type == "date":
            fields[f.name] = date_value(v, f.name, errors)
        elif f.type == "grounds":
            fields[f.name] = grounds_value(v, errors)
        else:
            fields[f.name] = text_value(v, f.name, errors)
    number = fields["number"]
    if number and not NUMBER.match(number):
        errors.append(f"number: {number!r} must be 1–64 letters, digits, '.', '_' or '-' (it names the file)")
    issued = date_value(v, "issued", []) if v.get("issued") else issued_default
    if v.get("issued") and issued is None:
        date_value(v, "issued", errors)
    if issued is None and not v.get("issued"):
        errors.append("issued: no issue date (give --issued or an 'issued' column)")
    if fields["iin"]:
        verdict = check_iin(fields["iin"])
        if not verdict.ok:
            errors.append(f"iin: {verdict.reason}")
        elif issued and verdict.birth_date and verdict.birth_date > issued:
            errors.append("iin: the birth date is after the issue date")
    if errors or issued is None:
        return Bad(rec.row, number, tuple(errors), rec.is_line)
    try:
        view = ctx.view(issued)
        law = law_context(ctx, kind, view, fields, issued)
    except ValueError as exc:
        return Bad(rec.row, number, (str(exc),), rec.is_line)
    return [job(kind, lang, fields, law, issued, view, ctx, sample) for lang in langs]


def law_context(ctx: Context, kind: Kind, view: ServiceView, fields: dict[str, Any], issued: dt.date) -> dict[str, Any]:
    """Quotes and computed values from the law in force; ValueError naming what cannot be cited."""
    pp = passport(view)
    grounds: tuple[str, ...] = fields.get("grounds", ())
    allowed = [
        i.num for i in view.row("refusal_grounds").items if i.num is not None and i.eid.startswith(GROUND_PREFIX)
    ]
    for g in grounds:
        if g not in allowed:
            raise ValueError(
                f"grounds: {g} is not a sub-item of row 9 in force on {issued.isoformat()} (allowed: {', '.join(allowed)})"
            )
    try:
        q = quotes(view, cited_eids(kind, grounds))
    except KeyError as exc:
        raise ValueError(f"cannot cite {exc.args[0]} on {issued.isoformat()}") from None
    law: dict[str, Any] = {"quotes": q, "grounds": [q[GROUND_PREFIX + g] for g in grounds], "pp": pp}
    if kind == "notice":
        start: dt.date = fields["classes_start"]
        days = pp["terms"]["stage2"]["working_days"]
        tenge = pp["fee"]["tenge"]
        period = pp["other_requirements"]["paid_training_period"]
        if not isinstance(days, int) or not isinstance(tenge, int) or period["from"] == "unparsed":
            raise ValueError("the stage-2 term, the fee or the paid-training period cannot be read from the law")
        lo, hi = period["from"], period["to"]
        if start < issued:
            raise ValueError(
                f"classes_start {start.isoformat()} is before the issue date {issued.isoformat()}: "
                "a notice cannot announce classes that have already begun"
            )
        try:
            if not ctx.calendar.is_working(start):
                raise ValueError(
                    f"classes_start {start.isoformat()} is not a working day (five-day week, source/calendars): "
                    "the stage-2 end would be counted from a day off"
                )
            end = ctx.calendar.add_working(start, days)
        except InputError as exc:
            raise ValueError("; ".join(i.message for i in exc.issues)) from None
        for what, day in (("classes_start", start), ("computed end of training", end)):
            if not (lo <= day.strftime("%m-%d") <= hi) or day.year != start.year:
                shown = f"{lo[3:]}.{lo[:2]}–{hi[3:]}.{hi[:2]}"
                raise ValueError(f"{what} {day.isoformat()} is outside the paid-training period {shown} (row 10)")
        law.update(end=end, days=days, tenge=tenge)
    if kind == "certificate" and fields["period_from"] > fields["period_to"]:
        raise ValueError("period_from is after period_to")
    if kind == "certificate" and fields["period_to"] > issued:
        raise ValueError(f"period_to {fields['period_to'].isoformat()} is after the issue date {issued.isoformat()}")
    return law


def job(
    kind: Kind,
    lang: Lang,
    fields: dict[str, Any],
    law: dict[str, Any],
    issued: dt.date,
    view: ServiceView,
    ctx: Context,
    sample: bool,
) -> Job:
    q = law["quotes"]
    qr = ""
    basis = ctx.basis(view, issued, lang)
    shown = {k: (fmt_date(x, lang) if isinstance(x, dt.date) else x) for k, x in fields.items()}
    payload = {
        "kind": kind,
        "lang": lang,
        "fields": {k: (x.isoformat() if isinstance(x, dt.date) else x) for k, x in sorted(fields.items())},
        "issued": issued.isoformat(),
        "text": ctx.text,
        "cited": {eid: quote.text for eid, quote in sorted(q.items())},
        "sample": sample,
    }
    code = verification_code(payload)
    doc = {
        "number": fields["number"],
        "full_name": fields["full_name"],
        "iin": fields["iin"],
        "issued": fmt_date(issued, lang),
        "code": code,
        "sample": sample,
        "basis": basis,
    }
    context: dict[str, Any] = {**shown, "doc": doc, "service_name": ctx.service.name_kk}
    if kind == "notice":
        by_key = {c.key: q[c.eid] for c in DOCS["notice"].cites}
        context["q"] = {
            "term2": by_key["terms.stage2"],
            "fee_payment": by_key["fee.payment"],
            "fee_amount": by_key["fee.amount"],
            "fee_means": by_key["fee.means"],
            "period": by_key["other.period"],
            "return_notice": by_key["other.return_notice"],
        }
        context.update(
            classes_end=fmt_date(law["end"], lang),
            stage2_days=law["days"],
            fee_tenge=f"{law['tenge']:,}".replace(",", "\u00a0"),
            warnings=[],
        )
    elif kind == "refusal":
        context["grounds"] = law["grounds"]
    else:
        context["q"] = {"result": q[DOCS["certificate"].cites[0].eid]}
        context["qr"] = QR_SLOT
        qr = f"LEXPUB:{kind}:{fields['number']}:{code}"
    rel = f"{kind}/{LANG_SUFFIX[lang]}/{fields['number']}"
    title = f"{t(lang, 'doc.title.' + kind)} № {fields['number']}"
    mark = t(lang, "doc.sample") if sample else ""
    return Job(rel, lang, render_document(kind, lang, context), title, mark, qr)


def prepare_all(
    ctx: Context,
    kind: Kind,
    records: Iterable[Record],
    issued: dt.date | None,
    langs: tuple[Lang, ...],
    sample: bool = False,
) -> Batch:
    batch = Batch()
    numbers: dict[str, int] = {}
    for rec in records:
        got = prepare(ctx, kind, rec, issued, langs, sample)
        if isinstance(got, Bad):
            batch.bad.append(got)
            continue
        number = got[0].rel.rsplit("/", 1)[-1]
        if number in numbers:
            batch.bad.append(
                Bad(rec.row, number, (f"number: {number} already used by row {numbers[number]}",), rec.is_line)
            )
            continue
        numbers[number] = rec.row
        batch.jobs += got
    return batch


# --------------------------------------------------------------------------- rendering
def render_html(jobs: list[Job]) -> dict[str, bytes]:
    return {f"{j.rel}.html": wrap([j.section], j.lang, j.title, j.mark).encode("utf-8") for j in jobs}


def render_chunk(jobs: list[Job]) -> dict[str, bytes]:
    """PDFs of a chunk of one-page documents of one language: stamped on a form laid out once
    (:mod:`lexpub.formfill`) where the document allows it, else one layout for the rest, split per page."""
    from lexpub.services.documents.formfill import render as stamp_all

    lang = jobs[0].lang
    got = stamp_all([j.section for j in jobs], lang, jobs[0].title, jobs[0].mark)
    files = {
        f"{j.rel}.pdf": one_page(g[0], g[1], j.title, LANG_SUFFIX[lang]) for j, g in zip(jobs, got, strict=True) if g
    }
    for pdf in {id(g[0]): g[0] for g in got if g}.values():
        pdf.close()
    rest = [j for j, g in zip(jobs, got, strict=True) if g is None]
    if rest:
        files.update(render_full(rest))
    return {f"{j.rel}.pdf": files[f"{j.rel}.pdf"] for j in jobs}


def render_full(jobs: list[Job]) -> dict[str, bytes]:
    """One WeasyPrint layout of whole documents, split per page (each alone if one takes more than a page)."""
    from lexpub.render.pdf import html_to_pdf

    lang = jobs[0].lang
    pdf = html_to_pdf(
        wrap([j.section for j in jobs], lang, jobs[0].title, jobs[0].mark), title=jobs[0].title, lang=LANG_SUFFIX[lang]
    )
    pages = split_pages(pdf, [j.title for j in jobs], LANG_SUFFIX[lang])
    if pages is None:  # some document took more than one page: render each on its own
        return {
            f"{j.rel}.pdf": html_to_pdf(
                wrap([j.section], j.lang, j.title, j.mark), title=j.title, lang=LANG_SUFFIX[j.lang]
            )
            for j in jobs
        }
    return {f"{j.rel}.pdf": data for j, data in zip(jobs, pages, strict=True)}


def split_pages(pdf: bytes, titles: list[str], lang: str) -> list[bytes] | None:
    """Each page as its own PDF (deterministic ids), or None if the page count is not one per document."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as src:
        if len(src.pages) != len(titles):
            return None
        return [one_page(src, i, title, lang) for i, title in enumerate(titles)]


def one_page(src: Any, index: int, title: str, lang: str) -> bytes:
    """Page ``index`` of the pikepdf document ``src`` as a PDF of its own, with its title and language."""
    import pikepdf

    dst = pikepdf.new()
    dst.pages.append(src.pages[index])
    dst.remove_unreferenced_resources()  # WeasyPrint's pages share one resource dictionary
    dst.docinfo["/Title"] = title
    dst.docinfo["/Producer"] = "lexpub"
    dst.Root.Lang = pikepdf.String(lang)
    buf = io.BytesIO()
    dst.save(buf, deterministic_id=True)
    return buf.getvalue()


def render_pdf(jobs: list[Job]) -> dict[str, bytes]:
    """Chunks of :data:`CHUNK` documents per language; two processes from :data:`PARALLEL_FROM` documents."""
    chunks: list[list[Job]] = []
    for lang in sorted({j.lang for j in jobs}):
        same = [j for j in jobs if j.lang == lang]
        chunks += [same[i : i + CHUNK] for i in range(0, len(same), CHUNK)]
    files: dict[str, bytes] = {}
    if len(jobs) >= PARALLEL_FROM and len(chunks) > 1:
        from concurrent.futures import ProcessPoolExecutor

        import pikepdf  # noqa: F401  imported once here, inherited by the forked workers
        import weasyprint  # noqa: F401

        with ProcessPoolExecutor(max_workers=2) as pool:
            for part in pool.map(render_chunk, chunks):
                files.update(part)
    else:
        for chunk in chunks:
            files.update(render_chunk(chunk))
    return files


# --------------------------------------------------------------------------- writing
def safe_cell(value: str) -> str:
    """A CSV cell that no spreadsheet evaluates: a leading = + - @ (or tab/CR) gets a quote mark."""
    return "'" + value if value.startswith(FORMULA) else value


def errors_csv(bad: list[Bad]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["row", "number", "reason"])
    for b in sorted(bad, key=lambda x: x.row):
        for reason in b.reasons:
            w.writerow([b.row, safe_cell(b.number), safe_cell(reason)])
    return buf.getvalue().encode("utf-8")


def manifest(files: dict[str, bytes], bad: list[Bad], kind: Kind, data_name: str, basis: dict[str, Any]) -> bytes:
    body = {
        "kind": kind,
        "data": data_name,
        "law": basis,
        "files": [
            {"path": rel, "sha256": hashlib.sha256(files[rel]).hexdigest(), "bytes": len(files[rel])}
            for rel in sorted(files)
        ],
        "bad_records": [
            {"row": b.row, "number": b.number, "reasons": list(b.reasons)} for b in sorted(bad, key=lambda x: x.row)
        ],
    }
    return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def outputs(batch: Batch, kind: Kind, fmt: str, data_name: str, ctx: Context) -> dict[str, bytes]:
    files = render_pdf(batch.jobs) if fmt == "pdf" else render_html(batch.jobs)
    files["errors.csv"] = errors_csv(batch.bad)
    files["manifest.json"] = manifest(files, batch.bad, kind, data_name, law_basis(ctx))
    return files


def law_basis(ctx: Context) -> dict[str, Any]:
    """Which text the documents quote, and the changes known to exist but not in the corpus."""
    work = ctx.corpus.works.get(ctx.service.work)
    return {
        "service": ctx.service.id,
        "table": f"{ctx.service.work}#{ctx.service.table}",
        "text": ctx.text,
        "pending_changes": [
            {"description_kk": p.description.get("kaz"), "source": p.source, "confidence": p.confidence}
            for p in (work.pending if work else ())
        ],
    }


def write_out(out: Path, files: dict[str, bytes]) -> None:
    """Replace ``out`` atomically; refuse a non-empty folder that lexpub issue did not write."""
    from lexpub.publish.atomic import staged_dir, write_bytes

    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "manifest.json").is_file())):
        raise InputError(
            Issue(
                Loc(str(out)),
                "out-not-ours",
                "--out exists and is not an output folder of lexpub issue; refusing to replace it",
            )
        )
    with staged_dir(out, kind="issue") as stage:
        for rel, data in sorted(files.items()):
            write_bytes(stage / rel, data)


def bad_issues(bad: list[Bad], data_name: str) -> list[Issue]:
    return [
        Issue(
            Loc(data_name, b.row, 1) if b.is_line else Loc(data_name),
            "record-invalid",
            f"{'row' if b.is_line else 'record'} {b.row}{' (' + b.number + ')' if b.number else ''}: {reason}",
        )
        for b in sorted(bad, key=lambda x: x.row)
        for reason in b.reasons
    ]


def issue(
    corpus: Corpus,
    source: Path,
    kind: Kind,
    data: Path,
    out: Path,
    langs: tuple[Lang, ...],
    fmt: str,
    issued: dt.date | None,
    text: TextMode,
) -> tuple[int, list[Issue]]:
    """Issue the good records into ``out``; return the number of files and the issues of bad records."""
    records = read_records(data)
    header = read_header(data)
    check_columns(kind, records, data.name, header)
    ctx = Context(corpus, source, text)
    batch = prepare_all(ctx, kind, records, issued, langs)
    files = outputs(batch, kind, fmt, data.name, ctx)
    write_out(out, files)
    return len(batch.jobs), bad_issues(batch.bad, data.name)


# --------------------------------------------------------------------------- samples for the build
def sample_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """Build producer: the synthetic samples in ``source/samples`` as PDFs, both languages, marked SAMPLE."""
    files: dict[str, bytes] = {}
    folder = source / "samples"
    if not folder.is_dir() or not (source / "services").is_dir():
        return files
    ctx = Context(corpus, source, "latest")
    for kind in DOCS:
        path = folder / f"{'applicants' if kind == 'notice' else kind + 's'}.csv"
        if not path.is_file():
            continue
        records = read_records(source_file(path, source, f"samples/{path.name}"))  # never a link out
        check_columns(kind, records, path.name)
        batch = prepare_all(ctx, kind, records, None, ("kaz", "rus"), sample=True)
        if batch.bad:
            raise LexpubError(bad_issues(batch.bad, f"samples/{path.name}"))
        for rel, blob in render_pdf(batch.jobs).items():
            files[f"documents/samples/{rel}"] = blob
    return files
