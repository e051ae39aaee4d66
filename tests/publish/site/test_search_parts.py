"""The search index in parts: each act in one part, parts that stay put when the corpus changes,
and a build that re-indexes only the parts an edit touches (issue 16: the rebuild follows the edit)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lexpub.publish.site.search as search
from lexpub.consolidate.validate import load_valid
from lexpub.publish.build import build as build_all
from lexpub.publish.site.search import part_folders, parts

PARTS = "lexpub.publish.site.search:search_part_outputs"
build = functools.partial(build_all, producers=[PARTS])
IDS = st.lists(st.from_regex(r"[a-z]{2,4}-20[0-9]{2}-[0-9]{1,4}", fullmatch=True), unique=True, max_size=300)


def test_parts_grow_with_the_square_root_of_the_corpus():
    counts = {n: len(parts([f"gen-2020-{i}" for i in range(n)])) for n in (4, 40, 64, 65, 1000, 10000)}
    assert counts == {4: 1, 40: 1, 64: 1, 65: 2, 1000: 16, 10000: 50}
    sizes = [len(m) for m in parts([f"gen-2020-{i}" for i in range(1000)]).values()]
    assert sum(sizes) == 1000 and min(sizes) >= 25 and max(sizes) <= 100  # hashing spreads them roughly evenly
    assert part_folders([f"gen-2020-{i}" for i in range(40)]) == []  # one part: the primary bundle alone
    assert part_folders([f"gen-2020-{i}" for i in range(1000)])[:2] == ["pagefind/part-01", "pagefind/part-02"]


@settings(max_examples=200, deadline=None)
@given(IDS, st.randoms(use_true_random=False))
def test_every_act_is_in_exactly_one_part_and_the_primary_is_never_empty(ids, rnd):
    found = parts(ids)
    members = [w for m in found.values() for w in m]
    assert sorted(members) == sorted(ids)
    if ids:
        assert int(next(iter(found))) == 0 and found[next(iter(found))]
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    assert parts(shuffled) == found  # the order the acts are listed in changes nothing


@settings(max_examples=200, deadline=None)
@given(IDS, st.from_regex(r"new-20[0-9]{2}-[0-9]{1,4}", fullmatch=True))
def test_a_new_act_moves_no_other_act_unless_the_number_of_parts_grows(ids, new):
    before, after = parts(ids), parts([*ids, new])
    if len(after) != len(before):
        return  # more parts: the acts are shared out anew (rare: the corpus grew by a part's size)
    where = {w: g for g, members in before.items() for w in members}
    now = {w: g for g, members in after.items() for w in members}
    moved = [w for w in ids if where[w] != now[w]]
    assert len(moved) <= 1  # only the act that keeps an otherwise empty part 0 filled may move


def test_an_edit_reindexes_only_the_parts_of_the_acts_it_touches(make_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "part_size", lambda n: 1)  # one act a part: four parts for the real corpus
    src = make_corpus()
    corpus = load_valid(src)
    groups = parts(sorted(corpus.works))
    assert len(groups) >= 3
    out = tmp_path / "out"
    first = build(corpus, out, src)
    assert first.rebuilt == tuple(f"{PARTS}[{g}]" for g in groups)
    # Order No. 350 is amended by Order No. 2: its part and Order No. 2's part are re-indexed
    path = src / "acts" / "mod-2017-350.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("дайындық қағидаларын бекіту туралы", "дайындық қағидаларын бекіту жөнінде"), "utf-8")
    edited = build(load_valid(src), out, src)
    touched = {g for g, members in groups.items() if {"mod-2017-350", "mod-2023-2"} & set(members)}
    assert set(edited.rebuilt) == {f"{PARTS}[{g}]" for g in touched}
    assert edited.reused == len(groups) - len(touched) > 0
    # the same bytes as a build from scratch, and every part's index is where the search page looks
    fresh = tmp_path / "fresh"
    build(load_valid(src), fresh, src, use_cache=False)
    assert (out / "manifest.json").read_bytes() == (fresh / "manifest.json").read_bytes()
    folders = {"site/" + f for f in part_folders(sorted(corpus.works))} | {"site/pagefind"}
    entries = {p.parent.relative_to(out).as_posix() for p in out.rglob("pagefind-entry.json")}
    assert entries == folders
    # only the primary bundle carries Pagefind's script and WebAssembly; every part has both languages
    assert sorted(p.parent.relative_to(out).as_posix() for p in out.rglob("pagefind.js")) == ["site/pagefind"]
    for folder in folders:
        langs = json.loads((out / folder / "pagefind-entry.json").read_bytes())["languages"]
        assert sorted(langs) == ["kk", "ru"]


def test_one_part_gives_the_bundle_of_one_index(monkeypatch, tmp_path: Path):
    """With one part (any corpus up to 64 acts) the bundle is Pagefind's index of every act."""
    from lexpub.sources.corpus import load_corpus
    from tests.conftest import SOURCE

    corpus = load_corpus(SOURCE)
    files = search.search_outputs(corpus, SOURCE)
    whole = search.canonical(search.pagefind_files(search.records(corpus)))
    assert files == {f"site/pagefind/{rel}": data for rel, data in whole.items()}


@pytest.mark.parametrize("n", [1, 2, 3])
def test_the_search_page_names_the_parts_it_merges(monkeypatch, n):
    from lexpub.publish.site.pages import site_outputs
    from lexpub.sources.corpus import load_corpus
    from tests.conftest import SOURCE

    monkeypatch.setattr(search, "part_size", lambda count: n)
    corpus = load_corpus(SOURCE)
    page = site_outputs(corpus, SOURCE)["site/search.html"].decode()
    expected = " ".join(part_folders(sorted(corpus.works)))
    assert f'data-parts="{expected}"' in page
    assert (expected == "") == (len(parts(sorted(corpus.works))) == 1)
