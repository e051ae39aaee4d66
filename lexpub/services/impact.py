"""``lexpub impact ACT-OR-EID``: which document templates and passport fields cite a unit an amendment
changes or repeals, and from when (the amendment's commencement, exact or as its known bounds).

Input: the corpus, the service data, an amending act's id (or an amended act's id), or an eId
(``work#eid`` or a bare eId). Output: rows (amendment, operation, target, commencement, citing item).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lexpub.errors import InputError, Issue, kv
from lexpub.model.core import Amendment, Corpus, Pending
from lexpub.render.json import date_range
from lexpub.services.documents.document import DOCS, GROUND_PREFIX, LANG_SUFFIX, overlaps, passport_citations
from lexpub.services.passport import passport
from lexpub.services.service_files import load_required, load_service, service_ids
from lexpub.services.standard import service_view


def citing_items(corpus: Corpus, source: Path) -> list[tuple[str, str, str, dict[str, str]]]:
    """(work, eId, who cites it, the same in parts): every template citation and every passport
    field of every service. The parts let a reader's line name the citer in words."""
    items: list[tuple[str, str, str, dict[str, str]]] = []
    required = load_required(source)
    for sid in service_ids(source):
        service = load_service(source, sid)
        names = {"kaz": service.name_kk, "rus": service.name_ru}
        for kind, d in DOCS.items():
            files = ", ".join(f"templates/documents/{kind}.{s}.html" for s in LANG_SUFFIX.values())
            for c in d.cites:
                who = f"template {kind} ({files}): {c.key}"
                items.append(
                    (service.work, c.eid, who, {"kind": "template", "document": kind, "files": files, "field": c.key})
                )
            if kind == "refusal":
                ground = GROUND_PREFIX.rstrip("_").removesuffix("__point")
                who = f"template refusal ({files}): grounds (row 9 sub-items)"
                items.append(
                    (
                        service.work,
                        ground,
                        who,
                        {"kind": "template", "document": kind, "files": files, "field": "grounds"},
                    )
                )
        view = service_view(corpus, service, required, None)
        for path, eid in passport_citations(passport(view)):
            items.append((service.work, eid, f"passport {sid}: {path}", {"kind": "passport", **names, "field": path}))
    return items


def relevant(corpus: Corpus, arg: str) -> list[Amendment]:
    work, _, eid = arg.partition("#")
    if arg in corpus.works:
        return [a for a in corpus.amendments if arg in (a.source_work, a.op.target_work)]
    found = [
        a for a in corpus.amendments if overlaps(a.op.target_eid, eid or arg) and (not eid or a.op.target_work == work)
    ]
    if not found and not any(w.find(eid or arg) for w in corpus.works.values()):
        raise InputError(
            Issue(
                None,
                "unknown-act",
                f"{arg!r} is neither an act of the corpus nor an eId of one",
                "unknown-act.or-eid",
                kv(arg=arg),
            )
        )
    return found


def impact(corpus: Corpus, source: Path, arg: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    items = citing_items(corpus, source)
    if arg not in corpus.works:  # an eId: only what cites that unit (or a part of it)
        work, _, eid = arg.partition("#")
        items = [i for i in items if overlaps(i[1], eid or arg) and (not eid or i[0] == work)]
    for a in relevant(corpus, arg):
        for work, eid, who, citer in items:
            if work == a.op.target_work and overlaps(eid, a.op.target_eid):
                rows.append(
                    {
                        "amendment": a.id,
                        "by": a.source_work,
                        "operation": a.op.kind,
                        "target": f"{a.op.target_work}#{a.op.target_eid}",
                        "from": date_range(a.commencement),
                        "cited_eid": eid,
                        "cited_by": who,
                        "citer": citer,
                    }
                )
    return sorted(rows, key=lambda r: (r["amendment"], r["cited_by"], r["cited_eid"]))


def pending_notes(corpus: Corpus, arg: str) -> list[tuple[str, Pending]]:
    """Changes known to exist but not encoded, on the works concerned: they may affect the same items."""
    work_id = arg.partition("#")[0] if "#" in arg else arg
    works = [corpus.works[work_id]] if work_id in corpus.works else []
    if not works:
        works = [w for w in corpus.works.values() if w.find(arg)]
    targets = {a.op.target_work for a in relevant(corpus, arg)} | {w.id for w in works}
    return [(wid, p) for wid in sorted(targets) for p in corpus.works[wid].pending]
