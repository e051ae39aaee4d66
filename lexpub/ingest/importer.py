"""A whole act → one source YAML file: read, build the unit tree, resolve every amending sentence
against ``--source``, then read the result back through lexpub's own parser and check every operation
once more by regenerating its formula. Nothing is written when the input cannot be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lexpub.errors import InputError, Loc, ValidationError
from lexpub.ingest.amendments import Pending, Resolved, resolve
from lexpub.ingest.lines import Line
from lexpub.ingest.normalise import line as norm
from lexpub.ingest.requisites import UNKNOWN, Requisites
from lexpub.ingest.structure import Parsed, parse_act
from lexpub.ingest.writer import dumps, parse_work, write_atomic
from lexpub.model.core import Corpus, Issuer, Lang, Work
from lexpub.wording.i18n import has, t
from lexpub.wording.phrases import formula

PLACEHOLDER = "…"


@dataclass(frozen=True, slots=True)
class Imported:
    """The written file and the sentences left pending."""

    path: Path
    stem: str
    pending: tuple[Pending, ...]


def entry_into_force(data: dict[str, Any], lang: Lang) -> dict[str, Any] | str:
    """The commencement clause of the act's own provisions, matched against lexpub's own wording."""
    texts = [str(u.get("text", "")) for u in data.get("body", [])]
    for days in range(1, 91):
        key = f"number.{days}"
        words = t(lang, key) if has(lang, key) else str(days)
        phrase = t(lang, "eif.after-publication", days_words=words)
        if any(phrase in x for x in texts):
            return {"rule": "after-publication", "days": days}
    for rule in ("on-publication", "on-signing"):
        if any(t(lang, f"eif.{rule}") in x for x in texts):
            return {"rule": rule}
    return UNKNOWN


def work_data(p: Parsed, lang: Lang) -> dict[str, Any]:
    req = p.requisites
    reg: Any = UNKNOWN
    if req.reg_number != UNKNOWN:
        reg = {"number": req.reg_number, "date": req.reg_date}
    return {
        "type": req.doctype,
        "issuer": req.issuer,
        "number": req.number,
        "date": req.date,
        "languages": [lang],
        "held": "complete" if p.title and p.data.get("body") else "partial",
        "title": {lang: p.title} if p.title else UNKNOWN,
        "registration": reg,
        "adilet": UNKNOWN,
        "publication": {"date": UNKNOWN, "source": UNKNOWN},
        "entry_into_force": entry_into_force(p.data, lang),
    }


def stem_of(req: Requisites, name: str) -> str:
    if req.date is None or req.number == UNKNOWN or not re.fullmatch(r"[0-9a-z-]+", req.number.lower()):
        raise InputError.at(
            Loc(name, 2, 1),
            "import-requisites",
            "the heading does not give the act's issuer, date and number (expected lexpub's requisites line)",
        )
    return f"{req.issuer}-{req.date.year}-{req.number.lower()}"


def import_lines(
    lines: tuple[Line, ...], name: str, lang: Lang, corpus: Corpus, issuers: dict[str, Issuer], out: Path
) -> Imported:
    if not lines:
        raise InputError.at(Loc(name, 1, 1), "import-empty", "the input holds no text")
    p = parse_act(lines, lang, issuers)
    stem = stem_of(p.requisites, name)
    data: dict[str, Any] = {"work": work_data(p, lang), **p.data}
    for f in p.formulas:
        f.node["text"] = PLACEHOLDER
    source = must_parse(data, stem, name, issuers)
    pending: list[Pending] = []
    done: list[Resolved] = []
    for f in p.formulas:
        result = resolve(f, lang, corpus, source)
        if isinstance(result, Pending):
            f.node["text"] = f.line.text
            pending.append(result)
        else:
            f.node.pop("text")
            f.node["amend"] = result.amend
            done.append(result)
    pending += verify(data, stem, name, issuers, corpus, lang, done)
    if pending:
        data["pending"] = [
            {"description": {lang: f"{x.reason}: {x.text}"}, "source": f"{x.file}:{x.line}", "confidence": "H"}
            for x in sorted(pending, key=lambda x: x.line)
        ]
    text = dumps(data, comment=f"Imported by lexpub import from {name}; check it with lexpub check.")
    must_parse_text(text, stem, name, issuers)
    path = out / f"{stem}.yaml"
    write_atomic(path, text)
    return Imported(path, stem, tuple(sorted(pending, key=lambda x: x.line)))


def verify(
    data: dict[str, Any],
    stem: str,
    name: str,
    issuers: dict[str, Issuer],
    corpus: Corpus,
    lang: Lang,
    done: list[Resolved],
) -> list[Pending]:
    """Every accepted operation, read back by lexpub's parser, must print its own sentence again; one
    that does not is taken out (its sentence stays as text) and listed."""
    work = must_parse(data, stem, name, issuers)
    out = []
    ops = [u.amend for u in work.root.walk() if u.amend is not None]
    for r, op in zip(done, ops, strict=True):
        target = corpus.works.get(op.target_work)
        unit = target.find(op.target_eid) if target else None
        made = norm(formula(op, lang, work, unit))
        if made != norm(re.sub(r"[.;]\Z", "", r.formula.line.text)):
            node = r.formula.node
            node.pop("amend")
            node["text"] = r.formula.line.text
            out.append(
                Pending(r.formula.line.file, r.formula.line.no, r.formula.line.text, t(lang, "import.reason.mismatch"))
            )
    return out


def must_parse(data: dict[str, Any], stem: str, name: str, issuers: dict[str, Issuer]) -> Work:
    return must_parse_text(dumps(data), stem, name, issuers)


def must_parse_text(text: str, stem: str, name: str, issuers: dict[str, Issuer]) -> Work:
    """The generated YAML must be a valid act file; if not, it is an importer defect reported against
    the input (nothing is written)."""
    work, issues = parse_work(text, stem, f"{stem}.yaml (from {name})", issuers)
    if work is None or issues:
        raise ValidationError(issues)
    return work
