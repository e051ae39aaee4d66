"""One build consolidates each (work, date, language) once: the producers share the texts through the
build's store (:mod:`lexpub.consolidate.store`) instead of making them again (89 times for 4 works
before). Outside a build nothing is kept."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lexpub.consolidate.apply as apply_mod
import lexpub.consolidate.editions as editions_mod
from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.store import Texts, scope
from lexpub.model.core import Corpus
from lexpub.publish.build import build

SOURCE = Path(__file__).resolve().parents[2] / "source"


def count_calls(monkeypatch: pytest.MonkeyPatch) -> tuple[Counter[tuple[object, ...]], Counter[tuple[object, ...]]]:
    """Counters of the real work: texts consolidated (work, date, lang) and edition lists made (work, lang)."""
    texts: Counter[tuple[object, ...]] = Counter()
    lists: Counter[tuple[object, ...]] = Counter()
    real_build, real_editions = apply_mod.build_expression, editions_mod._editions

    def counted_build(corpus, work_id, changes, at, lang):  # type: ignore[no-untyped-def]
        texts[(work_id, at, lang)] += 1
        return real_build(corpus, work_id, changes, at, lang)

    def counted_editions(corpus, work, lang):  # type: ignore[no-untyped-def]
        lists[(work.id, lang)] += 1
        return real_editions(corpus, work, lang)

    monkeypatch.setattr(apply_mod, "build_expression", counted_build)
    monkeypatch.setattr(editions_mod, "_editions", counted_editions)
    return texts, lists


@pytest.mark.slow
def test_one_build_consolidates_each_text_once(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    texts, lists = count_calls(monkeypatch)
    report = build(corpus, tmp_path / "out", SOURCE, jobs=1, use_cache=False)
    assert report.files > 100
    assert ("mod-2017-357", None, "kaz") in texts and ("mod-2017-357", None, "rus") in texts
    assert {key for key, n in texts.items() if n > 1} == set()
    assert {key for key, n in lists.items() if n > 1} == set()
    assert set(lists) >= {(w, "kaz") for w in corpus.works}


def test_outside_a_build_nothing_is_kept(corpus: Corpus, monkeypatch: pytest.MonkeyPatch):
    texts, _ = count_calls(monkeypatch)
    first = consolidate(corpus, "mod-2023-2", None, "kaz")
    assert consolidate(corpus, "mod-2023-2", None, "kaz") == first
    assert texts[("mod-2023-2", None, "kaz")] == 2
    with scope() as store:
        inside = consolidate(corpus, "mod-2023-2", None, "kaz")
        assert consolidate(corpus, "mod-2023-2", None, "kaz") is inside
        assert len(store) == 1
    assert inside == first
    assert texts[("mod-2023-2", None, "kaz")] == 3


def test_a_text_made_for_one_corpus_is_not_given_for_another(corpus: Corpus, make_corpus, monkeypatch):
    """The key holds the work and amendments by identity: an edited corpus gets its own text."""
    from lexpub.consolidate.validate import load_valid

    other = load_valid(make_corpus())
    with scope():
        a = consolidate(corpus, "mod-2023-2")
        b = consolidate(other, "mod-2023-2")
    assert a is not b and a.work is corpus.works["mod-2023-2"] and b.work is other.works["mod-2023-2"]


def test_a_store_keeps_at_most_its_limit_the_least_recently_asked_leaving_first(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
):
    """A worker of a 10,000-work build must not hold every text it ever made: the store is bounded,
    and a text that has left is made again, the same."""
    texts, _ = count_calls(monkeypatch)
    store = Texts(limit=2)
    with scope(store):
        first = consolidate(corpus, "mod-2023-2", None, "kaz")
        consolidate(corpus, "mod-2023-2", None, "rus")
        assert consolidate(corpus, "mod-2023-2", None, "kaz") is first  # asked again: now the most recent
        consolidate(corpus, "mod-2017-357", None, "kaz")  # a third: the Russian text leaves, not the Kazakh
        assert len(store) == 2
        assert consolidate(corpus, "mod-2023-2", None, "kaz") is first
        again = consolidate(corpus, "mod-2023-2", None, "rus")
    assert texts[("mod-2023-2", None, "kaz")] == 1
    assert texts[("mod-2023-2", None, "rus")] == 2
    assert again == consolidate(corpus, "mod-2023-2", None, "rus")


@given(st.lists(st.integers(0, 5), max_size=40), st.integers(1, 4))
def test_the_store_makes_what_a_least_recently_used_model_misses(asks: list[int], limit: int):
    """Against a model: each ask returns its key's value, the store never holds more than its limit,
    and a value is made exactly when the model of a least-recently-used cache misses."""
    store = Texts(limit=limit)
    model: list[int] = []
    made: list[int] = []
    for key in asks:
        before = len(made)

        def make(k: int = key) -> tuple[str, int]:
            made.append(k)
            return ("value", k)

        assert store.recall(key, None, make) == ("value", key)
        miss = key not in model
        if not miss:
            model.remove(key)
        model.append(key)
        del model[:-limit]
        assert made[before:] == ([key] if miss else [])
        assert len(store) == len(model) <= limit


def test_a_store_keeps_at_least_one_text():
    with pytest.raises(ValueError, match="at least one"):
        Texts(limit=0)
