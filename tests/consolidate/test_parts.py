"""The corpus-wide rules per connected part (:func:`lexpub.consolidate.rules.parts`,
:func:`lexpub.consolidate.validate.issues_by_part`): an edit replays only the part it is linked to,
an error planted in one part is still found after an edit of another, and on generated corpora —
broken on purpose — every rule finds on the parts exactly what it finds on the whole corpus."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexpub.consolidate import rules
from lexpub.consolidate.validate import load_valid
from lexpub.errors import Issue, ValidationError
from lexpub.model.core import Corpus
from lexpub.sources.corpus import load_corpus

from ..conftest import gen_module

REPEAL = re.compile(r"(op: repeal\n\s+target: [a-z0-9-]+#)(\S+)")


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEXPUB_CACHE", str(tmp_path / "cache"))
    gen_module().generate(tmp_path / "src", works=14, amendments=10, units=20, seed=4)
    return tmp_path / "src"


@pytest.fixture
def replayed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The works of every (sub-)corpus the rules ran over."""
    seen: list[tuple[str, ...]] = []
    real = rules.corpus_issues

    def counted(corpus: Corpus) -> list[Issue]:
        seen.append(tuple(sorted(corpus.works)))
        return real(corpus)

    monkeypatch.setattr(rules, "corpus_issues", counted)
    return seen


def amender_in_big_part(source: Path) -> tuple[Path, tuple[str, ...]]:
    """An amending act's file and the works of its part (the largest part of the corpus)."""
    big = max(rules.parts(load_corpus(source)), key=len)
    files = [source / "acts" / f"{w}.yaml" for w in big]
    return next(p for p in files if REPEAL.search(p.read_text("utf-8"))), big


def touch(path: Path) -> None:
    """Other bytes, the same act: a comment."""
    path.write_text(path.read_text("utf-8") + "# edited\n", "utf-8")


def test_an_edit_replays_only_its_part(source: Path, replayed: list[tuple[str, ...]]) -> None:
    load_valid(source)
    whole = len(load_corpus(source).works)
    assert len(replayed) == len(rules.parts(load_corpus(source))) > 2
    path, big = amender_in_big_part(source)
    replayed.clear()
    touch(path)
    load_valid(source)
    assert replayed == [big] and len(big) < whole
    lone = next(p for p in rules.parts(load_corpus(source)) if len(p) == 1)
    replayed.clear()
    touch(source / "acts" / f"{lone[0]}.yaml")
    load_valid(source)
    assert replayed == [lone]


def test_an_error_in_one_part_is_found_after_an_edit_of_another(
    source: Path, replayed: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_valid(source)
    path, big = amender_in_big_part(source)
    path.write_text(REPEAL.sub(r"\1para_999", path.read_text("utf-8"), count=1), "utf-8")
    with pytest.raises(ValidationError) as first:
        load_valid(source)
    lone = next(p for p in rules.parts(load_corpus(source)) if len(p) == 1 and p[0] not in big)
    touch(source / "acts" / f"{lone[0]}.yaml")
    with pytest.raises(ValidationError) as again:
        load_valid(source)
    monkeypatch.setenv("LEXPUB_CACHE", "off")
    with pytest.raises(ValidationError) as full:
        load_valid(source)
    assert [str(i) for i in again.value.issues] == [str(i) for i in full.value.issues]
    assert [i.rule for i in first.value.issues] == ["target-missing"]
    assert str(first.value.issues[0].loc).startswith(str(path))
    assert again.value.issues == first.value.issues


@cache
def generated(seed: int, tmp: str) -> Corpus:
    gen_module().generate(Path(tmp) / str(seed), works=12, amendments=12, units=20, seed=seed)
    return load_corpus(Path(tmp) / str(seed))


def broken(corpus: Corpus, picks: list[tuple[int, str]]) -> Corpus:
    """Amendments made to aim elsewhere: a missing unit, a missing work, another work, another act's
    operation repeated (a collision), another amendment's provision (a loop)."""
    amendments = list(corpus.amendments)
    ids = sorted(corpus.works)
    for n, how in picks:
        a = amendments[n % len(amendments)]
        op = a.op
        if how == "unit":
            op = dataclasses.replace(op, target_eid=op.target_eid + "__point_99")
        elif how == "work":
            op = dataclasses.replace(op, target_work="gen-1999-1")
        elif how == "other":
            op = dataclasses.replace(op, target_work=ids[n % len(ids)])
        elif how == "collide":  # another act's operation made the same, from the same day
            m = (n * 5 + 1) % len(amendments)
            amendments[m] = dataclasses.replace(amendments[m], op=op, commencement=a.commencement)
        else:
            b = amendments[(n * 7 + 3) % len(amendments)]
            op = dataclasses.replace(op, target_work=b.source_work, target_eid=b.provision or "")
        amendments[n % len(amendments)] = dataclasses.replace(a, op=op)
    return dataclasses.replace(corpus, amendments=tuple(amendments))


def by_rule(corpus: Corpus) -> dict[str, list[str]]:
    found = {
        "targets": rules.targets_exist(corpus),
        "collisions": rules.collisions(corpus),
        "cycles": rules.cycles(corpus),
        "numbering": [i for w in corpus.works.values() for i in rules.numbering(w.root)],
        "replay": rules.replay(corpus),
    }
    return {k: sorted(str(i) for i in v) for k, v in found.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(1, 4),
    picks=st.lists(
        st.tuples(st.integers(0, 200), st.sampled_from(["unit", "work", "other", "collide", "provision"])), max_size=3
    ),
)
def test_every_rule_finds_on_the_parts_what_it_finds_on_the_whole(
    seed: int, picks: list[tuple[int, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    corpus = broken(generated(seed, str(tmp_path_factory.getbasetemp())), picks)
    whole = by_rule(corpus)
    pieces: dict[str, list[str]] = {k: [] for k in whole}
    for _, part in rules.split(corpus):
        for k, v in by_rule(part).items():
            pieces[k] += v
    assert {k: sorted(v) for k, v in pieces.items()} == whole
    assert sorted(w for ids in rules.parts(corpus) for w in ids) == sorted(corpus.works)
