"""Read a source folder into a :class:`~lexpub.model.Corpus` — the one place act YAML is read.

Layout: ``issuers.yaml``; ``acts/<id>.yaml``, one work per file, the file stem being its short id.
All problems of all files are collected and raised together (ValidationError, exit status 2).
This is the per-file load: the corpus-wide rules (targets, collisions, the replay of every
amendment) need consolidation, a stage above, and run in :mod:`lexpub.consolidate.validate`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from lexpub.errors import Issue, Loc, SourceError, ValidationError, kv
from lexpub.model import commence
from lexpub.model.core import Amendment, Corpus, Work
from lexpub.model.requisites import Issuer
from lexpub.sources.acts import Parser, parse_issuers
from lexpub.sources.cache import TargetIndex, Verdicts, load_checked, targets_of, tree_key
from lexpub.sources.checked import StatIndex
from lexpub.sources.yamlfile import MAX_BYTES, Path_, load, read_bounded

WORK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def display(path: Path, base: Path) -> str:
    """Paths in messages are as the user gave the source folder (``--source``): relative stays relative
    to the working directory, absolute stays absolute, so a message's path opens in an editor as is."""
    return str(path)


def load_corpus(source: Path | str = "source") -> Corpus:
    """Read, parse and check every work under ``source`` file by file; raise ValidationError listing
    every issue. The corpus-wide rules are not run: a validated corpus comes from
    :func:`lexpub.consolidate.validate.load_valid`."""
    return load_corpus_keyed(source)[0]


def load_corpus_keyed(source: Path | str = "source") -> tuple[Corpus, str]:
    """:func:`load_corpus` and the key of the source tree read (``issuers.yaml`` and every act file's
    SHA-256), under which the corpus-wide rules' verdict is remembered (:class:`~lexpub.sources.cache.Verdicts`)."""
    corpus, issuers_raw, digests = load_corpus_hashed(source)
    return corpus, tree_key(issuers_raw, digests)


def load_corpus_hashed(source: Path | str = "source") -> tuple[Corpus, bytes, dict[str, str]]:
    """:func:`load_corpus`, the bytes of ``issuers.yaml`` and the SHA-256 of every act file by its
    stem (the work's id): what keys a verdict of the whole tree or of one connected part."""
    base = Path(source)
    if not (base / "acts").is_dir():
        raise SourceError.at(
            Loc(str(base)),
            "source-dir",
            f"{base}/acts is not a folder: is --source right?",
            "source-dir",
            kv(folder=base),
        )
    issues: list[Issue] = []
    if escapes(base / "issuers.yaml", base):
        raise SourceError(escape_issue(base / "issuers.yaml", base))
    issuers_doc = load(base / "issuers.yaml", display(base / "issuers.yaml", base))
    issuers, problems = parse_issuers(issuers_doc)
    issues += problems
    works: dict[str, Work] = {}
    digests: dict[str, str] = {}
    verdicts = Verdicts()
    issues += stray_files(base)
    for path in sorted((base / "acts").glob("*.yaml")):
        work, digest, problems = read_act(path, base, issuers, verdicts)
        issues += problems
        if digest is not None:
            digests[path.stem] = digest
        if work is not None:
            works[work.id] = work
    verdicts.save()  # the files found clean stay so, whatever the corpus-wide rules say
    issues += same_uri(works)
    if issues:
        raise ValidationError(issues)
    return corpus_of(works, base), issuers_doc_raw(base), digests


def read_act(
    path: Path, base: Path, issuers: dict[str, Issuer], verdicts: Verdicts
) -> tuple[Work | None, str | None, list[Issue]]:
    """One act file → its work (or None), the SHA-256 of its bytes (None when unreadable) and its problems."""
    name = display(path, base)
    if not WORK_ID.match(path.stem):
        msg = f"file name {path.name!r}: ids are lower-case letters, digits and hyphens"
        return None, None, [Issue(Loc(name, 1, 1), "work-id", msg, "work-id", kv(name=path.name))]
    if escapes(path, base):
        return None, None, [escape_issue(path, base)]
    try:
        raw = read_bounded(path, name)
        doc, problems = load_checked(path, name, "act", raw)
    except SourceError as exc:
        return None, None, list(exc.issues)
    if problems:
        return None, None, list(problems)
    digest = hashlib.sha256(raw).hexdigest()
    parser = (CheckedParser if verdicts.file_clean(digest) else Parser)(doc, path.stem, issuers)
    work = parser.work()
    if not parser.issues:
        verdicts.add_file(digest)
    return work, digest, list(parser.issues)


class CheckedParser(Parser):
    """The parser for a file whose bytes passed every per-file rule before (:class:`Verdicts`, same
    code): the text rules (scripts, invisible characters, markup, NFC: ~60 % of a warm load) are pure
    functions of the texts, which are the same, so they are not run again."""

    def scripts(self, s: str, path: Path_) -> None:
        return None


def issuers_doc_raw(base: Path) -> bytes:
    """The bytes of ``issuers.yaml`` (read a second time: a small file; the parse came from its own read)."""
    return (base / "issuers.yaml").read_bytes()


def load_related(source: Path | str, act: str) -> Corpus:
    """The works one query about ``act`` needs (see :func:`related_part`), or the whole folder read
    by :func:`load_corpus` when the part cannot be read on its own."""
    part = related_part(source, act)
    return load_corpus(source) if part is None else part


def related_part(source: Path | str, act: str) -> Corpus | None:
    """The works one query about ``act`` needs — ``act``, the works it amends, and every work
    amending one of these, transitively (an amendment of an amending act changes what it does) — read
    like :func:`load_corpus` (the same values, so the same outputs), without parsing the rest: each
    other file is only read and hashed and its targets looked up in the cache's index. None for
    anything unusual (an unknown act, a stray, unreadable or invalid file, an error among the related
    works): the caller then takes the full load, which reports it exactly as before; problems in
    unrelated works are for ``lexpub check``."""
    base = Path(source)
    related = _related_files(base, act)
    if related is None:
        return None
    try:
        issuers_doc = load(base / "issuers.yaml", display(base / "issuers.yaml", base))
        issuers, problems = parse_issuers(issuers_doc)
        works: dict[str, Work] = {}
        for path, raw in related:
            doc, problems2 = load_checked(path, display(path, base), "act", raw)
            parser = Parser(doc, path.stem, issuers)
            work = parser.work()
            problems += problems2 + parser.issues
            if work is not None:
                works[work.id] = work
    except SourceError:
        return None
    if problems:
        return None
    return corpus_of(works, base)


def corpus_of(works: dict[str, Work], base: Path) -> Corpus:
    """The corpus of the parsed works of ``base`` (all of them, or one query's part): the one place
    both loads build it, so the part holds the same values as the whole."""
    every = amendments_of(works)
    signed = tuple(a for a in every if works[a.source_work].status != "draft")
    drafts = tuple(a for a in every if works[a.source_work].status == "draft")  # never applied (drafts.py)
    return Corpus(works=works, amendments=signed, source_dir=str(base), drafts=drafts)


def _related_files(base: Path, act: str) -> list[tuple[Path, bytes]] | None:
    """The act files linked to ``act`` (sorted, with their bytes), or None to take the full load.

    Only the linked files are read: the others' SHA-256 comes from the folder's status index (as
    ``check`` keeps it, git-style) and their targets from the cache's index, so a warm query on
    10,000 works no longer reads 187 MB. A linked file whose bytes no longer have the hash its targets
    were looked up by (edited meanwhile) sends the query to the full load."""
    acts = base / "acts"
    if not WORK_ID.match(act) or not (acts / f"{act}.yaml").is_file() or not (base / "issuers.yaml").is_file():
        return None
    try:
        with os.scandir(acts) as found:
            entries = sorted(found, key=lambda e: e.name)  # the full load's order (sorted paths of one folder)
    except OSError:
        return None
    index, stats = TargetIndex(), StatIndex(base)
    digests: dict[str, tuple[str, str]] = {}
    forward: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        if not entry.name.endswith(".yaml"):
            if entry.name.startswith("."):
                continue
            return None  # a stray file: the full load reports it
        read = _targets(entry, base, index, stats)
        if read is None:
            return None
        stem = entry.name.removesuffix(".yaml")
        digests[stem], forward[stem] = (entry.path, read[0]), read[1]
    index.save()
    stats.save(merge=True)
    seen = _linked(act, forward)
    return _read_linked(base, [(Path(path), digest) for k, (path, digest) in digests.items() if k in seen])


def _read_linked(base: Path, linked: list[tuple[Path, str]]) -> list[tuple[Path, bytes]] | None:
    """The bytes of the linked files, or None if one no longer has the SHA-256 its targets came by."""
    related: list[tuple[Path, bytes]] = []
    for path, digest in linked:
        try:
            raw = read_bounded(path, display(path, base))
        except SourceError:
            return None
        if hashlib.sha256(raw).hexdigest() != digest:
            return None
        related.append((path, raw))
    return related


def _targets(
    entry: os.DirEntry[str], base: Path, index: TargetIndex, stats: StatIndex
) -> tuple[str, tuple[str, ...]] | None:
    """An act file's SHA-256 and the works it amends (from the indexes when this content was read
    before); None when the file is not one the full load would accept as is (a hidden or misnamed
    file, a link out of the folder, a folder, an unreadable or invalid file)."""
    if not WORK_ID.match(entry.name.removesuffix(".yaml")) or (entry.is_symlink() and escapes(Path(entry.path), base)):
        return None
    try:
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISREG(st.st_mode) and st.st_size <= MAX_BYTES:
            digest = stats.digest(f"acts/{entry.name}", entry.path, st).hex()
            targets = index.get(digest)
            if targets is not None:
                return digest, targets
        path = Path(entry.path)  # made only here: 10,000 paths took a fifth of a warm query at 10,000 works
        raw = read_bounded(path, display(path, base))
        digest = hashlib.sha256(raw).hexdigest()
        targets = index.get(digest)
        if targets is None:
            doc, problems = load_checked(path, display(path, base), "act", raw)
            if problems:
                return None
            targets = targets_of(doc.data)
            index.put(digest, targets)
    except (SourceError, OSError):
        return None
    return digest, targets


def _linked(act: str, forward: dict[str, tuple[str, ...]]) -> set[str]:
    """``act``, the works it amends, and every work amending one of those, transitively."""
    amended_by: dict[str, list[str]] = {}
    for stem, targets in forward.items():
        for t in targets:
            amended_by.setdefault(t, []).append(stem)
    seen = {act, *forward.get(act, ())}
    todo = list(seen)
    while todo:
        for other in amended_by.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def escapes(path: Path, base: Path) -> bool:
    """A symbolic link leading out of the source folder (``acts/x.yaml -> ~/.ssh/id_rsa``) is never
    read: its content would surface in error messages and build logs."""
    return path.is_symlink() and not path.resolve().is_relative_to(base.resolve())


def escape_issue(path: Path, base: Path) -> Issue:
    return Issue(
        Loc(display(path, base), 1, 1),
        "symlink-outside",
        "a symbolic link to a file outside the source folder",
        "symlink-outside",
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
                "stray-file",
                kv(name=path.name),
            )
        )
    return out


def same_uri(works: dict[str, Work]) -> list[Issue]:
    """Two files describing one act (one FRBR work URI) would both be published, each as the act."""
    first: dict[str, Work] = {}
    out = []
    for work in works.values():
        other = first.setdefault(work.frbr_work, work)
        if other is not work:
            out.append(
                Issue(
                    Loc(work.file, 1, 1),
                    "duplicate-work",
                    f"this act ({work.frbr_work}) is already described by {other.file}",
                    "duplicate-work",
                    kv(work=work.frbr_work, file=other.file),
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
