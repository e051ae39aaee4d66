"""Normalising what real official texts carry, on real Adilet lines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lexpub.ingest.normalise import indented, line

# adilet.zan.kz/kaz/docs/P060000777_ (Government Decree No. 777 of 17.08.2006), as Adilet serves it:
# Latin «i» inside Kazakh words, «N» for «№», the six-space indent.
ADILET = (
    '      "Қазақстан Республикасының Қарулы Күштерiнде, басқа да әскерлерi мен әскери құралымдарында '
    'әскери қызмет өткеру ережелерiн бекiту туралы" Қазақстан Республикасы Президентiнiң 2006 жылғы '
    "25 мамырдағы N 124 Жарлығына сәйкес"
)


def test_adilet_line_is_normalised() -> None:
    assert indented(ADILET)
    assert line(ADILET) == (
        '"Қазақстан Республикасының Қарулы Күштерінде, басқа да әскерлері мен әскери құралымдарында '
        'әскери қызмет өткеру ережелерін бекіту туралы" Қазақстан Республикасы Президентінің 2006 жылғы '
        "25 мамырдағы № 124 Жарлығына сәйкес"
    )


def test_quotes_spaces_and_dashes() -> None:
    assert line("«Азаматтарға арналған үкімет»\u00a0мемлекеттік корпорациясы") == (
        '"Азаматтарға арналған үкімет" мемлекеттік корпорациясы'
    )
    assert line("бірінші орынбасары - Қазақстан") == "бірінші орынбасары – Қазақстан"
    assert line("Ұйымдастыру-жұмылдыру") == "Ұйымдастыру-жұмылдыру"  # a hyphen inside a word stays
    assert line("www.mod.gov.kz интернет-ресурсында") == "www.mod.gov.kz интернет-ресурсында"  # Latin words keep i
    assert line("Министр обороны Республики Казахстан", kazakh=False) == "Министр обороны Республики Казахстан"


@given(st.text(alphabet='абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі iə«»“”„"-–— \u00a0N0123456789.', max_size=60))
def test_normalising_twice_changes_nothing(text: str) -> None:
    assert line(line(text)) == line(text)
