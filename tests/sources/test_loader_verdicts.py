"""Verdicts of the loader (:class:`lexpub.sources.cache.Verdicts`): a file whose bytes passed the text
rules before is not scanned again, and a set of files on which the corpus-wide rules found nothing is
not replayed again — with the same corpus as a full check; an edit changes a hash, so every problem
it brings is found and worded afresh; a damaged record is ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lexpub.consolidate import rules
from lexpub.consolidate.validate import load_valid as load_corpus  # per-file and corpus-wide verdicts
from lexpub.errors import ValidationError
from lexpub.sources import acts

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
ORDER_2 = "acts/mod-2023-2.yaml"
P1 = "Қоса беріліп отырған өзгерістер енгізілетін кейбір бұйрықтардың тізбесі бекітілсін."


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LEXPUB_CACHE", str(folder))
    return folder


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the text rules and the corpus-wide rules run."""
    seen = {"scripts": 0, "corpus": 0}
    scripts, corpus_issues = acts.Parser.scripts, rules.corpus_issues

    def counted_scripts(self, s, path):  # type: ignore[no-untyped-def]
        seen["scripts"] += 1
        return scripts(self, s, path)

    def counted_corpus(corpus):  # type: ignore[no-untyped-def]
        seen["corpus"] += 1
        return corpus_issues(corpus)

    monkeypatch.setattr(acts.Parser, "scripts", counted_scripts)
    monkeypatch.setattr(rules, "corpus_issues", counted_corpus)
    return seen


def record(cache_dir: Path) -> tuple[list[str], list[str]]:
    [path] = (cache_dir / "verdicts").iterdir()
    files, trees, _parts = json.loads(path.read_bytes()[32:])
    return files, trees


def test_second_load_skips_what_passed_and_gives_the_same_corpus(cache_dir: Path, calls: dict[str, int]) -> None:
    first = load_corpus(SOURCE)
    assert calls["scripts"] > 50 and calls["corpus"] == 1
    files, trees = record(cache_dir)
    assert len(files) == 4 and len(trees) == 1
    calls.update(scripts=0, corpus=0)
    again = load_corpus(SOURCE)
    assert calls == {"scripts": 0, "corpus": 0}
    assert again == first


def test_an_edit_brings_its_problems_back(cache_dir: Path, make_corpus, calls: dict[str, int]) -> None:
    src = make_corpus()
    load_corpus(src)
    good = (src / ORDER_2).read_text("utf-8")
    # a zero-width space inside a text of a file that passed before: its hash changes, it is scanned
    (src / ORDER_2).write_text(good.replace(P1, P1.replace("кейбір", "кей\u200bбір")), "utf-8")
    with pytest.raises(ValidationError) as exc:
        load_corpus(src)
    assert [i.rule for i in exc.value.issues] == ["invisible-char"]
    assert exc.value.issues[0].loc.file.endswith("acts/mod-2023-2.yaml") and exc.value.issues[0].loc.line == 38
    # an amendment of a work that does not exist: the corpus-wide rules run again for the new set of files
    (src / ORDER_2).write_text(good.replace("target: mod-2017-350#att", "target: mod-2017-999#att", 1), "utf-8")
    with pytest.raises(ValidationError) as exc:
        load_corpus(src)
    assert "unknown-target-work" in [i.rule for i in exc.value.issues]
    # back to the checked bytes: both verdicts hold again, nothing is rescanned
    (src / ORDER_2).write_text(good, "utf-8")
    calls.update(scripts=0, corpus=0)
    load_corpus(src)
    assert calls == {"scripts": 0, "corpus": 0}


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage"])
def test_damaged_record_is_ignored(cache_dir: Path, calls: dict[str, int], damage: str) -> None:
    load_corpus(SOURCE)
    [path] = (cache_dir / "verdicts").iterdir()
    blob = path.read_bytes()
    path.write_bytes(
        {"flip": blob[:40] + bytes([blob[40] ^ 1]) + blob[41:], "truncate": blob[:50], "garbage": b"\0" * 10}[damage]
    )
    calls.update(scripts=0, corpus=0)
    load_corpus(SOURCE)
    assert calls["scripts"] > 50 and calls["corpus"] == 1
    assert len(record(cache_dir)[0]) == 4  # rebuilt


def test_cache_off_runs_every_rule(monkeypatch: pytest.MonkeyPatch, calls: dict[str, int]) -> None:
    monkeypatch.setenv("LEXPUB_CACHE", "off")
    for _ in range(2):
        load_corpus(SOURCE)
    assert calls["corpus"] == 2


def test_planning_knows_lexpub_producers_without_importing_them(cache_dir: Path) -> None:
    """A no-op rebuild imports no renderer: the per-work or global kind of lexpub's producers is
    recorded for the code version; a producer from outside the package is always imported."""
    from lexpub.publish.cache import Kind, kinds
    from lexpub.publish.graph import is_per_work
    from lexpub.publish.producers import producer

    imported: list[str] = []

    def resolve(spec: str) -> object:
        imported.append(spec)
        return producer(spec)

    specs = ["lexpub.publish.producers:text_outputs", "lexpub.publish.producers:schema_outputs"]
    first = kinds(resolve, "code-1")
    assert [is_per_work(first(s)) for s in specs] == [True, False]
    assert imported == specs
    imported.clear()
    again = kinds(resolve, "code-1")
    assert [again(s) for s in specs] == [Kind(True), Kind(False)] and imported == []
    # another code version, or a producer outside lexpub: imported again
    kinds(resolve, "code-2")(specs[0])
    kinds(resolve, "code-1")("tests.site_files:site_files")
    assert imported == [specs[0], "tests.site_files:site_files"]
