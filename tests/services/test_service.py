"""Service table of Appendix 2-1: the passport JSON, HTML/PDF rows 1–10, and the row-set check."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
T = "att_nn_1__att_2-1"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def passport() -> dict:
    code, out, err = run("service", "military-specialty-training", "--format", "json", "--source", str(SOURCE))
    assert code == 0, err
    return json.loads(out)


def test_ten_rows_numbered_by_lexpub_each_with_eid(passport: dict) -> None:
    rows = passport["rows"]
    assert [r["num"] for r in rows] == list(range(1, 11))
    assert [r["source_eid"] for r in rows] == [f"{T}__tr_{n}" for n in range(1, 11)]
    assert rows[5]["label"].startswith(
        "Мемлекеттік қызмет көрсету кезінде көрсетілетін қызметті алушыдан алынатын төлем көлемі"
    )
    assert (
        rows[8]["label"]
        == "Қазақстан Республикасының заңнамасында белгіленген мемлекеттік қызмет көрсетуден бас тарту үшін негіз"
    )
    assert passport["name"] == {
        "kk": "Азаматтарды әскери-техникалық және басқа да әскери мамандықтар бойынша даярлау",
        "source_eid": f"{T}__tr_nn_1",
    }


def test_fee_and_terms_traced(passport: dict) -> None:
    assert passport["fee"]["tenge"] == 305000
    assert passport["fee"]["source_eid"] == f"{T}__tr_6__alinea_2"
    assert "305 000 теңгені құрайды" in passport["fee"]["text"]
    assert passport["terms"]["stage1"]["working_days"] == 2
    assert passport["terms"]["stage1"]["source_eid"] == f"{T}__tr_3__point_1"
    assert passport["terms"]["stage2"]["working_days"] == 42
    assert passport["terms"]["stage2"]["source_eid"] == f"{T}__tr_3__point_2"


def test_other_fields(passport: dict) -> None:
    assert passport["provider"] == {"value": "ҚР ҚМ жергілікті әскери басқару органдары", "source_eid": f"{T}__tr_1"}
    assert passport["form"]["value"] == "Электрондық (толық автоматтандырылған)"
    assert [g["num"] for g in passport["refusal_grounds"]] == ["1", "2", "3", "4"]
    assert passport["refusal_grounds"][3]["source_eid"] == f"{T}__tr_9__point_4"
    period = passport["other_requirements"]["paid_training_period"]
    assert (period["from"], period["to"], period["source_eid"]) == ("02-01", "12-20", f"{T}__tr_10__alinea_1")
    assert passport["schedule"]["hours"]["end"] == "18:00"
    assert all("source_eid" in d for d in passport["documents"] + passport["results"])


def test_html_rows_numbered(tmp_path: Path) -> None:
    out = tmp_path / "s.html"
    code, _, err = run(
        "service", "military-specialty-training", "--format", "html", "--out", str(out), "--source", str(SOURCE)
    )
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert re.findall(r'data-num="(\d+)"', html) == [str(n) for n in range(1, 11)]
    assert re.findall(r'<td class="num">(\d*)</td>', html) == [""] + [str(n) for n in range(1, 11)]
    assert 'data-eid="att_nn_1__att_2-1__tr_9__point_2"' in html
    assert "&#34;Азаматтарды әскери-техникалық" in html  # escaped quotes


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_rows_numbered(tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    code, _, err = run(
        "service", "military-specialty-training", "--format", "pdf", "--out", str(out), "--source", str(SOURCE)
    )
    assert code == 0, err
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    firsts = {
        1: "Көрсетілетін",
        2: "Мемлекеттік",
        3: "Мемлекеттік",
        4: "Мемлекеттік",
        5: "Мемлекеттік",
        6: "Мемлекеттік",
        7: "Көрсетілетін",
        8: "Мемлекеттік",
        9: "Қазақстан",
        10: "Мемлекеттік",
    }
    found = [
        int(m.group(1))
        for m in re.finditer(r"^\s*(\d{1,2})\s{2,}(\S+)", text, re.M)
        if firsts.get(int(m.group(1))) == m.group(2)
    ]
    assert found == list(range(1, 11))
    assert "305 000 теңгені" in text


def test_at_a_date_with_unknown_entry_into_force_is_an_error() -> None:
    code, _, err = run("service", "military-specialty-training", "--at", "2025-03-07", "--source", str(SOURCE))
    assert code == 2
    assert "error[service-text-unknown]" in err
    # uncertain, not "not held": the corpus holds the text, only its entry into force is not known;
    # the earliest date Order No. 2 can apply (registration 09.01.2023 + 11 days) is stated, no guess
    assert "it is not known which text of mod-2017-357#att_nn_1__att_2-1 is in force on 2025-03-07 (uncertain)" in err
    assert "the change by mod-2023-2 applies from a date not known, not before 2023-01-20" in err
    assert "is not held" not in err


def test_before_entry_into_force_the_old_wording_is_said_to_be_not_held() -> None:
    code, _, err = run("service", "military-specialty-training", "--at", "2023-01-01", "--source", str(SOURCE))
    assert code == 2
    assert "the wording of mod-2017-357#att_nn_1__att_2-1 in force on 2023-01-01 is not held in the corpus" in err


def test_unknown_service() -> None:
    code, _, err = run("service", "nope", "--source", str(SOURCE))
    assert code == 2 and "no service 'nope' (known: military-specialty-training)" in err


def test_check_reports_broken_table(make_corpus: Callable[..., Path]) -> None:
    yaml = (SOURCE / "acts" / "mod-2023-2.yaml").read_text(encoding="utf-8")
    broken = yaml.replace(
        "heading: Мемлекеттік қызмет көрсету тәсілдері", "heading: Мемлекеттік қызмет көрсету мерзімі"
    )
    broken = (
        broken.replace("heading: Мемлекеттік қызмет көрсету нысаны", "heading: TMP")
        .replace("heading: Мемлекеттік қызмет көрсету нәтижесі", "heading: Мемлекеттік қызмет көрсету нысаны")
        .replace("heading: TMP", "heading: Мемлекеттік қызмет көрсету нәтижесі")
    )
    src = make_corpus({"acts/mod-2023-2.yaml": broken})
    code, _, err = run("check", "--source", str(src))
    assert code == 2
    assert re.search(
        r"acts/mod-2023-2\.yaml:\d+:\d+: error\[service-row-duplicate\]: att_nn_1__att_2-1__tr_3: row 3 \(term\) appears twice \(first att_nn_1__att_2-1__tr_2\)",
        err,
    )
    assert re.search(
        r"acts/mod-2023-2\.yaml:\d+:\d+: error\[service-row-order\]: att_nn_1__att_2-1__tr_5: row 4 \(form\) comes after row 5",
        err,
    )
    assert "error[service-row-missing]: att_nn_1__att_2-1: row 2 (channels) is missing" in err


def test_check_ok_on_real_corpus() -> None:
    code, out, err = run("check", "--source", str(SOURCE))
    assert code == 0, err


def test_unknown_field_in_service_file(make_corpus: Callable[..., Path]) -> None:
    text = (SOURCE / "services" / "military-specialty-training.yaml").read_text(encoding="utf-8")
    src = make_corpus({"services/military-specialty-training.yaml": text + "colour: red\n"})
    code, _, err = run("service", "military-specialty-training", "--source", str(src))
    assert code == 2
    assert re.search(
        r"services/military-specialty-training\.yaml:\d+:1: error\[unknown-field\]: unknown field 'colour'", err
    )


def test_term_comes_from_the_law_not_a_constant(make_corpus: Callable[..., Path]) -> None:
    yaml = (SOURCE / "acts" / "mod-2023-2.yaml").read_text(encoding="utf-8")
    assert yaml.count("2 (екі) жұмыс күні") == 1
    src = make_corpus({"acts/mod-2023-2.yaml": yaml.replace("2 (екі) жұмыс күні", "3 (үш) жұмыс күні")})
    code, out, err = run(
        "deadline", "military-specialty-training", "--submitted", "2025-03-11T10:00", "--json", "--source", str(src)
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["stage1"] == {"working_days": 3, "deadline": "2025-03-14", "source_eid": f"{T}__tr_3__point_1"}


def test_term_words_and_digits_must_agree(make_corpus: Callable[..., Path]) -> None:
    yaml = (SOURCE / "acts" / "mod-2023-2.yaml").read_text(encoding="utf-8")
    bad = make_corpus({"acts/mod-2023-2.yaml": yaml.replace("2 (екі) жұмыс күні", "2 (үш) жұмыс күні")})
    code, out, err = run("service", "military-specialty-training", "--source", str(bad))
    assert json.loads(out)["terms"]["stage1"]["working_days"] == "unparsed"
    code, out, err = run(
        "deadline", "military-specialty-training", "--submitted", "2025-03-11T10:00", "--source", str(bad)
    )
    assert code == 2 and "term-unparsed" in err


def test_passport_lists_changes_not_in_the_corpus(passport: dict) -> None:
    sources = [p["source"] for p in passport["pending_changes"]]
    assert "zakon.uchet.kz, V2600037840" in sources


def test_html_names_changes_not_in_the_corpus(tmp_path: Path) -> None:
    code, out, err = run("service", "military-specialty-training", "--format", "html", "--source", str(SOURCE))
    assert code == 0, err
    assert "Белгілі, бірақ бұл жинақта әлі ескерілмеген өзгерістер:" in out
    assert "2026 жылғы 13 қаңтардағы № 22 бұйрығы" in out


def test_html_names_the_appendix_in_words_and_says_its_start_is_not_known() -> None:
    """The latest table is not presented as the text in force from a known date: the page says which
    order's entry into force is missing and gives only the earliest possible date (no guess)."""
    import html as html_mod

    code, out, err = run("service", "military-specialty-training", "--format", "html", "--source", str(SOURCE))
    assert code == 0, err
    text = " ".join(re.sub(r"<[^>]+>", " ", html_mod.unescape(out)).split())
    assert (
        "Кесте ҚР Қорғаныс министрінің 17.07.2017 № 357 бұйрығымен бекітілген Қағидаларға 2-1-қосымша "
        "бойынша, бұл жинақта ескерілген барлық өзгерістермен (белгілі соңғы редакциясында) берілген." in text
    )
    assert (
        "Бұл редакцияның қолданыла бастаған күні белгісіз: оған өзгерістер енгізген ҚР Қорғаныс министрінің "
        "04.01.2023 № 2 бұйрығының қолданысқа енгізілген күні бастапқы деректерде көрсетілмеген "
        "(ең ерте дегенде 20.01.2023)." in text
    )
    assert "mod-2017-357 бұйрығының" not in text
    assert "(att_nn_1__att_2-1)" not in text and "корпус" not in text.lower()  # no eId, no «корпус»


def test_passport_says_which_change_has_an_unknown_start(passport: dict) -> None:
    assert passport["at"] == "latest"
    assert passport["changes_with_unknown_start"] == [{"act": "mod-2023-2", "not_before": "2023-01-20"}]
