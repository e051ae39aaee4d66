"""Errors that carry a source location, so every message can name ``file:line:column`` and a rule.

The library raises; only the CLI turns these into messages and exit statuses (2 for bad input).
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class Issue:
    """One broken rule at one place."""

    loc: Loc | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        return f"{where}error[{self.rule}]: {self.message}"


class LexpubError(Exception):
    """Base of every error lexpub raises on purpose; carries one or more issues."""

    exit_status = 1

    def __init__(self, issues: Issue | Iterable[Issue]):
        self.issues: tuple[Issue, ...] = (issues,) if isinstance(issues, Issue) else tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))

    @classmethod
    def at(cls, loc: Loc | None, rule: str, message: str) -> LexpubError:
        return cls(Issue(loc, rule, message))


class InputError(LexpubError):
    """Bad input: sources, data files or command-line values. Exit status 2."""

    exit_status = 2


class SourceError(InputError):
    """A source file cannot be read or parsed (encoding, YAML syntax, duplicate keys, aliases)."""


class ValidationError(InputError):
    """The sources parse but break a rule of the model (schema, dates, targets, numbering)."""


class BuildError(LexpubError):
    """An output could not be produced although the input was valid."""
