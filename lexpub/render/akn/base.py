"""What every part of an AKN document shares: the namespaces, the element maker, dates and references,
and :class:`AknBase`, the state of one rendering (corpus, expression, version) with the small element
helpers (editorial remarks, not-held statements, ids)."""

from __future__ import annotations

from typing import Any

from lxml.builder import ElementMaker

from lexpub.errors import BuildError, Issue
from lexpub.model.core import Amendment, Corpus, Edition, Expression, Unit, Work
from lexpub.model.values import DateRange, Lang
from lexpub.render.common import Version
from lexpub.wording.acts import act_name
from lexpub.wording.i18n import t

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LP = "urn:x-lexpub:akn:1"
"""Namespace of the few lexpub attributes (date statements); the schema admits foreign attributes."""
E = ElementMaker(namespace=AKN, nsmap={None: AKN, "lp": LP})
LP_DATE = f"{{{LP}}}dateStatement"
LPE = ElementMaker(namespace=LP, nsmap={"lp": LP})
LIST = f"{{{AKN}}}blockList"

TEXTUAL_MOD = {
    "substitute": "substitution",
    "repeal": "repeal",
    "insert": "insertion",
    "replace_words": "replacement",
    "renumber": "renumbering",
    "delete": "repeal",
    "delete_words": "replacement",
    "insert_words": "insertion",
}
ATTACHMENT_KINDS = ("attachment", "appendix")


def on_date(rng: DateRange) -> tuple[str, bool]:
    """The date an element can carry (exact, or the lower bound) and whether it is exact."""
    if rng.exact is not None:
        return rng.exact.isoformat(), True
    if rng.lo is not None:
        return rng.lo.isoformat(), False
    raise BuildError(Issue(None, "akn-date", f"no date or lower bound known ({rng.basis}); AKN needs one"))


def component_ref(work: Work, eid: str) -> str:
    return f"{work.frbr_work}/~{eid}"


class AknBase:
    """One expression being rendered, and the element helpers every AKN section uses."""

    def __init__(self, corpus: Corpus, expr: Expression, version: Version, edition: Edition | None = None):
        self.corpus = corpus
        self.expr = expr
        self.edition = edition
        self.work = expr.work
        self.lang: Lang = expr.lang
        self.version = version
        self.uri = expr.work.frbr

    def act_label(self, work_id: str) -> str:
        """ "28.10.2023 № 1100 бұйрық" for showAs; the id for a work outside the corpus."""
        return act_name(self.corpus, work_id, self.lang) if work_id in self.corpus.works else work_id

    def applied(self) -> tuple[Amendment, ...]:
        return self.expr.applied

    def remark(self, text: str) -> Any:
        return E.remark(text, status="editorial")

    def not_held_p(self, text: str) -> Any:
        return E.p(self.remark(text), status="incomplete")

    def not_held_container(self, prefix: str) -> Any:
        eid = f"{prefix}__hcontainer_1" if prefix else "hcontainer_1"
        return E.hcontainer(E.content(self.not_held_p(t(self.lang, "held.unit"))), eId=eid, name="notHeld")

    def note_ps(self, unit: Unit) -> list[Any]:
        return [
            E.p(self.remark(n.text.get(self.lang) or "")) for n in unit.notes if n.kind not in ("repealed", "deleted")
        ]

    def ids(self, unit: Unit, quoted: str) -> dict[str, str]:
        """eId/wId of a unit; inside a quotation, eIds are prefixed and wIds left out."""
        if quoted:
            return {"eId": f"{quoted}__{unit.eid}"}
        out = {"eId": unit.eid}
        if unit.wid:
            out["wId"] = unit.wid
        return out
