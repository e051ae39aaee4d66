"""A value's image drawn by lexpub: only opaque black-and-white or grey PNG data URIs, their own pixels,
placed where WeasyPrint would place them (the whole page is compared in ``test_formfill.py``)."""

from __future__ import annotations

import base64
import io

import pikepdf
import pytest
from PIL import Image

from lexpub.services.documents import stampimage
from lexpub.services.documents.document import qr_uri


def png_uri(im: Image.Image, **save: object) -> str:
    buf = io.BytesIO()
    im.save(buf, format="PNG", **save)
    return stampimage.PNG_URI + base64.b64encode(buf.getvalue()).decode()


def test_a_qr_code_is_decoded_to_its_modules() -> None:
    got = stampimage.decode(qr_uri("https://mod.gov.kz/lexpub/verify/#ED01-C209-A8AC-685F"))
    assert got is not None
    assert got.width == got.height == 33 + 4  # version 4 is 33 modules, two light modules around
    assert set(got.grey) == {0, 255}
    assert got.grey[: got.width] == b"\xff" * got.width  # the quiet zone
    row = got.grey[2 * got.width : 3 * got.width]
    assert row[2:9] == b"\x00" * 7  # the top edge of the finder pattern


@pytest.mark.parametrize(
    "src",
    [
        "data:image/jpeg;base64,AAAA",
        "https://example.org/qr.png",
        stampimage.PNG_URI + "not base64!",
        stampimage.PNG_URI + base64.b64encode(b"\x89PNG\r\n\x1a\n broken").decode(),
        png_uri(Image.new("RGB", (4, 4), (200, 0, 0))),  # colour: laid out by WeasyPrint
        png_uri(Image.new("LA", (4, 4), (0, 128))),  # alpha
        png_uri(Image.new("L", (4, 4), 0), transparency=0),  # a transparent grey
        png_uri(Image.new("1", (600, 600), 1)),  # far larger than a QR code
    ],
)
def test_anything_else_is_left_to_weasyprint(src: str) -> None:
    assert stampimage.decode(src) is None


def test_the_image_is_drawn_at_its_box_without_smoothing() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595.27559, 841.88976))
    page = pdf.pages[0]
    raster = stampimage.Raster(2, 1, b"\x00\xff")
    stampimage.draw(pdf, page, raster, (100.0, 40.0, 20.0, 10.0))
    stampimage.draw(pdf, page, raster, (0.0, 0.0, 20.0, 10.0))  # the same pixels: one image resource
    images = dict(page.Resources.XObject.items())
    assert list(images) == [raster.name]
    image = images[raster.name]
    assert image.Interpolate is False and image.ColorSpace == pikepdf.Name.DeviceGray
    assert image.read_bytes() == b"\x00\xff"
    cms = [[float(x) for x in args] for args, op in pikepdf.parse_content_stream(page) if str(op) == "cm"]
    # CSS pixels from the top left → points from the bottom left, 0.75 pt a pixel; the last drawn first
    assert cms[0] == pytest.approx([15.0, 0, 0, 7.5, 0.0, 841.88976 - 7.5])
    assert cms[1] == pytest.approx([15.0, 0, 0, 7.5, 75.0, 841.88976 - 30.0 - 7.5])
