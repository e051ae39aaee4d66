"""A phone number in a text is kept on one line; the search for it is skipped only where it cannot match."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lexpub.render.markup import PHONE, inline, may_hold_phone

PHONE_LIKE = st.text(alphabet="+78 ()-\u00a0012345679абвq*", max_size=40)


@given(PHONE_LIKE)
def test_the_prefilter_never_skips_a_text_the_phone_search_would_match(text: str) -> None:
    assert PHONE.search(text) is None or may_hold_phone(text)


def test_phone_numbers_as_acts_print_them_stay_on_one_line() -> None:
    assert inline("Анықтама телефоны: 8 800 080 7777.") == 'Анықтама телефоны: <span class="nw">8 800 080 7777</span>.'
    assert inline("тел. +7 (7172) 55-00-00") == 'тел. <span class="nw">+7 (7172) 55-00-00</span>'
    assert inline("2023 жылғы 4 қаңтардағы № 2 бұйрық") == "2023 жылғы 4 қаңтардағы № 2 бұйрық"
    assert not may_hold_phone("2023 жылғы 4 қаңтардағы № 2 бұйрық")
