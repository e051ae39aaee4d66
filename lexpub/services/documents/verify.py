"""The static verify page: verification codes → ``verify/index.html``, ``verify/verify.js`` and the
register ``verify/register.json`` of SHA-256 digests.

Why digests only: the site must hold no personal data; a code typed in or scanned from a QR code
(``SITE_URL/verify/#CODE``) is hashed in the browser and looked up, so the page can say "this code
was issued" without the site ever listing names, IINs or the codes themselves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from lexpub.render.env import TEMPLATES, render

PREFIX = "lexpub-verify:"
"""Hashed before the code, so the register is not a plain table of SHA-256 of codes."""


def digest(code: str) -> str:
    return hashlib.sha256((PREFIX + code.strip().upper()).encode("ascii", "replace")).hexdigest()


def register_json(codes: Iterable[str]) -> bytes:
    body = {"algorithm": "sha256", "prefix": PREFIX, "digests": sorted({digest(c) for c in codes})}
    return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("utf-8")


def codes_of(register: str) -> list[str]:
    """The codes of a register file written by ``lexpub issue`` (first column of each line)."""
    return [line.split("\t", 1)[0] for line in register.splitlines() if line.strip()]


def verify_files(codes: Iterable[str]) -> dict[str, bytes]:
    """The verify page's files, under ``verify/``."""
    return {
        "verify/index.html": render("site/verify.html").encode("utf-8"),
        "verify/verify.js": (TEMPLATES / "static" / "verify.js").read_bytes(),
        "verify/register.json": register_json(codes),
    }
