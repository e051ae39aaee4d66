"""What a batch leaves beside the documents: errors.csv, the batch report (JSON and a readable table),
the register of verification codes and the manifest — all as bytes, written by :mod:`lexpub.publish`.

Why every record: the official must see for each row whether it was issued, refused (why) or
flagged, and the summary counts people and files separately («3 records: 2 issued as 4 files (kk,
ru), 1 refused»). Cells never start a spreadsheet formula.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

from lexpub.errors import Issue, Loc, kv
from lexpub.model.values import Lang
from lexpub.services.documents.checks import FORMULA
from lexpub.services.documents.document import LANG_SUFFIX, Kind
from lexpub.services.documents.jobs import Batch, RowError
from lexpub.services.documents.legal import BatchLaw
from lexpub.wording.i18n import t


def safe_cell(value: str) -> str:
    """A CSV cell that no spreadsheet evaluates: a leading = + - @ (or tab/CR) gets a quote mark."""
    return "'" + value if value.startswith(FORMULA) else value


def errors_csv(bad: list[RowError]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["row", "number", "reason"])
    for b in sorted(bad, key=lambda x: x.row):
        for reason in b.reasons:
            w.writerow([b.row, safe_cell(b.number), safe_cell(reason)])
    return buf.getvalue().encode("utf-8")


def languages(batch: Batch) -> list[str]:
    return sorted({LANG_SUFFIX[j.lang] for j in batch.jobs}, key=["kk", "ru"].index)


def rows(batch: Batch) -> list[dict[str, Any]]:
    """One entry per record, in file order: issued, refused or flagged, with the reasons."""
    out: dict[int, dict[str, Any]] = {}
    for j in batch.jobs:
        entry = out.setdefault(
            j.row, {"row": j.row, "number": j.rel.rsplit("/", 1)[-1], "status": "issued", "files": []}
        )
        entry["files"].append(j.rel)
    for f in batch.flags:
        entry = out.setdefault(f.row, {"row": f.row, "number": f.number, "status": "issued", "files": []})
        entry["status"] = "flagged"
        entry.setdefault("flags", []).append({"rule": f.rule, "reason": f.reason})
    for b in batch.bad:
        out[b.row] = {"row": b.row, "number": b.number, "status": "refused", "reasons": list(b.reasons)}
    return [out[k] for k in sorted(out)]


def summary(batch: Batch, lang: Lang) -> str:
    """«171 records: 171 issued as 342 files (kk, ru), 29 refused», in the official's language."""
    issued = len({j.row for j in batch.jobs})
    return t(
        lang,
        "docr.summary",
        records=len(batch.bad) + issued,
        issued=issued,
        files=len(batch.jobs),
        langs=", ".join(languages(batch)) or "—",
        refused=len(batch.bad),
        flagged=len({f.row for f in batch.flags}),
    )


def report_json(batch: Batch, kind: Kind, data_name: str, accept_late: str | None) -> bytes:
    body = {
        "kind": kind,
        "data": data_name,
        "summary": {"kaz": summary(batch, "kaz"), "rus": summary(batch, "rus")},
        "accepted_late": accept_late,
        "records": rows(batch),
    }
    return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def report_table(batch: Batch, lang: Lang) -> bytes:
    """A readable table of every record, for the official (one per language)."""
    lines = [summary(batch, lang), "", t(lang, "docr.header")]
    for r in rows(batch):
        status = t(lang, f"docr.{r['status']}")
        why = [*r.get("reasons", []), *(f["reason"] for f in r.get("flags", []))]
        lines.append(f"{r['row']:>6}  {safe_cell(str(r['number'])):<16}  {status:<12}  {'; '.join(why)}".rstrip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def register_lines(batch: Batch, kind: Kind, previous: bytes = b"") -> bytes:
    """The register of verification codes: earlier lines kept, this batch's codes appended (each once)."""
    seen = previous.decode("utf-8", "replace").splitlines()
    have = set(seen)
    for j in batch.jobs:
        line = f"{j.code}\t{kind}\t{LANG_SUFFIX[j.lang]}"
        if line not in have:
            seen.append(line)
            have.add(line)
    return ("\n".join(seen) + "\n").encode("utf-8") if seen else b""


def law_basis(law: BatchLaw) -> dict[str, Any]:
    """Which text the documents quote, and the changes known to exist but not in the corpus."""
    work = law.corpus.works.get(law.service.work)
    return {
        "service": law.service.id,
        "table": f"{law.service.work}#{law.service.table}",
        "text": law.text,
        "pending_changes": [
            {"description_kk": p.description.get("kaz"), "source": p.source, "confidence": p.confidence}
            for p in (work.pending if work else ())
        ],
    }


def manifest(files: dict[str, bytes], batch: Batch, kind: Kind, data_name: str, basis: dict[str, Any]) -> bytes:
    body = {
        "kind": kind,
        "data": data_name,
        "law": basis,
        "files": [
            {"path": rel, "sha256": hashlib.sha256(files[rel]).hexdigest(), "bytes": len(files[rel])}
            for rel in sorted(files)
        ],
        "bad_records": [
            {"row": b.row, "number": b.number, "reasons": list(b.reasons)}
            for b in sorted(batch.bad, key=lambda x: x.row)
        ],
        "flagged_records": [
            {"row": f.row, "number": f.number, "rule": f.rule, "reason": f.reason}
            for f in sorted(batch.flags, key=lambda x: x.row)
        ],
    }
    return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def bad_issues(bad: list[RowError], data_name: str) -> list[Issue]:
    return [
        Issue(
            Loc(data_name, b.row, 1) if b.is_line else Loc(data_name),
            "record-invalid",
            f"{'row' if b.is_line else 'record'} {b.row}{' (' + b.number + ')' if b.number else ''}: {reason}",
            "record-invalid",
            kv(
                what_w="row" if b.is_line else "record",
                row=b.row,
                number=f" ({b.number})" if b.number else "",
                why=reason,
            ),
        )
        for b in sorted(bad, key=lambda x: x.row)
        for reason in b.reasons
    ]


def flag_issues(batch: Batch, data_name: str, accepted: bool) -> list[Issue]:
    """Flags that stop the batch's exit status 0: late documents (unless accepted)."""
    return [
        Issue(
            Loc(data_name, f.row, 1),
            f"record-{f.rule}",
            f"row {f.row} ({f.number}): {f.reason}",
            "record-flag",
            kv(row=f.row, number=f.number, why=f.reason),
        )
        for f in sorted(batch.flags, key=lambda x: x.row)
        if f.rule == "late" and not accepted
    ]
