"""``make bench``: lexpub's speed against the tools it is built on, each figure a ratio measured side by
side in the same run (median of several runs, with min and max). Prints a table and writes
``build/bench.json``.

- P1 consolidation + HTML of every edition of a generated 1,000-work corpus vs the raw Jinja2 render
  of the same pages (same template without lexpub's ``draw`` hook, same bytes, contexts prepared
  beforehand); peak memory of a whole build.
- P2 rebuild after editing one work vs the full build (``lexpub.build.build``, content-hash cache).
- P3 issuing 1,000 one-page certificates (``lexpub.issue``) vs one WeasyPrint call per document.
- P4 redline of a 20,000-word text with 200 scattered edits (``lexpub.diff.redline.diff_texts``) vs
  ``git diff --no-index --word-diff``, and the time ratio when the text and edits double.
- P5 PDF of a 100-page consolidated act (``lexpub.render.html.render_pdf``) vs raw WeasyPrint on the
  same HTML and stylesheets.
- P6 importing a generated corpus's amending acts back from their own ``lexpub text`` (``lexpub import``)
  vs printing them (``lexpub text``), whole processes (scripts/bench_process.py).

A component that does not exist prints ``not available: <module> missing`` instead of failing.
``--tiny`` runs everything on toy sizes (the smoke test); timings there mean nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import importlib.util
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from lexpub.model.core import Corpus  # noqa: E402
from lexpub.publish.graph import per_work  # noqa: E402


@dataclasses.dataclass(frozen=True)
class Sizes:
    works: int = 1000
    units: int = 60
    amendments: int = 2500
    runs: int = 3
    certificates: int = 1000
    naive_sample: int = 150
    words: int = 20000
    edits: int = 200
    pdf_units: int = 1800
    jobs: int = 2
    small_works: int = 40
    """W2's corpus (whole-process rebuilds: a full build of ``works`` exceeds the bench's budget)."""


TINY = Sizes(
    works=8,
    units=12,
    amendments=10,
    runs=1,
    certificates=6,
    naive_sample=3,
    words=600,
    edits=10,
    pdf_units=30,
    small_works=3,
)


# --------------------------------------------------------------------------- measuring
@dataclasses.dataclass
class Stat:
    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def json(self) -> dict[str, Any]:
        return {"median_s": self.median, "min_s": min(self.values), "max_s": max(self.values), "runs": len(self.values)}


def side_by_side(a: Callable[[], Any], b: Callable[[], Any], runs: int) -> tuple[Stat, Stat]:
    """Alternate a and b ``runs`` times each, so drift of the machine affects both alike."""
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(runs):
        for fn, acc in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            fn()
            acc.append(time.perf_counter() - t0)
    return Stat(ta), Stat(tb)


def result(name: str, what: str, lexpub: Stat, base: Stat, target: str, **extra: Any) -> dict[str, Any]:
    """Ratio of medians; min and max over the runs, each run's two sides measured back to back."""
    ratio = lexpub.median / base.median if base.median else float("inf")
    pairs = [a / b for a, b in zip(lexpub.values, base.values, strict=False) if b] or [ratio]
    lo, hi = min(pairs), max(pairs)
    return {
        "id": name,
        "what": what,
        "ratio": ratio,
        "ratio_min": lo,
        "ratio_max": hi,
        "target": target,
        "lexpub": lexpub.json(),
        "baseline": base.json(),
        **extra,
    }


def missing(name: str, what: str, module: str) -> dict[str, Any]:
    return {"id": name, "what": what, "available": False, "reason": f"not available: {module} missing"}


def has(module: str, attr: str | None = None) -> bool:
    try:
        if importlib.util.find_spec(module) is None:
            return False
        return attr is None or hasattr(importlib.import_module(module), attr)
    except ImportError:
        return False


def gen_module() -> Any:
    return importlib.import_module("gen_corpus")


# --------------------------------------------------------------------------- producers used by P1/P2
@per_work
def html_outputs(corpus: Corpus, work_id: str, source: Path) -> dict[str, bytes]:
    """HTML of every edition of one work (helper A's renderer), as a per-work build step; one
    :class:`~lexpub.render.html.RenderCache` for the act, as ``lexpub.site`` renders an act's texts."""
    from lexpub.consolidate.editions import editions
    from lexpub.render.html import RenderCache, render_html

    memo = RenderCache()
    return {
        f"acts/{work_id}/kaz/{ed.label}.html": render_html(corpus, ed.expression, memo=memo).encode()
        for ed in editions(corpus, work_id)
    }


BENCH_PRODUCERS = ("lexpub.publish.producers:text_outputs", "bench:html_outputs")


def html_pages(corpus: Corpus, work_ids: list[str]) -> int:
    """lexpub's side of P1: consolidation + HTML of every edition, one memo per act as in the build
    (a fresh memo for each act, so nothing carries over from one act, or one run, to the next)."""
    from lexpub.consolidate.editions import editions
    from lexpub.render.html import RenderCache, render_html

    n = 0
    for w in work_ids:
        memo = RenderCache()
        for ed in editions(corpus, w):
            n += len(render_html(corpus, ed.expression, memo=memo))
    return n


HOOK = re.compile(r"(?P<hook>draw\w*)\((?P<args>[^()]*)\) if (?P=hook) else (?P<macro>\w+)\((?P=args)\)")


def unhook(source: str) -> str:
    """An act template without the ``draw`` hooks: ``draw(x, ui) if draw else unit(x, ui)`` → ``unit(x, ui)``,
    ``draw_toc(toc) if draw_toc else toc_list(toc)`` → ``toc_list(toc)``.

    The hooks are lexpub's own machinery (:class:`lexpub.render.html.RenderCache` reuses a unit's HTML and
    the contents'); a one-off render with no memo passes ``None`` and still tests it at every unit,
    which is not Jinja2's cost. Fails loudly if the template no longer has the expected form."""
    plain = HOOK.sub(r"\g<macro>(\g<args>)", source)
    plain = plain.replace("(n, ui, draw=none)", "(n, ui)").replace("table(n, ui, draw)", "table(n, ui)")
    body = plain.split("-#}", 1)[-1]  # the leading comment may name the hook
    if "draw" in body:
        raise RuntimeError("the draw hook of templates/act/ changed form: update bench.unhook")
    return plain


def plain_environment() -> Any:
    """lexpub's Jinja2 environment (same options, globals and filters) serving the act templates without
    the ``draw`` hook, for the raw side of P1."""
    from jinja2 import FunctionLoader

    from lexpub.render.env import environment

    base = environment()
    assert base.loader is not None

    def load(name: str) -> tuple[str, str | None, Callable[[], bool]]:
        source, filename, uptodate = base.loader.get_source(base, name)  # type: ignore[union-attr]
        if name in ("act/units.html", "act/body.html"):
            source = unhook(source)
        return source, filename, uptodate or (lambda: True)

    return base.overlay(loader=FunctionLoader(load), cache_size=400)


def raw_jinja(corpus: Corpus, work_ids: list[str], chunk: int = 50) -> float:
    """Seconds spent in Jinja2 alone rendering the same pages: the same template without lexpub's
    ``draw`` hook (:func:`unhook`), contexts prepared outside the clock; every page is checked, also
    outside the clock, to be byte-identical to lexpub's template's."""
    from lexpub.consolidate.editions import editions
    from lexpub.render.env import render
    from lexpub.render.html import context, page_title

    plain = plain_environment()
    spent = 0.0
    for i in range(0, len(work_ids), chunk):
        ctxs = []
        for w in work_ids[i : i + chunk]:
            for ed in editions(corpus, w):
                ctxs.append(
                    (page_title(corpus, ed.expression, "kaz"), context(corpus, ed.expression, mode="standalone"))
                )
        t0 = time.perf_counter()
        for title, ctx in ctxs:
            plain.get_template("act/document.html").render(page_title=title, mode="standalone", **ctx)
        spent += time.perf_counter() - t0
        for title, ctx in ctxs:
            page = plain.get_template("act/document.html").render(page_title=title, mode="standalone", **ctx)
            if page != render("act/document.html", page_title=title, mode="standalone", **ctx):
                raise RuntimeError("the act templates without the draw hook draw a different page")
    return spent


def p1(corpus: Corpus, sizes: Sizes, src: Path) -> dict[str, Any]:
    what = (
        f"consolidation + HTML of every edition, {len(corpus.works)} works, vs raw Jinja2 of the same pages "
        "(same templates without lexpub's draw hook, same bytes)"
    )
    if not has("lexpub.render.html", "render_html"):
        return missing("P1", what, "lexpub.render.html")
    from lexpub.consolidate.editions import editions

    ids = sorted(corpus.works)
    pages = sum(len(editions(corpus, w)) for w in ids)
    ta, tb = [], []
    for _ in range(sizes.runs):
        t0 = time.perf_counter()
        html_pages(corpus, ids)
        ta.append(time.perf_counter() - t0)
        tb.append(raw_jinja(corpus, ids))
    peak = child_build_peak(src)
    return result(
        "P1",
        what,
        Stat(ta),
        Stat(tb),
        "≤ 1.15×; peak memory ≤ 1 GiB",
        pages=pages,
        peak_memory_mib=peak["peak_mib"],
        whole_build_s=peak["seconds"],
        whole_build_note="one process: load_corpus + text + HTML of every edition + writing, --jobs 1",
    )


def child_build_peak(src: Path) -> dict[str, float]:
    """Peak RSS and wall time of a whole build (load + consolidate + HTML + write) in a fresh process."""
    code = (  # noqa: UP031
        "import sys,time,resource,json; sys.path.insert(0,%r)\n"
        "import lexpub.publish.build as b; from lexpub.sources.corpus import load_corpus\n"
        "t=time.perf_counter(); src=sys.argv[1]; c=load_corpus(src); b.build(c, __import__('pathlib').Path(sys.argv[2]), "
        "__import__('pathlib').Path(src), producers=%r, jobs=1, use_cache=False)\n"
        "print(json.dumps({'seconds': time.perf_counter()-t, "
        "'peak_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))\n"
    ) % (str(ROOT / "scripts"), BENCH_PRODUCERS)
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", code, str(src), str(Path(tmp) / "out")], capture_output=True, text=True, check=True
        )
    data: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def p2(src: Path, sizes: Sizes, loaded: Corpus | None = None) -> dict[str, Any]:
    what = "rebuild after editing one work vs full build (text + HTML of every edition, content-hash cache)"
    if not has("lexpub.render.html", "render_html"):
        return missing("P2", what, "lexpub.render.html")
    import lexpub.publish.build as b
    from lexpub.publish.producers import text_outputs
    from lexpub.sources.corpus import load_corpus

    work = tmp_dir("p2")
    edit = work / "src"
    shutil.copytree(src, edit)
    base = sorted(p for p in (edit / "acts").glob("*.yaml"))[0]
    original = base.read_text("utf-8")
    # three wordings of one work, edited in place in turn: each rebuild finds that work's files
    # neither in the published tree nor in the spare (the tree before it), as after a real edit
    texts = [original] + [original.replace("БҰЙЫРАМЫН:", f"БҰЙЫРАМЫН {mark}", 1) for mark in (":", ";")]
    assert len(set(texts)) == 3, "the generated order has no 'БҰЙЫРАМЫН:' to edit"
    corpora = [loaded if loaded is not None else load_corpus(src)]
    for text in texts[1:]:
        base.write_text(text, "utf-8")
        t0 = time.perf_counter()
        corpora.append(load_corpus(edit))
        load_s = time.perf_counter() - t0
    base.write_text(original, "utf-8")
    from lexpub.cli.loading import settle

    settle()  # as `lexpub build` does after loading
    out = work / "out"
    full, inc, rebuilt = [], [], []
    # warm-up for both sides alike: the producers run once in this process (imports, templates
    # compiled), which the pool's workers then inherit
    first = sorted(corpora[0].works)[0]
    text_outputs(corpora[0], first, edit)
    html_outputs(corpora[0], first, edit)
    for _ in range(sizes.runs):
        t0 = time.perf_counter()
        b.build(corpora[0], out, edit, producers=BENCH_PRODUCERS, jobs=sizes.jobs, use_cache=False)
        full.append(time.perf_counter() - t0)
    for i in range(sizes.runs):
        k = (i + 1) % len(texts)
        base.write_text(texts[k], "utf-8")  # the edit, outside the clock
        t0 = time.perf_counter()
        report = b.build(corpora[k], out, edit, producers=BENCH_PRODUCERS, jobs=sizes.jobs)
        inc.append(time.perf_counter() - t0)
        rebuilt.append(len(report.rebuilt))
    steps = report.steps
    shutil.rmtree(work, ignore_errors=True)
    return result(
        "P2",
        what,
        Stat(inc),
        Stat(full),
        "≤ 2 %",
        steps=steps,
        steps_rerun=rebuilt,
        load_corpus_s=load_s,
        note=(
            "both sides start from a loaded corpus; load_corpus (not incremental) is load_corpus_s on top of each; "
            "each rebuild follows an in-place edit of one work, cycling three wordings so that its files are in "
            "neither the published tree nor the spare; the producers run once in the process beforehand (imports, "
            "templates compiled) for both sides"
        ),
    )


# --------------------------------------------------------------------------- P3 certificates
CERT_HTML = """<!doctype html><html lang="kk"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm }} body {{ font-family: 'PT Serif', serif; font-size: 12pt }}
h1 {{ text-align: center; font-size: 18pt }} .doc {{ page-break-after: always }}</style></head><body>{body}</body></html>"""
CERT = """<div class="doc"><h1>СЕРТИФИКАТ № {n:06d}</h1><p>{name} әскери оқытылған резервті даярлау бағдарламасы
бойынша оқуды аяқтады. ЖСН {iin}. Кезең: 2025 жылғы 1 ақпан – 2025 жылғы 20 желтоқсан.</p>
<p>Ұйым: Қазақстан Республикасы Қорғаныс министрлігінің мамандандырылған ұйымы. Ғылыми-әдістемелік үкімет ұсынысы.</p></div>"""


def cert_body(n: int) -> str:
    names = ("Әлия Қасымова", "Ерұлан Үсенов", "Гүлнұр Өмірбекова", "Нұрлан Ғабитов", "Жанар Һасанова")
    return CERT.format(n=n, name=names[n % len(names)], iin=f"{(900101300000 + n * 7919) % 10**12:012d}")


def naive_pdf(n: int) -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string=CERT_HTML.format(body=cert_body(n))).write_pdf()
    return data


def batch_split(ns: list[int]) -> list[bytes]:
    """Reference batch-and-split: one WeasyPrint document for many one-page records, split with pikepdf."""
    import io

    import pikepdf
    from weasyprint import HTML

    pdf = HTML(string=CERT_HTML.format(body="".join(cert_body(n) for n in ns))).write_pdf()
    out = []
    with pikepdf.open(io.BytesIO(pdf)) as whole:
        for page in whole.pages:
            one = pikepdf.new()
            one.pages.append(page)
            buf = io.BytesIO()
            one.save(buf, deterministic_id=True)
            out.append(buf.getvalue())
    return out


def _batch_worker(ns: list[int]) -> int:
    return len(batch_split(ns))


def p3(sizes: Sizes) -> dict[str, Any]:
    what = f"{sizes.certificates} one-page certificates: documents per second vs one WeasyPrint call per document"
    if not has("weasyprint") or not has("pikepdf"):
        return missing("P3", what, "weasyprint/pikepdf")
    if has("lexpub.services.documents.pooled", "issue_pdfs") and has("lexpub.services.documents.batch", "prepare_all"):
        return p3_lexpub(sizes, what)
    import multiprocessing

    n = sizes.certificates
    naive_pdf(0)  # warm fontconfig
    naive_t = []
    for _ in range(sizes.runs):
        t0 = time.perf_counter()
        for i in range(sizes.naive_sample):
            naive_pdf(i)
        naive_t.append((time.perf_counter() - t0) / sizes.naive_sample * n)
    ref_t = []
    chunks = [list(range(i, min(n, i + 100))) for i in range(0, n, 100)]
    ctx = multiprocessing.get_context("fork")
    for _ in range(sizes.runs):
        t0 = time.perf_counter()
        with ctx.Pool(sizes.jobs) as pool:
            done = sum(pool.map(_batch_worker, chunks))
            pool.close()  # workers end normally and remove their copy of the faces (a terminated one
            pool.join()  # leaves its weasyprint-* folder behind)
        ref_t.append(time.perf_counter() - t0)
        assert done == n
    naive, ref = Stat(naive_t), Stat(ref_t)
    out: dict[str, Any] = {
        "id": "P3",
        "what": what,
        "target": "≥ 4× documents/s on 2 cores",
        "naive": {
            **naive.json(),
            "docs_per_s": n / naive.median,
            "note": f"timed on {sizes.naive_sample} docs, scaled",
        },
        "reference_batch_split": {
            **ref.json(),
            "docs_per_s": n / ref.median,
            "speedup": naive.median / ref.median,
            "note": f"bench code (not lexpub): 100 records per WeasyPrint document, pikepdf split, {sizes.jobs} processes",
        },
    }
    out.update(available=False, reason="not available: lexpub.issue missing (helper D's batch issuing)")
    return out


SURNAMES = (
    "Әлібеков",
    "Қасымов",
    "Нұрланов",
    "Серікбаев",
    "Жақсылықов",
    "Омаров",
    "Бекмұхамбетов",
    "Сәрсенбаев",
    "Тоқтаров",
    "Ержанов",
    "Мұратов",
    "Дәулетов",
    "Исаев",
    "Қайратов",
    "Жұмабаев",
    "Ахметов",
)
GIVEN = ("Нұрсұлтан", "Тимур", "Алмас", "Ерлан", "Дәурен", "Асқар", "Бауыржан", "Мейірбек", "Ғалым", "Саят")
PATRONYMICS = ("Асқарұлы", "Бекұлы", "Серікұлы", "Ерланұлы", "Қанатұлы", "Маратұлы", "Болатұлы")


def synthetic_iin(base: str, serial: int) -> str | None:
    """An IIN with the birth date and century digit of ``base`` (its first 7 digits), the serial
    ``serial`` and its check digit; None when no check digit exists for it (never issued)."""
    from lexpub.services.iin import check_digit

    first11 = f"{base[:7]}{serial:04d}"
    digit = check_digit(first11)
    return None if digit is None else f"{first11}{digit}"


def certificate_records(n: int) -> list[Any]:
    """``n`` certificate records made from the synthetic samples in source/samples, each with its own
    number, name and IIN (fictitious; valid checksums), as in a real cohort: the programme, period,
    specialty and dates come from the two sample rows, so they repeat; a name or an IIN never does."""
    import csv

    issue = importlib.import_module("lexpub.services.documents.batch")
    rows = list(csv.DictReader((ROOT / "source" / "samples" / "certificates.csv").read_text("utf-8").splitlines()))
    names = [f"{s} {g} {p}" for p in PATRONYMICS for g in GIVEN for s in SURNAMES]
    assert n <= len(names), f"at most {len(names)} distinct synthetic names"
    iins = (iin for serial in range(10_000) if (iin := synthetic_iin(rows[0]["iin"], serial)) is not None)
    return [
        issue.Record(
            i + 2, {**rows[i % len(rows)], "number": f"B-C-{i + 1:05d}", "full_name": names[i], "iin": next(iins)}
        )
        for i in range(n)
    ]


_NAIVE_JOBS: list[Any] = []
"""The jobs the naive side's forked workers render (inherited, never pickled)."""


def _naive_part(indices: list[int]) -> int:
    """One WeasyPrint call per document; the QR code is encoded here (``Job.section``), inside the clock."""
    from lexpub.render.pdf import html_to_pdf
    from lexpub.services.documents.document import LANG_SUFFIX, wrap

    for i in indices:
        j = _NAIVE_JOBS[i]
        html_to_pdf(wrap([j.section], j.lang, j.title), title=j.title, lang=LANG_SUFFIX[j.lang])
    return len(indices)


def naive_side(prepare: Callable[[], list[Any]], sample: int, n: int, procs: int) -> Callable[[], float]:
    """The naive issuing of ``n`` documents on ``procs`` processes, as a function returning its time:
    the same preparation as lexpub's (records checked, texts worded; QR codes not yet encoded), then
    ``sample`` documents laid out one call each, spread over the processes, scaled to ``n``."""
    import multiprocessing

    def run() -> float:
        t0 = time.perf_counter()
        _NAIVE_JOBS[:] = prepare()
        t_prepare = time.perf_counter() - t0
        parts = [list(range(k, sample, procs)) for k in range(procs)]
        t1 = time.perf_counter()
        if procs == 1:
            _naive_part(parts[0])
        else:
            with multiprocessing.get_context("fork").Pool(procs) as pool:
                assert sum(pool.map(_naive_part, parts)) == sample
                pool.close()  # workers end normally and remove their copy of the faces
                pool.join()
        return t_prepare + (time.perf_counter() - t1) / sample * n

    return run


def p3_lexpub(sizes: Sizes, what: str) -> dict[str, Any]:
    """lexpub's batch issuing (prepare + chunked layout + split) vs one call per document — like
    against like: the same number of processes on both sides (lexpub's pool: one per core), QR codes
    encoded inside both clocks, the same preparation on both; and per core (one process each side)."""
    from lexpub.services.documents import pdfs
    from lexpub.sources.corpus import load_corpus

    issue = importlib.import_module("lexpub.services.documents.batch")
    n = sizes.certificates
    source = ROOT / "source"
    corpus = load_corpus(source)
    records = certificate_records(n)
    opts = issue.Options(langs=("kaz",), issuer="astana-ddo-sample")

    def prepare() -> list[Any]:
        return list(issue.prepare_all(issue.BatchLaw(corpus, source, "latest"), "certificate", records, opts).jobs)

    assert len(prepare()) == n, "sample-based records were refused"

    pooled = importlib.import_module("lexpub.services.documents.pooled")

    def lexpub_batch(procs: int) -> None:
        """Records prepared and rendered in the pool's processes, as ``lexpub issue`` does."""
        law = issue.BatchLaw(corpus, source, "latest")
        batch, files, failed = pooled.issue_pdfs(law, "certificate", records, opts, workers=procs)
        assert len(batch.jobs) == len(files) == n and not failed and not batch.bad

    def timed_pair(procs: int) -> tuple[Stat, Stat]:
        naive = naive_side(prepare, sizes.naive_sample, n, procs)
        naive()  # warm-up (fonts, imports)
        lex_t: list[float] = []
        naive_t: list[float] = []
        for _ in range(sizes.runs):
            t0 = time.perf_counter()
            lexpub_batch(procs)
            lex_t.append(time.perf_counter() - t0)
            naive_t.append(naive())
        return Stat(lex_t), Stat(naive_t)

    procs = pdfs.cores()  # lexpub's default pool; the naive side gets as many processes
    lex2, naive2 = timed_pair(procs)
    lex1, naive1 = timed_pair(1)
    r = result("P3", what, naive2, lex2, "≥ 6× documents/s, same processes on both sides (10× stretch)")
    r["lexpub"], r["baseline"] = lex2.json(), naive2.json()
    r["docs_per_s"] = {"lexpub": n / lex2.median, "naive": n / naive2.median}
    r["processes"] = procs
    per_core = result("P3 per core", what, naive1, lex1, "—")
    r["per_core"] = {
        "ratio": per_core["ratio"],
        "ratio_min": per_core["ratio_min"],
        "ratio_max": per_core["ratio_max"],
        "lexpub": lex1.json(),
        "naive": naive1.json(),
        "docs_per_s": {"lexpub": n / lex1.median, "naive": n / naive1.median},
    }
    r["note"] = (
        f"ratio = naive time / lexpub time for {n} documents (higher is better), both on {procs} processes "
        f"(lexpub's pool: one per core); per core: both in one process. Both clocks hold the preparation and the QR encoding; "
        f"naive laid out on {sizes.naive_sample} documents and scaled"
    )
    return r


# --------------------------------------------------------------------------- P4 redline
def texts(words: int, edits: int, seed: int = 4) -> tuple[str, str]:
    """A Kazakh-like text of ``words`` words in numbered paragraphs, and a copy with scattered edits."""
    gen = gen_module()
    rng = random.Random(seed)
    vocab = list(gen.WORDS) + [w + s for w in gen.WORDS[:40] for s in ("ның", "ға", "да", "дан", "мен")]
    paras = []
    left = words
    while left > 0:
        n = min(left, rng.randint(20, 50))
        paras.append([rng.choice(vocab) for _ in range(n)])
        left -= n
    new = [list(p) for p in paras]
    for _ in range(edits):
        p = new[rng.randrange(len(new))]
        i = rng.randrange(len(p))
        r = rng.random()
        if r < 0.6:
            p[i] = rng.choice(vocab)
        elif r < 0.8:
            p.insert(i, rng.choice(vocab))
        elif len(p) > 1:
            del p[i]

    def join(ps: list[list[str]]) -> str:
        return "".join(f"{k}. {' '.join(p)}\n" for k, p in enumerate(ps, start=1))

    return join(paras), join(new)


def units(text: str) -> list[tuple[str, str]]:
    return [(line.split(".", 1)[0], line) for line in text.splitlines()]


def p4(sizes: Sizes) -> dict[str, Any]:
    what = f"redline of a {sizes.words}-word text with {sizes.edits} scattered edits vs git diff --no-index --word-diff"
    where = next((m for m in ("lexpub.diff.redline", "lexpub.diff.words") if has(m, "diff_texts")), None)
    if where is None:
        return missing("P4", what, "lexpub.diff.redline.diff_texts")
    if shutil.which("git") is None:
        return missing("P4", what, "git")
    engine = importlib.import_module(where).diff_texts

    def diff_texts(a: str, b: str) -> Any:
        """Units are the numbered paragraphs (one per line), as lexpub diffs acts unit by unit."""
        return engine(units(a), units(b))

    work = tmp_dir("p4")

    def pair(words: int, edits: int) -> tuple[Stat, Stat]:
        a, b = texts(words, edits)
        (work / "a.txt").write_text(a, "utf-8")
        (work / "b.txt").write_text(b, "utf-8")
        cmd = ["git", "diff", "--no-index", "--word-diff", str(work / "a.txt"), str(work / "b.txt")]
        return side_by_side(
            without_gc(lambda: diff_texts(a, b)),
            without_gc(lambda: subprocess.run(cmd, capture_output=True, check=False)),
            max(15, sizes.runs),
        )

    lex, git = pair(sizes.words, sizes.edits)
    lex2, _ = pair(sizes.words * 2, sizes.edits * 2)
    shutil.rmtree(work, ignore_errors=True)
    return result(
        "P4",
        what,
        lex,
        git,
        "≤ 2×; doubling ≤ 2.2×",
        doubling_ratio=lex2.median / lex.median,
        doubled=lex2.json(),
        engine=f"{where}.diff_texts on numbered paragraphs; git timed including process start",
    )


def without_gc(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` timed as ``timeit`` does: the garbage collector off while it runs. A run of a few
    milliseconds is otherwise at the mercy of a full collection of whatever the earlier figures left
    in this process (a corpus of 1,000 works: ~0.5 s)."""

    def run() -> Any:
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()

    return run


# --------------------------------------------------------------------------- P5 PDF
def p5(sizes: Sizes) -> dict[str, Any]:
    what = "PDF of a ~100-page consolidated act vs raw WeasyPrint on the same HTML and stylesheets"
    if not has("lexpub.render.html", "render_pdf") or not has("lexpub.render.pdf", "html_to_pdf"):
        return missing("P5", what, "lexpub.render.pdf")
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from lexpub.consolidate.apply import consolidate
    from lexpub.render import pdf as pdfmod
    from lexpub.render.html import page_title, render_html, render_pdf
    from lexpub.sources.corpus import load_corpus

    src = tmp_dir("p5") / "src"
    gen_module().generate(src, works=3, amendments=6, units=sizes.pdf_units, seed=11)
    corpus = load_corpus(src)
    work_id = sorted(w for w in corpus.works if not corpus.works[w].ops)[0]
    pages: list[int] = []

    def lexpub_pdf() -> None:
        data = render_pdf(corpus, consolidate(corpus, work_id))
        pages.append(data.count(b"/Type /Page\n") or data.count(b"/Type /Page"))

    expr = consolidate(corpus, work_id)
    html = render_html(corpus, expr, ui="kaz", mode="print")
    title = page_title(corpus, expr, "kaz")

    def raw_pdf() -> None:
        config = FontConfiguration()
        sheets = [
            CSS(string=pdfmod.font_css(), font_config=config),
            CSS(string=pdfmod.page_css(title), font_config=config),
        ]
        HTML(string=html).render(stylesheets=sheets, font_config=config).write_pdf()

    lexpub_pdf()  # warm-up (fontconfig, imports)
    lex, raw = side_by_side(lexpub_pdf, raw_pdf, sizes.runs)
    n_pages = page_count(render_pdf(corpus, expr))
    shutil.rmtree(src.parent, ignore_errors=True)
    return result("P5", what, lex, raw, "≤ 1.1×", pages=n_pages)


def page_count(data: bytes) -> int:
    try:
        import io

        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except ImportError:
        return -1


# --------------------------------------------------------------------------- main
def tmp_dir(name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"lexpub-bench-{name}-"))


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def line(r: dict[str, Any]) -> str:
    if "ratio" in r:
        extra = ""
        if "doubling_ratio" in r:
            extra = f"; doubling {r['doubling_ratio']:.2f}×"
        if "peak_memory_mib" in r:
            extra = f"; peak memory {r['peak_memory_mib']:.0f} MiB; whole build {r['whole_build_s']:.1f} s"
        if r["id"] == "P2":
            extra = f"; load_corpus {r['load_corpus_s']:.1f} s not included"
        if r["id"] == "P2":  # a share of the full build: printed as a percentage, like its target
            return (
                f"P2  {r['ratio']:.1%} (min {r['ratio_min']:.1%}, max {r['ratio_max']:.1%}; "
                f"{r['lexpub']['median_s']:.3f} s vs {r['baseline']['median_s']:.3f} s{extra})  "
                f"target {r['target']}  — {r['what']}"
            )
        if r["id"] == "P3":
            d = r["docs_per_s"]
            return (
                f"P3  {r['ratio']:.2f}× (min {r['ratio_min']:.2f}, max {r['ratio_max']:.2f}; {d['lexpub']:.1f} docs/s "
                f"vs naive {d['naive']:.1f} docs/s, {r.get('processes', 2)} processes each)  target {r['target']}  — {r['what']}"
                + (
                    f"\n    per core (1 process each): {r['per_core']['ratio']:.2f}× "
                    f"({r['per_core']['docs_per_s']['lexpub']:.1f} vs {r['per_core']['docs_per_s']['naive']:.1f} docs/s)"
                    if "per_core" in r
                    else ""
                )
            )
        med = r["lexpub"]["median_s"]
        base = r["baseline"]["median_s"]
        return (
            f"{r['id']}  {r['ratio']:.3f}× (min {r['ratio_min']:.3f}, max {r['ratio_max']:.3f}; "
            f"{med:.3f} s vs {base:.3f} s{extra})  target {r['target']}  — {r['what']}"
        )
    text = f"{r['id']}  {r['reason']}  — {r['what']}"
    if "reference_batch_split" in r:
        ref = r["reference_batch_split"]
        text += (
            f"\n    reference batch-and-split (bench code): {ref['docs_per_s']:.1f} docs/s vs naive "
            f"{r['naive']['docs_per_s']:.1f} docs/s = {ref['speedup']:.2f}×"
        )
    return text


def p6(sizes: Sizes) -> dict[str, Any]:
    """P6: ``lexpub import`` vs ``lexpub text`` on a small generated corpus (W2's size: whole processes)."""
    import bench_process

    what = "lexpub import of generated amending acts from their own text vs lexpub text"
    if not has("lexpub.ingest.importer"):
        return missing("P6", what, "lexpub.ingest.importer")
    src = tmp_dir("p6") / "src"
    gen_module().generate(src, works=max(10, sizes.small_works), amendments=sizes.small_works * 2, units=20, seed=6)
    try:
        r = bench_process.imports(src, sizes.runs, limit=2)
    finally:
        shutil.rmtree(src.parent, ignore_errors=True)
    r["target"] = "—"
    a, b = r["lexpub"]["median_s"], r["baseline"]["median_s"]
    r["ratio_min"], r["ratio_max"] = r["lexpub"]["min_s"] / b, r["lexpub"]["max_s"] / b
    return {**r, "ratio": a / b}


def whole_processes(src: Path, sizes: Sizes) -> list[dict[str, Any]]:
    """W1–W3 (scripts/bench_process.py): whole ``lexpub`` processes, as a user runs them."""
    import bench_process

    small = tmp_dir("small") / "src"
    gen_module().generate(small, works=sizes.small_works, amendments=sizes.small_works * 2, units=20, seed=2)
    try:
        results = bench_process.run_all(src, small, sizes.runs)
    finally:
        shutil.rmtree(small.parent, ignore_errors=True)
    print(bench_process.line(results[-1]), flush=True)  # W3 (W1 and W2 print as they are measured)
    return results


def run(sizes: Sizes, out: Path, only: set[str] | None = None) -> dict[str, Any]:
    from lexpub.sources.corpus import load_corpus

    results: list[dict[str, Any]] = []
    t_start = time.perf_counter()
    want = only or {"P1", "P2", "P3", "P4", "P5", "P6", "W"}
    src = tmp_dir("corpus") / "src"
    counts: dict[str, int] = {}
    if want & {"P1", "P2", "W"}:
        counts = gen_module().generate(src, works=sizes.works, amendments=sizes.amendments, units=sizes.units, seed=1)
    t0 = time.perf_counter()
    corpus = load_corpus(src) if want & {"P1", "P2"} else None
    load_s = time.perf_counter() - t0
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("P1", lambda: p1(corpus, sizes, src) if corpus is not None else {}),
        ("P2", lambda: p2(src, sizes, corpus)),
        ("P3", lambda: p3(sizes)),
        ("P4", lambda: p4(sizes)),
        ("P5", lambda: p5(sizes)),
        ("P6", lambda: p6(sizes)),
    ]
    for name, fn in steps:
        if name not in want:
            continue
        r = fn()
        results.append(r)
        print(line(r), flush=True)
    if "W" in want:
        results += whole_processes(src, sizes)
    shutil.rmtree(src.parent, ignore_errors=True)
    report = {
        "machine": machine(),
        "sizes": dataclasses.asdict(sizes),
        "corpus": {**counts, "load_corpus_s": load_s},
        "results": results,
        "total_s": time.perf_counter() - t_start,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench.json")
    ap.add_argument("--tiny", action="store_true", help="toy sizes (smoke test)")
    ap.add_argument("--only", default="", help="comma-separated subset, e.g. P1,P4")
    ap.add_argument("--works", type=int)
    ap.add_argument("--runs", type=int)
    ap.add_argument("--certificates", type=int, help="P3: documents issued (default 1000)")
    ap.add_argument("--naive-sample", type=int, help="P3: documents the naive side lays out, scaled (default 150)")
    args = ap.parse_args()
    sizes = TINY if args.tiny else Sizes()
    if args.works:
        sizes = dataclasses.replace(sizes, works=args.works)
    if args.runs:
        sizes = dataclasses.replace(sizes, runs=args.runs)
    if args.certificates:
        sizes = dataclasses.replace(sizes, certificates=args.certificates)
    if args.naive_sample:
        sizes = dataclasses.replace(sizes, naive_sample=args.naive_sample)
    m = machine()
    print(f"lexpub bench — {m['nproc']} cores, {m['cpu']}, Python {m['python']}", flush=True)
    only = {s.strip() for s in args.only.split(",") if s.strip()} or None
    report = run(sizes, args.out, only)
    print(f"total {report['total_s']:.0f} s; wrote {args.out}")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
