"""Signing issued PDFs: (PDF bytes, signer) → PAdES-signed PDF bytes, with a visible signature field
in the document's e-signature block.

Why pyHanko: PAdES signing is a standard with many traps (byte ranges, CMS attributes, incremental
updates); a well-kept library does it, nothing here is hand-written. The key comes from a PKCS#12
file for tests and small offices; a production key on a PKCS#11 token or an HSM plugs in as another
pyHanko ``Signer`` (:func:`pkcs11_signer`), the rest is unchanged. Signed bytes carry the signing
time, so a signed batch is not byte-identical to an earlier one (unsigned batches are).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from lexpub.errors import InputError, Issue, Loc, kv
from lexpub.render.pdf import font_dir

MM = 72 / 25.4
FIELD = "Signature1"
BOX_MM = (134.0, 22.0, 194.0, 42.0)
"""The signature field on an A4 page (left, bottom, right, top, mm from the lower left corner): the
dashed box of ``templates/documents/esign.html``, laid out at the foot of every document."""


def box() -> tuple[int, int, int, int]:
    left, bottom, right, top = BOX_MM
    return (round(left * MM), round(bottom * MM), round(right * MM), round(top * MM))


def load_signer(p12: Path, password_env: str | None) -> Any:
    """A pyHanko signer from a PKCS#12 file; the password is read from the environment variable
    ``password_env`` (never from the command line, where other users could see it)."""
    from pyhanko.sign import signers

    password = os.environ.get(password_env) if password_env else None
    if password_env and password is None:
        raise InputError(
            Issue(
                Loc("--sign-password-env"),
                "bad-argument",
                f"environment variable {password_env} is not set",
                "bad-argument.env",
                kv(name=password_env),
            )
        )
    if not p12.is_file():
        raise InputError(Issue(Loc(str(p12)), "file-read", "--sign: no such file", "file-read.sign"))
    try:
        signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
            p12, passphrase=password.encode() if password else None
        )
    except Exception as exc:  # noqa: BLE001  pyHanko raises several types for a bad file or password
        raise InputError(
            Issue(
                Loc(str(p12)),
                "sign-key",
                f"cannot read the key: {type(exc).__name__}",
                "sign-key.type",
                kv(why=type(exc).__name__),
            )
        ) from None
    if signer is None:
        raise InputError(
            Issue(Loc(str(p12)), "sign-key", "cannot read the key (wrong password or not PKCS#12)", "sign-key")
        )
    return signer


def pkcs11_signer(module: str, token_label: str, key_label: str, pin: str) -> Any:
    """A signer whose key never leaves a PKCS#11 token or HSM (see docs/services.md)."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session  # needs python-pkcs11

    session = open_pkcs11_session(module, token_criteria=TokenCriteria(label=token_label), user_pin=pin)
    return PKCS11Signer(session, key_label=key_label)


def stamp_style() -> Any:
    """The visible signature: signer and time in PT Serif (Cyrillic and Kazakh letters need a real font)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text="ЭЦҚ / ЭЦП\n%(signer)s\n%(ts)s",
        text_box_style=_text_box(GlyphAccumulatorFactory(str(font_dir() / "PT_Serif-Web-Regular.ttf"))),
        border_width=0,
    )


def _text_box(font: Any) -> Any:
    from pyhanko.pdf_utils.text import TextBoxStyle

    return TextBoxStyle(font=font, font_size=7)


def sign_pdf(data: bytes, signer: Any, reason: str, location: str) -> bytes:
    """``data`` signed (PAdES baseline B) with a visible field in the e-signature block of page 1."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, reason=reason, location=location, subfilter=fields.SigSeedSubFilter.PADES
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, stamp_style=stamp_style(), new_field_spec=fields.SigFieldSpec(FIELD, on_page=0, box=box())
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()
