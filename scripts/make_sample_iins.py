"""Make synthetic IINs for the sample applicants: birth date + sex + a serial → a checksum-valid IIN.

Usage: ``python scripts/make_sample_iins.py 2004-03-15:M 2005-11-02:F ...`` prints one IIN per
argument. The serial starts at 9000 (well away from low numbers) and is increased until the check
digit is defined (domain-kz.md §4). These numbers are computed, never copied from anywhere.
"""

from __future__ import annotations

import datetime as dt
import sys

from lexpub.services.iin import check_digit, check_iin


def make(born: dt.date, sex: str, serial: int = 9000) -> str:
    century = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + (1 if sex == "F" else 0)
    while True:
        first11 = f"{born:%y%m%d}{century}{serial:04d}"
        digit = check_digit(first11)
        if digit is not None:
            iin = first11 + str(digit)
            assert check_iin(iin).ok
            return iin
        serial += 1


def main(args: list[str]) -> None:
    for i, arg in enumerate(args):
        day, _, sex = arg.partition(":")
        print(make(dt.date.fromisoformat(day), sex or "M", 9000 + 17 * i))


if __name__ == "__main__":
    main(sys.argv[1:])
