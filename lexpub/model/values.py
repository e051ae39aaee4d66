"""The small values the whole model is made of: a text in one or more languages, an explicit
unknown, and a date known only within bounds.

Why a module of their own: requisites, units, works and expressions all carry them, and a fact the
sources do not give must be representable as unknown everywhere, never as an empty string.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Literal

Lang = Literal["kaz", "rus"]
LANGS: tuple[Lang, ...] = ("kaz", "rus")


@dataclass(frozen=True, slots=True)
class Text:
    """A text in one or more languages; a missing language means "not held", never empty."""

    values: tuple[tuple[Lang, str], ...]

    @staticmethod
    def of(**values: str) -> Text:
        return Text(tuple(sorted(values.items())))  # type: ignore[arg-type]

    def get(self, lang: Lang) -> str | None:
        for key, value in self.values:
            if key == lang:
                return value
        return None

    def langs(self) -> tuple[Lang, ...]:
        return tuple(k for k, _ in self.values)

    def replace(self, lang: Lang, value: str) -> Text:
        return Text(tuple(sorted({**dict(self.values), lang: value}.items())))


class Known(Enum):
    """Marker for an explicitly unknown fact in the sources (``unknown``)."""

    UNKNOWN = "unknown"


UNKNOWN = Known.UNKNOWN


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date known exactly (lo == hi) or only within bounds; ``hi=None`` means no upper bound known.

    Why: the first publication dates of Orders No. 2 and No. 1100 are not in the seed. Every date
    derived from them (entry into force, edition starts) is a range, and consumers must say so.
    """

    lo: dt.date | None
    hi: dt.date | None
    basis: str = ""
    """Why the range is what it is, in English, for messages and JSON."""

    @property
    def exact(self) -> dt.date | None:
        return self.lo if self.lo is not None and self.lo == self.hi else None

    def status_at(self, day: dt.date) -> Literal["before", "after", "uncertain"]:
        """Is ``day`` certainly before the range, certainly on/after it, or undecidable?"""
        if self.lo is not None and day < self.lo:
            return "before"
        if self.hi is not None and day >= self.hi:
            return "after"
        return "uncertain"

    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.lo or dt.date.min, self.hi or dt.date.max)
