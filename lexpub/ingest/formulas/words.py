"""The closed word tables the grammar's terminals stand for: unit stems and ordinal numerals."""

from __future__ import annotations

from lexpub.ingest.formulas.model import TargetKind

KK_STEMS: tuple[tuple[str, TargetKind], ...] = (
    ("тармақша", "subparagraph"),
    ("тармақ", "paragraph"),
    ("тармағ", "paragraph"),
    ("бап", "article"),
    ("баб", "article"),
    ("бөлік", "part"),
    ("бөліг", "part"),
    ("бөлім", "section"),
    ("абзац", "indent"),
    ("тарау", "chapter"),
    ("қосымша", "appendix"),
    ("тақырып", "heading"),
    ("тақырыб", "heading"),
    ("атау", "heading"),
    ("мәтін", "text"),
    ("кіріспе", "preamble"),
)

RU_STEMS: tuple[tuple[str, TargetKind], ...] = (
    ("подпункт", "subparagraph"),
    ("пункт", "paragraph"),
    ("стат", "article"),
    ("глав", "chapter"),
    ("раздел", "section"),
    ("част", "part"),
    ("абзац", "indent"),
    ("приложени", "appendix"),
    ("заголов", "heading"),
    ("назван", "heading"),
    ("преамбул", "preamble"),
)

KK_UNITS = ("бірінші", "екінші", "үшінші", "төртінші", "бесінші", "алтыншы", "жетінші", "сегізінші", "тоғызыншы")
KK_TENS_ORD = {"оныншы": 10, "жиырмасыншы": 20, "отызыншы": 30, "қырқыншы": 40, "елуінші": 50}
KK_TENS = {"он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50}

RU_STEM_ORD = (
    ("одиннадцат", 11),
    ("двенадцат", 12),
    ("тринадцат", 13),
    ("четырнадцат", 14),
    ("пятнадцат", 15),
    ("шестнадцат", 16),
    ("семнадцат", 17),
    ("восемнадцат", 18),
    ("девятнадцат", 19),
    ("двадцат", 20),
    ("тридцат", 30),
    ("сороков", 40),
    ("перв", 1),
    ("втор", 2),
    ("трет", 3),
    ("четверт", 4),
    ("пят", 5),
    ("шест", 6),
    ("седьм", 7),
    ("восьм", 8),
    ("девят", 9),
    ("десят", 10),
)
RU_TENS = {"двадцать": 20, "тридцать": 30, "сорок": 40}


def unit_kind(word: str, stems: tuple[tuple[str, TargetKind], ...]) -> TargetKind:
    """The unit kind a noun form names; the grammar only lets through forms of the table."""
    for stem, kind in stems:
        if word.startswith(stem):
            return kind
    raise ValueError(word)


def kk_ordinal(text: str) -> int:
    """«екінші» → 2, «он бірінші» → 11, «жиырмасыншы» → 20."""
    words = text.split()
    tens = KK_TENS[words[0]] if len(words) == 2 else 0
    last = words[-1]
    if last in KK_TENS_ORD:
        return tens + KK_TENS_ORD[last]
    return tens + KK_UNITS.index(last) + 1


def ru_ordinal(text: str) -> int:
    """«одиннадцатый» → 11, «второй» → 2, «двадцать первого» → 21."""
    words = text.split()
    tens = RU_TENS[words[0]] if len(words) == 2 else 0
    for stem, value in RU_STEM_ORD:
        if words[-1].startswith(stem):
            return tens + value
    raise ValueError(text)
