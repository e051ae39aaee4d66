"""Citizen documents: (definition, validated record, law in force on the issue date) → HTML.

Three results of the service (row 5): the admission notice, the reasoned refusal and the certificate.
Each :class:`DocDef` lists its fields, their types and the eIds it cites. Legal wording is never
written here: it is quoted from the consolidated table (:class:`~lexpub.service.ServiceView`) as in
force on the issue date, and a cited unit that is repealed, not yet in force or not held stops the
record. Each document carries a verification code derived from its content; the certificate also
carries a QR code of it. Templates (department-editable) render in an immutable sandbox with
autoescape and StrictUndefined.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from lexpub.model.dates import long_form, short
from lexpub.model.values import Lang
from lexpub.render.env import TEMPLATES, render
from lexpub.services.documents import qrimage
from lexpub.services.standard import ServiceView
from lexpub.wording.i18n import t
from lexpub.wording.lang import BCP47

Kind = Literal["notice", "refusal", "certificate"]
FieldType = Literal["text", "iin", "date", "grounds", "number"]
KINDS: tuple[Kind, ...] = ("notice", "refusal", "certificate")
LANG_SUFFIX = BCP47  # template and output folder names say kk/ru: the one mapping of wording.lang
T = "att_nn_1__att_2-1"


@dataclass(frozen=True, slots=True)
class FieldDef:
    name: str
    type: FieldType
    required: bool = True


@dataclass(frozen=True, slots=True)
class Citation:
    """A unit a document quotes: the passport key naming it and its eId in the service table."""

    key: str
    eid: str
    why: str


@dataclass(frozen=True, slots=True)
class DocDef:
    kind: Kind
    fields: tuple[FieldDef, ...]
    cites: tuple[Citation, ...]
    """Fixed citations; a refusal also cites the row-9 sub-items chosen as grounds."""


COMMON = (FieldDef("number", "number"), FieldDef("full_name", "text"), FieldDef("iin", "iin"))
SUBMITTED = FieldDef("submitted", "date", required=False)
"""The day the application was submitted: the applicant's age and the stage-1 term count from it."""
DOCS: dict[Kind, DocDef] = {
    "notice": DocDef(
        "notice",
        (
            *COMMON,
            FieldDef("specialty", "text"),
            FieldDef("organisation", "text"),
            FieldDef("classes_start", "date"),
            SUBMITTED,
        ),
        (
            Citation("result.stage1", f"{T}__tr_5__point_1", "the result of stage 1"),
            Citation(
                "terms.stage2",
                f"{T}__tr_3__point_2",
                "stage-2 term: the certificate is due within it from the start of classes",
            ),
            Citation("fee.payment", f"{T}__tr_6__alinea_1", "how the fee is paid"),
            Citation("fee.amount", f"{T}__tr_6__alinea_2", "the fee"),
            Citation("fee.means", f"{T}__tr_6__alinea_3", "means of payment"),
            Citation("other.period", f"{T}__tr_10__alinea_1", "the paid-training period"),
            Citation("other.return_notice", f"{T}__tr_10__alinea_2", "the duty to return the notice"),
        ),
    ),
    "refusal": DocDef(
        "refusal",
        (
            *COMMON,
            FieldDef("grounds", "grounds"),
            FieldDef("explanation", "text"),
            FieldDef("appeal", "text"),
            SUBMITTED,
        ),
        (Citation("result.stage1", f"{T}__tr_5__point_1", "the result of stage 1"),),
    ),
    "certificate": DocDef(
        "certificate",
        (
            *COMMON,
            FieldDef("programme", "text"),
            FieldDef("specialty", "text"),
            FieldDef("organisation", "text"),
            FieldDef("period_from", "date"),
            FieldDef("period_to", "date"),
        ),
        (Citation("result.stage2", f"{T}__tr_5__point_2", "the result of stage 2"),),
    ),
}
GROUND_PREFIX = f"{T}__tr_9__point_"


def cited_eids(kind: Kind, grounds: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(c.eid for c in DOCS[kind].cites) + tuple(GROUND_PREFIX + g for g in grounds)


# --------------------------------------------------------------------------- quoting the law
@dataclass(frozen=True, slots=True)
class Quote:
    eid: str
    num: str | None
    text: str


def quotes(view: ServiceView, eids: tuple[str, ...]) -> dict[str, Quote]:
    """The held, in-force wording of each cited eId; KeyError naming the first that is not."""
    items = {i.eid: i for row in view.rows for i in row.items}
    out: dict[str, Quote] = {}
    for eid in eids:
        unit = view.expression.find(eid)
        if unit is None or eid not in items:
            raise KeyError(f"{eid} is not a unit of the table in force")
        if not unit.held or unit.status != "in-force":
            raise KeyError(f"{eid} is {unit.status if unit.held else 'not held'}")
        out[eid] = Quote(eid, items[eid].num, items[eid].text)
    return out


def verification_code(payload: dict[str, Any]) -> str:
    """First 16 hex digits of SHA-256 of the canonical JSON, grouped by four."""
    canon = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def qr_uri(text: str) -> str:
    """A deterministic PNG data URI of a QR code of ``text``: one pixel a module, drawn without
    smoothing (``image-rendering: pixelated``), so it prints as sharp as a vector and costs WeasyPrint
    a small image instead of parsing an SVG path of every module."""
    return qrimage.image(text)[0]  # segno's symbol and PNG, made faster


# --------------------------------------------------------------------------- rendering
@cache
def environment() -> ImmutableSandboxedEnvironment:
    """Templates in ``templates/documents``: sandboxed, autoescaped, StrictUndefined."""
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES / "documents")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["t"] = t
    return env


def fmt_date(day: dt.date, lang: Lang) -> str:
    return f"{short(day)} ({long_form(day, lang, locative=False) if lang == 'kaz' else long_form(day, lang)})"


def render_document(kind: Kind, lang: Lang, context: dict[str, Any]) -> str:
    """One document's HTML body (a ``<section>``), from its per-language template."""
    return environment().get_template(f"{kind}.{LANG_SUFFIX[lang]}.html").render(**context)


def wrap(sections: list[str], lang: Lang, title: str, mark: str = "", layer: str = "") -> str:
    """A complete HTML page of one or more one-page documents; ``mark`` heads every printed page.

    ``layer="form"`` hides the per-person values (``data-fill``) but keeps their room, for
    :mod:`lexpub.formfill`."""
    from markupsafe import Markup

    # Each section is the output of an autoescaped sandbox render: already safe HTML.
    safe = [Markup(s) for s in sections]  # noqa: S704
    return render("documents/page.html", sections=safe, lang=LANG_SUFFIX[lang], title=title, mark=mark, layer=layer)


def definitions_json() -> dict[str, Any]:
    """Fields, types and cited eIds of every document (for ``lexpub impact`` and documentation)."""
    return {
        kind: {
            "fields": [{"name": f.name, "type": f.type, "required": f.required} for f in d.fields],
            "cites": [{"key": c.key, "eid": c.eid, "why": c.why} for c in d.cites],
            "cites_chosen": "row-9 sub-items chosen as grounds" if kind == "refusal" else None,
            "templates": [f"templates/documents/{kind}.{s}.html" for s in ("kk", "ru")],
        }
        for kind, d in DOCS.items()
    }


def template_path(kind: Kind, lang: Lang) -> Path:
    return TEMPLATES / "documents" / f"{kind}.{LANG_SUFFIX[lang]}.html"


# --------------------------------------------------------------------------- impact of amendments
def passport_citations(pp: Any, path: str = "") -> list[tuple[str, str]]:
    """(field path, eId) for every passport value that names its source."""
    out: list[tuple[str, str]] = []
    if isinstance(pp, dict):
        if isinstance(pp.get("source_eid"), str):
            out.append((path or "passport", pp["source_eid"]))
        for key in sorted(pp):
            if key != "source_eid":
                out += passport_citations(pp[key], f"{path}.{key}" if path else key)
    elif isinstance(pp, list):
        for i, item in enumerate(pp):
            out += passport_citations(item, f"{path}[{i}]")
    return out


def overlaps(a: str, b: str) -> bool:
    """One unit contains the other (or they are the same)."""
    return a == b or a.startswith(b + "__") or b.startswith(a + "__")
