"""Print PDF: PT Serif embedded (and only it), metadata, determinism, PDF/A; text read back with poppler."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lexpub.render.pdf import html_to_pdf

pytestmark = pytest.mark.slow

KAZAKH = "Ә Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і"
SAMPLE = (
    "<!doctype html><html lang='kk'><head><title>x</title></head><body>"
    f"<h1>Сынақ</h1><p>{KAZAKH}</p><p><b>қалың</b> <i>көлбеу</i> <b><i>екеуі</i></b></p>"
    "<img src='http://example.invalid/x.png' alt=''>"
    "</body></html>"
)


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed; run scripts/setup-system.sh")
    return path


def pdf_text(data: bytes, tmp_path: Path) -> str:
    need("pdftotext")
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def pdf_fonts(data: bytes, tmp_path: Path) -> list[list[str]]:
    """Rows of ``pdffonts``: name, type, encoding, emb, sub, uni, …"""
    need("pdffonts")
    path = tmp_path / "f.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def assert_only_pt_serif_embedded(data: bytes, tmp_path: Path) -> None:
    rows = pdf_fonts(data, tmp_path)
    assert rows, "no fonts in the PDF"
    for row in rows:
        name = row[0].split("+", 1)[-1]
        assert "PT-Serif" in name, f"unexpected font {row[0]}"
        emb = row[-5] if row[-1] == "0" else row[-4]
        assert emb == "yes", f"font not embedded: {row}"


def test_kazakh_letters_round_trip_and_only_pt_serif(tmp_path):
    data = html_to_pdf(SAMPLE, title="Сынақ құжаты", lang="kk")
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    # pdftotext drops the narrow spaces between single letters: compare without whitespace
    assert KAZAKH.replace(" ", "") in "".join(text.split())
    assert_only_pt_serif_embedded(data, tmp_path)
    names = {row[0].split("+", 1)[-1] for row in pdf_fonts(data, tmp_path)}
    assert names == {"Lexpub-PT-Serif", "Lexpub-PT-Serif-Bold", "Lexpub-PT-Serif-Italic", "Lexpub-PT-Serif-Bold-Italic"}


def test_metadata_title_and_language(tmp_path):
    data = html_to_pdf(SAMPLE, title="Сынақ құжаты", lang="kk")
    need("pdfinfo")
    path = tmp_path / "m.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"^Title:\s+Сынақ құжаты$", info, re.M)
    import pikepdf

    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "kk"
        assert str(pdf.docinfo.Title) == "Сынақ құжаты"
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo


def test_same_html_same_bytes_and_pdfa_variant():
    a = html_to_pdf(SAMPLE, title="T", lang="kk")
    assert a == html_to_pdf(SAMPLE, title="T", lang="kk")
    archive = html_to_pdf(SAMPLE, title="T", lang="kk", variant="pdf/a-3b")
    assert archive == html_to_pdf(SAMPLE, title="T", lang="kk", variant="pdf/a-3b")
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(archive)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3B"
    assert archive != a


def test_page_numbers_and_running_header(tmp_path):
    body = "".join(f"<p>{i}-тармақ. {KAZAKH}</p>" for i in range(120))
    html = f"<!doctype html><html lang='kk'><body>{body}</body></html>"
    text = pdf_text(html_to_pdf(html, title="Жүгіртпе тақырып", lang="kk"), tmp_path)
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    assert re.search(rf"^1\s*/\s*{len(pages)}$", pages[0], re.M)
    assert re.search(rf"^2\s*/\s*{len(pages)}$", pages[1], re.M)
    assert "Жүгіртпе тақырып" not in pages[0]
    assert "Жүгіртпе тақырып" in pages[1]


def test_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="variant"):
        html_to_pdf(SAMPLE, title="T", variant="pdf/x-4")


P11 = (
    "11. Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау ақылы негізде жүзеге асырылады. "
    '"Азаматтарды әскери-техникалық және басқа да әскери мамандықтар бойынша даярлау" мемлекеттік көрсетілетін '
    "қызмет (бұдан әрі – мемлекеттік көрсетілетін қызмет) болып табылады және оны Қазақстан Республикасының "
    "Қорғаныс министрлігі ЖӘБО арқылы көрсетеді. "
    "Қызмет көрсету процесінің сипаттамасын, нысанын, мазмұнын және нәтижесін қамтитын мемлекеттік қызмет "
    "көрсетуге қойылатын талаптар, сондай-ақ мемлекеттік көрсетілетін қызметті ұсыну ерекшеліктері ескерілген өзге "
    "де мәліметтер осы Қағидаларға 2-1-қосымшаға сәйкес мемлекеттік қызмет көрсетуге қойылатын негізгі талаптар "
    "тізбесінің нысанында мазмұндалған."
)


@pytest.fixture(scope="module")
def pdf_357(corpus):
    from lexpub.consolidate.apply import consolidate
    from lexpub.render.html import render_pdf

    return render_pdf(corpus, consolidate(corpus, "mod-2017-357"))


def test_paragraph_11_of_order_357_reads_back_exactly(pdf_357, tmp_path):
    text = " ".join(pdf_text(pdf_357, tmp_path).split())
    assert P11 in text
    assert "Ескерту. 11-тармақ жаңа редакцияда - ҚР Қорғаныс министрінің 04.01.2023 № 2" in text
    assert_only_pt_serif_embedded(pdf_357, tmp_path)


def test_requirements_table_spans_pages_without_a_header_row_the_act_does_not_have(pdf_357, tmp_path):
    """The official table of Appendix 2-1 has no header row (issue 14 §6): none is printed, on any page."""
    pages = [" ".join(p.split()) for p in pdf_text(pdf_357, tmp_path).split("\f") if p.strip()]
    first = next(i for i, p in enumerate(pages) if "Мемлекеттік көрсетілетін қызмет атауы" in p)
    last = next(i for i, p in enumerate(pages) if "10 Мемлекеттік қызметті, оның ішінде электрондық нысанда" in p)
    assert last > first, "the table is expected to span pages"
    assert not any("Талаптың атауы" in p for p in pages)


def test_cli_render_pdf_a_of_order_2(tmp_path):
    import pikepdf
    from click.testing import CliRunner

    from lexpub.cli import main
    from tests.conftest import SOURCE

    out = tmp_path / "2.pdf"
    args = ["render", "mod-2023-2", "--format", "pdf", "--pdf-variant", "pdf/a-3b", "--out", str(out)]
    result = CliRunner().invoke(main, [*args, "--source", str(SOURCE)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        assert str(pdf.docinfo.Title) == "04.01.2023 № 2 бұйрық — соңғы редакциясы"
    text = " ".join(pdf_text(out.read_bytes(), tmp_path).split())
    assert "11-тармақ мынадай редакцияда жазылсын:" in text
    assert_only_pt_serif_embedded(out.read_bytes(), tmp_path)


LEAK_PROBE = """
import multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from lexpub.model.core import Corpus
from lexpub.publish.graph import Step
from lexpub.publish.pool import ProcessExecutor
from lexpub.render.pdf import html_to_pdf

def one(i):
    return html_to_pdf(f"<p>Сынақ {i}</p>", title="t")

def producer(corpus, source):
    return {"x.pdf": one(1)}

if __name__ == "__main__":
    first = one(1)
    with multiprocessing.get_context("fork").Pool(2) as pool:   # closed and joined: workers end normally
        pooled = pool.map(one, range(4))
        pool.close()
        pool.join()
    with ProcessPoolExecutor(2) as ex:                          # as lexpub.services.documents.pdfs does
        executed = list(ex.map(one, range(4)))
    steps = [Step("probe", None, (), str(i)) for i in range(8)]               # lexpub build's pool
    built = ProcessExecutor(2, min_steps=2).run(Corpus({}, ()), Path("."), steps, lambda spec: producer)
    again = one(1)
    assert first == again == pooled[1] == executed[1] == built[3]["x.pdf"], "one configuration a process, same bytes"
    Path(sys.argv[1]).write_bytes(first)
"""


def test_layouts_share_one_font_folder_a_process_and_leave_none_behind(tmp_path):
    """Every PDF of a process shares one font configuration (WeasyPrint copies the faces into a
    temporary folder for each): the bytes are those of a fresh process, and neither the process nor
    its forked pool workers leave a ``weasyprint-*`` folder behind (a build used to leave one per PDF
    laid out in a worker)."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    probe = tmp_path / "probe.py"
    probe.write_text(LEAK_PROBE, encoding="utf-8")
    out = tmp_path / "first.pdf"
    env = {**os.environ, "TMPDIR": str(scratch)}
    subprocess.run([sys.executable, str(probe), str(out)], env=env, check=True, cwd=tmp_path)
    assert out.read_bytes() == html_to_pdf("<p>Сынақ 1</p>", title="t")
    assert sorted(p.name for p in scratch.iterdir()) == []


FAILED_POOL_PROBE = """
import os, time
from pathlib import Path
from lexpub.model.core import Corpus
from lexpub.publish.graph import Step
from lexpub.publish.pool import ProcessExecutor
from lexpub.render.pdf import html_to_pdf

LAID = Path("laid-out")

def laid_out():
    data = html_to_pdf("<p>Сынақ</p>", title="t")
    with LAID.open("a") as log:
        log.write(f"{os.getpid()}\\n")
    return {"x.pdf": data}

def producer(corpus, source):
    out = laid_out()
    time.sleep(5)  # still busy when the pool is stopped: killed, not ended (an idle worker may end normally)
    return out

def fails(corpus, source):
    laid_out()  # this worker has its copy of the faces
    for _ in range(200):  # and fails once the other worker has laid out a PDF too
        if set(LAID.read_text().split()) - {str(os.getpid())}:
            raise RuntimeError("this step fails")
        time.sleep(0.05)
    raise AssertionError("the other worker laid out nothing")

if __name__ == "__main__":
    steps = [Step("fails", None, (), "f")] + [Step("probe", None, (), str(i)) for i in range(4)]
    resolve = {"probe": producer, "fails": fails}.__getitem__
    try:
        ProcessExecutor(2, min_steps=2).run(Corpus({}, ()), Path("."), steps, resolve)
    except RuntimeError as exc:
        assert str(exc) == "this step fails"
    else:
        raise AssertionError("the failed step did not stop the build")
    assert len(set(LAID.read_text().split())) == 2, "both workers had laid out a PDF"
"""


def test_a_pool_stopped_by_a_failed_step_leaves_no_font_folder(tmp_path):
    """A failed step stops the pool, whose workers are killed and run no exit finalizer: each left
    its ``weasyprint-*`` copy of the faces (1.4 MB) in the temporary folder, for good."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    probe = tmp_path / "probe.py"
    probe.write_text(FAILED_POOL_PROBE, encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(scratch)}
    subprocess.run([sys.executable, str(probe)], env=env, check=True, cwd=tmp_path)
    assert sorted(p.name for p in scratch.iterdir()) == []


def test_released_fonts_leave_no_folder_and_the_next_layout_gives_the_same_bytes():
    """``release_fonts`` (what the Dask executor runs on its workers after a build) removes this
    process's copy of the faces at once; the next layout makes a new one, with the same bytes."""
    from lexpub.render.pdf import _FONTS, release_fonts

    before = html_to_pdf("<p>Сынақ 2</p>", title="t")
    folders = [Path(c._folder) for (pid, _), (c, _, _) in _FONTS.items() if pid == os.getpid()]
    assert folders and all(f.is_dir() for f in folders)
    assert release_fonts() == len(folders)
    assert not any(f.exists() for f in folders)
    assert release_fonts() == 0
    assert html_to_pdf("<p>Сынақ 2</p>", title="t") == before
