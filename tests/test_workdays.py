"""Working-day calendar: computed days off against domain-kz.md §3.4, and the deadline arithmetic."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from lexpub.errors import InputError
from lexpub.workdays import Calendar, load_year

SOURCE = Path(__file__).resolve().parents[1] / "source"

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
