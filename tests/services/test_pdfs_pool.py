"""The certificates' pool: sized by the cores this process may use (or ``--jobs``), and the bytes of
every PDF do not depend on how many processes drew them."""

from __future__ import annotations

import concurrent.futures
import csv
import os
from pathlib import Path
from typing import Any

import pytest

from lexpub.consolidate.validate import load_valid
from lexpub.services.documents import batch as issue
from lexpub.services.documents import pdfs

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"


def test_cores_are_the_affinity() -> None:
    want = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert pdfs.cores() == want


@pytest.fixture(scope="module")
def certificates() -> list[issue.Job]:
    law = issue.BatchLaw(load_valid(SOURCE), SOURCE, "latest")
    rows = list(csv.DictReader((SOURCE / "samples" / "certificates.csv").read_text("utf-8").splitlines()))
    records = [issue.Record(i + 2, {**rows[i % len(rows)], "number": f"W-{i:02d}"}) for i in range(7)]
    opts = issue.Options(langs=("kaz",), issuer="astana-ddo-sample")
    return list(issue.prepare_all(law, "certificate", records, opts).jobs)


class Recorder(concurrent.futures.ProcessPoolExecutor):
    sizes: list[int | None] = []

    def __init__(self, max_workers: int | None = None, **kw: Any) -> None:
        Recorder.sizes.append(max_workers)
        super().__init__(max_workers=max_workers, **kw)


def test_pool_size_and_bytes(certificates: list[issue.Job], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfs, "CHUNK", 2)  # 7 documents: 4 chunks
    monkeypatch.setattr(pdfs, "PARALLEL_FROM", 4)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recorder)
    monkeypatch.setattr(pdfs, "cores", lambda: 3)
    Recorder.sizes.clear()
    by_cores = issue.render_pdf(certificates)  # default: the cores (3 here)
    three = issue.render_pdf(certificates, workers=8)  # never more processes than chunks
    two = issue.render_pdf(certificates, workers=2)
    one = issue.render_pdf(certificates, workers=1)  # one process: no pool
    assert Recorder.sizes == [3, 4, 2]
    assert sorted(one) == [f"certificate/kk/W-{i:02d}.pdf" for i in range(7)]
    assert by_cores == three == two == one
    assert all(data.startswith(b"%PDF-") for data in one.values())
