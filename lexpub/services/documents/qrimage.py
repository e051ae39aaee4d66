"""A QR code's image straight from its module matrix: the PNG WeasyPrint reads and the pixels lexpub draws.

Input: the text of a document's QR code; output: its PNG data URI (one pixel a module, two light
modules around) and the same image's grey pixels (:class:`.stampimage.Raster`).

Why: segno writes the PNG a module at a time in pure Python, and a stamped page then decoded that
PNG again with Pillow to draw its pixels — an encode and decode round trip per certificate. Here a
row of modules is one ``bytes`` object: ``translate`` turns it into pixels or PNG bits, ``int`` packs
the bits, and zlib compresses. The PNG is byte for byte segno's own (``png_data_uri(scale=1,
border=2)``, tested on many texts), so a document laid out in full keeps its bytes, and the pixels
are those Pillow decodes from it, so a stamped page keeps its raster.
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Sequence

from lexpub.services.documents import qrmask
from lexpub.services.documents.stampimage import PNG_URI, Raster

BORDER = 2
"""Light modules around the symbol (the quiet zone as the certificate prints it)."""
_GREY = bytes.maketrans(b"\x00\x01", b"\xff\x00")
"""A module (1 dark, 0 light) → its grey pixel (0 black, 255 white)."""
_BIT = bytes.maketrans(b"\x00\x01", b"10")
"""A module → its PNG bit as a digit: segno's greyscale palette is (black, white), so a light module is 1."""


def _chunk(name: bytes, data: bytes) -> bytes:
    head = name + data
    return struct.pack(">I", len(data)) + head + struct.pack(">I", zlib.crc32(head))


def png(rows: Sequence[bytes], width: int) -> bytes:
    """A 1-bit greyscale PNG of ``rows`` (each ``width`` modules, bordered), as segno writes it:
    filter 0 on every scanline, the last byte of a row padded with zero bits, zlib level 9."""
    pad = -width % 8
    size = (width + pad) // 8
    idat = b"".join(b"\x00" + (int(row.translate(_BIT), 2) << pad).to_bytes(size, "big") for row in rows)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">2I5B", width, len(rows), 1, 0, 0, 0, 0)),
            _chunk(b"IDAT", zlib.compress(idat, 9)),
            _chunk(b"IEND", b""),
        )
    )


def image(text: str) -> tuple[str, Raster]:
    """The PNG data URI of the QR code of ``text`` (error level M, the standard's mask) and its pixels."""
    matrix = qrmask.make(text, "m").matrix
    width = len(matrix) + 2 * BORDER
    light = b"\x00" * width
    side = b"\x00" * BORDER
    rows = [light] * BORDER + [side + bytes(row) + side for row in matrix] + [light] * BORDER
    uri = PNG_URI + base64.b64encode(png(rows, width)).decode("ascii")
    return uri, Raster(width, len(rows), b"".join(row.translate(_GREY) for row in rows))
