"""Document definitions, the sandboxed templates, verification codes, QR codes and lexpub impact."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from lexpub.cli import main
from lexpub.consolidate.apply import transform
from lexpub.consolidate.validate import load_valid
from lexpub.services.documents.document import DOCS, environment, qr_uri, quotes, render_document, verification_code
from lexpub.services.service_files import load_required, load_service
from lexpub.services.standard import service_view

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
T = "att_nn_1__att_2-1"


@pytest.fixture(scope="module")
def view():  # type: ignore[no-untyped-def]
    corpus = load_valid(SOURCE)
    return service_view(corpus, load_service(SOURCE, "military-specialty-training"), load_required(SOURCE), None)


def test_definitions_cite_units_of_the_table(view) -> None:  # type: ignore[no-untyped-def]
    for d in DOCS.values():
        got = quotes(view, tuple(c.eid for c in d.cites))
        assert all(q.text for q in got.values())
    assert [f.name for f in DOCS["refusal"].fields] == [
        "number",
        "full_name",
        "iin",
        "grounds",
        "explanation",
        "appeal",
        "submitted",
    ]
    q = quotes(view, (f"{T}__tr_10__alinea_2",))[f"{T}__tr_10__alinea_2"]
    assert q.text.endswith("мемлекеттік көрсетілетін қызметті жабу үшін ЖӘБО-ға қайтарылуға тиіс.")


def test_repealed_or_unknown_unit_is_never_cited(view) -> None:  # type: ignore[no-untyped-def]
    eid = f"{T}__tr_9__point_2"
    root = transform(view.expression.root, eid, lambda u: dataclasses.replace(u, status="repealed"))
    repealed = dataclasses.replace(view, expression=dataclasses.replace(view.expression, root=root))
    with pytest.raises(KeyError, match="is repealed"):
        quotes(repealed, (eid,))
    with pytest.raises(KeyError, match="is not a unit of the table in force"):
        quotes(view, (f"{T}__tr_9__point_7",))


def test_templates_escape_and_fail_on_missing_values() -> None:
    ctx = {
        "doc": {
            "number": "X-1",
            "full_name": "<script>alert(1)</script>",
            "iin": "850101310002",
            "issued": "d",
            "code": "c",
            "sample": True,
            "basis": "b",
            "verify_url": "",
            "issuer": {
                "name": "Орган <b>",
                "address": "a",
                "outgoing": "o",
                "position": "p",
                "signer": "s",
                "signed": "e",
            },
        },
        "cite": {},
        "cite_full": {},
        "service_name": "s",
        "grounds": [],
        "explanation": "e & f",
        "appeal": "a",
    }
    html = render_document("refusal", "kaz", ctx)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "e &amp; f" in html
    assert "Орган &lt;b&gt;" in html
    del ctx["appeal"]
    with pytest.raises(UndefinedError):
        render_document("refusal", "kaz", ctx)


def test_department_templates_run_in_a_sandbox() -> None:
    env = environment()
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()
    with pytest.raises(SecurityError):
        env.from_string("{% set x = [] %}{{ x.append(1) }}").render()


def test_verification_code_follows_content() -> None:
    a = verification_code({"fields": {"iin": "850101310002"}, "cited": {"e": "text"}})
    assert a == verification_code({"cited": {"e": "text"}, "fields": {"iin": "850101310002"}})
    assert a != verification_code({"fields": {"iin": "850101310002"}, "cited": {"e": "text changed"}})
    assert len(a) == 19 and a.count("-") == 3


def test_qr_is_a_deterministic_png_of_one_pixel_a_module() -> None:
    import base64
    import io

    from PIL import Image

    uri = qr_uri("LEXPUB:certificate:C-1:ABCD-EF01-2345-6789")
    assert uri.startswith("data:image/png;base64,")
    assert uri == qr_uri("LEXPUB:certificate:C-1:ABCD-EF01-2345-6789")
    assert uri != qr_uri("LEXPUB:certificate:C-2:ABCD-EF01-2345-6789")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    import segno

    symbol = segno.make("LEXPUB:certificate:C-1:ABCD-EF01-2345-6789", error="m", micro=False)
    assert image.size == symbol.symbol_size(scale=1, border=2) == (29 + 4, 29 + 4)  # version 3, a border of 2


def test_impact_of_an_eid() -> None:
    r = CliRunner().invoke(main, ["impact", "mod-2017-357#att_nn_1__att_2-1__tr_6", "--source", str(SOURCE)])
    assert r.exit_code == 0, r.stderr
    lines = [x for x in r.stdout.splitlines() if not x.startswith("Бұл жинақта әлі ескерілмеген, бірақ")]
    assert lines[-1] == "Барлығы: 11."
    passport = "«Азаматтарды әскери-техникалық және басқа да әскери мамандықтар бойынша даярлау» қызметінің паспорты"
    cited = "Бұйрықпен бекітілген құжат (атауы бұл жинақта жарияланбаған), 2-1-қосымша, реттік нөмірі 6-жол, 2-бөлік"
    assert any(x.endswith(f"→ {passport}, fee өрісі: {cited}") for x in lines)
    notice = "«Оқуға қабылдау туралы хабарлама» үлгісі (templates/documents/notice.kk.html, templates/documents/notice.ru.html)"
    assert any(x.endswith(f"→ {notice}, fee.amount өрісі: {cited}") for x in lines)
    # the cited units in words, never their eIds; the pending change under the act's name, not its id
    assert not any(word in r.stdout for word in ("att_nn", "__tr_", "mod-2017", "mod-2023", "passport ", "template "))
    r = CliRunner().invoke(
        main, ["impact", "mod-2017-357#att_nn_1__att_2-1__tr_6", "--lang", "rus", "--source", str(SOURCE)]
    )
    assert r.exit_code == 0, r.stderr
    assert any(
        x.endswith(
            "→ паспорт услуги «Подготовка граждан по военно-техническим и иным военным специальностям», поле fee: "
            "Документ, утвержденный приказом (наименование в этом собрании не опубликовано), приложение 2-1, "
            "строка, порядковый номер 6, часть вторая"
        )
        for x in r.stdout.splitlines()
    ), r.stdout
    assert not any(word in r.stdout for word in ("att_nn", "__tr_", "mod-2017", "mod-2023", "passport ", "template "))
    assert all(
        x.startswith(
            "белгісіз (ерте дегенде 20.01.2023): 04.01.2023 № 2 бұйрық — 17.07.2017 № 357 бұйрық, "
            "Бұйрықпен бекітілген құжат (атауы бұл жинақта жарияланбаған), 2-1-қосымша: жаңа редакцияда жазылды → "
        )
        for x in lines[:-1]
    )


def test_impact_of_an_act_and_unknown_target() -> None:
    r = CliRunner().invoke(main, ["impact", "mod-2023-2", "--json", "--source", str(SOURCE)])
    assert r.exit_code == 0
    assert "template refusal" in r.stdout and "row 9 sub-items" in r.stdout
    r = CliRunner().invoke(main, ["impact", "no-such-thing", "--source", str(SOURCE)])
    assert r.exit_code == 2 and "neither an act of the corpus nor an eId" in r.stderr


def test_impact_names_changes_not_in_the_corpus() -> None:
    r = CliRunner().invoke(main, ["impact", "mod-2017-357#att_nn_1__att_2-1__tr_6", "--source", str(SOURCE)])
    assert (
        "Бұл жинақта әлі ескерілмеген, бірақ қатысты болуы мүмкін: 17.07.2017 № 357 бұйрық: ҚР Қорғаныс министрінің "
        "2026 жылғы 13 қаңтардағы № 22 бұйрығы" in r.stdout
    )


INTERNAL = ("att_nn", "__tr_", "_eid", "mod-2017", "mod-2023", ".yaml", "корпус", "Корпус", "corpus", "edition label")
"""What a citizen must never read: eIds, corpus ids, file names, «корпус», lexpub's own jargon."""


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_no_internal_identifier_in_any_sample_document(tmp_path: Path) -> None:
    """Every sample the build publishes (kk, ru), as text extracted from its PDF, and every HTML rendering
    of the same records: the issuer block, the signer, the e-signature statement, citations in words, and
    none of the internal words."""
    from lexpub.services.documents.batch import BatchLaw, Options, prepare_all, sample_outputs
    from lexpub.services.documents.pdfs import render_html
    from lexpub.services.documents.records import read_records

    corpus = load_valid(SOURCE)
    files = sample_outputs(corpus, SOURCE)
    pdfs = {rel: data for rel, data in files.items() if rel.endswith(".pdf")}
    assert len(pdfs) == 14
    for rel, data in pdfs.items():
        path = tmp_path / "doc.pdf"
        path.write_bytes(data)
        text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
        for word in INTERNAL:
            assert word not in text, (rel, word)
        if "/kk/" in rel:
            assert "Астана қаласының Қорғаныс істері жөніндегі департаменті (үлгі)" in text, rel
            assert "Құжат электрондық цифрлық қолтаңбамен қол қойылған." in text, rel
            assert "бұйрығымен бекітілген Қағидалардың (бұдан әрі – Қағидалар) 2-1-қосымшасының" in text, rel
        else:
            assert "Департамент по делам обороны города Астаны (образец)" in text, rel
            assert "Документ подписан электронной цифровой подписью." in text, rel
            assert "приложения 2-1 к Правилам, утвержденным приказом Министра обороны РК от 17.07.2017 № 357" in text
    law = BatchLaw(corpus, SOURCE, "latest")
    for kind, name in (("notice", "applicants"), ("refusal", "refusals"), ("certificate", "certificates")):
        batch = prepare_all(
            law, kind, read_records(SOURCE / "samples" / f"{name}.csv"), Options(issuer="astana-ddo-sample")
        )
        for rel, html in render_html(batch.jobs).items():
            body = html.decode()
            for word in INTERNAL:
                assert word not in body, (rel, word)
