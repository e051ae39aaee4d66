"""Word editions (issue 17, item 2): ``lexpub render ACT --format docx`` and the build's DOCX files —
the text with its exact numbers, notes in italics, the requisites in the page header, a PAGE field in
the footer, the same bytes every time, and a file LibreOffice opens and prints with those words."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.model.core import Corpus
from lexpub.publish.word import word_outputs

SOURCE = Path(__file__).resolve().parents[2] / "source"
REQUISITES = "Қазақстан Республикасы Қорғаныс министрінің 2023 жылғы 4 қаңтардағы № 2 бұйрығы."


def render(*args: str) -> bytes:
    result = CliRunner().invoke(main, ["render", *args, "--format", "docx", "--source", str(SOURCE)])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_edition_has_exact_numbers_italic_notes_and_requisites_around_each_page() -> None:
    document = docx.Document(io.BytesIO(render("mod-2023-2")))
    paras = [p for p in document.paragraphs if p.text]
    texts = [p.text for p in paras]
    assert texts[0] == "Қазақстан Республикасы Қорғаныс миистрінің кейбір бұйрықтарына өзгерістер енгізу туралы"
    assert texts[1] == REQUISITES
    assert "1. Қоса беріліп отырған өзгерістер енгізілетін кейбір бұйрықтардың тізбесі бекітілсін." in texts
    assert "1) осы бұйрықты Қазақстан Республикасының Әділет министрлігінде мемлекеттік тіркеуді;" in texts
    header = document.sections[0].header.paragraphs[0].text
    assert header == REQUISITES
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and "Бет" in footer
    title = paras[0].runs[0]
    assert title.bold and document.styles["Normal"].font.name == "Times New Roman"


def test_editorial_notes_are_in_italics() -> None:
    document = docx.Document(io.BytesIO(render("mod-2017-357")))
    notes = [p for p in document.paragraphs if p.text.startswith("Ескерту.")]
    assert notes, "Order No. 357's latest text carries the notes of Order No. 2"
    assert notes[0].text == (
        "Ескерту. 2-тармақ жаңа редакцияда - ҚР Қорғаныс министрінің 04.01.2023 № 2 (алғашқы ресми жарияланған "
        "күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен."
    )
    assert all(run.italic for p in notes for run in p.runs)
    body = next(p for p in document.paragraphs if p.text.startswith("11. "))
    assert not any(run.italic for run in body.runs)


def test_same_sources_same_bytes_and_no_clock() -> None:
    first, second = render("mod-2023-2"), render("mod-2023-2")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2023-01-04T00:00:00Z" in core and "lexpub" in core


def test_an_edition_is_dated_by_its_own_start() -> None:
    document = docx.Document(io.BytesIO(render("mod-2023-2", "--edition", "mod-2023-1100")))
    assert document.core_properties.created is not None
    assert document.core_properties.created.date().isoformat() == "2023-01-04"  # start unknown: the act's date


def test_the_build_writes_a_docx_next_to_each_pdf_and_the_comparative_tables(corpus: Corpus) -> None:
    files = word_outputs(corpus, "mod-2023-2", SOURCE)
    assert {
        "acts/mod-2023-2/kaz/latest/main.docx",
        "acts/mod-2023-2/kaz/mod-2023-2/main.docx",
        "acts/mod-2023-2/kaz/mod-2023-1100/main.docx",
        "acts/mod-2023-2/compare/kk.docx",
        "acts/mod-2023-2/compare/kk.pdf",
    } <= set(files)
    assert files["acts/mod-2023-2/compare/kk.pdf"].startswith(b"%PDF")
    assert files["site/acts/mod-2023-2/compare/kk.docx"] == files["acts/mod-2023-2/compare/kk.docx"]
    assert not any("compare" in k for k in word_outputs(corpus, "mod-2017-357", SOURCE))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_libreoffice_opens_the_edition_and_prints_its_words(tmp_path: Path) -> None:
    src = tmp_path / "mod-2023-2.docx"
    src.write_bytes(render("mod-2023-2"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "mod-2023-2.pdf"
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages_list = pages.split("\f")
    assert len([p for p in pages_list if p.strip()]) >= 5
    text = words(pages)
    assert (
        words(
            "4. Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі."
        )
        in text
    )
    assert "Қазақстан Республикасы Қорғаныс министрі Р. Жаксылыков" in text
    assert "Бет 2" in words(pages_list[1]) and words(REQUISITES) in words(pages_list[1])  # PAGE field, header
