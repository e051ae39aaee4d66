"""The typed model of the corpus: works, their units, amendments and consolidated expressions.

Everything here is a frozen value. Loading (:mod:`lexpub.sources.corpus`) builds it once from YAML;
consolidation (:mod:`lexpub.consolidate`) returns new values and never mutates; renderers read
only these objects, never YAML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from lexpub.errors import Loc
from lexpub.model.frbr import FrbrUri
from lexpub.model.requisites import Approval, EntryIntoForce, Issuer, Publication, Registration, Signature
from lexpub.model.values import DateRange, Known, Lang, Text

UnitKind = Literal[
    "paragraph", "point", "alinea", "attachment", "appendix", "row", "article", "chapter", "section", "part"
]
"""тармақ, тармақша ("1)" or "а)"), абзац, approved document, қосымша, table row, бап, тарау, бөлім, бөлік."""

OpKind = Literal[
    "substitute", "insert", "repeal", "replace_words", "renumber", "delete", "delete_words", "insert_words"
]
"""``repeal``: a unit recognised as void (whole acts, or units repealed by a separate act, as No. 1100 did);
``delete``: a unit of the amended act excluded («алып тасталсын» / «исключить»); ``delete_words`` removes
``old_words``; ``insert_words`` puts ``new_words`` after the anchor ``old_words``."""


@dataclass(frozen=True, slots=True)
class Op:
    """One executable amendment operation, as written in the amending provision."""

    kind: OpKind
    target_work: str
    """Short id of the amended work (``mod-2017-357``)."""
    target_eid: str
    """eId of the amended unit ("": the act itself); for ``insert``, the eId the new unit will have."""
    content: Unit | None = None
    """New wording (substitute, insert): a unit tree with eIds of the target position."""
    content_from: str | None = None
    """eId, in the amending work, of a unit whose content is the new wording (appendix form)."""
    after: str | None = None
    """For insert: eId of the sibling the new unit follows (None: first child of ``parent``)."""
    parent: str | None = None
    """For insert: eId of the parent unit ('' = the work's body)."""
    old_words: Text | None = None
    new_words: Text | None = None
    new_num: str | None = None
    whole: bool = False
    """Words ops: throughout the target and every unit inside it («бүкіл мәтін бойынша» / «по всему тексту»)."""
    element: Literal["unit", "heading", "preamble"] = "unit"  # its heading (at "": the act's title), the preamble
    lead: Text | None = None
    """Words that precede the generated formula ("Қағидаларға")."""
    justification: Text | None = None
    """Why the change is made — for the comparative table; None means none given."""
    commencement: dt.date | None = None
    """Explicit commencement, when it differs from the amending work's entry into force."""
    loc: Loc | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """An editorial note (Ескерту/Сноска) attached to a unit or to the whole act."""

    kind: Literal["substituted", "inserted", "repealed", "deleted", "words", "renumbered", "uncertain", "not-held"]
    text: Text
    by_work: str | None = None
    on: DateRange | None = None


Status = Literal["in-force", "not-yet-in-force", "repealed", "not-held", "uncertain"]


@dataclass(frozen=True, slots=True)
class Unit:
    """A structural unit. Leaves hold text; rows hold a label; attachments hold headers.

    ``wid`` stays the same across renumbering (AKN wId); ``eid`` follows the current number.
    """

    kind: UnitKind
    eid: str
    num: str | None = None
    heading: Text | None = None
    """Title of an attachment/appendix, or the label (requirement) of a table row."""
    header: tuple[Text, ...] = ()
    """Top-right header lines of an attachment (Law "On legal acts" art. 28)."""
    text: Text | None = None
    """The unit's own words (intro when it has children). None with held=False: not held."""
    children: tuple[Unit, ...] = ()
    amend: Op | None = None
    """An amending provision: its text is generated from this operation."""
    table: bool = False
    """An appendix whose children are table rows."""
    held: bool = True
    """False: the corpus does not hold this unit's wording (partial works)."""
    wid: str = ""
    status: Status = "in-force"
    notes: tuple[Note, ...] = ()
    """Newest first, as Adilet lists them."""
    loc: Loc | None = field(default=None, compare=False)

    def walk(self) -> Iterator[Unit]:
        """This unit and all descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Pending:
    """A change known to exist but not encoded in the corpus; reported, never applied."""

    description: Text
    source: str
    confidence: Literal["H", "M", "L"]
    signed: dt.date | None = None
    """The pending act's signing date: it cannot have changed the text before that day."""


@dataclass(frozen=True, slots=True)
class Work:
    """An act (бұйрық) as held in the corpus: identity, base text, and the amendments it carries."""

    id: str
    """Short id, the file stem: ``mod-2023-2``."""
    doctype: Literal["order"]
    issuer: Issuer
    number: str
    date: dt.date
    languages: tuple[Lang, ...]
    title: Text | None
    held: Literal["complete", "partial"]
    signature: Signature | None
    registration: Registration | Known
    adilet: str | Known
    publication: Publication
    entry_into_force: EntryIntoForce
    root: Unit
    """Synthetic root (kind alinea, eid '') whose children are preamble, body and attachments."""
    preamble: Text | None = None
    approvals: tuple[Approval, ...] = ()
    ops: tuple[Op, ...] = ()
    """Every amendment this work makes, with the provision eId that carries it."""
    op_provisions: tuple[str | None, ...] = ()
    """Parallel to ``ops``: the eId of the carrying provision, or None if not held."""
    pending: tuple[Pending, ...] = ()
    file: str = ""
    status: Literal["signed", "draft"] = "signed"  # draft: never in force or published (model/dates.DRAFT_DATE)

    @property
    def frbr(self) -> FrbrUri:
        """The work's FRBR URI, built from its own fields (FrbrUri knows nothing of Work)."""
        return FrbrUri("kz", "act", self.doctype, self.issuer.id, self.date.isoformat(), self.number)

    @property
    def frbr_work(self) -> str:
        return self.frbr.work_uri()

    def find(self, eid: str) -> Unit | None:
        return find_unit(self.root, eid)


@dataclass(frozen=True, slots=True)
class Amendment:
    """An operation placed in time: who makes it, where, and from when."""

    id: str
    """``{source work}/{n}`` — stable within the corpus."""
    source_work: str
    provision: str | None
    op: Op
    commencement: DateRange
    seq: int
    """Order of the operation inside its amending work (ties on the same day)."""


@dataclass(frozen=True)
class Corpus:
    """All works of a source folder, plus corpus-wide data (issuers, errata)."""

    works: Mapping[str, Work]
    amendments: tuple[Amendment, ...]
    source_dir: str = ""
    drafts: tuple[Amendment, ...] = ()  # the operations of draft works: never applied to a published text

    def work(self, ref: str) -> Work:
        """A work by short id or FRBR work URI; KeyError if there is none."""
        if ref in self.works:
            return self.works[ref]
        for work in self.works.values():
            if work.frbr_work == ref.rstrip("/"):
                return work
        raise KeyError(ref)

    def affecting(self, work_id: str) -> tuple[Amendment, ...]:
        """Amendments whose target is ``work_id``, in application order."""
        found = [a for a in self.amendments if a.op.target_work == work_id]
        return tuple(sorted(found, key=application_key))


def application_key(a: Amendment) -> tuple[dt.date, dt.date, str, int]:
    """Commencement order; ties in the order the amending work lists them."""
    lo, hi = a.commencement.sort_key()
    return (lo, hi, a.source_work, a.seq)


@dataclass(frozen=True, slots=True)
class AppliedChange:
    """An amendment and what consolidation did with it at a given date."""

    amendment: Amendment
    state: Literal["applied", "uncertain", "future", "discarded"]
    reason: str = ""


@dataclass(frozen=True)
class Expression:
    """A work as in force at a date (or latest) in one language: the consolidated text."""

    work: Work
    lang: Lang
    at: dt.date | None
    """None = latest: every known amendment applied, as Adilet does."""
    root: Unit
    changes: tuple[AppliedChange, ...]
    status: Status
    """Status of the work as a whole at the date."""
    in_force: DateRange
    """When the work itself entered (enters) into force."""

    @property
    def applied(self) -> tuple[Amendment, ...]:
        return tuple(c.amendment for c in self.changes if c.state == "applied")

    @property
    def uncertain(self) -> tuple[AppliedChange, ...]:
        return tuple(c for c in self.changes if c.state == "uncertain")

    def not_held(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.root.walk() if not u.held and u.status != "repealed")

    def find(self, eid: str) -> Unit | None:
        return find_unit(self.root, eid)


def find_unit(root: Unit, eid: str) -> Unit | None:
    """The unit with ``eid`` under ``root`` (descending only into the branch whose eId prefixes it)."""
    if root.eid == eid:
        return root
    for child in root.children:
        through = not child.eid or child.kind in ("chapter", "section")  # see eids.TRANSPARENT
        if through or child.eid == eid or eid.startswith(child.eid + "__"):
            found = find_unit(child, eid)
            if found is not None:
                return found
    return None


@dataclass(frozen=True, slots=True)
class Edition:
    """One distinct text of a work with its validity interval and the act that opened it."""

    index: int
    start: DateRange
    end: DateRange | None
    opened_by: str
    """Short id of the act whose entry into force (or amendment) opened the edition."""
    amendments: tuple[Amendment, ...]
    """The amendments applied in this edition (cumulative: all up to and including it)."""
    expression: Expression

    @property
    def label(self) -> str:
        """``2023-01-20`` when the start is exact, else ``mod-2023-1100`` (named by its act)."""
        exact = self.start.exact
        return exact.isoformat() if exact else self.opened_by
