"""The requisites of an act file — registration, publication, entry into force, signature — read by
the act parser (:class:`lexpub.sources.acts.Parser` takes them in as a base class)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from lexpub.errors import Params, kv
from lexpub.model.requisites import EntryIntoForce, Publication, Registration, Signature
from lexpub.model.values import UNKNOWN, Known, Text
from lexpub.sources.yamlfile import Path_


class _Reader(Protocol):
    """What the requisites need of the parser: its located errors, dates, texts and script checks."""

    def err(self, path: Path_, rule: str, message: str, key: str = "", params: Params = ()) -> None: ...

    def date(self, value: Any, path: Path_) -> dt.date | None: ...

    def date_or_unknown(self, value: Any, path: Path_) -> dt.date | Known | None: ...

    def text(self, value: Any, path: Path_) -> Text: ...

    def scripts(self, s: str, path: Path_) -> None: ...


class Requisites:
    """Reading ``work.registration``, ``work.publication``, ``work.entry_into_force`` and ``signature``."""

    def registration(self: _Reader, value: Any) -> Registration | Known:
        if value == "unknown":
            return UNKNOWN
        number = value["number"]
        date = self.date_or_unknown(value["date"], ("work", "registration", "date"))
        return Registration(UNKNOWN if number == "unknown" else str(number), date or UNKNOWN)

    def publication(self: _Reader, value: dict[str, Any]) -> Publication:
        path = ("work", "publication")
        date = self.date_or_unknown(value["date"], (*path, "date"))
        nb = self.date(value["not_before"], (*path, "not_before")) if "not_before" in value else None
        na = self.date(value["not_after"], (*path, "not_after")) if "not_after" in value else None
        if date is not UNKNOWN and (nb or na):
            self.err(
                path,
                "publication-bounds",
                "not_before/not_after are for an unknown date; the date is known",
                "publication-bounds",
            )
        source = UNKNOWN if value["source"] == "unknown" else value["source"]
        return Publication(date or UNKNOWN, source, nb, na)

    def entry_into_force(self: _Reader, value: Any) -> EntryIntoForce:
        path = ("work", "entry_into_force")
        if value == "unknown":
            return EntryIntoForce("unknown")
        rule = value["rule"]
        if rule == "after-publication" and "days" not in value:
            self.err(
                path,
                "missing-field",
                "entry_into_force: 'days' is required for after-publication",
                "missing-field.days",
            )
        if rule == "on-date" and "date" not in value:
            self.err(path, "missing-field", "entry_into_force: 'date' is required for on-date", "missing-field.date")
        date = self.date(value["date"], (*path, "date")) if "date" in value else None
        return EntryIntoForce(rule, int(value.get("days", 0)), date)

    def signature(self: _Reader, value: Any) -> Signature | None:
        if value is None or value == "unknown":
            return None
        name = UNKNOWN if value["name"] == "unknown" else value["name"]
        if isinstance(name, str):
            self.scripts(name, ("signature", "name"))
        return Signature(self.text(value["position"], ("signature", "position")), name)

    def date_order(
        self: _Reader, signed: dt.date, reg: Registration | Known, pub: Publication, eif: EntryIntoForce
    ) -> None:
        """signed ≤ registered ≤ published ≤ in force (Law "On legal acts"; domain-kz.md §2.3)."""
        w = ("work",)
        reg_date = reg.date if isinstance(reg, Registration) and isinstance(reg.date, dt.date) else None
        if reg_date and reg_date < signed:
            self.err(
                (*w, "registration", "date"),
                "date-order",
                f"registered {reg_date} before it was signed {signed}",
                "date-order.registered",
                kv(registered=reg_date, signed=signed),
            )
        if isinstance(pub.date, dt.date):
            if reg_date and pub.date < reg_date:
                self.err(
                    (*w, "publication", "date"),
                    "publication-before-registration",
                    f"published {pub.date} before registration {reg_date}",
                    "publication-before-registration",
                    kv(published=pub.date, registered=reg_date),
                )
            elif pub.date < signed:
                self.err(
                    (*w, "publication", "date"),
                    "date-order",
                    f"published {pub.date} before it was signed {signed}",
                    "date-order.published",
                    kv(published=pub.date, signed=signed),
                )
        for bound in ("not_before", "not_after"):
            value = getattr(pub, bound)
            if value and reg_date and value < reg_date and bound == "not_after":
                self.err(
                    (*w, "publication", bound),
                    "publication-before-registration",
                    f"publication {bound} {value} is before registration {reg_date}",
                    "publication-before-registration.bound",
                    kv(bound=bound, value=value, registered=reg_date),
                )
        if pub.not_before and pub.not_after and pub.not_after < pub.not_before:
            self.err(
                (*w, "publication", "not_after"), "date-order", "not_after is before not_before", "date-order.bounds"
            )
        if eif.date and eif.date < signed:
            self.err(
                (*w, "entry_into_force", "date"),
                "date-order",
                f"in force {eif.date} before it was signed {signed}",
                "date-order.in-force",
                kv(date=eif.date, signed=signed),
            )
