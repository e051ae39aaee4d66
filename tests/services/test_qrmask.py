"""The fast mask choice gives segno's own symbol: same mask, same modules, same PNG (so the PDFs keep their bytes)."""

from __future__ import annotations

import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from lexpub.services.documents import qrmask
from lexpub.services.documents.document import qr_uri

URLS = [f"https://eqyzmet.example.kz/verify/#{i:06d}{'a1b2c3d4' * 3}" for i in range(40)]
"""The shape of a certificate's QR text: the verify page and the code."""


def _same(text: str) -> None:
    want = segno.make(text, error="m", micro=False)
    got = qrmask.make(text, "m")
    assert (got.mask, got.version, got.error) == (want.mask, want.version, want.error)
    assert [bytes(r) for r in got.matrix] == [bytes(r) for r in want.matrix]
    assert got.png_data_uri(scale=1, border=2) == want.png_data_uri(scale=1, border=2)


def test_certificate_texts_get_segnos_symbol() -> None:
    masks = set()
    for text in URLS + [f"certificate:B-C-{i:05d}:{i * 7919:016x}" for i in range(40)]:
        _same(text)
        masks.add(qrmask.make(text, "m").mask)
    assert len(masks) >= 4  # the texts exercise several masks, not one by luck


def test_every_mask_is_chosen_somewhere() -> None:
    """Each of the eight masks wins for some text, and there too the symbols agree (a wrong flip or
    format word for any one mask would be seen)."""
    first: dict[int, str] = {}
    for k in range(2000):
        first.setdefault(segno.make(f"verify:{k}", error="m", micro=False).mask, f"verify:{k}")
    assert set(first) == set(range(8))
    for text in first.values():
        _same(text)


def test_large_versions_with_version_information() -> None:
    _same("Қазақстан Республикасы Қорғаныс министрлігі " * 8)  # version ≥ 7: version blocks


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=180))
def test_any_text_gets_segnos_symbol(text: str) -> None:
    _same(text)


def test_qr_uri_is_segnos_png() -> None:
    text = URLS[3]
    assert qr_uri(text) == segno.make(text, error="m", micro=False).png_data_uri(scale=1, border=2)
