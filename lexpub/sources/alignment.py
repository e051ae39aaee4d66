"""The alignment gate: the Kazakh and Russian texts of one unit state the same facts.

Both expressions of a work share one unit tree (the source format holds one tree with a text per
language), so tree and numbering align by construction; what can still drift is the words. A
translation may reorder and reword, but the numbers, dates, amounts, registration numbers and cited
act numbers of a unit must be the same multiset in both languages.
"""

from __future__ import annotations

import re
from collections import Counter

from lexpub.model.values import Lang

_KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан")  # fmt: skip
_RU_MONTHS = ("январ", "феврал", "март", "апрел", "ма[йя]", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")  # fmt: skip
_KK_DATE = re.compile(rf"(\d{{4}}) жылғы (\d{{1,2}}) ({'|'.join(_KK_MONTHS)})\w*")
_RU_DATE = re.compile(rf"(\d{{1,2}}) ({'|'.join(_RU_MONTHS)})\w* (\d{{4}})")
_SHORT_DATE = re.compile(r"\b(\d{2})\.(\d{2})\.(\d{4})\b")
_NUMBER = re.compile(r"\d+(?:[  ]\d{3})*(?:[.,]\d+)*(?:-\d+)*")


def _month(word: str, table: tuple[str, ...]) -> int:
    return next(i for i, stem in enumerate(table, 1) if re.fullmatch(stem, word))


def facts(text: str, lang: Lang) -> Counter[str]:
    """Dates (as YYYY-MM-DD, whatever their wording), then every other number as written without spaces."""
    found: Counter[str] = Counter()

    def kk(m: re.Match[str]) -> str:
        found[f"{m.group(1)}-{_month(m.group(3), _KK_MONTHS):02d}-{int(m.group(2)):02d}"] += 1
        return " "

    def ru(m: re.Match[str]) -> str:
        found[f"{m.group(3)}-{_month(m.group(2), _RU_MONTHS):02d}-{int(m.group(1)):02d}"] += 1
        return " "

    def short(m: re.Match[str]) -> str:
        found[f"{m.group(3)}-{m.group(2)}-{m.group(1)}"] += 1
        return " "

    rest = _SHORT_DATE.sub(short, text)
    rest = _KK_DATE.sub(kk, rest) if lang == "kaz" else _RU_DATE.sub(ru, rest)
    for m in _NUMBER.finditer(rest):
        found[re.sub(r"[  ]", "", m.group(0))] += 1
    return found


def misaligned(kaz: str, rus: str) -> str | None:
    """Why the two texts of one unit do not state the same facts, or None when they do."""
    a, b = facts(kaz, "kaz"), facts(rus, "rus")
    if a == b:
        return None
    only_kaz = sorted((a - b).elements())
    only_rus = sorted((b - a).elements())
    parts = []
    if only_kaz:
        parts.append(f"only the kaz text has {', '.join(only_kaz)}")
    if only_rus:
        parts.append(f"only the rus text has {', '.join(only_rus)}")
    return "; ".join(parts)
