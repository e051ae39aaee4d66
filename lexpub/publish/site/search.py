"""The site's search: a Pagefind index (``site/pagefind/``), chunked so that a reader downloads a few
small files for one query, not the corpus.

One record per act and interface language: the Kazakh interface's record (``lang`` ``kk``) holds the
act's official title and its latest text; the Russian one (``ru``, Russian stemming) holds the act's
name in Russian besides them, so a Russian word finds the act and the Russian page is the result. Only
the act's text is indexed, never the navigation or the status notes of the page. Filters: the act's
type and its year, worded in the interface's language.

Pagefind (the binary of PyPI's ``pagefind[bin]``, run offline through its Python API) writes a few
files in an order that changes from run to run: the values of a filter and the list of filters come
out of Rust hash maps, and the file names are content hashes, so the names change too. :func:`canonical`
puts them in one order and names them by SHA-256, so two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lexpub.consolidate.apply import consolidate
from lexpub.errors import BuildError, Issue
from lexpub.model.core import Corpus
from lexpub.publish.site.pages import SITE, UIS, act_path, prefix
from lexpub.render.markup import plain
from lexpub.render.text import render_text
from lexpub.wording.acts import act_name
from lexpub.wording.i18n import t

FOLDER = f"{SITE}/pagefind"
PAGEFIND_LANG = {"kaz": "kk", "rus": "ru"}
"""The ``<html lang>`` of each interface: Pagefind keeps one index per language and the search page
loads the one of its own ``lang``."""
KEEP = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
"""Pagefind's own files a search page needs; its ready-made interfaces (``pagefind-ui.*`` and the
like) are left out: the site has its own page."""
HEADER = b"pagefind_dcd"


@dataclass(frozen=True)
class Record:
    """One searchable page: its URL relative to the site root, language, words, title and filters."""

    url: str
    lang: str
    content: str
    title: str
    filters: tuple[tuple[str, str], ...]


def records(corpus: Corpus) -> list[Record]:
    """One record per act and interface, in a fixed order (language, then act)."""
    texts = {}
    for work_id in sorted(corpus.works):
        latest = consolidate(corpus, work_id, None, "kaz")
        title = latest.work.title.get("kaz") or "" if latest.work.title else ""
        texts[work_id] = (title, " ".join(plain(render_text(corpus, latest, footer=False)).split()))
    out = []
    for ui in UIS:
        for work_id, (title, text) in texts.items():
            work = corpus.works[work_id]
            name = act_name(corpus, work_id, ui)
            words = " ".join(part for part in (name if ui != "kaz" else "", title, text) if part)
            filters = (("type", t(ui, f"doctype.{work.doctype}.word")), ("year", str(work.date.year)))
            out.append(Record(prefix(ui) + act_path(work_id), PAGEFIND_LANG[ui], words, name, filters))
    return out


def search_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """The Pagefind bundle of the site (``site/pagefind/…``), byte-reproducible."""
    return {f"{FOLDER}/{rel}": data for rel, data in sorted(canonical(pagefind_files(records(corpus))).items())}


def pagefind_files(recs: list[Record]) -> dict[str, bytes]:
    """Run Pagefind over ``recs`` (in this order) and return the files it writes, by relative path.

    The index is written into a private temporary folder and read back: Pagefind's ``get_files``
    sends everything through one pipe, which its authors warn can deadlock on a large index."""
    try:
        from pagefind.index import PagefindIndex
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise BuildError(Issue(None, "search-index", f"Pagefind is not installed ({exc})")) from exc

    async def run(folder: str) -> None:
        # leaving the context writes the index to the configured folder (never to the current one)
        async with PagefindIndex(config={"output_path": folder, "verbose": False}) as index:
            for rec in recs:
                await index.add_custom_record(
                    url=rec.url,
                    content=rec.content,
                    language=rec.lang,
                    meta={"title": rec.title},
                    filters={name: [value] for name, value in rec.filters},
                )

    with tempfile.TemporaryDirectory(prefix="lexpub-pagefind-") as tmp:
        try:
            asyncio.run(run(tmp))
        except (OSError, AssertionError, ValueError) as exc:
            raise BuildError(Issue(None, "search-index", f"Pagefind failed: {exc}")) from exc
        root = Path(tmp)
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- reproducible bytes
def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files with filter values and filter lists sorted and renamed by content.

    Only the files a search page loads are kept (:data:`KEEP`, the language metadata, indexes,
    fragments, filters and the WebAssembly of each language)."""
    out = {rel: data for rel, data in files.items() if wanted(rel)}
    renamed: dict[str, str] = {}
    for rel in sorted(r for r in out if r.startswith("filter/")):
        old = rel.removeprefix("filter/").removesuffix(".pf_filter")
        body = sort_filter(unpack(out.pop(rel)))
        new = f"{old.split('_')[0]}_{hashlib.sha256(body).hexdigest()[:7]}"
        renamed[old] = new
        out[f"filter/{new}.pf_filter"] = pack(body)
    metas: dict[str, str] = {}
    for rel in sorted(r for r in out if r.endswith(".pf_meta")):
        old = rel.removeprefix("pagefind.").removesuffix(".pf_meta")
        body = sort_meta_filters(unpack(out.pop(rel)), renamed)
        new = f"{old.split('_')[0]}_{hashlib.sha256(body).hexdigest()[:10]}"
        metas[old] = new
        out[f"pagefind.{new}.pf_meta"] = pack(body)
    entry = json.loads(out["pagefind-entry.json"])
    for lang in entry["languages"].values():
        lang["hash"] = metas[lang["hash"]]
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return out


def wanted(rel: str) -> bool:
    return rel in KEEP or rel.endswith(".pf_meta") or rel.startswith(("index/", "fragment/", "filter/", "wasm."))


def unpack(data: bytes) -> bytes:
    body = gzip.decompress(data)
    if not body.startswith(HEADER):
        raise BuildError(Issue(None, "search-index", "Pagefind wrote a file of an unknown form"))
    return body[len(HEADER) :]


def pack(body: bytes) -> bytes:
    """Pagefind's form (gzip of the header and CBOR), with no time stamp in the gzip header."""
    return gzip.compress(HEADER + body, compresslevel=9, mtime=0)


def sort_filter(body: bytes) -> bytes:
    """A filter file is ``[name, [[value, [page…]]…]]``: the values sorted by their text."""
    _, (name, values) = array_items(body, 0)
    head, items = array_items(body, values[0])
    ordered = sorted(items, key=lambda span: text_at(body, span[0]))
    return body[:head] + b"".join(body[a:b] for a, b in ordered) + body[values[1] :]


def sort_meta_filters(body: bytes, renamed: dict[str, str]) -> bytes:
    """The language metadata lists its filters as ``[[name, file]…]``: renamed and sorted by name."""
    for old, new in renamed.items():
        body = body.replace(cbor_text(old), cbor_text(new))
    _, fields = array_items(body, 0)
    for start, end in fields:
        if body[start] >> 5 != 4 or end - start < 2:
            continue
        head, items = array_items(body, start)
        if items and all(is_filter_pair(body, a, renamed) for a, _ in items):
            ordered = sorted(items, key=lambda span: text_at(body, array_items(body, span[0])[1][0][0]))
            return body[:head] + b"".join(body[a:b] for a, b in ordered) + body[end:]
    if renamed:
        raise BuildError(Issue(None, "search-index", "Pagefind's metadata lists no filters"))
    return body


def is_filter_pair(body: bytes, at: int, renamed: dict[str, str]) -> bool:
    if body[at] != 0x82:
        return False
    _, (name, file) = array_items(body, at)
    return body[name[0]] >> 5 == 3 and body[file[0]] >> 5 == 3 and text_at(body, file[0]) in renamed.values()


# --------------------------------------------------------------------------- a little CBOR (RFC 8949)
def head_at(body: bytes, at: int) -> tuple[int, int, int]:
    """Major type, argument and the offset after the head of the item at ``at``."""
    first = body[at]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, at + 1
    if info > 27:
        raise BuildError(Issue(None, "search-index", "Pagefind wrote CBOR of indefinite length"))
    size = 1 << (info - 24)
    return major, int.from_bytes(body[at + 1 : at + 1 + size], "big"), at + 1 + size


def item_end(body: bytes, at: int) -> int:
    """The offset after the whole item at ``at``."""
    major, arg, pos = head_at(body, at)
    if major in (2, 3):
        return pos + arg
    if major in (4, 5):
        for _ in range(arg * (2 if major == 5 else 1)):
            pos = item_end(body, pos)
        return pos
    if major == 6:
        return item_end(body, pos)
    return pos  # unsigned, negative, simple values and floats: the head is the item


def array_items(body: bytes, at: int) -> tuple[int, list[tuple[int, int]]]:
    """The offset after the array's head and the span of each of its items."""
    major, count, pos = head_at(body, at)
    if major != 4:
        raise BuildError(Issue(None, "search-index", "Pagefind wrote a file of an unknown form"))
    spans = []
    for _ in range(count):
        end = item_end(body, pos)
        spans.append((pos, end))
        pos = end
    return head_at(body, at)[2], spans


def text_at(body: bytes, at: int) -> str:
    major, size, pos = head_at(body, at)
    return body[pos : pos + size].decode() if major == 3 else body[at : item_end(body, at)].hex()


def cbor_text(text: str) -> bytes:
    data = text.encode()
    if len(data) >= 24:
        raise BuildError(Issue(None, "search-index", f"unexpected Pagefind file name {text!r}"))
    return bytes([0x60 | len(data)]) + data


__all__ = ["Record", "canonical", "records", "search_outputs"]
