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
from lexpub.services.documents import pdfs, pooled

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"


def test_cores_are_the_affinity() -> None:
    want = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert pdfs.cores() == want


@pytest.fixture(scope="module")
def law() -> issue.BatchLaw:
    return issue.BatchLaw(load_valid(SOURCE), SOURCE, "latest")


def records() -> list[issue.Record]:
    rows = list(csv.DictReader((SOURCE / "samples" / "certificates.csv").read_text("utf-8").splitlines()))
    return [issue.Record(i + 2, {**rows[i % len(rows)], "number": f"W-{i:02d}"}) for i in range(7)]


OPTS = issue.Options(langs=("kaz",), issuer="astana-ddo-sample")


class Recorder(concurrent.futures.ProcessPoolExecutor):
    sizes: list[int | None] = []

    def __init__(self, max_workers: int | None = None, **kw: Any) -> None:
        Recorder.sizes.append(max_workers)
        super().__init__(max_workers=max_workers, **kw)


def test_pool_size_and_bytes(law: issue.BatchLaw, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfs, "CHUNK", 2)  # 7 records: 4 chunks
    monkeypatch.setattr(pdfs, "PARALLEL_FROM", 4)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recorder)
    monkeypatch.setattr(pdfs, "cores", lambda: 3)
    Recorder.sizes.clear()

    def files(workers: int | None) -> dict[str, bytes]:
        batch, got, failed = pooled.issue_pdfs(law, "certificate", records(), OPTS, workers)
        assert not batch.bad and not failed
        return got

    by_cores = files(None)  # default: the cores (3 here)
    three = files(8)  # never more processes than chunks
    two = files(2)
    one = files(1)  # one process: no pool
    assert Recorder.sizes == [3, 4, 2]
    assert sorted(one) == [f"certificate/kk/W-{i:02d}.pdf" for i in range(7)]
    assert by_cores == three == two == one
    assert all(data.startswith(b"%PDF-") for data in one.values())
