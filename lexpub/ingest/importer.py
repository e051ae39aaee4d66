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
from lexpub.ingest.amendments import PendingSentence, Resolved, resolve
from lexpub.ingest.bilingual import merge, merge_into
from lexpub.ingest.formulas import parse_amendment
from lexpub.ingest.lines import Line
from lexpub.ingest.normalise import line as norm
from lexpub.ingest.requisites import UNKNOWN, Requisites
from lexpub.ingest.structure import Parsed, parse_act
from lexpub.ingest.stubs import Stubs
from lexpub.ingest.units import Formula
from lexpub.ingest.writer import dumps, parse_work, write_atomic
from lexpub.model.core import Corpus, Work
from lexpub.model.requisites import Issuer
from lexpub.model.values import Lang
from lexpub.wording.i18n import has, t
from lexpub.wording.phrases import formula

PLACEHOLDER = "…"


@dataclass(frozen=True, slots=True)
class Imported:
    """The written file and the sentences left pending."""

    path: Path
    stem: str
    pending: tuple[PendingSentence, ...]
    stubs: tuple[Path, ...] = ()


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
            "import-requisites",
        )
    return f"{req.issuer}-{req.date.year}-{req.number.lower()}"


def as_draft(work: dict[str, Any], req: Requisites, issuers: dict[str, Issuer], name: str) -> dict[str, Any]:
    """A Word draft before signature (``status: draft``): what its heading does not give stays unknown; the
    issuer is the heading's, or the corpus's only one."""
    issuer = req.issuer if req.issuer != UNKNOWN else (next(iter(issuers)) if len(issuers) == 1 else None)
    if issuer is None:
        raise InputError.at(
            Loc(name, 1, 1), "import-requisites", "the draft does not name its issuer", "import-requisites.issuer"
        )
    rest = {k: v for k, v in work.items() if k not in ("type", "issuer", "number", "date")}
    return {
        "type": "order" if req.doctype == UNKNOWN else req.doctype,
        "issuer": issuer,
        "status": "draft",
        "number": req.number,
        "date": req.date or UNKNOWN,
        **rest,
    }


def import_lines(
    lines: tuple[Line, ...],
    name: str,
    lang: Lang,
    corpus: Corpus,
    issuers: dict[str, Issuer],
    out: Path,
    rus: tuple[tuple[Line, ...], str] | None = None,
    draft: str | None = None,
) -> Imported:
    """Import one act (``rus``: its Russian text too, folded into the same work; ``draft``: the id of a
    draft not signed yet, whose heading has no number or date)."""
    p = parse(lines, name, lang, issuers)
    stem = draft or stem_of(p.requisites, name)
    data: dict[str, Any] = {"work": work_data(p, lang), **p.data}
    langs: list[Lang] = [lang]
    pairs: list[list[Formula]] = [[f] for f in p.formulas]
    q: Parsed | None = None
    if rus is not None:
        q = parse(rus[0], rus[1], "rus", issuers)
        merge(p, q, (name, rus[1]))
        data = {"work": bilingual_work(p, q), **p.data}
        langs.append("rus")
        pairs = [[f, g] for f, g in zip(p.formulas, q.formulas, strict=True)]
    if draft is not None:
        data["work"] = as_draft(data["work"], p.requisites, issuers, name)
    for pair in pairs:
        pair[0].node["text"] = placeholder(langs)
    source = must_parse(data, stem, name, issuers)
    stubs = Stubs(corpus, issuers)
    groups: list[list[PendingSentence]] = []
    done: list[Resolved] = []
    for pair in pairs:
        results = [resolve(f, lg, stubs, source) for f, lg in zip(pair, langs, strict=True)]
        node = pair[0].node
        ok = [r for r in results if isinstance(r, Resolved)]
        if len(ok) == len(results) and same_op([r.amend for r in ok]):
            node.pop("text")
            node["amend"] = joined([r.amend for r in ok], langs)
            done.extend(ok)
            continue
        node["text"] = sentence(pair, langs)
        why = "import.reason.other_language" if not ok or len(ok) < len(results) else "import.reason.mismatch"
        groups.append(
            [
                r
                if isinstance(r, PendingSentence)
                else PendingSentence(f.line.file, f.line.no, f.line.text, t(lg, why))
                for r, f, lg in zip(results, pair, langs, strict=True)
            ]
        )
    groups += verify(data, stem, name, issuers, stubs.corpus_with_stubs(), langs, done)
    groups += strays(p.strays, lang, langs, q.strays if q is not None else None)
    groups.sort(key=lambda g: (g[0].file, g[0].line))
    if groups:
        wordings = {(f.line.file, f.line.no): f.content_lines for pair in pairs for f in pair}
        data["pending"] = [
            {
                "description": {lg: described(x, wordings) for x, lg in zip(g, langs, strict=True)},
                "source": ", ".join(f"{x.file}:{x.line}" for x in g),
                "confidence": "H",
            }
            for g in groups
        ]
    text = dumps(data, comment=f"Imported by lexpub import from {name}; check it with lexpub check.")
    must_parse_text(text, stem, name, issuers)
    path = out / f"{stem}.yaml"
    made = []
    for other, body in stubs.texts().items():
        made.append(out / f"{other}.yaml")
        write_atomic(made[-1], body)
    write_atomic(path, text)
    return Imported(path, stem, tuple(x for g in groups for x in g), tuple(made))


def strays(
    lines: list[Line], lang: Lang, langs: list[Lang], other: list[Line] | None = None
) -> list[list[PendingSentence]]:
    """Amending sentences outside any «… өзгерістер енгізілсін:» block (an act repealed by name, a
    formula standing alone): the grammar reads each line with a formula's verb, and what it reads as an
    operation is pending with its reason — never left in the text as if it were an ordinary provision.

    ``other``: the same lines of the act's Russian text (a bilingual import, ``langs`` the two). Both
    texts are read, each by its own grammar: a sentence the Russian text alone holds as an amendment
    is pending too. The two are paired in order when each text has as many; otherwise each stands
    alone, its sentence given in both entries (never a sentence paired with the wrong one)."""
    mine = _read_strays(lines, lang)
    if other is None:
        return [[PendingSentence(x.file, x.no, x.text, t(lg, key)) for lg in langs] for x, key in mine]
    theirs = _read_strays(other, "rus")
    if len(mine) == len(theirs):
        return [
            [PendingSentence(x.file, x.no, x.text, t(lang, k)), PendingSentence(y.file, y.no, y.text, t("rus", j))]
            for (x, k), (y, j) in zip(mine, theirs, strict=True)
        ]
    alone = sorted([*mine, *theirs], key=lambda found: (found[0].file, found[0].no))
    return [[PendingSentence(x.file, x.no, x.text, t(lg, key)) for lg in langs] for x, key in alone]


def _read_strays(lines: list[Line], lang: Lang) -> list[tuple[Line, str]]:
    """The lines the grammar reads as operations, each with the catalogue key of its reason."""
    out = []
    for line in lines:
        ops = parse_amendment(line.text, lang).ops
        if not ops:
            continue
        whole = all(op.op == "repeal" and not op.target for op in ops)
        out.append((line, "import.reason.whole_act_repeal" if whole else "import.reason.outside_block"))
    return out


def described(x: PendingSentence, wordings: dict[tuple[str, int], tuple[Line, ...]]) -> str:
    """The pending entry's words: the reason, the sentence, and the quoted new wording it announced (kept
    here, since the act's text keeps only the sentence)."""
    quoted = "\n".join(line.text for line in wordings.get((x.file, x.line), ()))
    return f"{x.reason}: {x.text}" + (f"\n{quoted}" if quoted else "")


def parse(lines: tuple[Line, ...], name: str, lang: Lang, issuers: dict[str, Issuer]) -> Parsed:
    if not lines:
        raise InputError.at(Loc(name, 1, 1), "import-empty", "the input holds no text", "import-empty")
    return parse_act(lines, lang, issuers)


def bilingual_work(p: Parsed, q: Parsed) -> dict[str, Any]:
    work = work_data(p, "kaz")
    work["languages"] = ["kaz", "rus"]
    if p.title and q.title:
        work["title"] = {"kaz": p.title, "rus": q.title}
    elif p.title or q.title:
        raise InputError.at(
            Loc(p.formulas[0].line.file if p.formulas else ""),
            "import-align",
            "only one language gives the title",
            "import-align.title",
        )
    return work


def placeholder(langs: list[Lang]) -> Any:
    return PLACEHOLDER if len(langs) == 1 else {lg: PLACEHOLDER for lg in langs}


def sentence(pair: list[Formula], langs: list[Lang]) -> Any:
    return pair[0].line.text if len(langs) == 1 else {lg: f.line.text for f, lg in zip(pair, langs, strict=True)}


def same_op(amends: list[dict[str, Any]]) -> bool:
    keys = ("op", "target", "content_from")
    return all(tuple(a.get(k) for k in keys) == tuple(amends[0].get(k) for k in keys) for a in amends)


def joined(amends: list[dict[str, Any]], langs: list[Lang]) -> dict[str, Any]:
    """One operation from its per-language readings: the new wording and the lead in every language."""
    first = dict(amends[0])
    if len(amends) == 1:
        return first
    if "content" in first:
        merge_into(first["content"], amends[1]["content"], ("", ""))
    for key in ("old", "new"):
        if key in first:
            first[key] = {lg: a.get(key, "") for a, lg in zip(amends, langs, strict=True)}
    if "lead" in first or "lead" in amends[1]:
        first["lead"] = {lg: a.get("lead", "") for a, lg in zip(amends, langs, strict=True)}
    return first


def verify(
    data: dict[str, Any],
    stem: str,
    name: str,
    issuers: dict[str, Issuer],
    corpus: Corpus,
    langs: list[Lang],
    done: list[Resolved],
) -> list[list[PendingSentence]]:
    """Every accepted operation, read back by lexpub's parser, must print its own sentence again in each
    language; one that does not is taken out (its sentence stays as text) and listed."""
    work = must_parse(data, stem, name, issuers)
    out: list[list[PendingSentence]] = []
    ops = [u.amend for u in work.root.walk() if u.amend is not None]
    per_op = [done[i : i + len(langs)] for i in range(0, len(done), len(langs))]
    for group, op in zip(per_op, ops, strict=True):
        target = corpus.works.get(op.target_work)
        unit = target.find(op.target_eid) if target else None
        said = [
            norm(re.sub(r"[.;]\Z", "", r.formula.line.text), kazakh=lg == "kaz")
            for r, lg in zip(group, langs, strict=True)
        ]
        made = [norm(formula(op, lg, work, unit), kazakh=lg == "kaz") for lg in langs]
        if said != made:
            node = group[0].formula.node
            node.pop("amend", None)
            node["text"] = sentence([x.formula for x in group], langs)
            out.append(
                [
                    PendingSentence(
                        r.formula.line.file, r.formula.line.no, r.formula.line.text, t(lg, "import.reason.mismatch")
                    )
                    for r, lg in zip(group, langs, strict=True)
                ]
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
