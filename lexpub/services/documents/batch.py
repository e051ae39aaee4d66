"""Issuing citizen documents: a data file of records → the documents and reports of a batch, as bytes.

Every record is validated first (required fields — a missing value is an error, never a blank; IIN
and the applicant's age; dates; refusal grounds allowed by row 9; cited provisions in force on the
issue date). Bad records go to ``errors.csv`` and the report with their row; every good record is
still issued. Writing the folder is the publish layer's job (:mod:`lexpub.publish.documents`); here
everything is computed: the same input gives byte-identical bytes.

Exit status of ``lexpub issue``: 0 when every record was issued; 2 when any record was bad (the good
ones are issued all the same), a document is late and not accepted, or the input cannot be read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from lexpub.errors import LexpubError
from lexpub.model.core import Corpus
from lexpub.services.documents.document import DOCS, Kind
from lexpub.services.documents.jobs import Batch, Job, Options, RowError, prepare_all
from lexpub.services.documents.legal import BatchLaw, TextMode
from lexpub.services.documents.pdfs import render_html
from lexpub.services.documents.pooled import issue_pdfs
from lexpub.services.documents.records import Record, check_columns, read_header, read_records
from lexpub.services.documents.report import (
    bad_issues,
    errors_csv,
    law_basis,
    manifest,
    register_lines,
    report_json,
    report_table,
)
from lexpub.services.documents.verify import verify_files
from lexpub.sources.paths import shown, source_file
from lexpub.sources.yamlfile import load

__all__ = ["Batch", "BatchLaw", "Job", "Options", "Record", "RowError", "TextMode", "prepare_all"]


def site_url(source: Path) -> str:
    """The site's ``base_url`` from ``source/site.yaml`` (where the QR codes' verify page lives), or ""."""
    path = source / "site.yaml"
    if not path.is_file():
        return ""
    data = load(path, shown(path)).data
    url = data.get("base_url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.endswith("/") else ""


def issue_batch(
    law: BatchLaw, kind: Kind, data: Path, opts: Options, fmt: str, workers: int | None = None
) -> tuple[Batch, dict[str, bytes]]:
    """Read and check ``data``, then prepare and render its records: PDFs in chunks of records, each
    prepared and rendered by one of ``workers`` processes (default the cores; :mod:`.pooled`). A
    document that cannot be rendered becomes its record's row error."""
    records = read_records(data)
    check_columns(kind, records, str(data), read_header(data))
    if fmt != "pdf":
        batch = prepare_all(law, kind, records, opts)
        return batch, render_html(batch.jobs)
    batch, files, failed = issue_pdfs(law, kind, records, opts, workers)
    return batch, failed_rows(batch, files, failed)


def failed_rows(batch: Batch, files: dict[str, bytes], failed: dict[str, str]) -> dict[str, bytes]:
    """``files`` without the documents of records with a document that failed; those records become
    row errors of ``batch``, with every reason."""
    if failed:
        rows = {j.row for j in batch.jobs if j.rel in failed}
        for row in sorted(rows):
            mine = [j for j in batch.jobs if j.row == row]
            reasons = tuple(failed[j.rel] for j in mine if j.rel in failed)
            batch.bad.append(RowError(row, mine[0].rel.rsplit("/", 1)[-1], reasons))
            for j in mine:
                files.pop(f"{j.rel}.pdf", None)
        batch.jobs = [j for j in batch.jobs if j.row not in rows]
    return files


def outputs(
    batch: Batch, files: dict[str, bytes], kind: Kind, data_name: str, law: BatchLaw, opts: Options, register: bytes
) -> dict[str, bytes]:
    """The documents plus errors.csv, the reports, the register of codes and the manifest."""
    out = dict(files)
    out["errors.csv"] = errors_csv(batch.bad)
    out["report.json"] = report_json(batch, kind, data_name, opts.accept_late)
    out["report.kk.txt"] = report_table(batch, "kaz")
    out["report.ru.txt"] = report_table(batch, "rus")
    out["register.txt"] = register_lines(batch, kind, register)
    out["manifest.json"] = manifest(out, batch, kind, data_name, law_basis(law))
    return out


# --------------------------------------------------------------------------- samples for the build
SAMPLE_ISSUER = "astana-ddo-sample"


def sample_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """Build producer: the synthetic samples in ``source/samples`` as PDFs, both languages, marked SAMPLE,
    and the static verify page with the register of their codes (SHA-256 digests only)."""
    files: dict[str, bytes] = {}
    folder = source / "samples"
    if not folder.is_dir() or not (source / "services").is_dir():
        return files
    law = BatchLaw(corpus, source, "latest")
    opts = Options(langs=("kaz", "rus"), sample=True, site_url=site_url(source), issuer=SAMPLE_ISSUER)
    codes: list[str] = []
    for kind in DOCS:
        path = folder / f"{'applicants' if kind == 'notice' else kind + 's'}.csv"
        if not path.is_file():
            continue
        records = read_records(source_file(path, source, shown(path)))  # never a link out
        check_columns(kind, records, shown(path))
        batch, pdf, failed = issue_pdfs(
            law, kind, records, replace(opts, issuer=SAMPLE_ISSUER if law.providers else None)
        )
        if batch.bad:
            raise LexpubError(bad_issues(batch.bad, shown(path)))
        if failed:
            raise RuntimeError("; ".join(f"{rel}: {why}" for rel, why in sorted(failed.items())))
        for rel, blob in sorted(pdf.items()):
            files[f"documents/samples/{rel}"] = blob
        codes += [j.code for j in batch.jobs]
    files.update(verify_files(codes))
    return files


def issue_summary(batch: Batch) -> dict[str, Any]:
    return {"records": batch.records, "issued": len({j.row for j in batch.jobs}), "files": len(batch.jobs)}
