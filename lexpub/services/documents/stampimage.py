"""Image values (a certificate's QR code) drawn straight onto a stamped page, not laid out by WeasyPrint.

Input: an image value's ``src`` (a PNG data URI) and the rectangle the form reserved for it; output:
an image XObject drawn on the page of a :mod:`.formfill` PDF.

Why: in the values' layout WeasyPrint parses each QR code's data URI, decodes the PNG with Pillow,
turns it into RGB and writes it again with a PNG predictor: about a tenth of a certificate's time.
Here the PNG's own pixels are written as a grey image, drawn in the form's rectangle without
smoothing (``/Interpolate false``), as WeasyPrint draws ``image-rendering: pixelated`` — so the page
rasterises exactly as its full layout (``tests/services/test_formfill.py`` compares the pixels).
Only opaque black-and-white or grey PNGs are drawn here; any other image is laid out as before.
A QR code's pixels come made with its PNG (:mod:`.qrimage`); any other PNG is decoded here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import zlib
from dataclasses import dataclass
from typing import Any

PNG_URI = "data:image/png;base64,"
MAX_PIXELS = 512 * 512
"""A QR code of version 40 is 177 modules square; anything far larger is not a value's image."""
PX = 0.75
"""PDF points in a CSS pixel (WeasyPrint's unit)."""


@dataclass(frozen=True, slots=True)
class Raster:
    """An image's pixels: ``width`` × ``height`` bytes of grey, row by row."""

    width: int
    height: int
    grey: bytes

    @property
    def name(self) -> str:
        """The image's resource name, from its pixels (so pages of one document never clash and the
        bytes do not depend on the page's place in its chunk)."""
        digest = hashlib.sha256(b"%d %d " % (self.width, self.height) + self.grey).hexdigest()[:24]
        return f"/LexpubImage{digest}"


def decode(src: str) -> Raster | None:
    """The pixels of a PNG data URI if it is an opaque black-and-white or grey image; else None (the
    image is then laid out by WeasyPrint, as any other)."""
    if not src.startswith(PNG_URI):
        return None
    try:
        data = base64.b64decode(src[len(PNG_URI) :], validate=True)
    except (binascii.Error, ValueError):
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.format != "PNG" or im.mode not in ("1", "L") or "transparency" in im.info:
                return None
            if im.width * im.height > MAX_PIXELS:
                return None
            return Raster(im.width, im.height, im.convert("L").tobytes())
    except (OSError, UnidentifiedImageError, ValueError):
        return None


def draw(pdf: Any, page: Any, raster: Raster, box: tuple[float, float, float, float]) -> None:
    """Draw ``raster`` on ``page`` (of ``pdf``) in ``box`` = (left, top, width, height) in CSS pixels
    from the page's top left corner, as WeasyPrint places a replaced element's content box."""
    import pikepdf

    name = raster.name
    xobjects = page.Resources.get("/XObject")
    have = None if xobjects is None else xobjects.get(name)
    if have is None:  # WeasyPrint's pages share one resource dictionary: an image is added once
        image = pikepdf.Stream(pdf, zlib.compress(raster.grey, 9))
        image.Type = pikepdf.Name.XObject
        image.Subtype = pikepdf.Name.Image
        image.Width = raster.width
        image.Height = raster.height
        image.ColorSpace = pikepdf.Name.DeviceGray
        image.BitsPerComponent = 8
        image.Filter = pikepdf.Name.FlateDecode
        image.Interpolate = False
        page.add_resource(image, pikepdf.Name.XObject, pikepdf.Name(name), replace_existing=False)
    left, top, width, height = box
    page_height = float(page.mediabox[3]) - float(page.mediabox[1])
    x, w, h = left * PX, width * PX, height * PX
    y = page_height - top * PX - h
    # prepended: WeasyPrint's own stream leaves its flipped coordinate system in place at its end
    drawing = f"q {w:.6f} 0 0 {h:.6f} {x:.6f} {y:.6f} cm {name} Do Q\n".encode()
    page.contents_add(pikepdf.Stream(pdf, drawing), prepend=True)
