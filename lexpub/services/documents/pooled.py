"""Issuing PDFs: each process prepares its own chunk of records and renders their documents.

Input: the checked law, the kind, the records and the options; output: the batch (documents, flags,
row errors, as :func:`.jobs.prepare_all` gives them) and the PDFs, or the reason a document failed.

Why: preparing a record (its checks, the law's values, its section's HTML) takes a few milliseconds;
done in the parent for a whole batch before the pool starts, it leaves the other cores idle (about a
tenth of a 1,000-certificate batch on two cores). Here a chunk is a fixed run of :data:`.pdfs.CHUNK`
records, prepared and rendered in one process; the parent only merges the results in record order
(numbers unique, repeated IINs flagged). The chunks do not depend on the number of processes, so
neither do the bytes of any document; one process runs the same chunks in turn.
"""

from __future__ import annotations

from typing import Any

from lexpub.services.documents import pdfs
from lexpub.services.documents.document import Kind
from lexpub.services.documents.jobs import Batch, Job, Options, Prepared, RowError, merge, prepare_record
from lexpub.services.documents.legal import BatchLaw
from lexpub.services.documents.records import Record

_TASK: list[tuple[BatchLaw, Kind, Options]] = []
"""The law, kind and options of the batch being issued: set before the pool forks, inherited by its
workers (the corpus is never pickled)."""

Rendered = tuple[list[Prepared], list[tuple[int, str, bytes]], list[tuple[int, str, str]]]
"""A chunk's records prepared, its PDFs as (row, path, bytes) and its failures as (row, path, reason)."""


def chunk_jobs(prepared: list[Prepared]) -> list[Job]:
    """The documents of a chunk's good records; a record whose number an earlier record of the chunk
    holds is left out (it is that record's row error when the batch is merged, and its files would
    take the other's names)."""
    seen: set[str] = set()
    out: list[Job] = []
    for got in prepared:
        if isinstance(got, RowError) or not got[0]:
            continue
        number = got[0][0].rel.rsplit("/", 1)[-1]
        if number not in seen:
            seen.add(number)
            out += got[0]
    return out


def run_chunk(records: list[Record]) -> Rendered:
    """Prepare one chunk of records and render its documents, a language at a time."""
    law, kind, opts = _TASK[-1]
    prepared = [prepare_record(law, kind, rec, opts) for rec in records]
    jobs = chunk_jobs(prepared)
    files: list[tuple[int, str, bytes]] = []
    failed: list[tuple[int, str, str]] = []
    for lang in sorted({j.lang for j in jobs}):
        mine = [j for j in jobs if j.lang == lang]
        part, bad = pdfs.chunk_or_each(mine)
        files += [(j.row, j.rel, part[f"{j.rel}.pdf"]) for j in mine if f"{j.rel}.pdf" in part]
        failed += [(j.row, j.rel, bad[j.rel]) for j in mine if j.rel in bad]
    return prepared, files, failed


def issue_pdfs(
    law: BatchLaw, kind: Kind, records: list[Record], opts: Options, workers: int | None = None
) -> tuple[Batch, dict[str, bytes], dict[str, str]]:
    """The batch, the PDFs of its documents (by file name) and, by document path, the reason each
    document that could not be rendered failed; on ``workers`` processes (default: the cores) from
    :data:`.pdfs.PARALLEL_FROM` records."""
    chunks = [records[i : i + pdfs.CHUNK] for i in range(0, len(records), pdfs.CHUNK)]
    procs = min(workers or pdfs.cores(), len(chunks))
    _TASK[:] = [(law, kind, opts)]
    try:
        results: list[Rendered]
        if len(records) >= pdfs.PARALLEL_FROM and procs > 1:
            results = _in_pool(chunks, procs)
        else:
            results = [run_chunk(chunk) for chunk in chunks]
    finally:
        _TASK.clear()
    batch = merge(zip(records, (p for prepared, _, _ in results for p in prepared), strict=True))
    issued = {(j.row, j.rel) for j in batch.jobs}
    files = {f"{rel}.pdf": data for _, part, _ in results for row, rel, data in part if (row, rel) in issued}
    failed = {rel: why for _, _, bad in results for row, rel, why in bad if (row, rel) in issued}
    return batch, files, failed


def _in_pool(chunks: list[list[Record]], procs: int) -> list[Rendered]:
    from concurrent.futures import ProcessPoolExecutor

    import pikepdf  # noqa: F401  imported once here, inherited by the forked workers
    import weasyprint  # noqa: F401

    pool: Any
    with ProcessPoolExecutor(max_workers=procs) as pool:
        return list(pool.map(run_chunk, chunks))
