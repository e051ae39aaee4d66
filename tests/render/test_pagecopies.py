"""A page copied with other texts (:mod:`lexpub.render.pagecopies`) is the page WeasyPrint lays out
for those texts: the same boxes where they were, and the same PDF, byte for byte."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexpub.render.pagecopies import PageCopies, plain
from lexpub.render.pdf import layout, layout_parts, write_pdf

STYLE = """
@page { size: A4; margin: 0; @top-center { content: none; border: none; } @bottom-center { content: none; } }
[data-slot] { position: absolute; margin: 0; padding: 0; border: 0; }
[data-slot="name"] { left: 337.4px; top: 251.2px; width: 387.8px; font-size: 14px; font-weight: 700; line-height: 1.25; }
[data-slot="number"] { left: 208.3px; top: 189.0px; width: 399.7px; font-size: 18.7px; font-weight: 700;
  line-height: 1.25; text-align: center; white-space: nowrap; }
[data-slot="verify"] { left: 91.1px; top: 538.1px; width: 634.1px; font-size: 12px; line-height: 1.25;
  background: #eee; }
"""
KEYS = ("name", "number", "verify")
FIRST = {
    "name": "Әлібеков Нұрсұлтан Асқарұлы",
    "number": "№\xa0B-C-00001",
    "verify": "Тексеру коды: ED3E-1A0A-A344-FAD9 (құжаттың мазмұнынан және келтірілген құқықтық нормалардың "
    "мәтінінен есептелген).",
}


def page_html(texts: dict[str, str]) -> str:
    divs = "\n".join(f'<div data-slot="{k}">{escape(texts[k])}</div>' for k in KEYS)
    return (
        f'<!DOCTYPE html><html lang="kk"><head><meta charset="utf-8"><title>t</title><style>{STYLE}</style></head>'
        f"<body><section>{divs}</section></body></html>"
    )


@pytest.fixture(scope="module")
def copies() -> PageCopies:
    made = PageCopies.of(page_html(FIRST), title="t", lang="kk", attr="data-slot", texts=FIRST)
    assert made is not None
    return made


def boxes(box: Any, out: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Every box of a laid-out page: its kind, place, size, baseline and text."""
    box = getattr(box, "_box", box)
    out.append(
        (
            type(box).__name__,
            box.position_x,
            box.position_y,
            box.width,
            box.height,
            getattr(box, "baseline", None),
            getattr(box, "text", None),
        )
    )
    for child in getattr(box, "children", ()):
        boxes(child, out)
    return out


def test_layout_parts_is_layout(copies: PageCopies) -> None:
    html = page_html(FIRST)
    assert write_pdf(layout_parts(html, title="t", lang="kk")[0]) == write_pdf(layout(html, title="t", lang="kk"))


def test_the_real_texts_of_another_certificate(copies: PageCopies) -> None:
    other = {
        "name": "Қасымов Тимур Бекұлы",
        "number": "№\xa0B-C-00002",
        "verify": "Тексеру коды: DEBE-51DF-6D21-2761 (құжаттың мазмұнынан және келтірілген құқықтық нормалардың "
        "мәтінінен есептелген).",
    }
    page = copies.with_texts(other)
    full = layout(page_html(other), title="t", lang="kk")
    assert boxes(page._page_box, []) == boxes(full.pages[0]._page_box, [])
    assert write_pdf(copies.pdf_document([page])) == write_pdf(full)


LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБВҒҚӘӨҰҮІЯ0123456789-.,()№«»–"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=14)
TEXT = st.lists(WORD, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(name=TEXT, number=WORD, verify=TEXT)
def test_any_plain_texts_lay_out_as_weasyprint_lays_them_out(
    copies: PageCopies, name: str, number: str, verify: str
) -> None:
    texts = {"name": name, "number": number, "verify": verify}
    page = copies.with_texts(texts)
    full = layout(page_html(texts), title="t", lang="kk")
    assert boxes(page._page_box, []) == boxes(full.pages[0]._page_box, [])
    assert write_pdf(copies.pdf_document([page])) == write_pdf(full)


@pytest.mark.parametrize(
    "text",
    ["two  spaces", " leading", "trailing ", "a\ttab", "a\nline", "", "a\r\nb"],
)
def test_a_text_white_space_processing_would_change_is_not_copied(copies: PageCopies, text: str) -> None:
    assert not plain(text)
    assert copies.with_texts({**FIRST, "name": text}) is None
    assert (
        PageCopies.of(
            page_html({**FIRST, "name": text}), title="t", lang="kk", attr="data-slot", texts={**FIRST, "name": text}
        )
        is None
    )


def test_a_missing_or_unknown_key_is_not_copied(copies: PageCopies) -> None:
    assert copies.with_texts({k: v for k, v in FIRST.items() if k != "name"}) is None
    assert copies.with_texts({**FIRST, "other": "x"}) is None


def test_a_page_whose_text_is_not_as_given_or_not_one_text_is_refused() -> None:
    assert PageCopies.of(page_html(FIRST), title="t", lang="kk", attr="data-slot", texts={**FIRST, "name": "x"}) is None
    marked = page_html(FIRST).replace(escape(FIRST["name"]), "<b>Әлібеков</b> Нұрсұлтан")
    assert PageCopies.of(marked, title="t", lang="kk", attr="data-slot", texts=FIRST) is None


def slot_boxes(box: Any, out: dict[str, list[Any]]) -> dict[str, list[Any]]:
    for child in getattr(box, "children", ()):
        inner = getattr(child, "_box", child)
        key = inner.element.get("data-slot") if getattr(inner, "element", None) is not None else None
        if key:
            out.setdefault(key, []).append(inner)
        else:
            slot_boxes(inner, out)
    return out


def test_pages_sharing_a_text_share_its_block_and_print_as_their_own_layouts(copies: PageCopies) -> None:
    """A cohort's date or specialty is laid out once and drawn on every page that has it."""
    a = {**FIRST, "number": "№\xa0B-C-00007", "name": "Омаров Ерлан Серікұлы"}
    b = {**FIRST, "number": "№\xa0B-C-00008", "name": "Қасымов Тимур Бекұлы"}
    pa, pb, again = copies.with_texts(a), copies.with_texts(b), copies.with_texts(a)
    ka, kb, kc = (slot_boxes(p._page_box, {}) for p in (pa, pb, again))
    assert ka["verify"][0] is kb["verify"][0], "the same text: one block"
    assert ka["name"][0] is not kb["name"][0] and ka["name"][0] is kc["name"][0]
    fa, fb = layout(page_html(a), title="t", lang="kk"), layout(page_html(b), title="t", lang="kk")
    together = write_pdf(copies.pdf_document([pa, pb, again]))
    assert together == write_pdf(fa.copy([fa.pages[0], fb.pages[0], fa.pages[0]]))
