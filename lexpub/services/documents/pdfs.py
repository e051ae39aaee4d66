"""Rendering prepared documents: jobs → PDF (or HTML) bytes per document, in fixed chunks.

Why chunks of a fixed size: the bytes must never depend on the number of workers. A chunk's page is
laid out once as a form and each document's values stamped on it (:mod:`.formfill`), or, for
documents that cannot be, laid out many to one WeasyPrint document and split with pikepdf; the
chunks of a big batch run on a process per core (:mod:`.pooled`). A chunk that fails is rendered again document by
document, so a document that cannot be rendered is that record's error and the others are still issued.
"""

from __future__ import annotations

import io
import os
from typing import Any

from lexpub.render.pdf import layout, write_pdf
from lexpub.services.documents.document import LANG_SUFFIX, wrap
from lexpub.services.documents.fit import pages_clear
from lexpub.services.documents.formfill import render as stamp_all
from lexpub.services.documents.jobs import Job

CHUNK = 50
"""Documents per WeasyPrint layout; fixed so that bytes do not depend on the number of workers."""
PARALLEL_FROM = 2 * CHUNK


def render_html(jobs: list[Job]) -> dict[str, bytes]:
    return {f"{j.rel}.html": wrap([j.section], j.lang, j.title, j.mark).encode("utf-8") for j in jobs}


def render_chunk(jobs: list[Job]) -> dict[str, bytes]:
    """PDFs of a chunk of one-page documents of one language: stamped on a form laid out once
    (:mod:`.formfill`) where the document allows it, else one layout for the rest, split per page."""
    lang = jobs[0].lang
    drawn = [j.drawn() for j in jobs]
    known = {src: pixels for _, images in drawn for src, pixels in images.items()}
    got = stamp_all([section for section, _ in drawn], lang, jobs[0].title, jobs[0].mark, known)
    files = {
        f"{j.rel}.pdf": one_page(g[0], g[1], j.title, LANG_SUFFIX[lang]) for j, g in zip(jobs, got, strict=True) if g
    }
    for pdf in {id(g[0]): g[0] for g in got if g}.values():
        pdf.close()
    rest = [j for j, g in zip(jobs, got, strict=True) if g is None]
    if rest:
        files.update(render_full(rest))
    return {f"{j.rel}.pdf": files[f"{j.rel}.pdf"] for j in jobs}


class DoesNotFit(ValueError):
    """A document runs past its one page or over its signature block (its record's error)."""


def render_full(jobs: list[Job]) -> dict[str, bytes]:
    """One WeasyPrint layout of whole documents, split per page (each alone if one takes more than a
    page or runs over its signature block); DoesNotFit when a document alone still does."""
    lang = jobs[0].lang
    doc = layout(
        wrap([j.section for j in jobs], lang, jobs[0].title, jobs[0].mark), title=jobs[0].title, lang=LANG_SUFFIX[lang]
    )
    if len(doc.pages) == len(jobs) and all(pages_clear(doc)):
        pages = split_pages(write_pdf(doc), [j.title for j in jobs], LANG_SUFFIX[lang])
        if pages is not None:
            return {f"{j.rel}.pdf": data for j, data in zip(jobs, pages, strict=True)}
    if len(jobs) > 1:  # some document took more than its page: each on its own
        out: dict[str, bytes] = {}
        for j in jobs:
            out.update(render_full([j]))
        return out
    raise DoesNotFit(
        "the document does not fit on its one page above the signature block "
        "(shorten the longest values: explanation, appeal, name, programme)"
    )


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


def chunk_or_each(jobs: list[Job]) -> tuple[dict[str, bytes], dict[str, str]]:
    """A chunk's PDFs; if the chunk fails, each document alone: (files, rel → reason it failed)."""
    try:
        return render_chunk(jobs), {}
    except OSError:
        raise  # a full disk or a size limit is the machine's, not a record's: error[io] for the whole run
    except Exception:  # noqa: BLE001  retried one by one below, where the failure gets its row
        files: dict[str, bytes] = {}
        failed: dict[str, str] = {}
        for j in jobs:
            try:
                files.update(render_full([j]))
            except DoesNotFit as exc:
                failed[j.rel] = str(exc)
            except OSError:
                raise
            except Exception as exc:  # noqa: BLE001  one document's failure is its record's error
                failed[j.rel] = f"cannot be rendered: {type(exc).__name__}: {str(exc)[:200]}"
        return files, failed


def cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count): the default pool size."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
