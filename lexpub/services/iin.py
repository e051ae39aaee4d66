"""IIN (ЖСН / ИИН) validation: a 12-digit string → a verdict with the reason (domain-kz.md §4).

Digits 1–6 are the birth date YYMMDD, digit 7 the century and sex (1–6), digit 12 the check digit:
c = Σ aᵢ·i mod 11 over the first 11 digits; if c = 10, again with weights 3…11, 1, 2; if c is still
10 the number is never issued (invalid — never "0").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


@dataclass(frozen=True, slots=True)
class IinCheck:
    """The verdict on one IIN: ``ok`` or the reason it is not valid."""

    ok: bool
    reason: str = ""
    birth_date: dt.date | None = None
    sex: str | None = None
    """"male" (odd digit 7) or "female" (even)."""


def check_digit(first11: str) -> int | None:
    """The check digit of 11 digits, or None when both passes give 10 (never issued)."""
    digits = [int(ch) for ch in first11]
    c = sum(a * w for a, w in zip(digits, _W1, strict=True)) % 11
    if c == 10:
        c = sum(a * w for a, w in zip(digits, _W2, strict=True)) % 11
    return None if c == 10 else c


def check_iin(value: str) -> IinCheck:
    """Validate an IIN of a person: format, century digit, real birth date, check digit."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return IinCheck(False, "an IIN is exactly 12 digits")
    century = _CENTURY.get(int(value[6]))
    if century is None:
        return IinCheck(False, f"digit 7 (century and sex) is {value[6]}, not 1–6")
    year, month, day = century + int(value[0:2]), int(value[2:4]), int(value[4:6])
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return IinCheck(False, f"digits 1–6 are not a real birth date ({year:04d}-{month:02d}-{day:02d})")
    expected = check_digit(value[:11])
    if expected is None:
        return IinCheck(False, "check digit undefined: both weight passes give 10, so this IIN is never issued")
    if int(value[11]) != expected:
        return IinCheck(False, f"check digit is {value[11]}, the checksum gives {expected}")
    return IinCheck(True, "", born, "male" if int(value[6]) % 2 else "female")
