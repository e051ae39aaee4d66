"""The effects files are made one work at a time (issue 16: a rebuild follows the edit): each work's
step sees only the works it depends on, and must write what the whole corpus gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexpub.consolidate.validate import load_valid
from lexpub.publish.build import outputs
from lexpub.publish.site.changes import changes_outputs, effects_outputs, effects_work_outputs
from tests.conftest import SOURCE, gen_module

SPECS = ["lexpub.publish.site.changes:effects_work_outputs", "lexpub.publish.site.changes:changes_outputs"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("gen") / "source"
    gen_module().generate(src, works=30, amendments=45, units=12, seed=7)
    return src


@pytest.mark.parametrize("which", ["real", "generated"])
def test_per_work_steps_write_what_the_whole_corpus_gives(which, generated):
    src = SOURCE if which == "real" else generated
    corpus = load_valid(src)
    assert len(corpus.amendments) > 3
    whole = effects_outputs(corpus, src)  # every work's effects from the whole corpus, in one call
    assert outputs(corpus, src, producers=SPECS) == whole  # the build's steps: restricted corpora
    assert sum(rel.startswith("effects/") for rel in whole) == len(corpus.works)
    assert {"site/changes.html", "site/ru/changes.html"} <= whole.keys()


def test_an_amended_act_lists_the_effects_on_it_and_its_amender_those_it_made():
    import json

    corpus = load_valid(SOURCE)
    on_357 = json.loads(effects_work_outputs(corpus, "mod-2017-357", SOURCE)["effects/mod-2017-357.json"])
    by_2 = json.loads(effects_work_outputs(corpus, "mod-2023-2", SOURCE)["effects/mod-2023-2.json"])
    assert [(e["by_work"], e["target_eid"], e["type"]) for e in on_357["effects_on"]][0] == (
        "mod-2023-2",
        "para_2",
        "substituted",
    )
    assert len(on_357["effects_on"]) == 3 and len(by_2["effects_by"]) == 4
    assert {e["target_work"] for e in by_2["effects_by"]} >= {"mod-2017-357"}
    assert set(changes_outputs(corpus, SOURCE)) == {"site/changes.html", "site/ru/changes.html"}
