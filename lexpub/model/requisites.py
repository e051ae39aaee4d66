"""The requisites of a work: publication, entry into force, registration, signature, approvals and
the issuing body — each fact possibly unknown (:data:`lexpub.model.values.UNKNOWN`), never guessed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from lexpub.model.values import Known, Text


@dataclass(frozen=True, slots=True)
class Publication:
    """First official publication: date and source, each possibly unknown."""

    date: dt.date | Known
    source: str | Known
    not_before: dt.date | None = None
    """Lower bound when the date is unknown (e.g. the registration date)."""
    not_after: dt.date | None = None
    """Upper bound when the date is unknown but a later fact proves it (optional)."""


@dataclass(frozen=True, slots=True)
class EntryIntoForce:
    """The entry-into-force rule of a work.

    ``after-publication`` with ``days=10``: publication day D, in force on D + days + 1
    (domain-kz.md §2.3: the ten days are D+1 … D+10).
    """

    rule: Literal["after-publication", "on-publication", "on-signing", "on-date", "unknown"]
    days: int = 0
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Registration:
    """State registration at the Ministry of Justice."""

    number: str | Known
    date: dt.date | Known


@dataclass(frozen=True, slots=True)
class Signature:
    position: Text
    name: str | Known


@dataclass(frozen=True, slots=True)
class Approval:
    """A "КЕЛІСІЛДІ" block: who agreed the draft."""

    heading: Text
    body: Text


@dataclass(frozen=True, slots=True)
class Issuer:
    """An issuing body with the inflected names notes and requisites need."""

    id: str
    genitive: Text
    """"Қазақстан Республикасы Қорғаныс министрінің" — for the requisites sentence."""
    genitive_short: Text
    """"ҚР Қорғаныс министрінің" — for editorial notes."""
