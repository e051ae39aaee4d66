"""What a reader downloads for one search query (issue 16 §5), before and after Pagefind.

Before: the site shipped every act's words in one ``search-index.js`` loaded by every search page; its
size is rebuilt here from the same records (the act's name, official title and text, as JSON). After:
the search page of a site holding only the search files (search page, its script, Pagefind's bundle
made by :func:`lexpub.publish.site.search.search_outputs`, in parts at 65 acts and more) is opened in Chromium, served on
127.0.0.1; every byte of every response is counted while one query runs, per file kind.

    python scripts/bench_search.py SOURCE_DIR [--query WORD] [--ui kaz|rus]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from lexpub.model.values import Lang
from lexpub.publish.site.pages import SITE, STATIC, prefix, simple_page
from lexpub.publish.site.search import part_folders, records, search_outputs
from lexpub.render.env import TEMPLATES
from lexpub.sources.corpus import load_corpus


class Counting(http.server.SimpleHTTPRequestHandler):
    """Serves the folder quietly and counts, on the server's side, the bytes of every file sent (the
    page's, the worker's and the WebAssembly's requests alike)."""

    sent: list[tuple[str, int]]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        outputfile.write(data)
        self.sent.append((self.path, len(data)))


def before(source: Path) -> dict[str, int]:
    """Size of the old ``search-index.js`` (one document per act), plain and gzipped."""
    docs = [
        {"path": r.url, "name_kaz": r.title, "text": r.content} for r in records(load_corpus(source)) if r.lang == "kk"
    ]
    data = f"window.LEXPUB_INDEX = {json.dumps(docs, ensure_ascii=False, separators=(',', ':'))};\n".encode()
    return {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, mtime=0))}


def write_search_site(source: Path, root: Path) -> dict[str, float]:
    """The search pages, their static files and the Pagefind bundle under ``root``; bundle totals."""
    corpus = load_corpus(source)
    t0 = time.perf_counter()
    bundle = search_outputs(corpus, source)
    seconds = time.perf_counter() - t0
    files = dict(bundle)
    parts = part_folders(sorted(corpus.works))
    for ui in ("kaz", "rus"):
        files[f"{SITE}/{prefix(ui)}search.html"] = simple_page(
            "site/search.html", "search.html", ui, "site.search.title", parts=parts
        )
    for name in STATIC:
        files[f"{SITE}/static/{name}"] = (TEMPLATES / "static" / name).read_bytes()
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return {"files": len(bundle), "bytes": sum(map(len, bundle.values())), "index_seconds": round(seconds, 2)}


def query_bytes(site: Path, ui: Lang, query: str) -> dict[str, Any]:
    """Bytes of every response while Chromium runs one query on the search page of ``ui``."""
    from playwright.sync_api import sync_playwright

    sent: list[tuple[str, int]] = []
    handler = type("Handler", (Counting,), {"sent": sent})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/{prefix(ui)}search.html?q={query}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("#results > p")
            page.wait_for_load_state("networkidle")
            found = page.locator("#results > p").first.inner_text()
            browser.close()
    finally:
        httpd.shutdown()
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for path, size in sent:
        sizes[kind_of(path)] += size
        counts[kind_of(path)] += 1
    parts = {p.split("/pagefind/", 1)[1].split("/", 1)[0] for p, _ in sent if "/pagefind/part-" in p}
    return {"query": query, "ui": ui, "result_line": found, "bytes": dict(sizes), "files": dict(counts), "parts": len(parts) + 1,
            "total": sum(sizes.values()), "index_total": sizes["index chunks"] + sizes["fragments"] + sizes["meta"]}  # fmt: skip


def kind_of(url: str) -> str:
    name = url.split("?")[0].rsplit("/pagefind/", 1)[-1]
    name = name.split("/", 1)[1] if name.startswith("part-") else name  # a part merged into the primary
    if "/pagefind/" not in url:
        return "page and its css/js"
    if name.startswith("fragment/"):
        return "fragments"
    if name.startswith("index/"):
        return "index chunks"
    if name.startswith(("filter/", "pagefind.")) or name.endswith(".json"):
        return "meta"
    return "pagefind code (js, wasm)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("--query", action="append", default=[])
    ap.add_argument("--ui", default="kaz", choices=("kaz", "rus"))
    args = ap.parse_args()
    result: dict[str, Any] = {"before": before(args.source)}
    with tempfile.TemporaryDirectory(prefix="lexpub-search-") as tmp:
        result["bundle"] = write_search_site(args.source, Path(tmp))
        ui: Lang = "rus" if args.ui == "rus" else "kaz"
        result["queries"] = [query_bytes(Path(tmp) / SITE, ui, q) for q in args.query or ["бұйрық"]]
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
