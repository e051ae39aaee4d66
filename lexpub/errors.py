"""Errors that carry a source location, so every message can name ``file:line:column`` and a rule.

The library raises; only the CLI turns these into messages and exit statuses (2 for bad input).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Loc:
    """A position in a source file (1-based line and column)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


Params = tuple[tuple[str, str], ...]
"""The values a catalogue sentence ``error.<key>`` is filled with, by placeholder name."""


def kv(**params: object) -> Params:
    """Catalogue values as text, in the order given: ``kv(work="mod-2023-2", date=day)``.

    A name ending in ``_w`` holds a word of the catalogue (``error.w.<value>``: "a list", "a mapping"),
    translated before it is put in the sentence."""
    return tuple((name, str(value)) for name, value in params.items())


@dataclass(frozen=True, slots=True)
class Issue:
    """One broken rule at one place."""

    loc: Loc | None
    rule: str
    message: str
    """In English; :attr:`key` names the same sentence in the kk/ru catalogues (``error.<key>``)."""
    key: str = ""
    params: Params = ()
    """The values the catalogue sentence ``error.<key>`` is filled with."""

    def __str__(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        return f"{where}error[{self.rule}]: {self.message}"


@dataclass(frozen=True, slots=True)
class Collapsed:
    """One issue standing for every identical one of its file (same rule, same message)."""

    issue: Issue
    also: tuple[int, ...] = ()
    """The other lines of the file where the same problem was found."""


def collapse(issues: Iterable[Issue]) -> tuple[Collapsed, ...]:
    """Issues sorted by file, line and column, each repeated problem given once with its other lines.

    Why: a bilingual work missing its Russian text broke one rule thirty times; the lawyer needs the
    rule once and where it applies, not thirty lines out of order."""

    def order(i: Issue) -> tuple[str, int, int]:
        loc = i.loc or Loc("")
        return (loc.file, loc.line, loc.column)

    groups: dict[tuple[str, str, str], list[Issue]] = {}
    for issue in sorted(dict.fromkeys(issues), key=order):  # stable: one place keeps the order found
        groups.setdefault((issue.loc.file if issue.loc else "", issue.rule, issue.message), []).append(issue)
    firsts = sorted(groups.values(), key=lambda g: order(g[0]))
    return tuple(
        Collapsed(g[0], tuple(sorted({i.loc.line for i in g[1:] if i.loc and i.loc.line} - {_line(g[0])})))
        for g in firsts
    )


def _line(issue: Issue) -> int:
    return issue.loc.line if issue.loc else 0


class LexpubError(Exception):
    """Base of every error lexpub raises on purpose; carries one or more issues."""

    exit_status = 1

    def __init__(self, issues: Issue | Iterable[Issue]):
        self.issues: tuple[Issue, ...] = (issues,) if isinstance(issues, Issue) else tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))

    @classmethod
    def at(cls, loc: Loc | None, rule: str, message: str, key: str = "", params: Params = ()) -> LexpubError:
        return cls(Issue(loc, rule, message, key, params))


class InputError(LexpubError):
    """Bad input: sources, data files or command-line values. Exit status 2."""

    exit_status = 2


class SourceError(InputError):
    """A source file cannot be read or parsed (encoding, YAML syntax, duplicate keys, aliases)."""


class ValidationError(InputError):
    """The sources parse but break a rule of the model (schema, dates, targets, numbering)."""


class BuildError(LexpubError):
    """An output could not be produced although the input was valid."""


_ERRNO_WORDS = {
    "EROFS": "the file system is read-only",
    "EACCES": "permission denied",
    "EPERM": "operation not permitted",
    "ENOSPC": "no space left on the device",
    "EDQUOT": "the disk quota is exceeded",
    "ENOENT": "no such file or folder",
    "ENOTDIR": "a part of the path is not a folder",
    "EISDIR": "it is a folder",
    "EMFILE": "too many open files",
    "EFBIG": "the file would exceed the size allowed (file size limit)",
}


def io_error(exc: OSError, operation: str, path: object = None) -> InputError:
    """``error[io]`` for an operating-system failure: which path, what lexpub was doing, and why.

    Why: a read-only folder, a full disk or a missing program is the user's environment, not a bug;
    it is reported like bad input (exit 2), never as a traceback.
    """
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    why = _ERRNO_WORDS.get(name) or (exc.strerror or type(exc).__name__)
    where = path if path is not None else (exc.filename if exc.filename is not None else "")
    where_s = os.fsdecode(where) if isinstance(where, bytes | str) else str(where)
    loc = Loc(where_s) if where_s else None
    return InputError(Issue(loc, "io", f"cannot {operation}: {why}", "io", kv(operation_w=operation, why_w=why)))


def operation_of(exc: OSError) -> str:
    """What a failing call most likely was, from its error alone (for failures no caller named)."""
    import errno

    if exc.errno in (errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EISDIR, errno.EFBIG):
        return "write"
    if exc.errno == errno.ENOENT:
        return "find"
    return "read or write"


INTERNAL = "this is a bug in lexpub; please report it with the command you ran (set LEXPUB_DEBUG=1 for details)"
