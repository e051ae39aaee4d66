"""IIN checks on the synthetic examples of domain-kz.md §4 (never the public real-looking ones)."""

from __future__ import annotations

import datetime as dt

import pytest

from lexpub.services.iin import check_digit, check_iin


@pytest.mark.parametrize(
    ("iin", "born", "sex"),
    [
        ("850101310002", dt.date(1985, 1, 1), "male"),
        ("991231404568", dt.date(1999, 12, 31), "female"),
        ("000515501239", dt.date(2000, 5, 15), "male"),
        ("040229607891", dt.date(2004, 2, 29), "female"),
        ("850101300603", dt.date(1985, 1, 1), "male"),
    ],
)
def test_valid(iin: str, born: dt.date, sex: str) -> None:
    got = check_iin(iin)
    assert got.ok, got.reason
    assert (got.birth_date, got.sex) == (born, sex)


def test_second_pass() -> None:
    assert check_digit("85010130060") == 3


def test_never_issued_is_invalid_for_every_last_digit() -> None:
    assert check_digit("85010130069") is None
    for last in "0123456789":
        got = check_iin("85010130069" + last)
        assert not got.ok and "never issued" in got.reason


def test_wrong_check_digit() -> None:
    got = check_iin("850808310730")
    assert not got.ok and got.reason == "check digit is 0, the checksum gives 8"
    assert check_iin("850808310738").ok


@pytest.mark.parametrize(
    ("iin", "reason"),
    [
        ("85010131000", "exactly 12 digits"),
        ("8501013100021", "exactly 12 digits"),
        ("85010131000a", "exactly 12 digits"),
        ("８５０１０１３１０００２", "exactly 12 digits"),
        ("850101710002", "digit 7"),
        ("850101010002", "digit 7"),
        ("050229600000", "not a real birth date (2005-02-29)"),
        ("851301310002", "not a real birth date"),
    ],
)
def test_invalid(iin: str, reason: str) -> None:
    got = check_iin(iin)
    assert not got.ok and reason in got.reason
