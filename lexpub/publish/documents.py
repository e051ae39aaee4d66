"""Writing a batch of citizen documents: the batch's bytes (:mod:`lexpub.services.documents.batch`)
→ an output folder, replaced atomically, with the PDFs signed when a key is given.

Why here: services compute, the publish layer writes. The folder is replaced only if it is empty or
an earlier ``lexpub issue`` output (its ``manifest.json`` says ``"kind"``); its register of codes is
carried over and this batch's codes appended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lexpub.errors import InputError, Issue, Loc
from lexpub.model.core import Corpus
from lexpub.model.values import Lang
from lexpub.publish.atomic import claim_folder, staged_dir, write_bytes
from lexpub.services.documents.batch import issue_batch, outputs, site_url
from lexpub.services.documents.document import Kind
from lexpub.services.documents.jobs import Options
from lexpub.services.documents.legal import BatchLaw, TextMode
from lexpub.services.documents.providers import require
from lexpub.services.documents.report import bad_issues, flag_issues, summary


@dataclass(frozen=True, slots=True)
class Signing:
    """The key a batch is signed with: a PKCS#12 file and the environment variable of its password."""

    p12: Path
    password_env: str | None


def check_out(out: Path) -> bytes:
    """Refuse a folder that is not ours (a file, a build folder, foreign files); return the register of
    codes it holds (or nothing). Called before any record is read, so a refusal costs nothing."""
    if not out.exists():
        return b""
    if not out.is_dir():
        raise InputError(
            Issue(
                Loc(str(out)),
                "out-not-ours",
                "--out is a file, not an output folder of lexpub issue",
                "out-not-ours.issue",
            )
        )
    claim_folder(out.resolve(), "issue")
    register = out / "register.txt"
    return register.read_bytes() if register.is_file() else b""


def write_out(out: Path, files: dict[str, bytes]) -> None:
    """Replace ``out`` atomically with ``files``."""
    with staged_dir(out, kind="issue") as stage:
        for rel, data in sorted(files.items()):
            write_bytes(stage / rel, data)


def sign_all(files: dict[str, bytes], signer: Any, reason: str) -> dict[str, bytes]:
    from lexpub.services.documents.sign import sign_pdf

    return {rel: sign_pdf(data, signer, reason, "") if rel.endswith(".pdf") else data for rel, data in files.items()}


def issue(
    corpus: Corpus,
    source: Path,
    kind: Kind,
    data: Path,
    out: Path,
    langs: tuple[Lang, ...],
    fmt: str,
    issued: dt.date | None,
    text: TextMode,
    *,
    issuer: str | None = None,
    signing: Signing | None = None,
    accept_late: str | None = None,
    preview: bool = False,
    workers: int | None = None,
) -> tuple[str, list[Issue]]:
    """Issue the good records into ``out`` (PDFs on ``workers`` processes, default the cores); return
    the summary line and the issues that make exit 2."""
    if signing is not None and fmt != "pdf":
        raise InputError(
            Issue(Loc("--sign"), "bad-argument", "--sign signs PDFs: use it with --format pdf", "bad-argument.sign")
        )
    register = check_out(out)
    signer = None
    if signing is not None:  # the key is read first: a wrong password fails before any work
        from lexpub.services.documents.sign import load_signer

        signer = load_signer(signing.p12, signing.password_env)
    law = BatchLaw(corpus, source, text)
    require(law.providers, issuer)
    opts = Options(issued, langs, issuer, False, site_url(source), accept_late, preview)
    batch, files = issue_batch(law, kind, data, opts, fmt, workers)
    if signer is not None:
        files = sign_all(files, signer, kind)
    write_out(out, outputs(batch, files, kind, data.name, law, opts, register))
    line = summary(batch, langs[0] if len(langs) == 1 else "rus")
    return line, bad_issues(batch.bad, str(data)) + flag_issues(batch, str(data), accept_late is not None)
