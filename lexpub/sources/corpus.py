"""Load a source folder into a validated :class:`~lexpub.model.Corpus` — the one place YAML is read.

Layout: ``issuers.yaml``; ``acts/<id>.yaml``, one work per file, the file stem being its short id.
All problems of all files are collected and raised together (ValidationError, exit status 2).
"""

from __future__ import annotations

import re
from pathlib import Path

from lexpub.consolidate import rules as validate
from lexpub.errors import Issue, Loc, SourceError, ValidationError
from lexpub.model import commence
from lexpub.model.core import Amendment, Corpus, Work
from lexpub.sources import schema as shape
from lexpub.sources.acts import Parser, parse_issuers
from lexpub.sources.yamlfile import load

WORK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def display(path: Path, base: Path) -> str:
    """Paths in messages are as the user gave the source folder (``--source``): relative stays relative
    to the working directory, absolute stays absolute, so a message's path opens in an editor as is."""
    return str(path)


def load_corpus(source: Path | str = "source") -> Corpus:
    """Read, parse and validate every work under ``source``; raise InputError listing every issue."""
    base = Path(source)
    if not (base / "acts").is_dir():
        raise SourceError.at(Loc(str(base)), "source-dir", f"{base}/acts is not a folder: is --source right?")
    issues: list[Issue] = []
    if escapes(base / "issuers.yaml", base):
        raise SourceError(escape_issue(base / "issuers.yaml", base))
    issuers_doc = load(base / "issuers.yaml", display(base / "issuers.yaml", base))
    issuers, problems = parse_issuers(issuers_doc)
    issues += problems
    works: dict[str, Work] = {}
    issues += stray_files(base)
    for path in sorted((base / "acts").glob("*.yaml")):
        name = display(path, base)
        if not WORK_ID.match(path.stem):
            issues.append(
                Issue(
                    Loc(name, 1, 1),
                    "work-id",
                    f"file name {path.name!r}: ids are lower-case letters, digits and hyphens",
                )
            )
            continue
        if escapes(path, base):
            issues.append(escape_issue(path, base))
            continue
        try:
            doc = load(path, name)
        except SourceError as exc:
            issues += exc.issues
            continue
        problems = shape.check(doc, "act")
        if problems:
            issues += problems
            continue
        parser = Parser(doc, path.stem, issuers)
        work = parser.work()
        issues += parser.issues
        if work is not None:
            works[work.id] = work
    if issues:
        raise ValidationError(issues)
    every = amendments_of(works)
    signed = tuple(a for a in every if works[a.source_work].status != "draft")
    drafts = tuple(a for a in every if works[a.source_work].status == "draft")
    corpus = Corpus(works=works, amendments=signed, source_dir=str(base), drafts=drafts)
    issues += validate.corpus_issues(corpus)
    if issues:
        raise ValidationError(issues)
    return corpus


def escapes(path: Path, base: Path) -> bool:
    """A symbolic link leading out of the source folder (``acts/x.yaml -> ~/.ssh/id_rsa``) is never
    read: its content would surface in error messages and build logs."""
    return path.is_symlink() and not path.resolve().is_relative_to(base.resolve())


def escape_issue(path: Path, base: Path) -> Issue:
    return Issue(
        Loc(display(path, base), 1, 1), "symlink-outside", "a symbolic link to a file outside the source folder"
    )


def stray_files(base: Path) -> list[Issue]:
    """Anything in ``acts/`` that is not ``<id>.yaml`` would be silently skipped (``x.yml``, ``x.YAML``)."""
    out = []
    for path in sorted((base / "acts").iterdir()):
        if path.name.startswith(".") or (path.suffix == ".yaml" and path.is_file()):
            continue
        out.append(
            Issue(
                Loc(display(path, base), 1, 1),
                "stray-file",
                f"{path.name!r} in acts/ is not an act file (acts/<id>.yaml) and would be ignored",
            )
        )
    return out


def amendments_of(works: dict[str, Work]) -> tuple[Amendment, ...]:
    """Every operation of every work, placed in time."""
    out = []
    for work in works.values():
        for seq, (op, provision) in enumerate(zip(work.ops, work.op_provisions, strict=True), start=1):
            out.append(
                Amendment(
                    id=f"{work.id}/{seq}",
                    source_work=work.id,
                    provision=provision,
                    op=op,
                    commencement=commence.of_op(op, work),
                    seq=seq,
                )
            )
    return tuple(out)
