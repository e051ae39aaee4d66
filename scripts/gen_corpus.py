"""Synthetic corpus generator: ``(seed, works, amendments, units) → a source folder`` that passes
``lexpub check``.

Why: the real corpus is four orders; speed and scale (issue 6) need hundreds or thousands of works
with realistic structure — Rules with hundreds of paragraphs, points and alineas, a requirements
table appendix — and amendments of every kind (substitute, insert, repeal, replace_words, renumber)
over several years, including repeals of amending provisions (before and after the amendment they
carry commences). Every publication date is known, so every commencement is exact.

Deterministic: one ``random.Random(seed)``, sorted iteration, no clock. The generator simulates the
consolidation while it writes amendments, so every operation targets a unit that is alive at its
commencement, and the words a ``replace_words`` removes occur in the text it applies to.

Usage: ``python scripts/gen_corpus.py OUT --works 1000 --amendments 3000 --units 200 --seed 1``
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

# Every Kazakh-specific letter, upper and lower case, occurs in this vocabulary (Ә Ғ Қ Ң Ө Ұ Ү Һ І).
_WORDS = (
    "әскери әскерге шақырылушылар қызмет қызметті көрсету мемлекеттік өтініш ұйым ұйымдары үкімет "
    "құжаттар тізбесі талаптар жергілікті басқару органдары мерзімі жұмыс күні ішінде туралы сәйкес "
    "бойынша арқылы жүзеге асырылады тағайындалады даярлау оқыту маңызы бар қалалардың ғылыми білім "
    "алушы жиһаз шаһар мұһит қаһарман өңірлік аумағында есепке алу тіркеу мәліметтер жеке басын "
    "куәландыратын ақпараттық жүйе электрондық цифрлық қолтаңба нысанда қабылданады қаралады "
    "бекітілген тәртіппен сондай-ақ міндеттілер бөлімше жасақталады қамтамасыз етіледі үміткер "
    "сынақтан өткізіледі ұсынылады қорытынды шешім күнтізбелік тоқсан жылдық жоспар өзгерістер "
    "толықтырулар ескеріле отырып нұсқаулық белгіленеді ақылы өтеусіз негізде оқу-жаттығу"
)
WORDS = tuple(_WORDS.split())
CAPS = "ӘСКЕРИ ҒЫЛЫМИ ҚЫЗМЕТ: ТАҢДАУ, ӨҢІР, ҰЙЫМ, ҮКІМЕТ, ШАҺАР, ІС-ШАРАЛАР"
_MONTHS = (
    "қаңтардағы ақпандағы наурыздағы сәуірдегі мамырдағы маусымдағы шілдедегі тамыздағы "
    "қыркүйектегі қазандағы қарашадағы желтоқсандағы"
)
MONTHS = tuple(_MONTHS.split())
ROW_LABELS = (
    "Көрсетілетін қызметті берушінің атауы",
    "Мемлекеттік қызмет көрсету тәсілдері",
    "Мемлекеттік қызмет көрсету мерзімі",
    "Мемлекеттік қызмет көрсету нысаны",
    "Мемлекеттік қызмет көрсету нәтижесі",
    "Көрсетілетін қызметті алушыдан алынатын төлем көлемі",
    "Көрсетілетін қызметті берушінің жұмыс кестесі",
    "Көрсетілетін қызметті алушыдан талап етілетін құжаттар тізбесі",
    "Мемлекеттік қызмет көрсетуден бас тарту үшін негіздер",
    "Электрондық нысанда көрсету ерекшеліктері ескерілген өзге де талаптар",
)
ISSUERS = """\
# Issuing bodies (generated corpus; the same as the real source/issuers.yaml).
mod:
  genitive:
    kaz: Қазақстан Республикасы Қорғаныс министрінің
    rus: Министра обороны Республики Казахстан
  genitive_short:
    kaz: ҚР Қорғаныс министрінің
    rus: Министра обороны РК
"""
EIF_DAYS = 10


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """No anchors or aliases: the loader refuses them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@dataclasses.dataclass
class Node:
    """The simulated current state of one unit of a base work (what consolidation will hold)."""

    kind: str
    num: str | None
    eid: str
    text: str | None
    children: list[Node]
    alive: bool = True


@dataclasses.dataclass
class Base:
    """A generated base work: its YAML document and its simulated current tree (att_nn_1)."""

    id: str
    doc: dict[str, Any]
    rules: Node
    date: dt.date


@dataclasses.dataclass
class Amender:
    id: str
    number: int
    date: dt.date
    published: dt.date
    groups: list[tuple[str, list[dict[str, Any]]]]
    """(target work id, [alinea units carrying ops]) in order."""

    @property
    def in_force(self) -> dt.date:
        return self.published + dt.timedelta(days=EIF_DAYS + 1)


class Gen:
    def __init__(self, seed: int, units: int):
        self.rng = random.Random(seed)
        self.units = units
        self.reg = 20000

    # ------------------------------------------------------------------ words
    def sentence(self, lo: int = 8, hi: int = 24) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi))]
        return words[0][0].upper() + words[0][1:] + " " + " ".join(words[1:]) + "."

    def clause(self, lo: int = 5, hi: int = 14) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi))) + ";"

    def kz_date(self, d: dt.date) -> str:
        return f"{d.year} жылғы {d.day} {MONTHS[d.month - 1]}"

    def next_reg(self) -> str:
        self.reg += self.rng.randint(1, 40)
        return str(self.reg)

    def requisites(
        self, d: dt.date, published: dt.date, number: int, *, registered_by_publication: bool = False
    ) -> dict[str, Any]:
        reg_date = d + dt.timedelta(days=self.rng.randint(2, 12))
        if registered_by_publication:
            # An amending order's publication date is fixed by the simulation, which applies the orders
            # in that order; a later registration would push it past the next order's at 10,000 works.
            reg_date = min(reg_date, published)
        published = max(published, reg_date)
        reg = self.next_reg()
        return {
            "type": "order",
            "issuer": "mod",
            "number": str(number),
            "date": d.isoformat(),
            "languages": ["kaz"],
            "held": "complete",
            "registration": {"number": reg, "date": reg_date.isoformat()},
            "adilet": f"V{d.year % 100:02d}{int(reg):08d}",  # V, year, 8-digit registration number
            "publication": {"date": published.isoformat(), "source": "Әділет АҚЖ"},
            "entry_into_force": {"rule": "after-publication", "days": EIF_DAYS},
        }

    def signature(self) -> dict[str, Any]:
        return {"position": "Қазақстан Республикасы Қорғаныс министрі", "name": "Р. Жаксылыков"}

    # ------------------------------------------------------------------ base works
    def paragraph(self, num: str, parent: str) -> tuple[dict[str, Any], Node]:
        eid = f"{parent}__para_{num}"
        shape = self.rng.random()
        if shape < 0.45:
            text = self.sentence()
            return {"kind": "paragraph", "num": num, "text": text}, Node("paragraph", num, eid, text, [])
        if shape < 0.85:
            intro = self.sentence(6, 14)[:-1] + ":"
            n = self.rng.randint(2, 5)
            pts = [self.clause() for _ in range(n)]
            doc = {
                "kind": "paragraph",
                "num": num,
                "text": intro,
                "children": [{"kind": "point", "num": i + 1, "text": t} for i, t in enumerate(pts)],
            }
            kids = [Node("point", str(i + 1), f"{eid}__point_{i + 1}", t, []) for i, t in enumerate(pts)]
            return doc, Node("paragraph", num, eid, intro, kids)
        alineas = [self.sentence() for _ in range(self.rng.randint(2, 3))]
        doc = {"kind": "paragraph", "num": num, "children": [{"kind": "alinea", "text": t} for t in alineas]}
        kids = [Node("alinea", None, f"{eid}__alinea_{i + 1}", t, []) for i, t in enumerate(alineas)]
        return doc, Node("paragraph", num, eid, None, kids)

    def table(self, parent: str, title: str) -> tuple[dict[str, Any], list[Node]]:
        eid = f"{parent}__att_1"
        rows: list[dict[str, Any]] = [
            {"kind": "row", "heading": "Мемлекеттік көрсетілетін қызмет атауы", "text": f'"{title}"'}
        ]
        nodes = []
        for i, label in enumerate(ROW_LABELS, start=1):
            text = self.sentence(6, 18)
            rows.append({"kind": "row", "num": i, "heading": label, "text": text})
            nodes.append(Node("row", str(i), f"{eid}__tr_{i}", text, []))
        doc = {
            "kind": "appendix",
            "num": 1,
            "table": True,
            "header": [f"{title} қағидаларына", "1-қосымша"],
            "heading": f"Мемлекеттік қызмет көрсетуге қойылатын негізгі талаптардың тізбесі. {CAPS}",
            "children": rows,
        }
        return doc, nodes

    def base(self, work_id: str, number: int, d: dt.date) -> Base:
        topic = " ".join(self.rng.choice(WORDS) for _ in range(4))
        title = f"{topic.capitalize()} қағидаларын бекіту туралы"
        published = d + dt.timedelta(days=self.rng.randint(10, 25))
        doc: dict[str, Any] = {"work": {**self.requisites(d, published, number), "title": {"kaz": title}}}
        doc["work"] = {k: doc["work"][k] for k in _WORK_ORDER}
        doc["preamble"] = "БҰЙЫРАМЫН:"
        doc["body"] = [
            {"kind": "paragraph", "num": 1, "text": f"Қоса беріліп отырған {topic} қағидалары бекітілсін."},
            {
                "kind": "paragraph",
                "num": 2,
                "text": "Қазақстан Республикасы Қорғаныс министрлігінің Заң департаменті:",
                "children": [{"kind": "point", "num": i, "text": self.clause()} for i in (1, 2, 3)],
            },
            {
                "kind": "paragraph",
                "num": 3,
                "text": "Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң "
                "қолданысқа енгізіледі.",
            },
        ]
        doc["signature"] = self.signature()
        parent = "att_nn_1"
        paras, nodes = [], []
        count = 0
        num = 0
        while count < self.units:
            num += 1
            p, n = self.paragraph(str(num), parent)
            paras.append(p)
            nodes.append(n)
            count += 1 + len(n.children)
        table, rows = self.table(parent, topic.capitalize())
        doc["attachments"] = [
            {
                "kind": "attachment",
                "header": [
                    f"Қазақстан Республикасы Қорғаныс министрінің {self.kz_date(d)} № {number} бұйрығымен бекітілген"
                ],
                "heading": f"{topic.capitalize()} қағидалары",
                "children": [*paras, table],
            }
        ]
        rules = Node("attachment", None, parent, None, [*nodes, Node("appendix", "1", f"{parent}__att_1", None, rows)])
        return Base(work_id, doc, rules, d)

    # ------------------------------------------------------------------ operations
    def alive_paragraphs(self, b: Base) -> list[Node]:
        return [n for n in b.rules.children if n.kind == "paragraph" and n.alive]

    def op(self, b: Base, kind: str, used: set[str]) -> dict[str, Any] | None:
        """One operation on ``b`` (applied to the simulation), or None when no target fits."""
        paras = [p for p in self.alive_paragraphs(b) if p.eid not in used]
        rows = [r for r in b.rules.children[-1].children if r.alive and r.eid not in used]
        target = f"{b.id}#"
        if kind == "substitute":
            if self.rng.random() < 0.2 and rows:
                row = self.rng.choice(rows)
                row.text = self.sentence(6, 18)
                label = ROW_LABELS[int(row.num or "1") - 1]
                used.add(row.eid)
                content = {"kind": "row", "num": row.num, "heading": label, "text": row.text}
                return {"op": kind, "target": target + row.eid, "content": content}
            if not paras:
                return None
            p = self.rng.choice(paras)
            doc, new = self.paragraph(p.num or "1", "att_nn_1")
            p.text, p.children = new.text, new.children
            used.add(p.eid)
            return {"op": kind, "target": target + p.eid, "content": doc}
        if kind == "insert":
            eids = {n.eid for n in b.rules.children}
            free = [p for p in paras if "-" not in (p.num or "") and f"{p.eid}-1" not in eids]
            if not free:
                return None
            p = self.rng.choice(free)
            num = f"{p.num}-1"
            doc, new = self.paragraph(num, "att_nn_1")
            b.rules.children.insert(b.rules.children.index(p) + 1, new)
            used.add(new.eid)
            return {"op": kind, "target": target + new.eid, "after": p.eid, "content": doc}
        if kind == "repeal":
            points = [(p, c) for p in paras for c in p.children if c.kind == "point" and c.alive]
            if points and self.rng.random() < 0.6:
                p, c = self.rng.choice(points)
                c.alive, c.children = False, []
                used.update((c.eid, p.eid))
                return {"op": kind, "target": target + c.eid}
            if not paras:
                return None
            p = self.rng.choice(paras)
            p.alive, p.children = False, []
            used.add(p.eid)
            return {"op": kind, "target": target + p.eid}
        if kind == "replace_words":
            leaves = [n for p in paras for n in (p, *p.children) if n.alive and n.text and n.eid not in used]
            leaves += [r for r in rows if r.text]
            if not leaves:
                return None
            n = self.rng.choice(leaves)
            old = self.rng.choice([w for w in n.text.split() if len(w) > 4] or n.text.split())  # type: ignore[union-attr]
            old = old.strip(".;:")
            word = self.rng.choice([w for w in WORDS if w != old and old not in w])
            if not old or old not in (n.text or ""):
                return None
            n.text = (n.text or "").replace(old, word)
            used.add(n.eid)
            return {"op": kind, "target": target + n.eid, "old": old, "new": word}
        # renumber: the last point of a paragraph moves on by one (after an inserted point elsewhere)
        cands = [p for p in paras if p.children and p.children[-1].kind == "point" and p.children[-1].alive]
        if not cands:
            return None
        p = self.rng.choice(cands)
        last = p.children[-1]
        new_num = str(int((last.num or "0").split("-")[0]) + 1)
        last.num, last.eid = new_num, f"{p.eid}__point_{new_num}"
        used.update((p.eid, last.eid))
        return {"op": kind, "target": target + f"{p.eid}__point_{int(new_num) - 1}", "new_num": new_num}


_WORK_ORDER = (
    "type",
    "issuer",
    "number",
    "date",
    "languages",
    "held",
    "title",
    "registration",
    "adilet",
    "publication",
    "entry_into_force",
)
KINDS = ("substitute", "insert", "repeal", "replace_words", "renumber")
KIND_WEIGHTS = (4, 2, 2, 3, 1)


def amender_doc(g: Gen, a: Amender, bases: dict[str, Base]) -> dict[str, Any]:
    title = "Қазақстан Республикасы Қорғаныс министрінің кейбір бұйрықтарына өзгерістер енгізу туралы"
    work = g.requisites(a.date, a.published, a.number, registered_by_publication=True)
    doc: dict[str, Any] = {"work": {**work, "title": {"kaz": title}}}
    doc["work"] = {k: doc["work"][k] for k in _WORK_ORDER}
    doc["preamble"] = "БҰЙЫРАМЫН:"
    doc["body"] = [
        {
            "kind": "paragraph",
            "num": 1,
            "text": "Қоса беріліп отырған өзгерістер енгізілетін бұйрықтардың тізбесі бекітілсін.",
        },
        {
            "kind": "paragraph",
            "num": 2,
            "text": "Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң "
            "қолданысқа енгізіледі.",
        },
    ]
    doc["signature"] = g.signature()
    paras = []
    for i, (target, alineas) in enumerate(a.groups, start=1):
        if target in bases:
            t = bases[target]
            title_t = t.doc["work"]["title"]["kaz"]
            number = t.doc["work"]["number"]
        else:
            title_t, number = title, target.rsplit("-", 1)[1]
        text = (
            f'"{title_t}" Қазақстан Республикасы Қорғаныс министрінің № {number} бұйрығына '
            "мынадай өзгерістер енгізілсін:"
        )
        paras.append({"kind": "paragraph", "num": i, "text": text, "children": alineas})
    doc["attachments"] = [
        {
            "kind": "attachment",
            "header": [
                f"Қазақстан Республикасы Қорғаныс министрінің {g.kz_date(a.date)} № {a.number} бұйрығымен бекітілген"
            ],
            "heading": "Өзгерістер енгізілетін бұйрықтардың тізбесі",
            "children": paras,
        }
    ]
    return doc


def generate(out: Path, *, works: int, amendments: int, units: int = 200, seed: int = 1) -> dict[str, int]:
    """Write ``out/issuers.yaml`` and ``out/acts/*.yaml``; return counts per operation kind."""
    g = Gen(seed, units)
    n_amend = max(2, works // 5)
    n_base = max(1, works - n_amend)
    if out.exists():
        shutil.rmtree(out)
    (out / "acts").mkdir(parents=True)
    (out / "issuers.yaml").write_text(ISSUERS, encoding="utf-8")
    bases: dict[str, Base] = {}
    start = dt.date(2015, 2, 2)
    for i in range(n_base):
        d = start + dt.timedelta(days=(i * 1400) // n_base)
        wid = f"gen-{d.year}-{i + 1}"
        bases[wid] = g.base(wid, i + 1, d)
    # Amending orders: distinct publication dates from 2019 to 2024, so every commencement is exact.
    span = 2100
    amenders = []
    for k in range(n_amend):
        d = dt.date(2019, 1, 9) + dt.timedelta(days=(k * span) // n_amend)
        amenders.append(Amender(f"gen-{d.year}-{n_base + k + 1}", n_base + k + 1, d, d + dt.timedelta(days=7), []))
    in_force_days = {a.in_force for a in amenders}
    counts = dict.fromkeys((*KINDS, "discarded", "repealed-provision"), 0)
    per = max(1, amendments // n_amend)
    base_ids = sorted(bases)
    carriers: list[tuple[Amender, int, int]] = []
    """Provisions (amender, group index, alinea index) that a later order may repeal."""
    deferred: list[tuple[Amender, int, int]] = []
    for k, a in enumerate(amenders):
        budget = per + (1 if k < amendments - per * n_amend else 0)
        repeal_provision = k > 0 and (k % 7 == 3 or (k % 7 == 5 and deferred)) and carriers
        while budget > 0:
            target = bases[g.rng.choice(base_ids)]
            used: set[str] = set()
            alineas: list[dict[str, Any]] = [
                {"kind": "alinea", "text": "көрсетілген бұйрықпен бекітілген қағидаларда:"}
            ]
            for _ in range(min(budget, g.rng.randint(1, 6))):
                kind = g.rng.choices(KINDS, KIND_WEIGHTS)[0]
                op = g.op(target, kind, used) or g.op(target, "replace_words", used)
                if op is None:
                    continue
                counts[op["op"]] += 1
                alineas.append({"kind": "alinea", "amend": op})
                carriers.append((a, len(a.groups), len(alineas) - 1))
                budget -= 1
            if len(alineas) == 1:
                break
            a.groups.append((target.id, alineas))
        if k + 1 < len(amenders) and k % 5 == 2:
            # A deferred amendment that the next order repeals before it commences: discarded.
            later = amenders[k + 1].in_force + dt.timedelta(days=30)
            while later in in_force_days:
                later += dt.timedelta(days=1)
            target = bases[g.rng.choice(base_ids)]
            para = g.rng.choice(target.rules.children[:-1])
            doc, _ = g.paragraph(para.num or "1", "att_nn_1")
            op = {
                "op": "substitute",
                "target": f"{target.id}#{para.eid}",
                "content": doc,
                "commencement": later.isoformat(),
            }
            a.groups.append(
                (
                    target.id,
                    [
                        {"kind": "alinea", "text": "көрсетілген бұйрықпен бекітілген қағидаларда:"},
                        {"kind": "alinea", "amend": op},
                    ],
                )
            )
            deferred.append((a, len(a.groups) - 1, 1))
        if k > 0 and deferred and deferred[-1][0] is amenders[k - 1]:
            src, gi, ai = deferred.pop()
            eid = f"att_nn_1__para_{gi + 1}__alinea_{ai + 1}"
            a.groups.append((src.id, [{"kind": "alinea", "amend": {"op": "repeal", "target": f"{src.id}#{eid}"}}]))
            counts["discarded"] += 1
        elif repeal_provision:
            # An ordinary repeal of an earlier amending provision, after it commenced: it stays applied.
            idx = g.rng.randrange(len(carriers))
            src, gi, ai = carriers.pop(idx)
            if src is not a:
                eid = f"att_nn_1__para_{gi + 1}__alinea_{ai + 1}"
                a.groups.append((src.id, [{"kind": "alinea", "amend": {"op": "repeal", "target": f"{src.id}#{eid}"}}]))
                counts["repealed-provision"] += 1
    for wid, b in bases.items():
        dump(out / "acts" / f"{wid}.yaml", b.doc)
    for a in amenders:
        dump(out / "acts" / f"{a.id}.yaml", amender_doc(g, a, bases))
    counts["works"] = n_base + n_amend
    return counts


def dump(path: Path, doc: dict[str, Any]) -> None:
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
    path.write_text("# Generated by scripts/gen_corpus.py — synthetic, not a real act.\n" + text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--works", type=int, default=100)
    ap.add_argument("--amendments", type=int, default=300)
    ap.add_argument("--units", type=int, default=200, help="units per base work (approximate)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    counts = generate(args.out, works=args.works, amendments=args.amendments, units=args.units, seed=args.seed)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
