"""A cohort's common values (programme, period, organisation, issue date) are drawn once in the form;
only the values that differ are laid out per document, and each page still prints as its own full layout."""

from __future__ import annotations

import csv
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from lexpub.consolidate.validate import load_valid
from lexpub.model.values import Lang
from lexpub.services.documents import batch as issue
from lexpub.services.documents import formfill, pdfs
from lexpub.wording.i18n import t

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
NEEDS_POPPLER = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
NAMES = ("Әлібеков Нұрсұлтан Асқарұлы", "Қасымов Тимур Бекұлы", "Өмірбекова Гүлнұр Серікқызы", "Ғабитов Нұрлан")


@pytest.fixture(scope="module")
def cohort() -> list[issue.Job]:
    """Four graduates of one course: same programme, specialty, period, organisation and issue date."""
    rows = list(csv.DictReader((SOURCE / "samples" / "certificates.csv").read_text("utf-8").splitlines()))
    records = [
        issue.Record(i + 2, {**rows[0], "number": f"K-{i:03d}", "full_name": name, "iin": rows[i % 2]["iin"]})
        for i, name in enumerate(NAMES)
    ]
    law = issue.BatchLaw(load_valid(SOURCE), SOURCE, "latest")
    opts = issue.Options(langs=("kaz",), issuer="astana-ddo-sample", site_url="https://mod.gov.kz/lexpub/")
    batch = issue.prepare_all(law, "certificate", records, opts)
    assert not batch.bad
    return batch.jobs


def test_the_common_values_are_found(cohort: list[issue.Job]) -> None:
    parts = [formfill.split(j.section) for j in cohort]
    assert all(p is not None for p in parts)
    common = formfill.shared([p for p in parts if p is not None])
    assert common == {"issued", "programme", "specialty", "period", "organisation", "basis"}
    assert formfill.shared([p for p in parts[:1] if p is not None]) == set()  # one document: nothing shared


def test_unmark_keeps_the_text() -> None:
    section = (
        '<td><span data-fill="programme">Бағдарлама &amp; X</span></td><img class="qr" data-fill="qr" src="s" alt="QR">'
    )
    assert (
        formfill.unmark(section, {"programme", "qr"})
        == '<td><span>Бағдарлама &amp; X</span></td><img class="qr" src="s" alt="QR">'
    )
    assert formfill.unmark(section, set()) == section


@NEEDS_POPPLER
def test_a_cohort_is_stamped_on_one_form_and_prints_as_its_full_layout(cohort: list[issue.Job], tmp_path: Path) -> None:
    got = formfill.render([j.section for j in cohort], "kaz", cohort[0].title, cohort[0].mark)
    assert all(g is not None for g in got)
    assert len({id(g[0]) for g in got if g is not None}) == 1, "one form for the cohort"
    stamped = pdfs.render_chunk(cohort)
    reference = {rel: data for j in cohort for rel, data in pdfs.render_full([j]).items()}
    assert list(stamped) == list(reference)
    for n, rel in enumerate(stamped):
        pages = []
        for side, data in (("s", stamped[rel]), ("r", reference[rel])):
            path = tmp_path / f"{n}{side}.pdf"
            path.write_bytes(data)
            subprocess.run(
                ["pdftoppm", "-r", "110", "-gray", "-singlefile", str(path), str(tmp_path / f"{n}{side}")], check=True
            )
            pages.append((tmp_path / f"{n}{side}.pgm").read_bytes())
        assert pages[0] == pages[1], rel
        text = subprocess.run(
            ["pdftotext", str(tmp_path / f"{n}s.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert NAMES[n] in " ".join(text.split())
        assert "Әскери оқытылған резервті даярлау бағдарламасы" in " ".join(text.split())


@NEEDS_POPPLER
@pytest.mark.parametrize("lang", ["kaz", "rus"])
def test_the_basis_sentence_is_a_value(lang: Lang, tmp_path: Path) -> None:
    """With the law in force on each issue date, the basis sentence names the date: as a value, two
    issue dates still share one form, and each page prints as its own full layout. (The sample law's
    dates are not all known, so --text in-force refuses the samples: the second sentence is put in
    by hand, worded as the catalogue words it.)"""
    rows = list(csv.DictReader((SOURCE / "samples" / "certificates.csv").read_text("utf-8").splitlines()))
    law = issue.BatchLaw(load_valid(SOURCE), SOURCE, "latest")
    opts = issue.Options(langs=(lang,), issuer="astana-ddo-sample")
    js = issue.prepare_all(law, "certificate", [issue.Record(i + 2, row) for i, row in enumerate(rows)], opts).jobs
    latest, dated = t(lang, "docc.edition_latest"), t(lang, "docc.edition_at", date="03.06.2025")
    assert js[1].body.count(f'<span data-fill="basis">{latest}</span>') == 1
    js = [js[0], replace(js[1], body=js[1].body.replace(latest, dated))]
    parts = [formfill.split(j.section) for j in js]
    assert [p.text["basis"] for p in parts if p is not None] == [latest, dated]
    got = formfill.render([j.section for j in js], lang, js[0].title, js[0].mark)
    assert got[0] is not None and got[1] is not None and got[0][0] is got[1][0], "one form for both dates"
    stamped = pdfs.render_chunk(js)
    for n, j in enumerate(js):
        reference = pdfs.render_full([j])[f"{j.rel}.pdf"]
        pages = []
        for side, data in (("s", stamped[f"{j.rel}.pdf"]), ("r", reference)):
            path = tmp_path / f"{n}{side}.pdf"
            path.write_bytes(data)
            subprocess.run(
                ["pdftoppm", "-r", "110", "-gray", "-singlefile", str(path), str(tmp_path / f"{n}{side}")], check=True
            )
            pages.append((tmp_path / f"{n}{side}.pgm").read_bytes())
        assert pages[0] == pages[1], j.rel
    assert (
        "03.06.2025"
        in subprocess.run(
            ["pdftotext", str(tmp_path / "1s.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
