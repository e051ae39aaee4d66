"""Effects tables: the repeal of item 3 of Order No. 2's list by Order No. 1100, from both sides,
with its uncertain date; JSON, HTML fragment, recent-changes page and the build producer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from lexpub.cli import main
from lexpub.diff.effects import effects_by, effects_html, effects_json, effects_on
from lexpub.model.core import Corpus
from lexpub.publish.site.changes import changes_page, effects_outputs

UNIT = "Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 3-тармақ"


def test_1100_repeal_seen_from_order_2(corpus: Corpus) -> None:
    [e] = effects_on(corpus, "mod-2023-2")
    assert (e.target_work, e.target_eid, e.type, e.source_work) == (
        "mod-2023-2",
        "att_nn_1__para_3",
        "repealed",
        "mod-2023-1100",
    )
    assert e.unit_name == UNIT
    assert e.provision is None  # the provision of Order No. 1100 is not held
    assert (e.commencement.lo, e.commencement.hi, e.commencement.exact) == (dt.date(2023, 11, 8), None, None)
    assert e.state == "applied"  # latest: every known amendment applied
    assert effects_on(corpus, "mod-2023-2", dt.date(2023, 6, 1))[0].state == "future"
    assert effects_on(corpus, "mod-2023-2", dt.date(2023, 12, 1))[0].state == "uncertain"


def test_1100_repeal_seen_from_order_1100(corpus: Corpus) -> None:
    assert effects_on(corpus, "mod-2023-1100") == ()
    [e] = effects_by(corpus, "mod-2023-1100")
    assert e == effects_on(corpus, "mod-2023-2")[0]
    data = effects_json(corpus, "mod-2023-1100")
    [j] = data["effects_by"]
    assert j["commencement"]["statement"] == "unknown, not before 2023-11-08"
    assert j["commencement"]["date"] is None
    assert j["provision"] is None and j["provision_held"] is False
    assert (j["target_work"], j["target_eid"], j["type"]) == ("mod-2023-2", "att_nn_1__para_3", "repealed")


def test_order_2_effects_on_350_and_357(corpus: Corpus) -> None:
    got = [(e.target_work, e.target_eid, e.type) for e in effects_by(corpus, "mod-2023-2")]
    assert got == [
        ("mod-2017-350", "att_nn_1__para_10", "substituted"),
        ("mod-2017-357", "para_2", "substituted"),
        ("mod-2017-357", "att_nn_1__para_11", "substituted"),
        ("mod-2017-357", "att_nn_1__att_2-1", "substituted"),
    ]
    assert all(e.justification is None for e in effects_by(corpus, "mod-2023-2"))


def test_effects_html_fragment(corpus: Corpus) -> None:
    html = effects_html(corpus, "mod-2023-2", "kk")
    assert "<table" in html and "<html" not in html
    assert UNIT in html and "ерте дегенде 08.11.2023" in html and "бұл жинақта жарияланбаған" in html
    ru = effects_html(corpus, "mod-2023-1100", "rus")
    assert "не ранее 08.11.2023" in ru and "утратил силу" in ru and "в этом собрании не опубликовано" in ru


def test_producer_outputs(corpus: Corpus) -> None:
    files = effects_outputs(corpus, Path("source"))
    works = ["mod-2017-350", "mod-2017-357", "mod-2023-1100", "mod-2023-2"]
    assert sorted(files) == sorted(
        [f"effects/{w}.json" for w in works]
        + [f"site/effects/{w}.json" for w in works]
        + ["site/changes.html", "site/ru/changes.html"]
    )
    data = json.loads(files["effects/mod-2023-2.json"])
    assert data["effects_on"][0]["by_work"] == "mod-2023-1100"
    assert files["site/effects/mod-2023-2.json"] == files["effects/mod-2023-2.json"]
    page = files["site/changes.html"].decode()
    # latest commencement first: the 1100 repeal (not before 08.11.2023) precedes Order No. 2's changes
    assert page.index("ерте дегенде 08.11.2023") < page.index("ерте дегенде 20.01.2023")
    assert (
        'href="acts/mod-2023-2/index.html"' in page and 'href="acts/mod-2017-357/index.html#att_nn_1__para_11"' in page
    )
    assert ".json" not in page  # the JSON stays for machines beside the page, not as a public column
    assert 'lang="kk"' in page
    ru = files["site/ru/changes.html"].decode()
    assert 'href="acts/mod-2023-2/index.html"' in ru  # ru/acts/…
    assert "Последние изменения" in ru and "не ранее 08.11.2023" in ru
    assert effects_outputs(corpus, Path("source")) == files  # deterministic


def test_cli_effects() -> None:
    res = CliRunner().invoke(main, ["effects", "mod-2023-1100", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["effects_by"][0]["target_eid"] == "att_nn_1__para_3"
    res = CliRunner().invoke(main, ["effects", "mod-2023-2", "--at", "2023-06-01"])
    assert "әлі қолданысқа енгізілмеген" in res.output and "ерте дегенде 08.11.2023" in res.output


def test_effects_name_the_amending_act_and_its_provision_as_a_lawyer_cites_them(corpus: Corpus) -> None:
    """Under "Өзгерткен акт" the act stands in the nominative; the provision is cited by name, not by eId."""
    text = CliRunner().invoke(main, ["effects", "mod-2017-357"]).output
    assert "  Өзгерткен акт: Қазақстан Республикасы Қорғаныс министрінің 04.01.2023 № 2 бұйрығы\n" in text
    assert "  Ережесі: Өзгерістер енгізілетін кейбір бұйрықтардың тізбесі, 2-тармақ, 3-бөлік\n" in text
    assert "Ережесі: att_" not in text and "бұйрығымен\n" not in text
    ru = CliRunner().invoke(main, ["effects", "mod-2017-357", "--lang", "rus"]).output
    assert "Приказ Министра обороны Республики Казахстан от 04.01.2023 № 2\n" in ru
    html = effects_html(corpus, "mod-2023-2")
    assert "Қазақстан Республикасы Қорғаныс министрінің 28.10.2023 № 1100 бұйрығы" in html


def test_changed_act_is_named_not_given_by_its_id(corpus: Corpus) -> None:
    """In the 'Өзгертілетін акт' column a reader sees the act's name; the id stays in links only."""
    page = changes_page(corpus, "kaz")
    assert ">Қазақстан Республикасы Қорғаныс министрінің 04.01.2023 № 2 бұйрығы</a>" in page
    assert ">mod-2023-2</a>" not in page and ">mod-2017-357</a>" not in page
    ru = changes_page(corpus, "rus")
    assert ">Приказ Министра обороны Республики Казахстан от 17.07.2017 № 357</a>" in ru
    fragment = effects_html(corpus, "mod-2023-1100")
    assert "<td>Қазақстан Республикасы Қорғаныс министрінің 04.01.2023 № 2 бұйрығы</td>" in fragment
