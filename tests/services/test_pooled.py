"""Records prepared and rendered in the pool's processes: the same batch as preparing in the parent,
the same bytes whatever the number of processes, and a repeated number never takes the other's file."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from lexpub.consolidate.validate import load_valid
from lexpub.services.documents import batch as issue
from lexpub.services.documents import pdfs, pooled

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
OPTS = issue.Options(langs=("kaz", "rus"), issuer="astana-ddo-sample")
OTHER = "Ғабитов Нұрлан Серікұлы"


@pytest.fixture(scope="module")
def law() -> issue.BatchLaw:
    return issue.BatchLaw(load_valid(SOURCE), SOURCE, "latest")


def records() -> list[issue.Record]:
    """Seven records: row 4 has a bad IIN, row 6 repeats row 2's number with another name."""
    rows = list(csv.DictReader((SOURCE / "samples" / "certificates.csv").read_text("utf-8").splitlines()))
    out = [issue.Record(i + 2, {**rows[i % len(rows)], "number": f"P-{i:02d}"}) for i in range(7)]
    out[2] = issue.Record(4, {**out[2].values, "iin": "123"})
    out[4] = issue.Record(6, {**out[4].values, "number": "P-00", "full_name": OTHER})
    return out


def test_the_batch_is_the_parents_and_the_bytes_do_not_depend_on_the_processes(
    law: issue.BatchLaw, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdfs, "CHUNK", 2)  # 7 records: 4 chunks; the repeated number in another chunk
    monkeypatch.setattr(pdfs, "PARALLEL_FROM", 4)
    serial = issue.prepare_all(law, "certificate", records(), OPTS)
    runs = [pooled.issue_pdfs(law, "certificate", records(), OPTS, workers=w) for w in (1, 2, 3)]
    for batch, files, failed in runs:
        assert batch.jobs == serial.jobs and batch.bad == serial.bad and batch.flags == serial.flags
        assert [r.row for r in batch.bad] == [4, 6]
        assert "already used by row 2" in batch.bad[1].reasons[0]
        assert failed == {}
        assert sorted(files) == sorted(f"{j.rel}.pdf" for j in serial.jobs)
    assert runs[0][1] == runs[1][1] == runs[2][1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("chunk", [2, 25])  # the repeated number in another chunk, then in the same one
def test_a_repeated_number_keeps_the_first_records_document(
    law: issue.BatchLaw, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, chunk: int
) -> None:
    monkeypatch.setattr(pdfs, "CHUNK", chunk)
    batch, files, _ = pooled.issue_pdfs(law, "certificate", records(), OPTS, workers=1)
    path = tmp_path / "P-00.pdf"
    path.write_bytes(files["certificate/kk/P-00.pdf"])
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    first = records()[0].values["full_name"]
    assert first in text and OTHER not in text
    assert len(files) == len(batch.jobs) == 10
