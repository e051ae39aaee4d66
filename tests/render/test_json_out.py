"""JSON of expressions and the published outputs of :mod:`lexpub.formats`: the model round-trips,
unknown facts are stated as unknown with their bounds, and every file is where the site links to."""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files
from pathlib import Path

from lxml import etree

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.publish.producers import format_outputs, schema_outputs
from lexpub.render.akn import safe_parser
from lexpub.render.exchange import json_bytes
from lexpub.render.json import editions_json, expression_json

TOP_KEYS = {
    "work",
    "expression",
    "status",
    "status_why",
    "in_force",
    "units",
    "changes",
    "pending",
    "not_held",
    "status_lines",
}
UNIT_KEYS = {
    "eid",
    "wid",
    "kind",
    "num",
    "label",
    "heading",
    "header",
    "text",
    "held",
    "status",
    "table",
    "notes",
    "amend",
    "children",
}


def walk(units):
    for u in units:
        yield u
        yield from walk(u["children"])


def test_round_trip_and_keys(corpus):
    for work_id in sorted(corpus.works):
        for ed in [None, *editions(corpus, work_id)]:
            expr = ed.expression if ed else consolidate(corpus, work_id)
            data = expression_json(corpus, expr, ed)
            assert json.loads(json_bytes(data)) == data
            assert set(data) == TOP_KEYS
            assert all(set(u) == UNIT_KEYS for u in walk(data["units"]))


def test_357_latest_paragraph_11_and_change(corpus):
    data = expression_json(corpus, consolidate(corpus, "mod-2017-357"))
    assert data["expression"]["frbr_expression"] == "/akn/kz/act/order/mod/2017-07-17/357/kaz"
    assert data["expression"]["label"] == "latest"
    p11 = next(u for u in walk(data["units"]) if u["eid"] == "att_nn_1__para_11")
    assert (p11["kind"], p11["num"], p11["label"], p11["held"], p11["text"]) == ("paragraph", "11", "11.", True, None)
    assert p11["children"][0]["text"].startswith("Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде")
    (note,) = p11["notes"]
    assert note["kind"] == "substituted" and note["by_work"] == "mod-2023-2"
    assert note["on"]["statement"] == "unknown, not before 2023-01-20"
    rules = next(u for u in walk(data["units"]) if u["eid"] == "att_nn_1")
    assert (rules["held"], rules["status"], rules["text"]) == (False, "not-held", None)
    assert data["not_held"] == ["att_nn_1"]
    applied = {c["target_eid"]: c for c in data["changes"]["applied"]}
    assert applied["att_nn_1__para_11"]["source_frbr"] == "/akn/kz/act/order/mod/2023-01-04/2"
    assert applied["att_nn_1__para_11"]["provision"] == "att_nn_1__para_2__alinea_3"
    assert len(data["pending"]) == 2


def test_edition_opened_by_1100_says_its_start_is_unknown(corpus):
    ed = next(e for e in editions(corpus, "mod-2023-2") if e.opened_by == "mod-2023-1100")
    data = expression_json(corpus, ed.expression, ed)
    start = data["expression"]["start"]
    assert start["date"] is None and start["exact"] is False
    assert start["not_before"] == "2023-11-08" and start["not_after"] is None
    assert start["statement"] == "unknown, not before 2023-11-08"
    assert data["expression"]["start_uncertain"] is True
    assert data["expression"]["label"] == "mod-2023-1100"
    assert data["expression"]["frbr_expression"] == "/akn/kz/act/order/mod/2023-01-04/2/kaz@mod-2023-1100"
    # unknown facts of the work are null, never guessed
    assert data["work"]["publication"]["date"] is None
    assert data["work"]["registration"] == {"number": "31636", "date": "2023-01-09"}
    p3 = next(u for u in walk(data["units"]) if u["eid"] == "att_nn_1__para_3")
    assert p3["status"] == "repealed" and p3["notes"][0]["by_work"] == "mod-2023-1100"


def test_amending_provision_carries_formula_and_new_wording(corpus):
    data = expression_json(corpus, consolidate(corpus, "mod-2023-2"))
    unit = next(u for u in walk(data["units"]) if u["eid"] == "att_nn_1__para_2__alinea_3")
    amend = unit["amend"]
    assert amend["formula"] == "11-тармақ мынадай редакцияда жазылсын:"
    assert amend["target"] == "/akn/kz/act/order/mod/2017-07-17/357/~att_nn_1__para_11"
    assert amend["content"]["eid"] == "att_nn_1__para_11"


def test_uncertain_changes_at_a_date_are_listed_not_applied(corpus):
    data = expression_json(corpus, consolidate(corpus, "mod-2017-357", dt.date(2023, 1, 25)))
    assert data["expression"]["kind"] == "at"
    assert data["expression"]["frbr_expression"] == "/akn/kz/act/order/mod/2017-07-17/357/kaz@2023-01-25"
    assert data["changes"]["applied"] == []
    assert {c["target_eid"] for c in data["changes"]["uncertain"]} == {
        "para_2",
        "att_nn_1__para_11",
        "att_nn_1__att_2-1",
    }
    assert all(c["commencement"]["statement"] == "unknown, not before 2023-01-20" for c in data["changes"]["uncertain"])


def test_format_outputs_every_expression_three_files(corpus):
    for work_id in sorted(corpus.works):
        out = format_outputs(corpus, work_id, Path("source"))
        labels = ["latest", *(ed.label for ed in editions(corpus, work_id))]
        assert sorted(out) == sorted(
            f"acts/{work_id}/kaz/{label}/main.{ext}" for label in labels for ext in ("xml", "md", "json")
        )
        eds = editions_json(corpus, work_id, editions(corpus, work_id))
        for ed in eds["editions"]:
            data = json.loads(out[f"acts/{work_id}/kaz/{ed['label']}/main.json"])
            assert data["expression"]["frbr_expression"] == ed["expression"]  # same URI as editions.json
            xml = etree.fromstring(out[f"acts/{work_id}/kaz/{ed['label']}/main.xml"], safe_parser())
            uri = xml.find(".//{*}FRBRExpression/{*}FRBRuri").get("value")
            assert uri == ed["expression"]
        assert out == format_outputs(corpus, work_id, Path("source"))  # byte-identical rebuild


def test_schema_is_published(corpus):
    out = schema_outputs(corpus, Path("source"))
    shipped = (files("lexpub") / "sources" / "schemas" / "act.schema.json").read_bytes()
    assert out == {"schema/act.schema.json": shipped}
    assert json.loads(shipped)["$defs"]


def test_status_lines_are_the_published_wording(corpus):
    """status_lines are what the HTML, Markdown and AKN print: acts by name, no ids or English op names."""
    import datetime as dt

    from lexpub.consolidate.apply import consolidate
    from lexpub.render.json import expression_json

    data = expression_json(corpus, consolidate(corpus, "mod-2023-2", dt.date(2023, 12, 1), "kaz"))
    lines = data["status_lines"]
    assert "Қолданысқа енгізілген күні белгісіз өзгерістер:" in lines
    assert any(line.startswith("- 28.10.2023 № 1100 бұйрық: Өзгерістер енгізілетін") for line in lines), lines
    assert not any("repeal" in line or "#att_" in line for line in lines), lines
