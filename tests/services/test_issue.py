"""lexpub issue: mixed good and bad records, both languages, PDF text read back, atomic reproducible output."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
HEADER = "number,full_name,iin,grounds,explanation,appeal,issued\n"
APPEAL = "Шағым ведомстволық бағынысты органға беріледі (тест)."
NEEDS_PDF = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")


ISSUER = "astana-ddo-sample"


def run(*args: str) -> tuple[int, str, str]:
    """Invoke the CLI; ``issue`` gets the sample service provider unless the test names one."""
    argv = list(args)
    if argv[:1] == ["issue"] and not any(a.startswith("--issuer") for a in argv):
        argv += ["--issuer", ISSUER]
    r = CliRunner().invoke(main, argv)
    return r.exit_code, r.stdout, r.stderr


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def mixed_csv(tmp: Path) -> Path:
    rows = [
        "R-1,Тестова Айгерім Нұрланқызы,850101310002,2,Денсаулық жағдайы сәйкес емес (тест).," + APPEAL + ",2025-03-12",
        "R-2,Тестов Болат,850808310730,1,Түсіндірме (тест).," + APPEAL + ",2025-03-12",  # wrong check digit
        "R-3,,991231404568,1,Түсіндірме (тест).," + APPEAL + ",2025-03-12",  # missing name
        "R-4,Тестов Дәурен,000515501239,7,Түсіндірме (тест).," + APPEAL + ",2025-03-12",  # not a row-9 ground
        "R-5,Тестов Ержан,040229607891,4;1,Түсіндірме (тест).," + APPEAL + ",2025-03-12",  # grounds out of order
        'R-6,=HYPERLINK("x"),040229607891,1,Түсіндірме (тест).,' + APPEAL + ",2025-03-12",  # a formula, not a name
    ]
    path = tmp / "refusals.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def issued_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    tmp = tmp_path_factory.mktemp("issue")
    out = tmp / "out"
    code, _, err = run(
        "issue",
        "refusal",
        "--data",
        str(mixed_csv(tmp)),
        "--out",
        str(out),
        "--text",
        "latest",
        "--source",
        str(SOURCE),
    )
    return out, code, err


def test_bad_records_reported_with_rows(issued_pdf: tuple[Path, int, str]) -> None:
    out, code, err = issued_pdf
    assert code == 2
    assert "refusals.csv:3:1: error[record-invalid]: row 3 (R-2): iin: check digit is 0, the checksum gives 8" in err
    assert "refusals.csv:4:1: error[record-invalid]: row 4 (R-3): full_name: missing value" in err
    assert (
        "refusals.csv:5:1: error[record-invalid]: row 5 (R-4): grounds: 7 is not a sub-item of row 9 in force on 2025-03-12 (allowed: 1, 2, 3, 4)"
        in err
    )
    rows = list(csv.reader((out / "errors.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["row", "number", "reason"]
    assert [r[0] for r in rows[1:]] == ["3", "4", "5", "7"]
    assert (
        "refusals.csv:7:1: error[record-invalid]: row 7 (R-6): full_name: starts with '=', as a spreadsheet "
        "formula does; a name never does" in err
    )


def test_good_records_issued_in_both_languages(issued_pdf: tuple[Path, int, str]) -> None:
    out, _, _ = issued_pdf
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert files == ["refusal/kk/R-1.pdf", "refusal/kk/R-5.pdf", "refusal/ru/R-1.pdf", "refusal/ru/R-5.pdf"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert [b["row"] for b in manifest["bad_records"]] == [3, 4, 5, 7]


@NEEDS_PDF
def test_pdf_text_has_name_iin_date_and_quoted_ground(issued_pdf: tuple[Path, int, str]) -> None:
    out, _, _ = issued_pdf
    kk = " ".join(pdf_text(out / "refusal/kk/R-1.pdf").split())
    assert "Тестова Айгерім Нұрланқызы" in kk
    assert "850101310002" in kk
    assert "12.03.2025 (2025 жылғы 12 наурызда)" in kk
    assert (
        "«2) әскерге шақырылушының, әскери міндеттінің және (немесе) мемлекеттік қызмет көрсету үшін қажетті "
        'ұсынылған материалдардың, объектілердің, деректердің және мәліметтердің "Әскери қызмет және әскери '
        'қызметшілердің мәртебесі туралы" Қазақстан Республикасы Заңының 12-бабында және осы Қағидаларда '
        "белгіленген талаптарға сәйкес келмеуі;»" in kk
    )
    ru = " ".join(pdf_text(out / "refusal/ru/R-5.pdf").split())
    assert "Тестов Ержан" in ru
    assert "12.03.2025 (12 марта 2025 года)" in ru
    assert "«4) көрсетілетін қызметті алушыға қатысты соттың заңды күшіне енген шешімінің болуы" in ru
    assert ru.index("«1) мемлекеттік көрсетілетін қызметті алушы") < ru.index("«4) көрсетілетін")  # the law's order
    assert "Код проверки:" in ru


def test_rerun_is_byte_identical(tmp_path: Path, issued_pdf: tuple[Path, int, str]) -> None:
    out, _, _ = issued_pdf
    again = tmp_path / "again"
    run(
        "issue",
        "refusal",
        "--data",
        str(mixed_csv(tmp_path)),
        "--out",
        str(again),
        "--text",
        "latest",
        "--jobs",
        "1",  # one process gives the default's bytes
        "--source",
        str(SOURCE),
    )
    first = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


@NEEDS_PDF
def test_latest_text_documents_cite_in_words_and_keep_doubt_off_the_page(issued_pdf: tuple[Path, int, str]) -> None:
    """Each quote is cited in words, as lawyers do; the page says which text it quotes in plain words and
    carries no internal identifier, file name or «корпус» (the doubt is for the official: the manifest)."""
    out, _, _ = issued_pdf
    kk = " ".join(pdf_text(out / "refusal/kk/R-1.pdf").split())
    assert (
        "(ҚР Қорғаныс министрінің 17.07.2017 № 357 бұйрығымен бекітілген Қағидалардың (бұдан әрі – Қағидалар) "
        "2-1-қосымшасының 9-жолы, 2) тармақшасы)" in kk
    )
    assert "Құқықтық нормалар Қағидалардың белгілі соңғы редакциясында сөзбе-сөз келтірілген." in kk
    ru = " ".join(pdf_text(out / "refusal/ru/R-5.pdf").split())
    assert (
        "(строка 9, подпункт 1) приложения 2-1 к Правилам, утвержденным приказом Министра обороны РК от "
        "17.07.2017 № 357 (далее — Правила))" in ru
    )
    assert "(строка 9, подпункт 4) приложения 2-1 к Правилам)" in ru  # the later citations are short
    assert "Нормы Правил приводятся дословно на казахском языке" in ru
    for text in (kk, ru):
        for word in ("att_nn", "__", "mod-2017-357", "mod-2023-2", "корпус", "Корпус", "corpus", "edition label"):
            assert word not in text, word


def test_in_force_mode_refuses_when_the_law_on_the_date_is_unknown(tmp_path: Path) -> None:
    """A doubtful norm refuses the whole batch (issue 14 §3): exit 2, nothing written, the missing facts named."""
    code, out, err = run(
        "issue", "refusal", "--data", str(mixed_csv(tmp_path)), "--out", str(tmp_path / "o"), "--source", str(SOURCE)
    )
    assert code == 2
    assert not (tmp_path / "o").exists()
    assert (
        "error[doubtful-norm]: cannot quote mod-2017-357#att_nn_1__att_2-1 as in force on 2025-03-12: whether "
        "mod-2023-2's change to att_nn_1__att_2-1 was in force on 2025-03-12: first official publication date not "
        "held; not before registration (2023-01-09); record it in source/acts/mod-2023-2.yaml, field "
        "work.publication.date (and source)" in err
    )
    assert "is not known: it is not known" not in err


def known_dates_source(tmp: Path) -> Path:
    """The real corpus with publication facts made up for the test, so that in-force texts are decidable."""
    src = tmp / "source"
    shutil.copytree(SOURCE, src)
    p357 = src / "acts" / "mod-2017-357.yaml"
    p357.write_text(
        p357.read_text(encoding="utf-8").replace(
            "  entry_into_force: unknown\n", "  entry_into_force:\n    rule: on-date\n    date: 2017-09-01\n", 1
        ),
        encoding="utf-8",
    )
    p2 = src / "acts" / "mod-2023-2.yaml"
    p2.write_text(
        p2.read_text(encoding="utf-8").replace(
            "    date: unknown\n    source: unknown\n", "    date: 2023-01-12\n    source: test fixture\n", 1
        ),
        encoding="utf-8",
    )
    return src


def test_in_force_mode_quotes_the_law_of_the_issue_date(tmp_path: Path) -> None:
    src = known_dates_source(tmp_path)
    data = tmp_path / "r.json"
    record = {
        "number": "J-1",
        "full_name": "Тест Тестұлы",
        "iin": "850101300603",
        "grounds": [1],
        "explanation": "Тест.",
        "appeal": APPEAL,
    }
    data.write_text(
        json.dumps([record, {**record, "number": "J-2", "issued": "2023-01-22"}], ensure_ascii=False), encoding="utf-8"
    )
    code, _, err = run(
        "issue",
        "refusal",
        "--data",
        str(data),
        "--out",
        str(tmp_path / "o"),
        "--format",
        "html",
        "--issued",
        "2025-03-12",
        "--source",
        str(src),
    )
    assert code == 2
    # Order No. 2 (in force from 2023-01-23 with these facts) is not yet in force on 2023-01-22: Appendix 2-1 is not held.
    assert (
        "r.json: error[record-invalid]: record 2 (J-2): cannot quote the law in force on 2023-01-22: the wording of "
        "mod-2017-357#att_nn_1__att_2-1 in force on 2023-01-22 is not held in the corpus" in err
    )
    html = (tmp_path / "o" / "refusal" / "kk" / "J-1.html").read_text(encoding="utf-8")
    assert "Құқықтық нормалар 12.03.2025 күні қолданыста болған редакциясында сөзбе-сөз келтірілген." in html
    assert "мемлекеттік көрсетілетін қызметті алушы мемлекеттік көрсетілетін қызметті алу үшін" in html


def test_notice_computes_end_and_checks_paid_period(tmp_path: Path) -> None:
    data = tmp_path / "n.yaml"
    data.write_text(
        "- {number: N-1, full_name: Тест Бір, iin: '850101310002', specialty: Жүргізуші, organisation: Оқу орталығы, classes_start: '2025-03-11', issued: '2025-03-05'}\n"
        "- {number: N-2, full_name: Тест Екі, iin: '850101310002', specialty: Жүргізуші, organisation: Оқу орталығы, classes_start: '2025-11-10', issued: '2025-11-03'}\n"
        "- {number: N-3, full_name: Тест Үш, iin: '850101310002', specialty: Жүргізуші, organisation: Оқу орталығы, classes_start: '2025-02-30', issued: '2025-11-03'}\n"
        "- {number: N-4, full_name: Тест Төрт, iin: '850101310002', specialty: Жүргізуші, organisation: Оқу орталығы, classes_start: '2025-03-03', issued: '2025-03-20'}\n"
        "- {number: N-5, full_name: Тест Бес, iin: '850101310002', specialty: Жүргізуші, organisation: Оқу орталығы, classes_start: '2025-03-24', issued: '2025-03-20'}\n",
        encoding="utf-8",
    )
    code, _, err = run(
        "issue",
        "notice",
        "--data",
        str(data),
        "--out",
        str(tmp_path / "o"),
        "--format",
        "html",
        "--lang",
        "kaz",
        "--text",
        "latest",
        "--source",
        str(SOURCE),
    )
    assert code == 2
    assert (
        "n.yaml:2:1: error[record-invalid]: row 2 (N-2): the stage-2 deadline 2026-01-13 is outside the paid-training period 01.02–20.12 (row 10)"
        in err
    )
    # a notice issued on 20.03 cannot announce classes that began on 03.03
    assert (
        "row 4 (N-4): classes_start 2025-03-03 is before the issue date 2025-03-20: "
        "a notice cannot announce classes that have already begun" in err
    )
    assert not (tmp_path / "o" / "notice" / "kk" / "N-4.html").exists()
    # 24.03.2025 is a day off (Nauryz on Saturday 22.03 moved to Monday)
    assert "row 5 (N-5): classes_start 2025-03-24 is not a working day" in err
    assert not (tmp_path / "o" / "notice" / "kk" / "N-5.html").exists()
    assert "row 3 (N-3): classes_start: '2025-02-30' is not a real date" in err
    html = (tmp_path / "o" / "notice" / "kk" / "N-1.html").read_text(encoding="utf-8")
    assert "2025 жылғы 16 мамырға дейін" in html
    assert "305\u00a0000 теңге" in html
    assert "қайтарылуға тиіс.»" in html
    assert not (tmp_path / "o" / "notice" / "ru").exists()


def test_unknown_column_and_bad_encoding(tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text(HEADER.replace("appeal", "apeal"), encoding="utf-8")
    code, _, err = run("issue", "refusal", "--data", str(data), "--out", str(tmp_path / "o"), "--source", str(SOURCE))
    assert code == 2 and "unknown field(s) apeal" in err
    data.write_bytes(HEADER.encode() + "R-1,Тест".encode("cp1251") + b"\n")
    code, _, err = run("issue", "refusal", "--data", str(data), "--out", str(tmp_path / "o"), "--source", str(SOURCE))
    assert code == 2 and "x.csv:2:5: error[encoding]: not UTF-8" in err


def test_refuses_to_replace_a_foreign_folder(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious", encoding="utf-8")
    code, _, err = run(
        "issue",
        "refusal",
        "--data",
        str(mixed_csv(tmp_path)),
        "--out",
        str(out),
        "--text",
        "latest",
        "--source",
        str(SOURCE),
    )
    assert code == 2 and "out-not-ours" in err
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_errors_csv_neutralises_formulas() -> None:
    from lexpub.services.documents.jobs import RowError
    from lexpub.services.documents.report import errors_csv

    text = errors_csv([RowError(7, "=1+1", ("@SUM(A1)",))]).decode()
    assert text.splitlines()[1] == "7,'=1+1,'@SUM(A1)"


def test_two_processes_give_the_same_bytes_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lexpub.services.documents.batch as issue_mod
    import lexpub.services.documents.pdfs as pdfs
    from lexpub.consolidate.validate import load_valid
    from lexpub.services.documents.pooled import issue_pdfs

    monkeypatch.setattr(pdfs, "CHUNK", 4)
    law = issue_mod.BatchLaw(load_valid(SOURCE), SOURCE, "latest")
    base = {
        "full_name": "Тест Тестұлы",
        "iin": "850101310002",
        "grounds": "1",
        "explanation": "Тест.",
        "appeal": APPEAL,
        "issued": "2025-03-12",
    }
    records = [issue_mod.Record(i + 2, {**base, "number": f"P-{i:02d}"}) for i in range(9)]
    opts = issue_mod.Options(langs=("kaz",), issuer=ISSUER)
    monkeypatch.setattr(pdfs, "PARALLEL_FROM", 8)
    parallel = issue_pdfs(law, "refusal", records, opts, workers=2)[1]
    monkeypatch.setattr(pdfs, "PARALLEL_FROM", 1000)
    serial = issue_pdfs(law, "refusal", records, opts, workers=2)[1]
    assert sorted(parallel) == [f"refusal/kk/P-{i:02d}.pdf" for i in range(9)]
    assert parallel == serial


@NEEDS_PDF
def test_samples_producer_marks_every_page(tmp_path: Path) -> None:
    from lexpub.consolidate.validate import load_valid
    from lexpub.services.documents.batch import sample_outputs

    files = sample_outputs(load_valid(SOURCE), SOURCE)
    docs = {rel: data for rel, data in files.items() if rel.startswith("documents/")}
    assert len(docs) == 14  # 3 notices, 2 refusals, 2 certificates, in kk and ru
    assert sorted(set(files) - set(docs)) == ["verify/index.html", "verify/register.json", "verify/verify.js"]
    for rel, data in docs.items():
        path = tmp_path / rel.replace("/", "_")
        path.write_bytes(data)
        text = pdf_text(path)
        mark = "ҮЛГІ" if "/kk/" in rel else "ОБРАЗЕЦ"
        assert text.count("\f") == 1 and mark in text, rel


def test_certificate_period_checks(tmp_path: Path) -> None:
    data = tmp_path / "c.csv"
    head = "number,full_name,iin,programme,specialty,organisation,period_from,period_to,issued\n"
    data.write_text(
        head
        + "C-1,Тест Бір,850101310002,Бағдарлама,Жүргізуші,Орталық,2025-03-11,2025-05-16,2025-05-19\n"
        + "C-2,Тест Екі,850101310002,Бағдарлама,Жүргізуші,Орталық,2025-05-16,2025-03-11,2025-05-19\n"
        + "C-3,Тест Үш,850101310002,Бағдарлама,Жүргізуші,Орталық,2025-03-11,2025-05-16,2025-05-01\n"
        + "C-1,Тест Төрт,850101310002,Бағдарлама,Жүргізуші,Орталық,2025-03-11,2025-05-16,2025-05-19\n",
        encoding="utf-8",
    )
    code, _, err = run(
        "issue",
        "certificate",
        "--data",
        str(data),
        "--out",
        str(tmp_path / "o"),
        "--format",
        "html",
        "--text",
        "latest",
        "--source",
        str(SOURCE),
    )
    assert code == 2
    assert "row 3 (C-2): period_from is after period_to" in err
    assert "row 4 (C-3): period_to 2025-05-16 is after the issue date 2025-05-01" in err
    assert "row 5 (C-1): number: C-1 already used by row 2" in err
    # 42 working days from 11.03.2025 end on 16.05.2025: a certificate of 19.05 is late, flagged
    assert (
        "c.csv:2:1: error[record-late]: row 2 (C-1): certificate issued on 2025-05-19, after the stage-2 "
        "deadline 2025-05-16 (counted from 2025-03-11)" in err
    )
    html = (tmp_path / "o" / "certificate" / "kk" / "C-1.html").read_text(encoding="utf-8")
    assert '<img class="qr" data-fill="qr" src="data:image/png;base64,' in html
    # the QR code carries exactly the verification code printed on the page (segno encodes; no decoder needed)
    from html import unescape

    from lexpub.services.documents.document import qr_uri

    for lang in ("kk", "ru"):
        page = (tmp_path / "o" / "certificate" / lang / "C-1.html").read_text(encoding="utf-8")
        printed = re.search(r"(?:Тексеру коды|Код проверки): ([0-9A-F]{4}(?:-[0-9A-F]{4}){3})", page)
        embedded = re.search(r'<img class="qr" data-fill="qr" src="([^"]+)"', page)
        assert printed and embedded, lang
        assert unescape(embedded.group(1)) == qr_uri(f"https://mod.gov.kz/lexpub/verify/#{printed.group(1)}")
    assert (
        "екінші кезеңде – әскери оқытылған резервті даярлау бағдарламасы бойынша оқуды аяқтағаны туралы сертификат беру."
        in html
    )


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2028", "\x07", "\ue000"])
def test_invisible_characters_in_values_are_refused(tmp_path: Path, char: str) -> None:
    data = tmp_path / "r.csv"
    data.write_text(HEADER + f"R-1,Ivan{char}Petrov,850101310002,1,a,b,2025-03-12\n", encoding="utf-8")
    code, _, err = run(
        "issue",
        "refusal",
        "--data",
        str(data),
        "--out",
        str(tmp_path / "o"),
        "--format",
        "html",
        "--text",
        "latest",
        "--source",
        str(SOURCE),
    )
    assert code == 2
    if char == "\x07":
        assert "full_name: control characters are not allowed" in err
    else:
        assert f"full_name: invisible, private-use or unassigned characters are not allowed (U+{ord(char):04X})" in err


def test_manifest_names_the_text_quoted_and_changes_not_in_the_corpus(issued_pdf: tuple[Path, int, str]) -> None:
    out, _, _ = issued_pdf
    law = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["law"]
    assert (law["table"], law["text"]) == ("mod-2017-357#att_nn_1__att_2-1", "latest")
    assert "zakon.uchet.kz, V2600037840" in [p["source"] for p in law["pending_changes"]]


# --------------------------------------------------------------------------- eligibility, deadlines, reports
NOTICE_HEAD = "number,full_name,iin,specialty,organisation,classes_start,issued,submitted\n"
ORG = "ҚР ҚМ Мамандандырылған оқу орталығы (тест)"


def notices(tmp: Path, *rows: str) -> Path:
    path = tmp / "n.csv"
    path.write_text(NOTICE_HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_an_under_age_applicant_is_refused_by_row_and_the_others_issued(tmp_path: Path) -> None:
    """A checksum-valid IIN of a nine-year-old; one who turns 17 a day after submitting; one of age."""
    data = notices(
        tmp_path,
        f"N-1,Тестов Бір,850101310002,Жүргізуші,{ORG},2025-03-17,2025-03-13,2025-03-11",
        f"N-2,Тестов Екі,160515501230,Жүргізуші,{ORG},2025-03-17,2025-03-13,2025-03-11",
        f"N-3,Тестов Үш,080315504568,Жүргізуші,{ORG},2025-03-17,2025-03-13,2025-03-14",
        f"N-4,Тестов Төрт,080315504568,Жүргізуші,{ORG},2025-03-17,2025-03-17,2025-03-17",
    )
    out = tmp_path / "o"
    code, stdout, err = run("issue", "notice", "--data", str(data), "--out", str(out), "--format", "html",
                            "--text", "latest", "--source", str(SOURCE))  # fmt: skip
    assert code == 2
    assert (
        "n.csv:3:1: error[record-invalid]: row 3 (N-2): iin: the applicant is 8 years 9 months old on 2025-03-11 "
        "(born 2016-05-15); the service is for conscripts and persons liable for military service, from 17 years"
    ) in err
    assert "row 4 (N-3): iin: the applicant is 16 years 11 months old on 2025-03-14" in err
    assert "row 5" not in err.replace("row 5 (N-4): iin: the same IIN", "")
    assert sorted(p.name for p in (out / "notice" / "kk").iterdir()) == ["N-1.html", "N-4.html"]
    assert stdout.startswith("Записей: 4; выдано: 2 (файлов: 4, kk, ru); отказано: 2; отмечено: 0")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [(r["row"], r["status"]) for r in report["records"]] == [
        (2, "issued"),
        (3, "refused"),
        (4, "refused"),
        (5, "issued"),
    ]
    table = (out / "report.kk.txt").read_text(encoding="utf-8")
    assert table.startswith("Жазбалар: 4; берілді: 2 (файлдар: 4, kk, ru); бас тартылды: 2; белгіленді: 0\n")
    assert "N-2" in table and "бас тартылды" in table


def test_a_late_notice_is_flagged_and_accepted_only_with_a_reason(tmp_path: Path) -> None:
    """Submitted on 03.03.2025: the stage-1 term (2 working days) ends on 05.03.2025."""
    data = notices(
        tmp_path,
        f"N-1,Тестов Бір,850101310002,Жүргізуші,{ORG},2025-03-17,2025-03-05,2025-03-03",
        f"N-2,Тестов Екі,850101310002,Жүргізуші,{ORG},2025-03-17,2025-03-06,2025-03-03",
    )
    args = ["issue", "notice", "--data", str(data), "--format", "html", "--text", "latest", "--source", str(SOURCE)]
    code, _, err = run(*args, "--out", str(tmp_path / "a"))
    assert code == 2
    assert err.splitlines()[0] == (  # the file as typed after --data
        f"{data}:3:1: error[record-late]: row 3 (N-2): notice issued on 2025-03-06, after the stage-1 deadline "
        "2025-03-05 (counted from 2025-03-03)"
    )
    # issued all the same, flagged in the report; the same IIN twice is flagged too
    report = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))
    flagged = report["records"][1]
    assert flagged["status"] == "flagged" and [f["rule"] for f in flagged["flags"]] == ["late", "duplicate-iin"]
    assert (tmp_path / "a" / "notice" / "kk" / "N-2.html").is_file()
    code, stdout, err = run(*args, "--out", str(tmp_path / "b"), "--accept-late", "the applicant was ill (test)")
    assert code == 0, err
    report = json.loads((tmp_path / "b" / "report.json").read_text(encoding="utf-8"))
    assert report["accepted_late"] == "the applicant was ill (test)"
    assert report["records"][1]["flags"][0]["reason"].endswith("; accepted: the applicant was ill (test)")
    assert "отмечено: 1" in stdout


def test_notice_states_the_certificate_deadline_never_an_end_of_training(tmp_path: Path) -> None:
    data = notices(tmp_path, f"N-1,Тестов Бір,850101310002,Жүргізуші,{ORG},2025-03-11,2025-03-05,2025-03-03")
    out = tmp_path / "o"
    code, _, err = run("issue", "notice", "--data", str(data), "--out", str(out), "--format", "html",
                       "--text", "latest", "--source", str(SOURCE))  # fmt: skip
    assert code == 0, err
    kk = (out / "notice" / "kk" / "N-1.html").read_text(encoding="utf-8")
    ru = (out / "notice" / "ru" / "N-1.html").read_text(encoding="utf-8")
    assert (
        "<th>Сертификат беру мерзімі</th><td>2025 жылғы 16 мамырға дейін (сабақтар басталғаннан бастап 42 жұмыс "
        "күні)</td>" in kk
    )
    assert (
        "<th>Срок выдачи сертификата</th><td>не позднее 16 мая 2025 года (42 рабочих дня с начала занятий)</td>" in ru
    )
    for text in (kk, ru):
        assert "аяқталуы" not in text and "Окончание обучения" not in text


def test_every_document_names_its_issuer_signer_and_e_signature(tmp_path: Path) -> None:
    data = notices(tmp_path, f"N-1,Тестов Бір,850101310002,Жүргізуші,{ORG},2025-03-11,2025-03-05,2025-03-03")
    out = tmp_path / "o"
    run("issue", "notice", "--data", str(data), "--out", str(out), "--format", "html", "--text", "latest",
        "--source", str(SOURCE))  # fmt: skip
    kk = (out / "notice" / "kk" / "N-1.html").read_text(encoding="utf-8")
    ru = (out / "notice" / "ru" / "N-1.html").read_text(encoding="utf-8")
    assert '<p class="org">Астана қаласының Қорғаныс істері жөніндегі департаменті (үлгі)</p>' in kk
    assert '<p class="org">Департамент по делам обороны города Астаны (образец)</p>' in ru
    assert "Шығыс № N-1, 05.03.2025" in kk and "Исх. № N-1 от 05.03.2025" in ru
    assert "Департамент бастығы (үлгі)" in kk and "Начальник департамента (образец)" in ru
    assert "Құжат электрондық цифрлық қолтаңбамен қол қойылған." in kk
    assert "Документ подписан электронной цифровой подписью." in ru
    assert f"<td>{ORG}</td>" in kk  # the training organisation is a field, not the author


def test_an_unknown_issuer_is_refused(tmp_path: Path) -> None:
    data = notices(tmp_path, f"N-1,Тестов Бір,850101310002,Жүргізуші,{ORG},2025-03-11,2025-03-05,2025-03-03")
    code, _, err = run("issue", "notice", "--data", str(data), "--out", str(tmp_path / "o"), "--issuer", "nobody",
                       "--text", "latest", "--source", str(SOURCE))  # fmt: skip
    assert code == 2 and "--issuer: error[bad-argument]: issuer: 'nobody' is not a service provider" in err
    assert not (tmp_path / "o").exists()


def test_register_appends_codes_and_the_site_holds_digests_only(tmp_path: Path) -> None:
    from lexpub.services.documents.verify import digest, register_json

    data = notices(tmp_path, f"N-1,Тестов Бір,850101310002,Жүргізуші,{ORG},2025-03-11,2025-03-05,2025-03-03")
    out = tmp_path / "o"
    base = ("issue", "notice", "--data", str(data), "--out", str(out), "--format", "html", "--text", "latest")
    run(*base, "--source", str(SOURCE))
    first = (out / "register.txt").read_text(encoding="utf-8").splitlines()
    html = (out / "notice" / "kk" / "N-1.html").read_text(encoding="utf-8")
    assert len(first) == 2 and all(re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}\tnotice\t(kk|ru)", x) for x in first)
    data.write_text(data.read_text(encoding="utf-8").replace("N-1,", "N-2,"), encoding="utf-8")
    run(*base, "--source", str(SOURCE))
    second = (out / "register.txt").read_text(encoding="utf-8").splitlines()
    assert second[:2] == first and len(second) == 4  # appended, never replaced
    code = first[0].split("\t")[0]
    assert f"https://mod.gov.kz/lexpub/verify/#{code}" in html
    published = json.loads(register_json([code]))
    assert published["digests"] == [digest(code)] and code not in json.dumps(published)


def test_json_records_are_bounded_and_duplicate_keys_refused(tmp_path: Path) -> None:
    cases = {
        "deep.json": ("[" * 200_000 + "]" * 200_000, "deep.json:1:9: error[data-depth]: nested deeper than 8 levels"),
        "int.json": ('[{"number": ' + "7" * 5000 + "}]", "int.json: error[json-value]: an integer of 5000 digits"),
        "dup.json": ('[{"number": "A-1", "number": "A-2"}]', "dup.json: error[json-value]: duplicate key 'number'"),
        "nan.json": ('[{"number": NaN}]', "nan.json: error[json-value]: NaN is not a value a record may hold"),
    }
    for name, (text, expected) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        code, _, err = run("issue", "refusal", "--data", str(path), "--out", str(tmp_path / "o"), "--text", "latest",
                           "--source", str(SOURCE))  # fmt: skip
        assert code == 2 and err.startswith(f"{tmp_path}/{expected}"), (name, err[:300])  # as typed
        assert "Traceback" not in err
        assert not (tmp_path / "o").exists()


def test_a_record_that_fails_to_render_is_its_row_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any failure while rendering one document becomes that record's row error; the others are issued."""
    import lexpub.services.documents.pdfs as pdfs

    real = pdfs.render_full

    def broken(jobs: list) -> dict[str, bytes]:  # type: ignore[type-arg]
        if any(j.rel.endswith("/R-5") for j in jobs):
            raise MemoryError("simulated")
        return real(jobs)

    def no_stamp(jobs: list) -> dict[str, bytes]:  # type: ignore[type-arg]
        raise RuntimeError("the chunk fails")

    monkeypatch.setattr(pdfs, "render_full", broken)
    monkeypatch.setattr(pdfs, "render_chunk", no_stamp)
    out = tmp_path / "o"
    code, stdout, err = run("issue", "refusal", "--data", str(mixed_csv(tmp_path)), "--out", str(out), "--lang", "kaz",
                            "--text", "latest", "--source", str(SOURCE))  # fmt: skip
    assert code == 2
    assert "row 6 (R-5): cannot be rendered: MemoryError: simulated" in err
    assert sorted(p.name for p in (out / "refusal" / "kk").iterdir()) == ["R-1.pdf"]


def test_check_validates_the_providers_file(tmp_path: Path) -> None:
    src = tmp_path / "source"
    shutil.copytree(SOURCE, src)
    (src / "providers.yaml").write_text("providers:\n  x:\n    name: {kaz: a}\n", encoding="utf-8")
    code, _, err = run("check", "--source", str(src))
    assert code == 2
    assert "providers.yaml:3:11: error[missing-field]: providers.x.name: 'rus' is required" in err
    assert "providers.yaml:3:5: error[missing-field]: providers.x: 'signer' is required" in err


def test_an_unexpected_failure_while_computing_one_record_is_its_row_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lexpub.services.documents.jobs as jobs

    real = jobs.legal_values

    def flaky(law, kind, view, fields, issued):  # type: ignore[no-untyped-def]
        if fields["number"] == "R-5":
            raise ZeroDivisionError("simulated")
        return real(law, kind, view, fields, issued)

    monkeypatch.setattr(jobs, "legal_values", flaky)
    out = tmp_path / "o"
    code, stdout, err = run("issue", "refusal", "--data", str(mixed_csv(tmp_path)), "--out", str(out), "--lang", "kaz",
                            "--format", "html", "--text", "latest", "--source", str(SOURCE))  # fmt: skip
    assert code == 2
    assert "row 6 (R-5): cannot be prepared: ZeroDivisionError: simulated" in err
    assert sorted(p.name for p in (out / "refusal" / "kk").iterdir()) == ["R-1.html"]
    assert "Traceback" not in err


@NEEDS_PDF
def test_a_document_that_would_run_over_its_signature_block_is_refused(tmp_path: Path) -> None:
    """Four grounds and the longest explanation and appeal the checks allow: the Russian page would print
    its last lines over the issuer's block. The record is refused (both languages), the other issued."""
    expl = ("Ұсынылған құжаттардағы мәліметтер сәйкес келмейді, медициналық куәландыру нәтижелері бойынша " * 8)[:600]
    appeal = ("Шешімге Әкімшілік рәсімдік-процестік кодексінде белгіленген тәртіппен шағым жасалуы мүмкін. " * 8)[:600]
    name = "Қасымжомарт-Әбдірахманов Нұрмұхаммед-Әлихан Бекмұхамбетұлы Ақжігітов"
    data = tmp_path / "r.csv"
    data.write_text(
        HEADER
        + f'W-1,{name},850101310002,1;2;3;4,"{expl}","{appeal}",2025-03-12\n'
        + "W-2,Тестов Бір,850101310002,2,Түсіндірме (тест).,"
        + APPEAL
        + ",2025-03-12\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    code, _, err = run("issue", "refusal", "--data", str(data), "--out", str(out), "--text", "latest",
                       "--source", str(SOURCE))  # fmt: skip
    assert code == 2
    assert (
        "r.csv:2:1: error[record-invalid]: row 2 (W-1): the document does not fit on its one page above the signature block"
        in err
    )
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == [
        "refusal/kk/W-2.pdf",
        "refusal/ru/W-2.pdf",
    ]
