"""Choose the reader by the file's kind: Word by its zip signature, HTML by its markup, else text."""

from __future__ import annotations

from pathlib import Path

from lexpub.ingest.docx import read_docx
from lexpub.ingest.html import read_html
from lexpub.ingest.lines import Line
from lexpub.ingest.plaintext import read_text


def read_any(path: Path, name: str, *, kazakh: bool) -> tuple[Line, ...]:
    with open(path, "rb") as fh:  # only the first bytes, to tell the formats apart
        head = fh.read(512)
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() == ".docx":
        return read_docx(path, name, kazakh=kazakh)
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if path.suffix.lower() in (".html", ".htm") or lowered.startswith((b"<!doctype html", b"<html")):
        return read_html(path, name, kazakh=kazakh)
    return read_text(path, name, kazakh=kazakh)
