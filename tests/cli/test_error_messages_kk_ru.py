"""Real slips planted in a copy of the real sources, and the exact message each gets in English (unchanged,
the default), Kazakh and Russian (``lexpub --messages kaz|rus``); files named as the user gave them, also
from another working directory (issue 17, item 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main

ROOT = Path(__file__).resolve().parents[2]
ACT = "source/acts/mod-2023-2.yaml"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real sources at ``tmp/source``; the working directory is ``tmp``."""
    shutil.copytree(ROOT / "source", tmp_path / "source")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def plant(path: Path, *edits: tuple[str, str]) -> None:
    text = path.read_text("utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")


def run(lang: str, *args: str) -> list[str]:
    result = CliRunner().invoke(main, ["--messages", lang, *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


def test_schema_slips_get_plain_sentences_in_each_language(here: Path) -> None:
    plant(
        here / ACT,
        ("  languages: [kaz]\n", "  languages: kaz\n"),
        ("  held: complete\n", "  held: complete\n  titel: x\n"),
        ("  adilet: V2300031636\n", "  adilet: W23\n"),
    )
    allowed = "adilet, date, entry_into_force, held, issuer, languages, number, publication, registration, status, title, type"
    assert run("en", "check") == [
        f"{ACT}:11:14: error[wrong-type]: work.languages: a list is expected here, not a string",
        f"{ACT}:13:3: error[unknown-field]: unknown field 'titel' in work (allowed: {allowed})",
        f"{ACT}:21:11: error[bad-format]: work.adilet: 'W23': an Adilet code is a capital V, Z, P or K and ten more "
        "characters, e.g. V2300031636 or the word 'unknown'",
        "3 problems",
    ]
    assert run("kaz", "check") == [
        f"{ACT}:11:14: error[wrong-type]: work.languages: мұнда мәтін емес, тізім күтіледі",
        f"{ACT}:13:3: error[unknown-field]: work ішінде белгісіз 'titel' өрісі (рұқсат етілгендері: {allowed})",
        f"{ACT}:21:11: error[bad-format]: work.adilet: 'W23': «Әділет» коды бас V, Z, P немесе K әрпінен және тағы "
        "он таңбадан тұрады, мысалы V2300031636 (немесе 'unknown' сөзі)",
        "Барлығы 3 қате",
    ]
    assert run("rus", "check") == [
        f"{ACT}:11:14: error[wrong-type]: work.languages: здесь ожидается список, а не текст",
        f"{ACT}:13:3: error[unknown-field]: неизвестное поле 'titel' в work (допустимы: {allowed})",
        f"{ACT}:21:11: error[bad-format]: work.adilet: 'W23': код «Әділет» — заглавная V, Z, P или K и ещё десять "
        "знаков, например V2300031636 (или слово 'unknown')",
        "Всего ошибок: 3",
    ]


def test_an_unknown_issuer_and_a_registration_before_signature(here: Path) -> None:
    plant(here / ACT, ("  issuer: mod\n", "  issuer: mdo\n"), ("    date: 2023-01-09\n", "    date: 2023-01-02\n"))
    assert run("kaz", "check") == [
        f"{ACT}:8:11: error[unknown-issuer]: 'mdo' органы source/issuers.yaml файлында жоқ",
        f"{ACT}:19:11: error[date-order]: акт 2023-01-02 күні тіркелген, бұл оған қол қойылған 2023-01-04 "
        "күнінен бұрын",
        "Барлығы 2 қате",
    ]
    assert run("rus", "check") == [
        f"{ACT}:8:11: error[unknown-issuer]: органа 'mdo' нет в файле source/issuers.yaml",
        f"{ACT}:19:11: error[date-order]: акт зарегистрирован 2023-01-02, раньше даты подписания 2023-01-04",
        "Всего ошибок: 2",
    ]


def test_a_calendar_and_a_service_slip_named_from_another_working_directory(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant(here / "source/calendars/2024.yaml", ("  - date: 2024-03-08", "  - date: 2024-01-02"))
    (here / "elsewhere").mkdir()
    monkeypatch.chdir(here / "elsewhere")
    where = "../source/calendars/2024.yaml:23:11: error[duplicate-date]: "
    assert run("en", "check", "--source", "../source") == [where + "2024-01-02 is already listed (line 18)"]
    assert run("kaz", "check", "--source", "../source") == [where + "2024-01-02 күні тізімде бұрыннан бар (18-жол)"]
    assert run("rus", "check", "--source", "../source") == [where + "дата 2024-01-02 уже указана (строка 18)"]
    plant(here / "source/calendars/2024.yaml", ("  - date: 2024-01-02", "  - date: 2024-03-08"))
    plant(here / "source/services/military-specialty-training.yaml", ("  ru: L\n", "  ru: low\n"))
    assert run("rus", "service", "military-specialty-training", "--source", str(here / "source")) == [
        f"{here}/source/services/military-specialty-training.yaml:14:7: error[bad-value]: name_confidence.ru: "
        "значение 'low' здесь не допускается; укажите одно из: H, M, L"
    ]


def test_records_and_arguments_named_as_typed(here: Path) -> None:
    (here / "data").mkdir()
    (here / "data/dup.csv").write_text("number,number\n1,2\n", "utf-8")
    args = ("issue", "notice", "--data", "data/dup.csv", "--out", "o", "--text", "latest")
    assert run("en", *args) == ["data/dup.csv:1:1: error[csv-header]: duplicate column names"]
    assert run("kaz", *args) == ["data/dup.csv:1:1: error[csv-header]: бағандардың атаулары қайталанады"]
    assert run("rus", *args) == ["data/dup.csv:1:1: error[csv-header]: названия столбцов повторяются"]
    assert run("kaz", "text", "mod-2099-1") == [
        "error[unknown-act]: бастапқы файлдарда 'mod-2099-1' акті жоқ "
        "(барлары: mod-2017-350, mod-2017-357, mod-2023-1100, mod-2023-2)"
    ]
    assert not (here / "o").exists()


def test_the_calendar_loaders_problems_come_sorted_by_file_and_line(here: Path) -> None:
    """The folder's problem is found first, the year file's after; the user reads them in file order."""
    calendars = here / "source/calendars"
    shutil.copy(calendars / "2025.yaml", calendars / "20x5.yaml")
    plant(calendars / "2024.yaml", ("  - date: 2024-03-08", "  - date: 2024-01-02"))
    assert run("kaz", "check") == [
        "source/calendars/2024.yaml:23:11: error[duplicate-date]: 2024-01-02 күні тізімде бұрыннан бар (18-жол)",
        "source/calendars/20x5.yaml: error[stray-file]: calendars/ папкасындағы '20x5.yaml' күнтізбе файлы емес "
        "(calendars/ЖЖЖЖ.yaml) және ескерілмейді",
        "Барлығы 2 қате",
    ]
    assert run("rus", "check")[1] == (
        "source/calendars/20x5.yaml: error[stray-file]: '20x5.yaml' в папке calendars/ не является файлом "
        "календаря (calendars/ГГГГ.yaml) и будет пропущен"
    )


def test_each_missing_field_is_named_in_each_language(here: Path) -> None:
    """jsonschema reports one error per missing field; each message names its own field (the kk and ru
    sentences used to name the first missing field on every line)."""
    plant(here / ACT, ("  type: order\n", ""), ('  number: "2"\n', ""))
    for lang, sentence in (
        ("en", "work: '{}' is required"),
        ("kaz", "work: '{}' өрісі міндетті"),
        ("rus", "work: поле '{}' обязательно"),
    ):
        lines = [x.split("error[missing-field]: ", 1)[1] for x in run(lang, "check") if "error[missing-field]" in x]
        assert sorted(lines) == sorted(sentence.format(f) for f in ("type", "number")), lang
