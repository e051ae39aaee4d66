"""Russian ordinal words for units that carry no number of their own («часть вторая», «абзац третий»).

Kazakh and Russian acts name an unnumbered part by its count; Russian says it in words that agree with
the noun in gender and case («части второй пункта 3», «Часть вторая утратила силу»), never «часть 2»
(which names a part numbered «2.»). One table, used by the notes, the reader's unit names and the
importer's formula generator alike.
"""

from __future__ import annotations

STEMS = (
    "перв", "втор", "трет", "четверт", "пят", "шест", "седьм", "восьм", "девят", "десят",
    "одиннадцат", "двенадцат", "тринадцат", "четырнадцат", "пятнадцат", "шестнадцат", "семнадцат",
    "восемнадцат", "девятнадцат", "двадцат",
)  # fmt: skip
_END = {
    "m": {"nom": "ый", "acc": "ый", "gen": "ого", "loc": "ом", "ins": "ым"},
    "f": {"nom": "ая", "acc": "ую", "gen": "ой", "loc": "ой", "ins": "ой"},
}
_SOFT = {
    "m": {"nom": "ий", "acc": "ий", "gen": "ьего", "loc": "ьем", "ins": "ьим"},
    "f": {"nom": "ья", "acc": "ью", "gen": "ьей", "loc": "ьей", "ins": "ьей"},
}
_STRESSED = {"втор", "шест", "седьм", "восьм"}

CATALOGUE_CASE = {"nom": "nom", "dat": "acc", "gen": "gen", "loc": "loc", "instr": "ins"}
"""The Russian catalogue's case keys → grammatical cases (its ``dat`` forms are the accusative a formula
governs: «статью 3», «часть вторую»)."""


def ru_ordinal_word(n: int, gender: str, case: str) -> str | None:
    """«вторая», «третьей», «одиннадцатый»; None beyond the table (the caller says the number instead)."""
    if not 1 <= n <= len(STEMS) or gender not in _END or case not in _END[gender]:
        return None
    stem = STEMS[n - 1]
    if stem == "трет":
        return stem + _SOFT[gender][case]
    if stem in _STRESSED and case in ("nom", "acc") and gender == "m":
        return stem + "ой"
    return stem + _END[gender][case]
