"""The site's search: a Pagefind index (``site/pagefind/``), chunked so that a reader downloads a few
small files for one query, not the corpus.

One record per act and interface language, indexed by Pagefind as a page of its own with the
interface's ``<html lang>``: the act's name in that language (``kk``: «17.07.2017 № 357 бұйрық»;
``ru``: «приказ от 17.07.2017 № 357», with Russian stemming), its official title and its latest text
(Kazakh: the only language the corpus holds), so a Kazakh word finds the act on both interfaces and a
Russian word on the Russian one. Only the act is indexed, never the navigation or the status notes of
the page. Filters: the act's type and the year it was adopted, worded in the interface's language.

The index comes in parts (:func:`parts`): each part is a Pagefind bundle of a fixed share of the acts,
made by a step of its own, so an edit re-indexes the part of the acts it touches, not the corpus
(Pagefind has no incremental mode: one index of 1,000 acts took ~25 s). The first part is the primary
bundle (``site/pagefind/``, with Pagefind's script and WebAssembly); the search page merges the others
(``site/pagefind/part-NN/``) into it with Pagefind's ``mergeIndex``, which ranks the results of all parts
together. Parts grow with the square root of the corpus, so a query fetches a few files from each of a
few parts: one part up to 64 acts, 16 parts at 1,000 acts, 50 at 10,000.

Pagefind (the binary of PyPI's ``pagefind[bin]``, run offline, no network) writes a few
files in an order that changes from run to run: the values of a filter and the list of filters come
out of Rust hash maps, and the file names are content hashes, so the names change too. :func:`canonical`
puts them in one order and names them by SHA-256, so two builds of the same sources give the same bytes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from lexpub.consolidate.apply import consolidate
from lexpub.errors import BuildError, Issue
from lexpub.model.core import Corpus
from lexpub.publish.graph import per_group
from lexpub.publish.site.paths import SITE, UIS, act_path, prefix
from lexpub.render.markup import plain
from lexpub.render.text import render_text
from lexpub.wording.acts import act_name
from lexpub.wording.i18n import t
from lexpub.wording.lang import bcp47

FOLDER = f"{SITE}/pagefind"
"""The ``<html lang>`` of each interface: Pagefind keeps one index per language and the search page
loads the one of its own ``lang``."""
KEEP = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
"""Pagefind's own files a search page needs; its ready-made interfaces (``pagefind-ui.*`` and the
like) are left out: the site has its own page."""
RUNTIME = ("pagefind.js", "pagefind-worker.js")
"""Files only the primary bundle carries (with the WebAssembly): a merged part is searched by them."""
PART_FLOOR = 64
"""Acts a part holds at least (before the square-root growth): one part up to this many acts."""
HEADER = b"pagefind_dcd"


@dataclass(frozen=True)
class Record:
    """One searchable page: its URL relative to the site root, language, words, title and filters."""

    url: str
    lang: str
    content: str
    title: str
    filters: tuple[tuple[str, str], ...]


def parts(work_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The parts of the search index: part name → the acts it indexes (each act in one part).

    An act's part is fixed by a hash of its id, so an edit or a new act leaves the other parts as
    they are, unless the number of parts grows (one part a ``max(64, 2·√n)`` acts). Part ``0`` is the
    primary bundle and is never empty."""
    count = max(1, math.ceil(len(work_ids) / part_size(len(work_ids))))
    buckets: dict[int, list[str]] = {}
    ordered = sorted(work_ids)
    for work_id in ordered:
        buckets.setdefault(int(hashlib.sha256(work_id.encode()).hexdigest()[:8], 16) % count, []).append(work_id)
    if ordered and 0 not in buckets:  # the primary bundle must hold a language index to search with
        first = ordered[0]
        for members in buckets.values():
            if first in members:
                members.remove(first)
        buckets[0] = [first]
    width = len(str(count - 1))
    return {f"{b:0{width}d}": tuple(m) for b, m in sorted(buckets.items()) if m}


def part_size(n: int) -> int:
    """Acts a part holds for a corpus of ``n``: an edit re-indexes about this many (and their two
    interfaces), a query fetches from ``n / part_size(n)`` parts — the square root balances the two."""
    return max(PART_FLOOR, math.ceil(2 * math.sqrt(n)))


def part_folder(group: str) -> str:
    """Where a part's bundle goes, relative to the site: the primary at ``pagefind/``."""
    return "pagefind" if int(group) == 0 else f"pagefind/part-{group}"


def part_folders(work_ids: Sequence[str]) -> list[str]:
    """The folders of the parts the search page merges into the primary bundle (site-relative)."""
    return [part_folder(g) for g in parts(work_ids) if int(g) != 0]


def records(corpus: Corpus, work_ids: Sequence[str] | None = None) -> list[Record]:
    """One record per act (of ``work_ids``, default all) and interface, in a fixed order (language, then act)."""
    texts = {}
    for work_id in sorted(corpus.works if work_ids is None else work_ids):
        latest = consolidate(corpus, work_id, None, "kaz")
        title = latest.work.title.get("kaz") or "" if latest.work.title else ""
        texts[work_id] = (title, " ".join(plain(render_text(corpus, latest, footer=False)).split()))
    out = []
    for ui in UIS:
        for work_id, (title, text) in texts.items():
            work = corpus.works[work_id]
            name = act_name(corpus, work_id, ui)
            words = " ".join(part for part in (title, text) if part)
            filters = (("type", t(ui, f"doctype.{work.doctype}.word")), ("year", str(work.date.year)))
            out.append(Record(prefix(ui) + act_path(work_id), bcp47(ui), words, name, filters))
    return out


def search_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """Every part of the site's search index (as the build makes them, one step a part)."""
    out: dict[str, bytes] = {}
    for group, members in parts(sorted(corpus.works)).items():
        out.update(search_part_outputs(corpus, group, members, source))
    return out


@per_group(parts)
def search_part_outputs(corpus: Corpus, group: str, members: tuple[str, ...], source: Path) -> dict[str, bytes]:
    """The Pagefind bundle of one part of the acts (``site/pagefind/…``), byte-reproducible."""
    primary = int(group) == 0
    bundle = canonical(pagefind_files(records(corpus, members)), runtime=primary)
    return {f"{SITE}/{part_folder(group)}/{rel}": data for rel, data in sorted(bundle.items())}


def pagefind_files(recs: list[Record]) -> dict[str, bytes]:
    """Run Pagefind over one small page per record, in the records' order, and return its files.

    The pages go to Pagefind's service (``pagefind --service``) one by one, each answer awaited: the
    order of the pages is the order of the records, whatever the file system. (The ``--site`` command
    reads a folder in the file system's order, which differs between ext4 and tmpfs; Pagefind's
    Python API waits 0.1 s for each answer: 200 s for 1,000 acts.)"""
    with (
        tempfile.TemporaryDirectory(prefix="lexpub-pagefind-") as tmp,
        Service(pagefind_binary(), Path(tmp)) as service,
    ):
        index = service.ask({"type": "NewIndex", "config": None})["index_id"]
        for rec in recs:
            service.ask({"type": "AddFile", "index_id": index, "file_path": None, "url": rec.url,
                         "file_contents": record_page(rec)})  # fmt: skip
        # the files come back in the answer: written to a folder, they could still be half-written
        # when the answer arrives (seen: an empty pagefind-entry.json once in ten runs)
        files = service.ask({"type": "GetFiles", "index_id": index})["files"]
    return {bundle_path(f["path"]): base64.b64decode(f["content"]) for f in files}


def bundle_path(path: str) -> str:
    """A path of Pagefind's answer, relative to the bundle folder (``pagefind/``)."""
    rel = path.replace("\\", "/").lstrip("/")
    return rel.removeprefix("pagefind/")


class Service:
    """Pagefind's service protocol: a request is base64 of JSON followed by a comma; so is an answer."""

    def __init__(self, binary: Path, folder: Path) -> None:
        self.log = (folder / "pagefind.log").open("wb")
        try:
            self.proc = subprocess.Popen(  # noqa: S603 - the binary of a dependency, fixed arguments
                [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, cwd=folder
            )
        except OSError as exc:
            self.log.close()
            raise BuildError(Issue(None, "search-index", f"Pagefind could not start: {exc}")) from exc
        self.sent = 0
        self.buffer = b""

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and return the payload of its answer; an error answer is a build error."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.sent += 1
        request = json.dumps({"message_id": self.sent, "payload": payload}).encode()
        try:
            self.proc.stdin.write(base64.b64encode(request) + b",")
            self.proc.stdin.flush()
        except OSError as exc:
            raise BuildError(Issue(None, "search-index", f"Pagefind stopped: {exc}")) from exc
        answer = self.answer()
        result: dict[str, Any] = answer.get("payload") or {}
        if answer.get("message_id") != self.sent or result.get("type") == "Error":
            raise BuildError(Issue(None, "search-index", f"Pagefind failed: {result.get('message', answer)}"))
        return result

    def answer(self) -> dict[str, Any]:
        """The next answer; empty messages (a lone comma) are skipped."""
        assert self.proc.stdout is not None
        while True:
            while b"," not in self.buffer:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise BuildError(Issue(None, "search-index", "Pagefind stopped before it answered"))
                self.buffer += chunk
            message, _, self.buffer = self.buffer.partition(b",")
            if message.strip():
                try:
                    answer: dict[str, Any] = json.loads(base64.b64decode(message))
                except ValueError as exc:
                    raise BuildError(Issue(None, "search-index", f"Pagefind answered {message[:80]!r}")) from exc
                return answer


def pagefind_binary() -> Path:
    """The binary shipped by PyPI's ``pagefind_bin`` (a dependency: ``pagefind[bin]``)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise BuildError(Issue(None, "search-index", f"Pagefind is not installed ({exc})")) from exc
    return Path(get_executable())


def record_page(rec: Record) -> str:
    """The page Pagefind reads for one record: everything it indexes is inside ``data-pagefind-body``."""
    filters = "".join(
        f'<span data-pagefind-filter="{escape(name)}:{escape(value)}"></span>' for name, value in rec.filters
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{rec.lang}">\n<head><meta charset="utf-8"><title>{escape(rec.title)}</title></head>\n'
        f"<body><main data-pagefind-body>{filters}\n"
        f'<h1 data-pagefind-meta="title">{escape(rec.title)}</h1>\n<p>{escape(rec.content)}</p>\n</main></body>\n</html>\n'
    )


# --------------------------------------------------------------------------- reproducible bytes
def canonical(files: dict[str, bytes], *, runtime: bool = True) -> dict[str, bytes]:
    """Pagefind's files with filter values and filter lists sorted and renamed by content.

    Only the files a search page loads are kept (:data:`KEEP`, the language metadata, indexes,
    fragments, filters and the WebAssembly of each language); without ``runtime`` (a part merged
    into the primary bundle) not the script and WebAssembly either."""
    out = {rel: data for rel, data in files.items() if wanted(rel) and (runtime or not is_runtime(rel))}
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


def is_runtime(rel: str) -> bool:
    return rel in RUNTIME or rel.startswith("wasm.")


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


__all__ = ["Record", "canonical", "part_folders", "parts", "records", "search_outputs", "search_part_outputs"]
