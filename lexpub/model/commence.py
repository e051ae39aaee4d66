"""When things happen: publication, entry into force, and the commencement of each amendment.

Unknown dates are first-class: a date is a :class:`~lexpub.model.DateRange` with a stated basis.
Entry into force "after ten calendar days" from publication day D is D + 11 (domain-kz.md §2.3).
"""

from __future__ import annotations

import datetime as dt

from lexpub.model.core import Op, Work
from lexpub.model.requisites import Registration
from lexpub.model.values import UNKNOWN, DateRange, Known


def registration_date(work: Work) -> dt.date | None:
    reg = work.registration
    if isinstance(reg, Registration) and not isinstance(reg.date, Known):
        return reg.date
    return None


def publication(work: Work) -> DateRange:
    """The first official publication: exact, or bounded below by registration (or signing)."""
    pub = work.publication
    if not isinstance(pub.date, Known):
        return DateRange(pub.date, pub.date, "publication date recorded")
    reg = registration_date(work)
    lo = pub.not_before or reg or work.date
    why = "registration" if reg and lo == reg else "signing" if lo == work.date else "a recorded lower bound"
    basis = f"first official publication date not held; not before {why} ({lo.isoformat()})"
    if pub.not_after:
        basis += f", not after {pub.not_after.isoformat()}"
    return DateRange(lo, pub.not_after, basis)


def in_force(work: Work) -> DateRange:
    """Entry into force of the work itself."""
    eif = work.entry_into_force
    if eif.rule == "on-signing":
        return DateRange(work.date, work.date, "in force from signing")
    if eif.rule == "on-date" and eif.date:
        return DateRange(eif.date, eif.date, "in force from a fixed date")
    if eif.rule in ("after-publication", "on-publication"):
        pub = publication(work)
        offset = dt.timedelta(days=eif.days + 1 if eif.rule == "after-publication" else 0)
        lo = pub.lo + offset if pub.lo else None
        hi = pub.hi + offset if pub.hi else None
        if pub.exact:
            rule = f"publication on {pub.exact.isoformat()} + {offset.days} days"
            return DateRange(lo, hi, rule)
        return DateRange(lo, hi, f"{offset.days} days after publication; {pub.basis}")
    return DateRange(work.date, None, "entry-into-force rule not held; not before signing")


def of_op(op: Op, source: Work) -> DateRange:
    """Commencement of one amendment: its own date, or the amending work's entry into force."""
    if op.commencement is not None:
        return DateRange(op.commencement, op.commencement, "commencement stated in the amendment")
    return in_force(source)


__all__ = ["UNKNOWN", "in_force", "of_op", "publication", "registration_date"]
