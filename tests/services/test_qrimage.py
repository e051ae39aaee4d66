"""The QR image made from the module matrix: segno's own PNG byte for byte (so a document laid out in
full keeps its bytes), and the pixels Pillow decodes from it (so a stamped page keeps its raster)."""

from __future__ import annotations

import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from lexpub.services.documents import qrimage, stampimage

TEXTS = [
    "https://mod.gov.kz/lexpub/verify/#ED01-C209-A8AC-685F",
    "certificate:B-C-00001:ABCD-EF01-2345-6789",
    "a",
    "Қазақстан Республикасы Қорғаныс министрлігі " * 8,  # version ≥ 7: version blocks, width not a multiple of 8
] + [f"verify:{k}" for k in range(60)]


def _same(text: str) -> None:
    uri, pixels = qrimage.image(text)
    assert uri == segno.make(text, error="m", micro=False).png_data_uri(scale=1, border=2)
    assert stampimage.decode(uri) == pixels


def test_certificate_texts_give_segnos_png_and_its_pixels() -> None:
    widths = set()
    for text in TEXTS:
        _same(text)
        widths.add(qrimage.image(text)[1].width % 8)
    assert widths == {1, 5}  # QR sides are 4k + 1 (+ 4 border): rows padded to a byte both ways


def test_the_pixels_are_the_modules_with_a_light_border() -> None:
    code = segno.make(TEXTS[0], error="m", micro=False)
    _, pixels = qrimage.image(TEXTS[0])
    side = len(code.matrix) + 2 * qrimage.BORDER
    assert (pixels.width, pixels.height) == (side, side)
    rows = [pixels.grey[i * side : (i + 1) * side] for i in range(side)]
    assert rows[0] == rows[1] == rows[-1] == b"\xff" * side
    assert all(row[:2] == row[-2:] == b"\xff\xff" for row in rows)
    assert [row[2:-2] for row in rows[2:-2]] == [bytes(255 * (1 - m) for m in line) for line in code.matrix]


@settings(max_examples=120, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_text_gives_segnos_png_and_its_pixels(text: str) -> None:
    _same(text)
