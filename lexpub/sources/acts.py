"""Build model values from shape-checked YAML: one act file → one :class:`~lexpub.model.Work`.

Here the per-file rules live (numbers, eIds, scripts, dates, held/text consistency). Every problem
is collected, with its location, and raised together as a ValidationError.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import Any

from lexpub.errors import Issue, Loc
from lexpub.model import eids
from lexpub.model.core import (
    LANGS,
    UNKNOWN,
    Approval,
    EntryIntoForce,
    Issuer,
    Known,
    Lang,
    Op,
    Pending,
    Publication,
    Registration,
    Signature,
    Text,
    Unit,
    Work,
)
from lexpub.model.dates import DRAFT_DATE, parse_iso
from lexpub.sources.alignment import misaligned
from lexpub.sources.yamlfile import Located, Path_

NUMBERED = {"paragraph", "point"}
_CYR = re.compile(r"[\u0400-\u04FF]")
_LAT = re.compile(r"[A-Za-z]")
_GREEK = re.compile(r"[\u0370-\u03FF]")
_INVISIBLE = {"Cf", "Co", "Cs", "Zl", "Zp", "Cc"}
INVISIBLE_CHARS = {
    0x2028: "LINE SEPARATOR",
    0x2029: "PARAGRAPH SEPARATOR",
    0x3164: "HANGUL FILLER",
    0x1160: "HANGUL JUNGSEONG FILLER",
    0x115F: "HANGUL CHOSEONG FILLER",
    0xFFA0: "HALFWIDTH HANGUL FILLER",
    0x2800: "BRAILLE PATTERN BLANK",
    0x034F: "COMBINING GRAPHEME JOINER",
    0xFFFD: "REPLACEMENT CHARACTER",
    **{cp: f"VARIATION SELECTOR-{cp - 0xFE00 + 1}" for cp in range(0xFE00, 0xFE10)},
}
"""Characters that look like nothing (or like a space, or like a broken decoding) although their
category is a letter, a symbol or a mark: named one by one, as the categories above miss them.
U+2028 also splits a unit in the one-unit-per-line text."""
_LONE_MARK = re.compile(
    r"(?:^|(?<=[^\w\u0300-\u036f\u0483-\u0489]))([\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])"
)
"""A combining mark at the start of a text or after a character that is not a letter, digit or mark."""
_TEXT_CONTROLS = {"\n", "\t"}  # YAML folded and literal blocks keep newlines; tabs are spaces to a reader
NUM_DIGITS = 6
MAX_UNIT_WORDS = 20_000
"""Words in one text field. The longest unit of the corpus has a few hundred; a 270,000-word paragraph
took 7 minutes to lay out as a 559-page PDF."""
MAX_WORK_UNITS = 10_000
"""Units in one act (amendment contents included). An act of 34,000 paragraphs needed 3.2 GB to render."""
YEARS = (1900, 2999)
"""Dates outside these years are typing errors (and would overflow date arithmetic near 9999)."""
_WORD = re.compile(r"[^\s\"'«»()\[\],.;:!?–—-]+")


def num_ok(num: str) -> bool:
    """ASCII digits joined by hyphens (:func:`lexpub.eids.num_is_valid`), each part at most
    :data:`NUM_DIGITS` digits (a 5000-digit number overflowed int conversion: a traceback)."""
    return eids.num_is_valid(num) and all(len(part) <= NUM_DIGITS for part in num.split("-"))


def leading_zero(num: str) -> bool:
    """``03`` or ``5-01``: the eId would be ``para_03``, another unit than ``para_3`` for the same number."""
    return any(len(part) > 1 and part.startswith("0") for part in num.split("-"))


def short_repr(value: str, limit: int = 24) -> str:
    """``repr`` of a value, cut to ``limit`` characters (a hostile value must not flood the message)."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + f"… ({len(value)} characters)"


def invisible_chars(s: str) -> set[str]:
    """The characters of ``s`` a reader cannot see or tell apart: by category, by name, and combining
    marks with no letter to sit on (at the start, or after a space or punctuation)."""
    out: set[str] = set()
    for ch in set(s):  # each distinct character once: a text repeats its letters
        if ch in _TEXT_CONTROLS:
            continue
        cat = unicodedata.category(ch)
        if ord(ch) in INVISIBLE_CHARS or cat in _INVISIBLE:
            out.add(ch)
        elif cat[0] == "M" and _LONE_MARK.search(s) is not None:
            out.update(m.group(1) for m in _LONE_MARK.finditer(s))
    return out


def eaten_markup(s: str) -> list[str]:
    """Words with an asterisk between two letters or digits (``5*3*2``): the inline markup would read
    it as emphasis and drop it (:mod:`lexpub.render.markup`); ``\\*`` is the literal asterisk."""
    return [m.group(0) for m in re.finditer(r"\S*[^\W_]\*+[^\W_]\S*", s)]


def char_name(ch: str) -> str:
    return INVISIBLE_CHARS.get(ord(ch)) or unicodedata.name(ch, "") or ""


class Parser:
    """Parses one act file; ``issues`` collects every problem found."""

    def __init__(self, doc: Located, work_id: str, issuers: dict[str, Issuer]):
        self.doc = doc
        self.work_id = work_id
        self.issuers = issuers
        self.issues: list[Issue] = []
        self.langs: tuple[Lang, ...] = ("kaz",)
        self.count = 0  # units parsed so far (bounded by MAX_WORK_UNITS)

    # ----------------------------------------------------------------- helpers
    def err(self, path: Path_, rule: str, message: str) -> None:
        self.issues.append(Issue(self.doc.loc(path), rule, message))

    def loc(self, path: Path_) -> Loc:
        return self.doc.loc(path)

    def date(self, value: Any, path: Path_) -> dt.date | None:
        try:
            day = parse_iso(str(value))
        except ValueError as exc:
            self.err(path, "bad-date", str(exc))
            return None
        if not YEARS[0] <= day.year <= YEARS[1]:
            self.err(path, "bad-date", f"{value!r}: year {day.year} is outside {YEARS[0]}–{YEARS[1]}")
            return None
        return day

    def date_or_unknown(self, value: Any, path: Path_) -> dt.date | Known | None:
        return UNKNOWN if value == "unknown" else self.date(value, path)

    def text(self, value: Any, path: Path_) -> Text:
        values = {self.langs[0]: value} if isinstance(value, str) else dict(value)
        for lang, s in values.items():
            if lang not in self.langs:
                self.err((*path, lang), "language", f"text in {lang!r}, which the work does not declare in languages")
            self.scripts(s, (*path, lang) if isinstance(value, dict) else path)
        if len(self.langs) > 1 and set(values) != set(self.langs):
            missing = sorted(set(self.langs) - set(values))
            message = f"text lacks the {', '.join(missing)} version (languages must align)"
            self.issues.append(
                Issue(self.loc(path), "parallel-text", message, "parallel-text", (("missing", ", ".join(missing)),))
            )
        if isinstance(values.get("kaz"), str) and isinstance(values.get("rus"), str):
            why = misaligned(values["kaz"], values["rus"])
            if why:
                self.err((*path, "kaz"), "alignment", f"{why} (the rus text is at {self.loc((*path, 'rus'))})")
        return Text(tuple(sorted(values.items())))

    def scripts(self, s: str, path: Path_) -> None:
        """Reject words that mix Cyrillic and Latin/Greek letters (look-alikes such as a Latin K in 'Kазақ'),
        blank texts, invisible characters (zero-width, bidi overrides) and non-NFC text."""
        if not s.strip():
            self.err(path, "blank-text", "the text is empty or only spaces")
        words = len(s.split())
        if words > MAX_UNIT_WORDS:
            self.err(path, "too-long", f"{words} words in one text; at most {MAX_UNIT_WORDS} (split the unit)")
            return
        bad = sorted(invisible_chars(s))
        if bad:
            names = ", ".join(f"U+{ord(ch):04X} {char_name(ch)}".rstrip() for ch in bad)
            self.err(path, "invisible-char", f"invisible or format character in a text: {names}")
        for word in eaten_markup(s):
            self.err(
                path,
                "markup-eaten",
                f"{short_repr(word)}: an asterisk between letters or digits would be read as emphasis and "
                "vanish; write \\* for an asterisk",
            )
        if unicodedata.normalize("NFC", s) != s:
            self.err(path, "unicode-nfc", "text is not in Unicode NFC form (a letter stored as base + combining mark)")
        for word in _WORD.findall(s):
            if _CYR.search(word) and _LAT.search(word):
                latin = "".join(sorted(set(_LAT.findall(word))))
                self.err(path, "mixed-script", f"word {word!r} mixes Cyrillic and Latin letters ({latin!r} is Latin)")
            elif _CYR.search(word) and _GREEK.search(word):
                greek = "".join(sorted(set(_GREEK.findall(word))))
                self.err(path, "mixed-script", f"word {word!r} mixes Cyrillic and Greek letters ({greek!r} is Greek)")

    # ----------------------------------------------------------------- work
    def work(self) -> Work | None:
        data: dict[str, Any] = self.doc.data
        w = data["work"]
        self.langs = tuple(w["languages"])
        issuer = self.issuers.get(w["issuer"])
        if issuer is None:
            self.err(("work", "issuer"), "unknown-issuer", f"issuer {w['issuer']!r} is not in source/issuers.yaml")
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
        """The signing date and number; only a draft may leave them ``unknown`` (placeholders then stand in,
        :data:`~lexpub.model.core.DRAFT_DATE` and ``draft-<id>``, for FRBR and eIds only)."""
        number = str(w["number"])
        for key, value in (("date", w["date"]), ("number", number)):
            if value == "unknown" and not draft:
                rule = "bad-date" if key == "date" else "bad-number"
                self.err(("work", key), rule, f"{key} unknown: only a draft (work.status: draft) may leave it unknown")
        date = None if w["date"] == "unknown" else self.date(w["date"], ("work", "date"))
        if draft and number == "unknown":
            number = f"draft-{self.work_id}"
        elif not re.fullmatch(r"[0-9]+", number):
            if number != "unknown":
                self.err(("work", "number"), "bad-number", f"act number {number!r} must be digits")
        elif leading_zero(number):
            self.err(("work", "number"), "bad-number", f"act number {number!r} has a leading zero")
        elif date is not None and not draft and not self.work_id.endswith(f"-{date.year}-{number}"):
            # The issuer part is not compared: generated test corpora name their acts gen-<year>-<number>.
            expected = f"{w['issuer']}-{date.year}-{number}"
            self.err(
                ("work", "number"),
                "work-id-mismatch",
                f"the file is named {self.work_id}.yaml but holds act No. {number} of {date.year}: "
                f"its file must be {expected}.yaml",
            )
        if w["date"] == "unknown":
            return (DRAFT_DATE if draft else None), number
        return date, number

    def date_order(self, signed: dt.date, reg: Registration | Known, pub: Publication, eif: EntryIntoForce) -> None:
        """signed ≤ registered ≤ published ≤ in force (Law "On legal acts"; domain-kz.md §2.3)."""
        w = ("work",)
        reg_date = reg.date if isinstance(reg, Registration) and isinstance(reg.date, dt.date) else None
        if reg_date and reg_date < signed:
            self.err((*w, "registration", "date"), "date-order", f"registered {reg_date} before it was signed {signed}")
        if isinstance(pub.date, dt.date):
            if reg_date and pub.date < reg_date:
                self.err(
                    (*w, "publication", "date"),
                    "publication-before-registration",
                    f"published {pub.date} before registration {reg_date}",
                )
            elif pub.date < signed:
                self.err(
                    (*w, "publication", "date"), "date-order", f"published {pub.date} before it was signed {signed}"
                )
        for bound in ("not_before", "not_after"):
            value = getattr(pub, bound)
            if value and reg_date and value < reg_date and bound == "not_after":
                self.err(
                    (*w, "publication", bound),
                    "publication-before-registration",
                    f"publication {bound} {value} is before registration {reg_date}",
                )
        if pub.not_before and pub.not_after and pub.not_after < pub.not_before:
            self.err((*w, "publication", "not_after"), "date-order", "not_after is before not_before")
        if eif.date and eif.date < signed:
            self.err(
                (*w, "entry_into_force", "date"), "date-order", f"in force {eif.date} before it was signed {signed}"
            )

    def registration(self, value: Any) -> Registration | Known:
        if value == "unknown":
            return UNKNOWN
        number = value["number"]
        date = self.date_or_unknown(value["date"], ("work", "registration", "date"))
        return Registration(UNKNOWN if number == "unknown" else str(number), date or UNKNOWN)

    def publication(self, value: dict[str, Any]) -> Publication:
        path = ("work", "publication")
        date = self.date_or_unknown(value["date"], (*path, "date"))
        nb = self.date(value["not_before"], (*path, "not_before")) if "not_before" in value else None
        na = self.date(value["not_after"], (*path, "not_after")) if "not_after" in value else None
        if date is not UNKNOWN and (nb or na):
            self.err(path, "publication-bounds", "not_before/not_after are for an unknown date; the date is known")
        source = UNKNOWN if value["source"] == "unknown" else value["source"]
        return Publication(date or UNKNOWN, source, nb, na)

    def entry_into_force(self, value: Any) -> EntryIntoForce:
        path = ("work", "entry_into_force")
        if value == "unknown":
            return EntryIntoForce("unknown")
        rule = value["rule"]
        if rule == "after-publication" and "days" not in value:
            self.err(path, "missing-field", "entry_into_force: 'days' is required for after-publication")
        if rule == "on-date" and "date" not in value:
            self.err(path, "missing-field", "entry_into_force: 'date' is required for on-date")
        date = self.date(value["date"], (*path, "date")) if "date" in value else None
        return EntryIntoForce(rule, int(value.get("days", 0)), date)

    def signature(self, value: Any) -> Signature | None:
        if value is None or value == "unknown":
            return None
        name = UNKNOWN if value["name"] == "unknown" else value["name"]
        if isinstance(name, str):
            self.scripts(name, ("signature", "name"))
        return Signature(self.text(value["position"], ("signature", "position")), name)

    # ----------------------------------------------------------------- units
    def root(self, data: dict[str, Any]) -> Unit:
        body = self.units(data.get("body", []), ("body",), "")
        atts = self.units(data.get("attachments", []), ("attachments",), "")
        seen: Counter[str] = Counter()
        for unit in (u for top in (*body, *atts) for u in top.walk()):
            seen[unit.eid] += 1
            if seen[unit.eid] == 2:
                self.issues.append(Issue(unit.loc, "duplicate-eid", f"eId {unit.eid!r} is used twice in this work"))
        return Unit(kind="alinea", eid="", children=(*body, *atts), loc=self.loc(()))

    def units(self, items: list[Any], path: Path_, parent: str) -> tuple[Unit, ...]:
        counters: Counter[str] = Counter()
        out = []
        for i, item in enumerate(items):
            kind = item["kind"]
            if item.get("num") is None:
                counters[eids.PREFIX[kind]] += 1
            unit = self.unit(item, (*path, i), parent, counters[eids.PREFIX[kind]])
            if unit is not None:
                out.append(unit)
        return tuple(out)

    def unit(self, item: dict[str, Any], path: Path_, parent: str, counter: int) -> Unit | None:
        kind = item["kind"]
        self.count += 1
        if self.count == MAX_WORK_UNITS + 1:
            self.err(path, "too-many-units", f"more than {MAX_WORK_UNITS} units in one act (split it)")
        num = None if item.get("num") is None else str(item["num"])
        if kind in NUMBERED and num is None:
            self.err(path, "missing-num", f"a {kind} needs a num")
        if kind == "alinea" and num is not None:
            self.err((*path, "num"), "unexpected-num", "an alinea is unnumbered; remove num")
        if num is not None and not num_ok(num):
            self.err(
                (*path, "num"),
                "bad-num",
                f"num {short_repr(num)}: digits joined by hyphens only (5, 5-1); check for look-alike letters",
            )
            return None
        if num is not None and leading_zero(num):
            self.err((*path, "num"), "bad-num", f"num {short_repr(num)}: a number has no leading zeros")
            return None
        eid = eids.join(parent, eids.component(kind, num, counter))
        held = item.get("held", True)
        if not held and "text" in item:
            self.err((*path, "text"), "held-text", "a unit marked held: false cannot have text")
        if "amend" in item and "text" in item:
            self.err((*path, "text"), "amend-text", "an amending unit's words are generated from amend; remove text")
        if item.get("table") and kind not in ("appendix", "attachment"):
            self.err((*path, "table"), "table-kind", "only an appendix or attachment can be a table")
        text = self.text(item["text"], (*path, "text")) if "text" in item else None
        children = self.units(item.get("children", []), (*path, "children"), eid)
        if item.get("table") and any(c.kind != "row" for c in children):
            self.err((*path, "children"), "table-rows", "a table's children must all be rows")
        amend = self.op(item["amend"], (*path, "amend")) if "amend" in item else None
        return Unit(
            kind=kind,
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

    def op(self, item: dict[str, Any], path: Path_) -> Op:
        kind = item["op"]
        work, _, eid = item["target"].partition("#")
        if not eids.is_safe(eid):
            self.err((*path, "target"), "unsafe-eid", f"target eId {eid!r} is not a well-formed ASCII eId")
        need: dict[str, tuple[str, ...]] = {
            "substitute": ("content|content_from",),
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
                self.err(path, "missing-field", f"op {kind} needs {field.replace('|', ' or ')}")
        if item.get("new_num") is not None and (not num_ok(str(item["new_num"])) or leading_zero(str(item["new_num"]))):
            self.err(
                (*path, "new_num"),
                "bad-num",
                f"new_num {short_repr(str(item['new_num']))}: digits joined by hyphens only (5, 5-1); check for look-alike letters",
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


def parse_issuers(doc: Located) -> tuple[dict[str, Issuer], list[Issue]]:
    """``source/issuers.yaml``: id → names in the cases notes and requisites need."""
    issues: list[Issue] = []
    out: dict[str, Issuer] = {}
    if not isinstance(doc.data, dict):
        return out, [Issue(doc.loc(()), "wrong-type", "issuers.yaml must be a mapping of issuer ids")]
    for key, value in doc.data.items():
        if not isinstance(value, dict) or set(value) != {"genitive", "genitive_short"}:
            issues.append(
                Issue(doc.loc((key,)), "issuer-shape", f"issuer {key!r} needs exactly genitive and genitive_short")
            )
            continue
        texts = []
        for field in ("genitive", "genitive_short"):
            v = value[field]
            if (
                not isinstance(v, dict)
                or not v
                or not set(v) <= set(LANGS)
                or not all(isinstance(s, str) and s.strip() for s in v.values())
            ):
                issues.append(Issue(doc.loc((key, field)), "issuer-shape", f"{key}.{field} must map kaz/rus to text"))
                v = {"kaz": "?"}
            texts.append(Text(tuple(sorted(v.items()))))
        out[key] = Issuer(key, texts[0], texts[1])
    return out, issues
