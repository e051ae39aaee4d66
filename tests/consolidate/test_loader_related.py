"""Queries that don't load the world: ``lexpub text|render|editions|effects ACT`` load ACT, the works
it amends and the works amending these, and print byte for byte what the full load prints — on the
real corpus and on a generated one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import lexpub.consolidate.validate as validate_mod
from lexpub.cli import main
from lexpub.consolidate.validate import load_valid, load_valid_related
from tests.conftest import gen_module

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
ADILET = re.compile(r"^[VZPK][0-9A-Z]{9}[0-9_]$")

QUERIES = [
    ["text"],
    ["text", "--at", "2024-01-01", "--no-status"],
    ["editions", "--json"],
    ["editions"],
    ["effects", "--json"],
    ["effects", "--lang", "rus"],
    ["render", "--format", "md"],
    ["render", "--format", "json"],
    ["render", "--format", "html"],
    ["render", "--format", "akn"],
]


def outputs(source: Path, acts: list[str], monkeypatch: pytest.MonkeyPatch, full: bool) -> dict[str, str]:
    with monkeypatch.context() as m:
        if full:
            m.setattr(validate_mod, "load_valid_related", lambda source, act: load_valid(source))
        out = {}
        for act in acts:
            for q in QUERIES:
                res = CliRunner().invoke(main, [q[0], act, *q[1:], "--source", str(source)])
                out[f"{act} {' '.join(q)}"] = f"{res.exit_code}\n{res.stdout}\n{res.stderr}"
        return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("gen") / "src"
    gen_module().generate(src, works=80, amendments=100, units=15, seed=5)
    return src


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEXPUB_CACHE", str(tmp_path / "cache"))


def test_real_corpus_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    acts = sorted(p.stem for p in (SOURCE / "acts").glob("*.yaml"))
    full = outputs(SOURCE, acts, monkeypatch, full=True)
    assert all(v.startswith("0\n") for v in full.values()), full
    assert outputs(SOURCE, acts, monkeypatch, full=False) == full


def test_generated_corpus_byte_identical_and_partial(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    acts = sorted(p.stem for p in (generated / "acts").glob("*.yaml"))
    parts = {a: load_valid_related(generated, a) for a in acts}
    by_size = sorted(acts, key=lambda a: (-len(parts[a].works), a))
    amending = [a for a in by_size if parts[a].works[a].ops]
    amended = [a for a in by_size if any(x.op.target_work == a for x in parts[a].amendments)]
    sample = sorted({by_size[0], by_size[-1], amending[0], amending[-1], amended[0], amended[-1]})
    assert 1 < len(parts[by_size[0]].works) < len(acts) // 4  # parts, not the world
    full = outputs(generated, sample, monkeypatch, full=True)
    assert sum(v.startswith("0\n") for v in full.values()) >= len(full) - len(sample)  # --lang rus may be refused
    assert outputs(generated, sample, monkeypatch, full=False) == full


def test_unknown_act_and_bad_corpus_fall_back_to_the_full_load(make_corpus) -> None:
    res = CliRunner().invoke(main, ["text", "nope", "--source", str(SOURCE)])
    assert res.exit_code == 2
    assert "no act 'nope' in the corpus (known: mod-2017-350, mod-2017-357, mod-2023-1100, mod-2023-2)" in res.stderr
    src = make_corpus({"acts/Bad.yaml": "x: 1\n"})
    res = CliRunner().invoke(main, ["text", "mod-2023-2", "--source", str(src)])
    assert res.exit_code == 2
    assert "error[work-id]" in res.stderr


def test_adilet_numbers_stay_valid_past_five_digits() -> None:
    import datetime as dt

    gen = gen_module().Gen(1, 10)
    gen.reg = 199_990
    d = dt.date(2031, 5, 4)
    numbers = [gen.requisites(d, d, 1)["adilet"] for _ in range(3)]
    assert all(ADILET.match(n) for n in numbers), numbers
    assert numbers[0].startswith("V3100")


def test_a_warm_query_reads_only_the_files_it_needs(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the folder's status index and the targets index know every file, a query reads the bytes
    of the linked files only (at 10,000 works every other file used to be read and hashed: 187 MB); a
    file whose status changed — its change time, even with the same size and modification time — is
    read and hashed again, and a file edited so that its bytes no longer match sends the query to the
    full load, which prints the same."""
    import os
    import shutil

    import lexpub.sources.checked as checked_mod
    import lexpub.sources.corpus as corpus_mod

    src = Path(shutil.copytree(generated, tmp_path / "src"))
    monkeypatch.setattr(checked_mod, "SETTLE_NS", 0)  # the files were written a moment ago
    acts = sorted(p.stem for p in (src / "acts").glob("*.yaml"))
    act = next(a for a in acts if load_valid_related(src, a).works[a].ops)  # an amending act: a few linked works
    linked = set(load_valid_related(src, act).works)
    assert 1 < len(linked) < len(acts) // 4

    reads: list[str] = []
    real_read, real_bytes = corpus_mod.read_bounded, Path.read_bytes

    def counted_read(path: Path, name: str) -> bytes:
        reads.append(Path(path).stem)
        return real_read(path, name)

    def counted_bytes(self: Path) -> bytes:
        if self.suffix == ".yaml" and self.parent.name == "acts":
            reads.append(self.stem)
        return real_bytes(self)

    monkeypatch.setattr(corpus_mod, "read_bounded", counted_read)
    monkeypatch.setattr(Path, "read_bytes", counted_bytes)
    assert set(load_valid_related(src, act).works) == linked
    assert sorted(reads) == sorted(linked)

    # an unrelated file rewritten with the same size and modification time: only its change time differs
    other = src / "acts" / f"{next(a for a in acts if a not in linked)}.yaml"
    st = other.stat()
    text = other.read_text("utf-8")
    assert text.startswith("# ")
    other.write_text("#!" + text[2:], "utf-8")
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    reads.clear()
    assert set(load_valid_related(src, act).works) == linked
    assert other.stem in reads and len(reads) == len(linked) + 2  # hashed, then parsed for its targets

    # a linked file edited after its hash was taken: the query falls back to the full load, same values
    victim = src / "acts" / f"{sorted(linked - {act})[0]}.yaml"
    real_digest = checked_mod.StatIndex.digest

    def edit_then_hash(self: checked_mod.StatIndex, rel: str, path: str, st: os.stat_result) -> bytes:
        digest = real_digest(self, rel, path, st)
        if path == str(victim):
            victim.write_bytes(real_bytes(victim) + b"# edited meanwhile\n")
        return digest

    monkeypatch.setattr(checked_mod.StatIndex, "digest", edit_then_hash)
    assert corpus_mod.related_part(src, act) is None
    monkeypatch.setattr(checked_mod.StatIndex, "digest", real_digest)
    full = load_valid(src).works
    assert load_valid_related(src, act).works == {k: v for k, v in full.items() if k in linked}
