"""Reproducible DOCX bytes: fixed core properties and fixed zip entry dates, so the same sources give
the same file (the convention of the comparative table's DOCX, :mod:`lexpub.diff.comparative_render`)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def fix_properties(doc: Any, title: str, made: dt.date | None, lang: str) -> None:
    """Core properties from the data, never the clock: dates are the act's (or a fixed day)."""
    props = doc.core_properties
    stamp = dt.datetime.combine(made or dt.date(2000, 1, 1), dt.time())
    props.created = props.modified = props.last_printed = stamp
    props.author = props.last_modified_by = "lexpub"
    props.revision = 1
    props.title = title if len(title) <= 255 else title[:254] + "…"  # Word's limit for a property
    props.language = lang
    props.comments = props.subject = props.keywords = props.category = ""


def saved(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed member timestamps, so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
