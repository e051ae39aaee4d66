"""Working-day calendar: computed days off against domain-kz.md §3.4, and the deadline arithmetic."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from lexpub.errors import InputError
from lexpub.services.calendar import Calendar, load_year

SOURCE = Path(__file__).resolve().parents[2] / "source"

# Weekday non-working days per year, as published in domain-kz.md §3.4 (not computed here).
EXPECTED = {
    2023: [
        "01-02",
        "01-03",
        "03-08",
        "03-21",
        "03-22",
        "03-23",
        "05-01",
        "05-08",
        "05-09",
        "06-28",
        "07-06",
        "07-07",
        "08-30",
        "10-25",
        "12-18",
    ],
    2024: [
        "01-01",
        "01-02",
        "03-08",
        "03-21",
        "03-22",
        "03-25",
        "05-01",
        "05-07",
        "05-08",
        "05-09",
        "07-08",
        "08-30",
        "10-25",
        "12-16",
    ],
    2025: [
        "01-01",
        "01-02",
        "01-03",
        "01-07",
        "03-10",
        "03-21",
        "03-24",
        "03-25",
        "05-01",
        "05-07",
        "05-09",
        "06-06",
        "07-07",
        "09-01",
        "10-27",
        "12-16",
    ],
    2026: [
        "01-01",
        "01-02",
        "01-07",
        "03-09",
        "03-23",
        "03-24",
        "03-25",
        "05-01",
        "05-07",
        "05-11",
        "05-27",
        "07-06",
        "10-26",
        "12-16",
    ],
}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_weekday_days_off_match_published_tables(year: int) -> None:
    cal = load_year(SOURCE, year)
    weekdays_off = sorted(d.date.strftime("%m-%d") for d in cal.days_off if d.date.isoweekday() < 6)
    assert weekdays_off == EXPECTED[year]


def test_2026_totals_and_31_august_working() -> None:
    cal = load_year(SOURCE, 2026)
    assert len(cal.days_off) == 118
    assert cal.working_days == 247
    assert dt.date(2026, 8, 31) not in cal.off_dates
    assert [w[0] for w in cal.withdrawn] == [dt.date(2026, 8, 30)]


def test_transfers_make_weekend_worked() -> None:
    c = Calendar(SOURCE)
    assert c.is_working(dt.date(2025, 1, 5))  # Sunday worked
    assert not c.is_working(dt.date(2025, 1, 3))
    off = c.day_off(dt.date(2025, 1, 3))
    assert off is not None and off.reason == "transfer" and "No. 436" in off.source
    assert c.is_working(dt.date(2023, 7, 1)) and not c.is_working(dt.date(2023, 7, 7))


def test_clash_reasons_name_the_holiday() -> None:
    c = Calendar(SOURCE)
    off = c.day_off(dt.date(2025, 3, 10))
    assert off is not None and off.reason == "clash" and off.cause == dt.date(2025, 3, 8)
    assert off.name_kk == "Халықаралық әйелдер күні"
    nauryz = [c.day_off(dt.date(2026, 3, d)) for d in (24, 25)]
    assert [n.cause for n in nauryz if n] == [dt.date(2026, 3, 21), dt.date(2026, 3, 22)]


def test_kurban_on_sunday_gives_no_extra_day() -> None:
    c = Calendar(SOURCE)
    assert c.day_off(dt.date(2024, 6, 16)).reason == "religious"  # type: ignore[union-attr]
    assert c.is_working(dt.date(2024, 6, 17))


def test_add_working_does_not_count_the_start_day() -> None:
    c = Calendar(SOURCE)
    assert c.add_working(dt.date(2025, 3, 11), 2) == dt.date(2025, 3, 13)
    # Friday 7 March 2025 + 2: Sat, Sun, Mon 10 (clash) are off → 11, 12.
    assert c.add_working(dt.date(2025, 3, 7), 2) == dt.date(2025, 3, 12)
    # Nauryz 2025: 21 (Fri), 24, 25 off.
    assert c.add_working(dt.date(2025, 3, 20), 1) == dt.date(2025, 3, 26)


def test_year_not_held_is_an_error() -> None:
    with pytest.raises(InputError) as err:
        Calendar(SOURCE).is_working(dt.date(2027, 1, 4))
    assert "no working-day calendar for 2027" in str(err.value)
    assert "2023–2026" in str(err.value)


def test_unknown_field_is_located(tmp_path: Path) -> None:
    src = tmp_path / "source"
    shutil.copytree(SOURCE / "calendars", src / "calendars")
    path = src / "calendars" / "2025.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  confidence: H\nclash_rule:", "  confidence: H\n  colour: red\nclash_rule:"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_year(src, 2025)
    assert "calendars/2025.yaml:8:3: error[unknown-field]: unknown field 'colour'" in str(err.value)


# --------------------------------------------------------------------------- lexpub deadline / calendar
def deadline(*args: str) -> tuple[int, dict, str]:
    import json

    from click.testing import CliRunner

    from lexpub.cli import main

    r = CliRunner().invoke(main, ["deadline", "military-specialty-training", *args, "--json", "--source", str(SOURCE)])
    return r.exit_code, (json.loads(r.stdout) if r.exit_code == 0 else {}), r.stderr


@pytest.mark.parametrize(
    ("submitted", "received", "why", "stage1"),
    [
        # after 18:00 on Friday; Sat 8 March 2025 (holiday) clashes → Mon 10 off
        ("2025-03-07T19:30", "2025-03-11", "after-hours", "2025-03-13"),
        ("2025-03-07T18:00", "2025-03-07", "same-day", "2025-03-12"),
        ("2025-03-07T18:01", "2025-03-11", "after-hours", "2025-03-13"),
        # weekend
        ("2025-03-15T10:00", "2025-03-17", "non-working-day", "2025-03-19"),
        # Nauryz 2025: 21 (Fri), clashes 24, 25
        ("2025-03-20T10:00", "2025-03-20", "same-day", "2025-03-27"),
        ("2025-03-21T09:00", "2025-03-26", "non-working-day", "2025-03-28"),
        # transfer: Fri 3 Jan 2025 off, Sun 5 Jan worked; Tue 7 Jan off
        ("2025-01-03T10:00", "2025-01-05", "non-working-day", "2025-01-08"),
        # transfer 2023: Sat 1 July worked, Fri 7 July off
        ("2023-06-30T19:00", "2023-07-01", "after-hours", "2023-07-04"),
        ("2023-07-07T10:00", "2023-07-10", "non-working-day", "2023-07-12"),
    ],
)
def test_deadline(submitted: str, received: str, why: str, stage1: str) -> None:
    code, data, err = deadline("--submitted", submitted)
    assert code == 0, err
    assert (data["received"], data["received_why"], data["stage1"]["deadline"]) == (received, why, stage1)
    assert data["stage1"]["working_days"] == 2
    assert data["end_of_working_day"] == {"time": "18:00", "source_eid": "att_nn_1__att_2-1__tr_7__point_1"}
    assert data["text_basis"]["text"] == "latest" and data["text_basis"]["date"] == submitted[:10]
    assert "(uncertain)" in data["text_basis"]["reason"]
    assert data["counting"] == {"rule": "start-day-not-counted", "confidence": "M"}


def test_stage2_and_window() -> None:
    code, data, err = deadline("--submitted", "2025-03-07T19:30", "--classes-start", "2025-03-11")
    assert code == 0, err
    assert data["stage2"]["end"] == "2025-05-16"
    assert data["stage2"]["working_days"] == 42
    assert data["warnings"] == []
    code, data, _ = deadline("--submitted", "2025-01-13T10:00", "--classes-start", "2025-01-20")
    assert data["warnings"] == [{"code": "classes-start-outside", "date": "2025-01-20"}]
    code, data, _ = deadline("--submitted", "2025-11-03T10:00", "--classes-start", "2025-11-10")
    assert data["stage2"]["end"] == "2026-01-13"
    assert data["warnings"] == [{"code": "stage2-end-outside", "date": "2026-01-13"}]
    assert data["paid_training_period"]["source_eid"] == "att_nn_1__att_2-1__tr_10__alinea_1"
    # classes cannot start before the application is received
    code, data, _ = deadline("--submitted", "2025-03-07T19:30", "--classes-start", "2025-03-05")
    assert data["warnings"] == [{"code": "classes-start-before-receipt", "date": "2025-03-05"}]


def deadline_text(*args: str) -> str:
    from click.testing import CliRunner

    from lexpub.cli import main

    r = CliRunner().invoke(main, ["deadline", "military-specialty-training", *args, "--source", str(SOURCE)])
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_deadline_text_in_kazakh_by_default_and_in_russian() -> None:
    args = ("--submitted", "2025-03-07T19:30", "--classes-start", "2025-12-21")
    kk = deadline_text(*args).splitlines()
    row3 = "Бұйрықпен бекітілген құжат (атауы бұл жинақта жарияланбаған), 2-1-қосымша, реттік нөмірі 3-жол"
    assert kk[:4] == [
        "өтініш берілді:   07.03.2025 19:30",
        "қабылданған күні: 11.03.2025 (жұмыс күні аяқталғаннан кейін берілген)",
        f"1-кезең:          13.03.2025 (2 жұмыс күні; {row3}, 1) тармақша)",
        f"2-кезең:          20.02.2026 (сабақтар басталған 21.12.2025 күнінен бастап 42 жұмыс күні; {row3}, 2) тармақша)",
    ]
    assert "назар аударыңыз: сабақтардың басталу күні 21.12.2025 ақылы оқыту кезеңінен (01.02–20.12) тыс" in kk
    assert kk[-2].endswith("(бұл есептеу тәртібін заң қызметі әлі растаған жоқ)")  # the rule's doubt, in words
    assert kk[-1].startswith("ескерту: 07.03.2025 күні қолданыста болған мәтін белгісіз, сондықтан бұл жинақта")
    ru = deadline_text(*args, "--lang", "rus").splitlines()
    assert ru[1] == "дата приема:      11.03.2025 (подано после окончания рабочего дня)"
    assert ru[2] == (
        "1-й этап:         13.03.2025 (рабочих дней: 2; Документ, утвержденный приказом (наименование в этом "
        "собрании не опубликовано), приложение 2-1, строка, порядковый номер 3, подпункт 1))"
    )
    assert "внимание: окончание 2-го этапа 20.02.2026 вне периода платного обучения (01.02–20.12)" in ru
    assert "внимание: дата начала занятий 21.12.2025 — нерабочий день" in ru
    assert kk[-1] == (
        "ескерту: 07.03.2025 күні қолданыста болған мәтін белгісіз, сондықтан бұл жинақта жарияланған соңғы мәтін "
        "қолданылды: ҚР Қорғаныс министрінің 04.01.2023 № 2 бұйрығының қолданысқа енгізілген күні белгісіз "
        "(бастапқы деректерде көрсетілмеген; ең ерте дегенде 20.01.2023)"
    )
    assert ru[-1] == (
        "примечание: текст, действовавший на 07.03.2025, не установлен, поэтому использован последний текст, "
        "опубликованный в этом собрании: дата введения в действие приказа Министра обороны РК от 04.01.2023 № 2 "
        "не известна (не указана в исходных данных; не ранее 20.01.2023)"
    )
    for line in kk + ru:  # no English interface words, eIds or bracketed confidence marks left
        assert not re.search(r"[A-Za-z]{3,}|\[[HML]\]|\d{4}-\d\d-\d\d", line), line


def test_deadline_outside_calendar_data() -> None:
    code, _, err = deadline("--submitted", "2026-12-30T19:00")
    assert code == 2 and "no working-day calendar for 2027" in err
    code, _, err = deadline("--submitted", "2027-01-05T10:00")
    assert code == 2 and "no working-day calendar for 2027" in err
    code, _, err = deadline("--submitted", "2025-02-30T10:00")
    assert code == 2 and "not a real date" in err


def test_calendar_command() -> None:
    from click.testing import CliRunner

    from lexpub.cli import main

    r = CliRunner().invoke(main, ["calendar", "2026", "--source", str(SOURCE)])
    assert r.exit_code == 0, r.stderr
    first = r.stdout.splitlines()[0]
    assert first.startswith("2026 жыл: бес күндік жұмыс аптасының жұмыс емес күндері (деректер: ")
    assert first.endswith("calendars/2026.yaml)")
    assert r.stdout.splitlines()[-1] == "жұмыс емес күндер: 118; жұмыс күндері: 247"
    assert (
        "2026-03-24 Сс  демалыс күніне сәйкес келген 2026-03-21 мерекесі үшін демалыс күні — Наурыз мейрамы  [H]"
        in r.stdout
    )
    assert "2026-08-30 Жс  енді мереке күні емес: Конституция күні  [M]" in r.stdout
    r = CliRunner().invoke(main, ["calendar", "2026", "--lang", "rus", "--source", str(SOURCE)])
    assert r.stdout.splitlines()[-1] == "нерабочих дней: 118; рабочих дней: 247"
    assert "2026-03-24 Вт  выходной день за праздник 2026-03-21, совпавший с выходным днем — Наурыз мейрамы" in r.stdout
    assert "2026-08-30 Вс  больше не праздничный день: День Конституции  [M]" in r.stdout
    assert "2026-01-07 Ср  выходной день (пункт 5 статьи 84 Трудового кодекса), не переносится" in r.stdout
    r = CliRunner().invoke(main, ["calendar", "2025", "--lang", "rus", "--source", str(SOURCE)])
    assert "2025-01-05 Вс  РАБОЧИЙ ДЕНЬ в связи с переносом  [H]" in r.stdout
    # in date order: the worked Sunday 05.01 between the transferred day off 03.01 and Christmas 07.01
    days = [line[:10] for line in r.stdout.splitlines()[1:-1]]
    assert days == sorted(days) and days[days.index("2025-01-05") + 1] == "2025-01-07"
    assert "2025-01-03 Пт  перенесенный выходной день  [H]" in r.stdout
    r = CliRunner().invoke(main, ["calendar", "2022", "--source", str(SOURCE)])
    assert r.exit_code == 2 and "no working-day calendar for 2022" in r.stderr


def test_check_reports_a_broken_calendar(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lexpub.cli import main

    src = tmp_path / "source"
    shutil.copytree(SOURCE, src)
    path = src / "calendars" / "2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2024-06-16", "date: 2024-06-31"), encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert r.exit_code == 2
    assert "calendars/2024.yaml:" in r.stderr and "error[bad-date]: '2024-06-31' is not a real date" in r.stderr


# --------------------------------------------------------------------------- an independent oracle
@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_holidays_package_agrees_on_every_day_off(year: int) -> None:
    """python-holidays (``holidays.KZ``, written independently of this project) lists public holidays,
    their observed days (the clash rule) and the government's transfers. Its set of dates must be ours:
    every non-working day that is not a plain weekend. Known difference: it does not name the weekend
    day made working by a transfer (we do: ``worked``), so those are compared against its
    "substituted from" names instead."""
    holidays = pytest.importorskip("holidays")
    cal = load_year(SOURCE, year)
    kz = holidays.KZ(years=year)
    ours = {d.date for d in cal.days_off if d.reason != "weekend"}
    assert ours == set(kz)
    substituted = {
        dt.date(int(m[3]), int(m[1]), int(m[2]))  # MM/DD/YYYY
        for name in kz.values()
        if (m := re.search(r"substituted from (\d\d)/(\d\d)/(\d{4})", name))
    }
    assert substituted == {w.date for w in cal.worked}
    # and the holidays themselves (not their observed days) are exactly the ones the data lists
    listed = {d.date for d in cal.days_off if d.reason in ("holiday", "religious")}
    plain = {d for d, name in kz.items() if "observed" not in name and "substituted" not in name}
    assert listed == plain


# --------------------------------------------------------------------------- check rules of the folder
def copy_calendars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The calendars at ``tmp/source``, the working directory being ``tmp``: messages name the files as the
    user gave the source folder (``source/calendars/…``)."""
    shutil.copytree(SOURCE / "calendars", tmp_path / "source" / "calendars")
    monkeypatch.chdir(tmp_path)
    return Path("source")


def test_a_date_listed_twice_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lexpub.services.calendar import check_calendars

    src = copy_calendars(tmp_path, monkeypatch)
    path = src / "calendars" / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - date: 2024-03-08", "  - date: 2024-01-02", 1), encoding="utf-8")
    assert [str(i) for i in check_calendars(src)] == [
        "source/calendars/2024.yaml:23:11: error[duplicate-date]: 2024-01-02 is already listed (line 18)"
    ]


def test_a_stray_file_and_a_missing_year_are_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lexpub.services.calendar import check_calendars

    src = copy_calendars(tmp_path, monkeypatch)
    shutil.copy(src / "calendars" / "2025.yaml", src / "calendars" / "20x5.yaml")
    (src / "calendars" / "2024.yaml").unlink()
    assert [str(i) for i in check_calendars(src)] == [
        "source/calendars/20x5.yaml: error[stray-file]: '20x5.yaml' in calendars/ is not a calendar file "
        "(calendars/YYYY.yaml) and would be ignored",
        "source/calendars: error[calendar-gap]: no calendar for 2024 between 2023 and 2026: a deadline across "
        "that year could not be computed",
    ]


def test_a_calendar_linked_from_outside_the_sources_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_calendars(tmp_path, monkeypatch)
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(src / "calendars" / "2025.yaml", outside)
    (src / "calendars" / "2025.yaml").symlink_to(outside)
    with pytest.raises(InputError) as err:
        load_year(src, 2025)
    assert str(err.value) == (
        "source/calendars/2025.yaml: error[outside-source]: a file outside the source folder (a link out, or ..)"
    )


def test_the_schema_reports_every_problem_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = copy_calendars(tmp_path, monkeypatch)
    path = src / "calendars" / "2023.yaml"
    text = (
        path.read_text(encoding="utf-8")
        .replace("confidence: H", "confidence: X", 1)
        .replace("kind: state", "kind: federal", 1)
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_year(src, 2023)
    lines = str(err.value).splitlines()
    assert len(lines) == 2
    assert re.fullmatch(
        r"source/calendars/2023\.yaml:\d+:\d+: error\[bad-value\]: week\.confidence: 'X' is not allowed here; write one of: H, M, L",
        lines[0],
    )
    assert "error[bad-value]: holidays.0.kind: 'federal' is not allowed here; write one of: state, national" in lines[1]
