"""Certificates stamped on a form laid out once print exactly as their own full layout would.

Each stamped page is rasterised beside the full WeasyPrint layout of the same document and compared
pixel by pixel; its text and its QR code are read back."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lexpub.consolidate.validate import load_valid
from lexpub.model.values import Lang
from lexpub.services.documents import batch as issue
from lexpub.services.documents import formfill, pdfs, pooled

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
NEEDS_POPPLER = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
LONG_NAME = "Қасымжомарт-Әбдірахманов Нұрмұхаммед-Әлихан Бекмұхамбетұлы Ақжігітов-Жанқожаев"


@pytest.fixture(scope="module")
def context() -> issue.BatchLaw:
    return issue.BatchLaw(load_valid(SOURCE), SOURCE, "latest")


ISSUER = "astana-ddo-sample"


def sample_rows() -> list[dict[str, str]]:
    return list(csv.DictReader((SOURCE / "samples" / "certificates.csv").read_text("utf-8").splitlines()))


def jobs(ctx: issue.BatchLaw, rows: list[dict[str, str]], lang: Lang) -> list[issue.Job]:
    records = [issue.Record(i + 2, row) for i, row in enumerate(rows)]
    opts = issue.Options(langs=(lang,), issuer=ISSUER, site_url="https://mod.gov.kz/lexpub/")
    batch = issue.prepare_all(ctx, "certificate", records, opts)
    assert not batch.bad, batch.bad
    return batch.jobs


def raster(pdf: bytes, tmp: Path, name: str, dpi: int = 110) -> bytes:
    """The page as raw grey pixels (PGM body)."""
    path = tmp / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", str(path), str(tmp / name)], check=True)
    data = (tmp / f"{name}.pgm").read_bytes()
    return data


def text(pdf: bytes, tmp: Path, name: str) -> str:
    path = tmp / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def one_by_one(js: list[issue.Job]) -> dict[str, bytes]:
    """Each document's own full WeasyPrint layout (the reference)."""
    out: dict[str, bytes] = {}
    for j in js:
        out.update(pdfs.render_full([j]))
    return out


@NEEDS_POPPLER
@pytest.mark.parametrize("lang", ["kaz", "rus"])
def test_stamped_pages_equal_their_full_layout(context: issue.BatchLaw, lang: Lang, tmp_path: Path) -> None:
    rows = sample_rows()
    rows = [*rows, {**rows[0], "number": "S-C-900", "full_name": LONG_NAME}]  # wraps: needs a form of its own
    js = jobs(context, rows, lang)
    got = formfill.render([j.section for j in js], lang, js[0].title, js[0].mark)
    assert all(g is not None for g in got), "every sample certificate should be stamped"
    stamped = pdfs.render_chunk(js)
    reference = one_by_one(js)
    assert list(stamped) == list(reference)
    for rel in stamped:
        name = rel.replace("/", "_")
        assert raster(stamped[rel], tmp_path, name + "-s") == raster(reference[rel], tmp_path, name + "-r"), rel
    long_page = text(stamped[js[-1].rel + ".pdf"], tmp_path, "long")
    assert "Қасымжомарт-Әбдірахманов Нұрмұхаммед-Әлихан" in long_page and "Ақжігітов-Жанқожаев" in long_page


def spy_values(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[int]]:
    """The HTML of every full layout of values pages, and the number of pages copied instead."""
    from lexpub.render.pagecopies import PageCopies

    values_layouts: list[str] = []
    copied = [0]
    real_layout, real_copy = formfill.layout, PageCopies.with_texts

    def layout(html: str, **kw: Any) -> Any:
        if 'data-slot="' in html:
            values_layouts.append(html)
        return real_layout(html, **kw)

    def with_texts(self: PageCopies, texts: dict[str, str]) -> Any:
        page = real_copy(self, texts)
        copied[0] += page is not None
        return page

    monkeypatch.setattr(formfill, "layout", layout)
    monkeypatch.setattr(PageCopies, "with_texts", with_texts)
    return values_layouts, copied


def test_the_values_pages_are_laid_out_once_and_copied(
    context: issue.BatchLaw, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first document's values page is laid out; the others are copies with their own texts
    (:mod:`lexpub.render.pagecopies`: what the pixels above compare)."""
    rows = sample_rows()
    rows = [{**rows[i % 2], "number": f"S-C-{700 + i}"} for i in range(6)]
    js = jobs(context, rows, "kaz")
    values_layouts, copied = spy_values(monkeypatch)
    got = formfill.render([j.section for j in js], "kaz", js[0].title, js[0].mark)
    assert all(g is not None for g in got)
    assert values_layouts == [] and copied == [len(js) - 1]


@NEEDS_POPPLER
def test_a_value_white_space_processing_would_change_gets_the_full_values_layout(
    context: issue.BatchLaw, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A name typed with two spaces prints with one, as the full layout prints it: its group's values
    pages are laid out by WeasyPrint, not copied."""
    rows = sample_rows()
    rows = [rows[0], {**rows[1], "full_name": "Қасымов  Тимур Бекұлы"}, {**rows[0], "number": "S-C-902"}]
    js = jobs(context, rows, "kaz")
    values_layouts, copied = spy_values(monkeypatch)
    stamped = pdfs.render_chunk(js)
    assert len(values_layouts) == 1 and copied == [0]
    assert "Қасымов  Тимур Бекұлы" in values_layouts[0]
    reference = one_by_one(js)
    for rel in stamped:
        name = rel.replace("/", "_")
        assert raster(stamped[rel], tmp_path, name + "-s") == raster(reference[rel], tmp_path, name + "-r"), rel
    assert "Қасымов Тимур Бекұлы" in text(stamped[js[1].rel + ".pdf"], tmp_path, "spaces")


def test_the_long_name_does_not_fit_the_common_form(context: issue.BatchLaw) -> None:
    rows = sample_rows()
    rows = [rows[0], {**rows[0], "number": "S-C-900", "full_name": LONG_NAME}, {**rows[0], "number": "S-C-901"}]
    js = jobs(context, rows, "kaz")
    got = formfill.render([j.section for j in js], "kaz", js[0].title, js[0].mark)
    assert got[0] is not None and got[1] is not None and got[2] is not None
    assert got[0][0] is got[2][0], "same form: one document"
    assert got[1][0] is not got[0][0], "the two-line name was stamped on a form of its own"


def test_a_section_without_values_is_laid_out_in_full() -> None:
    assert formfill.split('<section class="doc"><p>Хабарлама</p></section>') is None
    got = formfill.render(['<section class="doc"><p>Хабарлама</p></section>'], "kaz", "T", "")
    assert got == [None]


def test_a_value_that_shares_its_block_or_is_empty_is_not_stamped(context: issue.BatchLaw) -> None:
    js = jobs(context, sample_rows()[:1], "kaz")
    section = js[0].section
    shared = section.replace(
        '<p class="verify"><span data-fill="verify">', '<p class="verify">Ескерту. <span data-fill="verify">'
    )
    empty = re.sub(r'<span data-fill="iin">[^<]*</span>', '<span data-fill="iin"></span>', section)
    assert shared != section and empty != section
    for variant in (shared, empty):
        assert formfill.render([variant], "kaz", js[0].title, "") == [None]


def test_values_and_form_split() -> None:
    section = (
        '<section><img class="qr" data-fill="qr" src="data:image/png;base64,AA" alt="QR">'
        '<p><span data-fill="number">№&nbsp;C-1</span></p><td><span data-fill="full_name">Ә &lt;b&gt;</span></td></section>'
    )
    v = formfill.split(section)
    assert v is not None
    assert v.text == {"number": "№&nbsp;C-1", "full_name": "Ә &lt;b&gt;"}
    assert v.images == {"qr": ("data:image/png;base64,AA", "QR")}
    assert "C-1" not in v.form and "Ә" not in v.form and "base64" not in v.form
    assert v.keys() == {"qr", "number", "full_name"}


@NEEDS_POPPLER
def test_stamped_text_reads_back(context: issue.BatchLaw, tmp_path: Path) -> None:
    js = jobs(context, sample_rows(), "kaz")
    files = pdfs.render_chunk(js)
    page = text(files[js[0].rel + ".pdf"], tmp_path, "one")
    row = sample_rows()[0]
    assert f"№ {row['number']}" in page
    assert re.search(rf"Тегі, аты, әкесінің аты \(бар болса\)\s+{row['full_name']}", page)
    assert re.search(rf"ЖСН\s+{row['iin']}", page)
    assert "Тексеру коды: " in page
    # the form's own words are there once, not twice
    assert page.count("Мамандандырылған ұйым") == 1


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed")
@NEEDS_POPPLER
def test_qr_code_on_the_stamped_page_reads_back(
    context: issue.BatchLaw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The QR codes are drawn from the pixels made with them (no PNG decoded again) and read back."""

    def no_decoding(src: str) -> None:
        raise AssertionError("a QR code's PNG was decoded again")

    monkeypatch.setattr(formfill, "decode", no_decoding)
    js = jobs(context, sample_rows(), "kaz")
    files = pdfs.render_chunk(js)
    for j in js:
        pdf = tmp_path / "c.pdf"
        pdf.write_bytes(files[j.rel + ".pdf"])
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "c")], check=True)
        out = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "c.png")], capture_output=True, text=True)
        printed = re.search(r"Тексеру коды: ([0-9A-F]{4}(?:-[0-9A-F]{4}){3})", text(pdf.read_bytes(), tmp_path, "c"))
        assert printed, j.rel
        assert out.stdout.strip() == f"https://mod.gov.kz/lexpub/verify/#{printed.group(1)}"


def test_one_page_keeps_only_its_own_images(context: issue.BatchLaw) -> None:
    import pikepdf

    js = jobs(context, sample_rows(), "kaz")
    files = pdfs.render_chunk(js)
    for j in js:
        with pikepdf.open(io.BytesIO(files[j.rel + ".pdf"])) as pdf:
            images: list[Any] = [
                k for k, v in pdf.pages[0].Resources.get("/XObject", {}).items() if v.get("/Subtype") == "/Image"
            ]
            assert len(images) == 1, (j.rel, images)


def test_stamped_bytes_do_not_depend_on_the_workers(context: issue.BatchLaw, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfs, "CHUNK", 3)
    rows = sample_rows()
    rows = [{**rows[i % len(rows)], "number": f"P-{i:02d}"} for i in range(7)]
    records = [issue.Record(i + 2, row) for i, row in enumerate(rows)]
    opts = issue.Options(langs=("kaz",), issuer=ISSUER, site_url="https://mod.gov.kz/lexpub/")

    def files(workers: int) -> dict[str, bytes]:
        batch, got, failed = pooled.issue_pdfs(context, "certificate", records, opts, workers)
        assert not batch.bad and not failed
        return got

    monkeypatch.setattr(pdfs, "PARALLEL_FROM", 6)
    parallel = files(2)
    monkeypatch.setattr(pdfs, "PARALLEL_FROM", 1000)
    serial = files(2)
    assert sorted(parallel) == [f"certificate/kk/P-{i:02d}.pdf" for i in range(7)]
    assert parallel == serial == files(1)


def test_a_chunk_prints_the_same_whichever_chunk_its_process_stamped_first(
    context: issue.BatchLaw, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk is stamped on the form an earlier chunk of the same shape was stamped on (made from
    another certificate, whose values it holds hidden): its bytes are those of its own form."""
    rows = sample_rows()
    cohort = [
        {**rows[i % 2], "number": f"F-{i:02d}", "full_name": name}
        for i, name in enumerate(["Омаров Ерлан Серікұлы", "Исаев Саят Маратұлы", "Ахметов Ғалым Болатұлы"] * 2)
    ]
    first, second = jobs(context, cohort[:3], "kaz"), jobs(context, cohort[3:], "kaz")
    laid: list[str] = []
    real = formfill.laid_form
    monkeypatch.setattr(formfill, "laid_form", lambda html, lang: laid.append(html) or real(html, lang))
    real.cache_clear()
    monkeypatch.setattr(formfill, "_SHAPES", type(formfill._SHAPES)())
    alone = pdfs.render_chunk(second)
    made = set(laid)
    real.cache_clear()
    laid.clear()
    monkeypatch.setattr(formfill, "_SHAPES", type(formfill._SHAPES)())
    pdfs.render_chunk(first)
    after = pdfs.render_chunk(second)
    assert len(set(laid)) == 1 and not set(laid) & made, "the second chunk reused the first's form"
    assert after == alone
