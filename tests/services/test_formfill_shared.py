"""A cohort's common values (programme, period, organisation, issue date) are drawn once in the form;
only the values that differ are laid out per document, and each page still prints as its own full layout."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from lexpub.consolidate.validate import load_valid
from lexpub.services.documents import batch as issue
from lexpub.services.documents import formfill, pdfs

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
    assert common == {"issued", "programme", "specialty", "period", "organisation"}
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
