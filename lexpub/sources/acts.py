"""Build model values from shape-checked YAML: one act file → one :class:`~lexpub.model.Work`.

Here the per-file rules live (numbers, eIds, scripts, dates, held/text consistency). Every problem
is collected, with its location, and raised together as a ValidationError.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from sys import intern
from typing import Any, cast

from lexpub.errors import Issue, Loc, Params, kv
from lexpub.model import eids
from lexpub.model.core import Op, Pending, Unit, UnitKind, Work
from lexpub.model.dates import DRAFT_DATE
from lexpub.model.requisites import Approval, Issuer
from lexpub.model.values import UNKNOWN, Lang, Text
from lexpub.sources.issuers import parse_issuers as parse_issuers  # re-exported: callers read issuers with acts
from lexpub.sources.requisites import Requisites
from lexpub.sources.signing import signing_facts
from lexpub.sources.texts import Texts
from lexpub.sources.values import (
    MAX_WORK_UNITS,
    leading_zero,
    num_ok,
    short_repr,
)
from lexpub.sources.yamlfile import Located, Path_

NUMBERED = {"paragraph", "point", "article", "chapter", "section"}


class Parser(Requisites, Texts):
    """Parses one act file; ``issues`` collects every problem found."""

    def __init__(self, doc: Located, work_id: str, issuers: dict[str, Issuer]):
        self.doc = doc
        self.work_id = work_id
        self.issuers = issuers
        self.issues: list[Issue] = []
        self.langs: tuple[Lang, ...] = ("kaz",)
        self.count = 0  # units parsed so far (bounded by MAX_WORK_UNITS)

    # ----------------------------------------------------------------- helpers
    def err(self, path: Path_, rule: str, message: str, key: str = "", params: Params = ()) -> None:
        self.issues.append(Issue(self.doc.loc(path), rule, message, key, params))

    def loc(self, path: Path_) -> Loc:
        return self.doc.loc(path)

    # ----------------------------------------------------------------- work
    def work(self) -> Work | None:
        data: dict[str, Any] = self.doc.data
        w = data["work"]
        self.langs = tuple(w["languages"])
        issuer = self.issuers.get(w["issuer"])
        if issuer is None:
            self.err(
                ("work", "issuer"),
                "unknown-issuer",
                f"issuer {w['issuer']!r} is not in source/issuers.yaml",
                "unknown-issuer",
                kv(issuer=w["issuer"]),
            )
        draft = w.get("status") == "draft"
        date, number = self.draft_requisites(w, draft)
        title = None if w["title"] == "unknown" else self.text(w["title"], ("work", "title"))
        registration = self.registration(w["registration"])
        publication = self.publication(w["publication"])
        eif = self.entry_into_force(w["entry_into_force"])
        signature = self.signature(data.get("signature"))
        root = self.root(data)
        ops, provisions = self.collect_ops(root, data.get("amendments", []))
        if date is not None and date != DRAFT_DATE:
            self.date_order(date, registration, publication, eif)
        if issuer is None or date is None or any(i.rule in ("bad-date",) for i in self.issues):
            return None
        return Work(
            id=self.work_id,
            doctype=w["type"],
            issuer=issuer,
            number=number,
            date=date,
            languages=self.langs,
            title=title,
            held=w["held"],
            signature=signature,
            registration=registration,
            adilet=UNKNOWN if w["adilet"] == "unknown" else w["adilet"],
            publication=publication,
            entry_into_force=eif,
            root=root,
            preamble=self.text(data["preamble"], ("preamble",)) if "preamble" in data else None,
            approvals=tuple(
                Approval(
                    self.text(a["heading"], ("approvals", i, "heading")), self.text(a["body"], ("approvals", i, "body"))
                )
                for i, a in enumerate(data.get("approvals", []))
            ),
            ops=ops,
            op_provisions=provisions,
            status="draft" if draft else "signed",
            pending=tuple(
                Pending(
                    self.text(p["description"], ("pending", i, "description")),
                    p["source"],
                    p["confidence"],
                    self.date(p["signed"], ("pending", i, "signed")) if "signed" in p else None,
                )
                for i, p in enumerate(data.get("pending", []))
            ),
            file=self.doc.file,
        )

    def draft_requisites(self, w: dict[str, Any], draft: bool) -> tuple[dt.date | None, str]:
        return signing_facts(self, w, draft)

    # ----------------------------------------------------------------- units
    def root(self, data: dict[str, Any]) -> Unit:
        body = self.units(data.get("body", []), ("body",), "")
        atts = self.units(data.get("attachments", []), ("attachments",), "")
        seen: Counter[str] = Counter()
        for unit in (u for top in (*body, *atts) for u in top.walk()):
            seen[unit.eid] += 1
            if seen[unit.eid] == 2:
                self.issues.append(
                    Issue(
                        unit.loc,
                        "duplicate-eid",
                        f"eId {unit.eid!r} is used twice in this work",
                        "duplicate-eid",
                        kv(eid=unit.eid),
                    )
                )
        return Unit(kind="alinea", eid="", children=(*body, *atts), loc=self.loc(()))

    def units(
        self, items: list[Any], path: Path_, parent: str, counters: Counter[str] | None = None
    ) -> tuple[Unit, ...]:
        """``counters`` is shared with the level above for the children of a chapter or section (their
        eIds skip it, :data:`lexpub.model.eids.TRANSPARENT`), so unnumbered units are counted through it."""
        counters = Counter() if counters is None else counters
        out = []
        for i, item in enumerate(items):
            kind = item["kind"]
            if item.get("num") is None:
                counters[eids.PREFIX[kind]] += 1
            unit = self.unit(item, (*path, i), parent, counters[eids.PREFIX[kind]], counters)
            if unit is not None:
                out.append(unit)
        return tuple(out)

    def unit(
        self, item: dict[str, Any], path: Path_, parent: str, counter: int, counters: Counter[str] | None = None
    ) -> Unit | None:
        kind = item["kind"]
        self.count += 1
        if self.count == MAX_WORK_UNITS + 1:
            self.err(
                path,
                "too-many-units",
                f"more than {MAX_WORK_UNITS} units in one act (split it)",
                "too-many-units",
                kv(limit=MAX_WORK_UNITS),
            )
        num = None if item.get("num") is None else intern(str(item["num"]))
        if not self.num_fits(kind, num, path):
            return None
        eid = intern(eids.join(parent, eids.component(kind, num, counter)))
        held = item.get("held", True)
        if not held and "text" in item:
            self.err((*path, "text"), "held-text", "a unit marked held: false cannot have text", "held-text")
        if "amend" in item and "text" in item:
            self.err(
                (*path, "text"),
                "amend-text",
                "an amending unit's words are generated from amend; remove text",
                "amend-text",
            )
        if item.get("table") and kind not in ("appendix", "attachment"):
            self.err((*path, "table"), "table-kind", "only an appendix or attachment can be a table", "table-kind")
        text = self.text(item["text"], (*path, "text")) if "text" in item else None
        inside = (parent, counters) if kind in eids.TRANSPARENT else (eid, None)
        children = self.units(item.get("children", []), (*path, "children"), *inside)
        if item.get("table") and any(c.kind != "row" for c in children):
            self.err((*path, "children"), "table-rows", "a table's children must all be rows", "table-rows")
        amend = self.op(item["amend"], (*path, "amend")) if "amend" in item else None
        return Unit(
            kind=cast(UnitKind, intern(kind)),  # checked by the schema
            eid=eid,
            num=num,
            heading=self.text(item["heading"], (*path, "heading")) if "heading" in item else None,
            header=tuple(self.text(h, (*path, "header", i)) for i, h in enumerate(item.get("header", []))),
            text=text,
            children=children,
            amend=amend,
            table=bool(item.get("table", False)),
            held=bool(held),
            wid=eid,
            status="in-force" if held else "not-held",
            loc=self.loc(path),
        )

    def num_fits(self, kind: str, num: str | None, path: Path_) -> bool:
        """Report what is wrong with a unit's number; False when the unit cannot be built at all."""
        if kind in NUMBERED and num is None:
            self.err(path, "missing-num", f"a {kind} needs a num", "missing-num", kv(kind=kind))
        if kind == "alinea" and num is not None:
            self.err((*path, "num"), "unexpected-num", "an alinea is unnumbered; remove num", "unexpected-num")
        if num is None or (kind == "point" and eids.letter_is_valid(num)):
            return True  # a lettered sub-item: «"а" тармақшасы» / «подпункт "г"»
        if not num_ok(num):
            self.err(
                (*path, "num"),
                "bad-num",
                f"num {short_repr(num)}: digits joined by hyphens only (5, 5-1); check for look-alike letters",
                "bad-num",
                kv(field="num", num=short_repr(num)),
            )
            return False
        if leading_zero(num):
            self.err(
                (*path, "num"),
                "bad-num",
                f"num {short_repr(num)}: a number has no leading zeros",
                "bad-num.zero",
                kv(num=short_repr(num)),
            )
            return False
        return True

    def op(self, item: dict[str, Any], path: Path_) -> Op:
        kind = item["op"]
        work, _, eid = item["target"].partition("#")
        element = item.get("element", "unit")
        act_wide = not eid and (element != "unit" or item.get("whole"))  # the act's title, preamble, whole text
        if not act_wide and not eids.is_safe(eid):
            self.err(
                (*path, "target"),
                "unsafe-eid",
                f"target eId {eid!r} is not a well-formed ASCII eId",
                "unsafe-eid",
                kv(eid=eid),
            )
        if element == "preamble" and eid:
            self.err(
                (*path, "element"),
                "preamble-target",
                "a preamble is the act's: the target names no unit",
                "preamble-target",
            )
        need: dict[str, tuple[str, ...]] = {
            "substitute": ("new",) if element != "unit" else ("content|content_from",),
            "insert": ("content",),
            "repeal": (),
            "replace_words": ("old", "new"),
            "renumber": ("new_num",),
            "delete": (),
            "delete_words": ("old",),
            "insert_words": ("old", "new"),
        }
        for field in need[kind]:
            if not any(f in item for f in field.split("|")):
                self.err(
                    path,
                    "missing-field",
                    f"op {kind} needs {field.replace('|', ' or ')}",
                    "missing-field.op",
                    kv(op=kind, field=field.replace("|", " or ")),
                )
        if item.get("new_num") is not None and (not num_ok(str(item["new_num"])) or leading_zero(str(item["new_num"]))):
            self.err(
                (*path, "new_num"),
                "bad-num",
                f"new_num {short_repr(str(item['new_num']))}: digits joined by hyphens only (5, 5-1); check for look-alike letters",
                "bad-num",
                kv(field="new_num", num=short_repr(str(item["new_num"]))),
            )
        parent_eid = eid.rpartition("__")[0]
        content = None
        if "content" in item:
            built = self.units([item["content"]], (*path, "content"), parent_eid)
            content = built[0] if built else None
            if content is not None and content.eid != eid:
                self.err(
                    (*path, "content"),
                    "content-eid",
                    f"the new wording would have eId {content.eid!r}, but the target is {eid!r} (check num and kind)",
                    "content-eid",
                    kv(new=content.eid, target=eid),
                )
        text_of: Callable[[str], Text | None] = lambda key: (  # noqa: E731
            self.text(item[key], (*path, key)) if key in item else None
        )
        return Op(
            kind=kind,
            target_work=work,
            target_eid=eid,
            content=content,
            content_from=item.get("content_from"),
            after=item.get("after"),
            parent=parent_eid,
            old_words=text_of("old"),
            new_words=text_of("new"),
            new_num=None if item.get("new_num") is None else str(item["new_num"]),
            whole=bool(item.get("whole", False)),
            element=element,
            lead=text_of("lead"),
            justification=text_of("justification"),
            commencement=self.date(item["commencement"], (*path, "commencement")) if "commencement" in item else None,
            loc=self.loc(path),
        )

    def collect_ops(self, root: Unit, loose: list[Any]) -> tuple[tuple[Op, ...], tuple[str | None, ...]]:
        ops: list[Op] = []
        provisions: list[str | None] = []
        for unit in root.walk():
            if unit.amend is not None:
                ops.append(unit.amend)
                provisions.append(unit.eid)
        for i, item in enumerate(loose):
            op = self.op(item, ("amendments", i))
            ops.append(op)
            provisions.append(None if item["provision"] == "unknown" else item["provision"])
        return tuple(ops), tuple(provisions)
