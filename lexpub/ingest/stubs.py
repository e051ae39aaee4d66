"""Partial work stubs for amended acts the corpus does not hold yet.

An amending block names its target act ("… 2017 жылғы 12 шілдедегі № 350 бұйрығына (… № 15861 болып
тіркелген) …"): when ``--source`` has no such act, the importer writes a partial work with what the
intro says (issuer, date, number, title, registration number) and, as ``held: false``, exactly the
units the block amends — as ``source/acts/mod-2017-357.yaml`` was written by hand.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from lexpub.ingest.requisites import UNKNOWN, doctypes, find_date
from lexpub.ingest.writer import dumps, parse_work
from lexpub.model.core import Corpus, Work
from lexpub.model.requisites import Issuer
from lexpub.model.values import Lang
from lexpub.wording.i18n import t

REFERENCE = {
    "kaz": re.compile(r"(?P<date>\d{4} жылғы \d{1,2} \S+?) № (?P<number>\S+) (?P<doctype>\S+)"),
    "rus": re.compile(r"(?P<doctype>\S+) (?P<issuer>.+?) от (?P<date>\d{1,2} \S+ \d{4} года) № (?P<number>[^\s,]+)"),
}
REGISTERED = {"kaz": re.compile(r"№ (\d+) болып тіркелген"), "rus": re.compile(r"под № (\d+)")}
TITLE = {"kaz": re.compile(r'\A"(.+)" \S'), "rus": re.compile(r'№ \S+ "(.+?)"(?: \(|\Z| )')}


class Stubs:
    """The corpus plus the stubs made so far; ``work`` finds or makes the amended act."""

    def __init__(self, corpus: Corpus, issuers: dict[str, Issuer]):
        self.corpus = corpus
        self.issuers = issuers
        self.data: dict[str, dict[str, Any]] = {}
        self.works: dict[str, Work] = {}

    def work(self, intro: str, lang: Lang) -> Work | str:
        """The amended act named in the block's intro, or the reason it cannot be named."""
        m = REFERENCE[lang].search(intro)
        day = find_date(m.group("date"), lang) if m else None
        if m is None or day is None:
            return t(lang, "import.reason.no_act")
        number = m.group("number")
        found = [w for w in self.corpus.works.values() if w.date == day and w.number == number]
        if len(found) == 1:
            return found[0]
        doctype = next((d for d in doctypes(lang) if t(lang, f"doctype.{d}.dat") == m.group("doctype")), None)
        issuer = self.issuer_of(intro[: m.start("date")] if lang == "kaz" else m.group("issuer"), lang)
        if doctype is None or issuer is None or found:
            return t(lang, "import.reason.act_missing", date=m.group("date"), number=number)
        stem = f"{issuer}-{day.year}-{number.lower()}"
        if stem not in self.data:
            self.data[stem] = self.new(intro, lang, doctype, issuer, day, number)
        return self.refresh(stem)

    def issuer_of(self, before: str, lang: Lang) -> str | None:
        for issuer in sorted(self.issuers.values(), key=lambda i: i.id):
            name = issuer.genitive.get(lang)
            if name and before.rstrip().endswith(name):
                return issuer.id
        return None

    def new(self, intro: str, lang: Lang, doctype: str, issuer: str, day: dt.date, number: str) -> dict[str, Any]:
        reg = REGISTERED[lang].search(intro)
        title = TITLE[lang].search(intro)
        return {
            "work": {
                "type": doctype,
                "issuer": issuer,
                "number": number,
                "date": day,
                "languages": [lang],
                "held": "partial",
                "title": {lang: title.group(1)} if title else UNKNOWN,
                "registration": {"number": reg.group(1), "date": UNKNOWN} if reg else UNKNOWN,
                "adilet": UNKNOWN,
                "publication": {"date": UNKNOWN, "source": UNKNOWN},
                "entry_into_force": UNKNOWN,
            },
            "signature": UNKNOWN,
            "body": [],
        }

    def refresh(self, stem: str) -> Work:
        work, issues = parse_work(dumps(self.data[stem]), stem, f"{stem}.yaml", self.issuers)
        assert work is not None and not issues, issues  # the stub is built from checked values only
        self.works[stem] = work
        return work

    def is_stub(self, work: Work) -> bool:
        return work.id in self.data

    def attachment(self, stem: str) -> str:
        """The approved document of a stub ("көрсетілген бұйрықпен бекітілген …"), made on first use."""
        atts = self.data[stem].setdefault("attachments", [])
        if not atts:
            atts.append({"kind": "attachment", "held": False})
            self.refresh(stem)
        return "att_nn_1"

    def hold(self, stem: str, scope: str, kind: str, num: str) -> None:
        """Record a unit the amending act targets, wording not held."""
        where = self.data[stem]["attachments"][0] if scope else self.data[stem]
        units = where.setdefault("children" if scope else "body", [])
        if not any(u["kind"] == kind and u.get("num") == num for u in units):
            units.append({"kind": kind, "num": num, "held": False})
            self.refresh(stem)

    def hold_path(self, stem: str, scope: str, steps: Sequence[tuple[str, str]]) -> Work:
        """Record a nested unit the amending act targets and every unit around it, none of their wording
        held («5-тармақтың 3) тармақшасы» → item 5 holding sub-item 3)); units already held are reused."""
        where = self.data[stem]["attachments"][0] if scope else self.data[stem]
        units = where.setdefault("children" if scope else "body", [])
        for i, (kind, num) in enumerate(steps):
            unit = next((u for u in units if u["kind"] == kind and u.get("num") == num), None)
            if unit is None:
                unit = {"kind": kind, "num": num, "held": False}
                units.append(unit)
            if i < len(steps) - 1:
                units = unit.setdefault("children", [])
        return self.refresh(stem)

    def snapshot(self, stem: str) -> dict[str, Any]:
        return copy.deepcopy(self.data[stem])

    def restore(self, stem: str, data: dict[str, Any]) -> Work:
        """Back to ``data``: units held for a sentence that is not imported are not held either."""
        self.data[stem] = data
        return self.refresh(stem)

    def corpus_with_stubs(self) -> Corpus:
        return Corpus(
            works={**self.corpus.works, **self.works},
            amendments=self.corpus.amendments,
            source_dir=self.corpus.source_dir,
        )

    def texts(self) -> dict[str, str]:
        note = "Partial work made by lexpub import: only what the amending act says of it is held."
        return {stem: dumps(data, comment=note) for stem, data in sorted(self.data.items())}
