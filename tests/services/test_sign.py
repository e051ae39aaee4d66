"""Signing issued PDFs (PAdES, pyHanko): a throwaway key and certificate made here, the certificates of a
batch signed through ``lexpub issue --sign``, each verified by pyHanko's validator and by poppler's
``pdfsig``; the visible field sits in the document's e-signature block."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
PASSWORD = "test-only-секрет"


def make_p12(tmp: Path) -> tuple[Path, bytes]:
    """A self-signed RSA key and certificate as a PKCS#12 file; the certificate's DER for trust."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Тестов Тест (test key)")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(key, hashes.SHA256())
    )
    path = tmp / "test.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"test", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())
        )
    )
    return path, cert.public_bytes(serialization.Encoding.DER)


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, int, str]:
    tmp = tmp_path_factory.mktemp("sign")
    p12, cert = make_p12(tmp)
    out = tmp / "out"
    r = CliRunner(env={"LEXPUB_TEST_PW": PASSWORD}).invoke(
        main,
        [
            "issue", "certificate", "--data", str(SOURCE / "samples" / "certificates.csv"), "--out", str(out),
            "--text", "latest", "--issuer", "astana-ddo-sample", "--sign", str(p12),
            "--sign-password-env", "LEXPUB_TEST_PW", "--source", str(SOURCE),
        ],
    )  # fmt: skip
    return out, cert, r.exit_code, r.output + (r.stderr if r.stderr_bytes else "")


def pdfs(out: Path) -> list[Path]:
    return sorted(out.rglob("*.pdf"))


def test_every_certificate_is_signed_and_pyhanko_validates_it(signed: tuple[Path, bytes, int, str]) -> None:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    out, cert, code, output = signed
    assert code == 0, output
    files = pdfs(out)
    assert len(files) == 4
    trust = ValidationContext(trust_roots=[asn1_x509.Certificate.load(cert)])
    for path in files:
        with path.open("rb") as fh:
            reader = PdfFileReader(fh)
            assert len(reader.embedded_signatures) == 1, path
            sig = reader.embedded_signatures[0]
            assert sig.field_name == "Signature1"
            status = validate_pdf_signature(sig, trust)
            assert status.intact and status.valid and status.trusted, (path, status.pretty_print_details())
            assert status.coverage.name == "ENTIRE_FILE"


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) is not installed")
def test_pdfsig_reports_the_signature_valid(signed: tuple[Path, bytes, int, str]) -> None:
    out, _, code, output = signed
    assert code == 0, output
    for path in pdfs(out):
        got = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
        assert "Signature is Valid." in got.stdout, (path, got.stdout, got.stderr)
        assert "Signer Certificate Common Name: Тестов Тест (test key)" in got.stdout


def test_the_visible_field_lies_in_the_signature_block(signed: tuple[Path, bytes, int, str]) -> None:
    """The field's rectangle is the dashed box of the e-signature block: right of the signer's lines,
    above the page's bottom margin."""
    import pikepdf

    from lexpub.services.documents.sign import box

    out, _, _, _ = signed
    for path in pdfs(out):
        with pikepdf.open(path) as pdf:
            annots = [a for a in pdf.pages[0].get("/Annots", []) if a.get("/FT") == "/Sig"]
            assert len(annots) == 1
            rect = [round(float(x)) for x in annots[0].Rect]
            assert rect == list(box())
            assert annots[0].get("/AP") is not None  # visible: it has an appearance


def test_wrong_password_or_missing_variable_is_an_input_error(tmp_path: Path) -> None:
    p12, _ = make_p12(tmp_path)
    base = ["issue", "certificate", "--data", str(SOURCE / "samples" / "certificates.csv"), "--text", "latest"]
    base += ["--issuer", "astana-ddo-sample", "--sign", str(p12), "--source", str(SOURCE)]
    r = CliRunner(env={"PW": "wrong"}).invoke(main, [*base, "--out", str(tmp_path / "a"), "--sign-password-env", "PW"])
    assert r.exit_code == 2 and "error[sign-key]" in r.stderr
    assert not (tmp_path / "a").exists()
    r = CliRunner(env={}).invoke(main, [*base, "--out", str(tmp_path / "b"), "--sign-password-env", "NO_SUCH_VAR_X"])
    assert r.exit_code == 2 and "environment variable NO_SUCH_VAR_X is not set" in r.stderr
    assert not (tmp_path / "b").exists()


def test_sign_with_html_is_refused(tmp_path: Path) -> None:
    p12, _ = make_p12(tmp_path)
    r = CliRunner(env={"PW": PASSWORD}).invoke(
        main,
        ["issue", "certificate", "--data", str(SOURCE / "samples" / "certificates.csv"), "--format", "html",
         "--text", "latest", "--issuer", "astana-ddo-sample", "--sign", str(p12), "--sign-password-env", "PW",
         "--out", str(tmp_path / "o"), "--source", str(SOURCE)],
    )  # fmt: skip
    assert r.exit_code == 2 and "--sign: error[bad-argument]: --sign signs PDFs" in r.stderr
    assert not (tmp_path / "o").exists()
