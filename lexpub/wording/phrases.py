"""Generated legal phrases: unit names, "by which act" clauses, editorial notes, requisites, formulas.

All wording comes from the message catalogues (:mod:`lexpub.wording.i18n`); this module only chooses the
message and fills it. Notes follow Adilet's conventions (domain-kz.md §5.1).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from lexpub.model import eids
from lexpub.model.core import Op, Unit, Work
from lexpub.model.dates import long_form, short
from lexpub.model.requisites import EntryIntoForce, Registration
from lexpub.model.values import LANGS, DateRange, Known, Lang, Text
from lexpub.wording import ordinals
from lexpub.wording.i18n import capitalize, has, t


def unit_name(kind: str, num: str | None, heading: Text | None, lang: Lang, case: str) -> str:
    """ "11-тармақ", "2-1-қосымшаға", "пунктом 5-1"; an unnumbered document is named by its heading."""
    if num is None:
        title = heading.get(lang) if heading else None
        return title or t(lang, "held.title")
    if kind == "point" and eids.letter_is_valid(num):
        return t(lang, f"unit.point_letter.{case}", num=num)  # «"а" тармақшасы», «подпункт "г"»
    return t(lang, f"unit.{kind}.{case}", num=num)


CITED = frozenset({"paragraph", "point", "article", "part"})
"""Levels a citation names on the way to a unit («3-тармақтың 2) тармақшасы» / «подпункт 2) пункта 3»); the
approved document is named by the formula's lead, chapters and абзац intros are looked through."""


def _key(kind: str, num: str, case: str) -> str:
    return f"unit.point_letter.{case}" if kind == "point" and eids.letter_is_valid(num) else f"unit.{kind}.{case}"


def ancestors_of(eid: str) -> list[tuple[str, str]]:
    """The cited levels above the unit ``eid`` names, outside in."""
    return [(k, n) for k, n in eids.steps(eid)[:-1] if k in CITED and n is not None]


def path_name(
    kind: str,
    num: str | None,
    heading: Text | None,
    lang: Lang,
    case: str,
    ancestors: list[tuple[str, str]],
    own_name: str | None = None,
) -> str:
    """A unit named with the levels above it: Kazakh outside-in, every level genitive and the unit possessive
    («5-баптың 2-бөлігінің 3) тармақшасы»); Russian inside-out («подпункт 3) части 2 статьи 5»). Without a
    catalogue form for a level, the unit's own name."""
    own = own_name or unit_name(kind, num, heading, lang, case)
    if not ancestors or num is None:
        return own
    if lang == "rus":
        return " ".join([own, *(unit_name(k, n, None, lang, "gen") for k, n in reversed(ancestors))])
    keys = [_key(k, n, "gen_poss") for k, n in ancestors[1:]] + [_key(kind, num, f"{case}_poss")]
    if not all(has(lang, k) for k in keys):
        return own
    first = unit_name(*ancestors[0], None, lang, "gen")
    rest = [t(lang, k, num=n) for k, (_, n) in zip(keys, [*ancestors[1:], (kind, num)], strict=True)]
    return " ".join([first, *rest])


def counted_num(unit: Unit) -> str | None:
    """The number a reader counts for an unnumbered part («екінші бөлік» / «часть вторая» → 2: its eId
    counter), else the unit's own number."""
    if unit.num is None and unit.kind == "part":
        return unit.eid.rpartition("_")[2]
    return unit.num


def counted_name(unit: Unit, lang: Lang, case: str) -> str:
    """A unit's name in ``case``; an unnumbered part or абзац by its count — Kazakh in figures as MoD
    orders write it («4-тармақтың 1-бөлігі»), Russian in words that agree («часть вторая», «части
    второй»), since «часть 2» names a part numbered «2.»."""
    if unit.num is None and unit.kind in eids.UNNUMBERED_BY_NATURE and lang == "rus":
        counter = unit.eid.rpartition("_")[2]
        word = (
            ordinals.ru_ordinal_word(int(counter), "f", ordinals.CATALOGUE_CASE.get(case, case))
            if counter.isdigit()
            else None
        )
        if word is not None:
            return t(lang, f"unit.{unit.kind}.{case}", num=word)
    return unit_name(unit.kind, counted_num(unit), unit.heading, lang, case)


def eif_phrase(work: Work, lang: Lang) -> str:
    return _eif_phrase(work.entry_into_force, lang)


def _eif_phrase(eif: EntryIntoForce, lang: Lang) -> str:
    if eif.rule == "after-publication":
        key = f"number.{eif.days}"
        words = t(lang, key) if has(lang, key) else str(eif.days)
        return t(lang, "eif.after-publication", days_words=words)
    if eif.rule == "on-date" and eif.date:
        return t(lang, "eif.on-date", date=short(eif.date))
    return t(lang, f"eif.{eif.rule}")


def by_act(work: Work, lang: Lang, *, genitive: bool = False) -> str:
    """ "ҚР Қорғаныс министрінің 04.01.2023 № 2 (…) бұйрығымен" — the act that made a change (a draft,
    which has no number or date yet: "ҚР Қорғаныс министрінің бұйрық жобасымен")."""
    if work.status == "draft":
        issuer = work.issuer.genitive_short
        return t(lang, "draft.by", issuer=issuer.get(lang) or issuer.values[0][1])
    return _by_act(
        work.issuer.genitive_short, work.date, work.number, work.entry_into_force, work.doctype, lang, genitive
    )


@lru_cache(maxsize=4096)
def _by_act(
    issuer: Text, date: dt.date, number: str, eif: EntryIntoForce, doctype: str, lang: Lang, genitive: bool
) -> str:
    """:func:`by_act` from the only facts of the work it words (cached: every editorial note of an
    amending act names it, in every language)."""
    values = dict(
        issuer=issuer.get(lang) or issuer.values[0][1],
        date=short(date),
        number=number,
        eif=_eif_phrase(eif, lang),
        doctype_instr=t(lang, f"doctype.{doctype}.instr"),
    )
    if lang == "rus":
        values["doctype_gen"] = t(lang, f"doctype.{doctype}.gen")
    return t(lang, "note.by_gen" if genitive else "note.by", **values)


def note_text(kind: str, unit: Unit, source: Work, *, old: Unit | None = None) -> Text:
    """The editorial note for one change, in every language the catalogues have."""
    out = {}
    for lang in LANGS:
        names = {case: capitalize(counted_name(unit, lang, case)) for case in ("nom", "dat", "instr")}
        values = dict(
            by=by_act(source, lang),
            by_gen=by_act(source, lang, genitive=True),
            unit_nom=names["nom"],
            unit_dat=names["dat"],
            unit_instr=names["instr"],
            unit_instr_lc=counted_name(unit, lang, "instr"),
        )
        if old is not None:
            values["old_nom"] = capitalize(unit_name(old.kind, old.num, old.heading, lang, "nom"))
        gendered = f"note.{kind}.{unit.kind}"  # Russian notes agree with the unit: «Утратила силу», «Исключено»
        out[lang] = t(lang, gendered if has(lang, gendered) else f"note.{kind}", **values)
    return Text(tuple(sorted(out.items())))


def element_note(kind: str, element: str, unit: Unit | None, source: Work) -> Text:
    """The note on a changed heading or preamble: «Ескерту. Тақырыбы жаңа редакцияда - …», «Сноска.
    Заголовок главы 2 - в редакции …», «Ескерту. Кіріспеге өзгеріс енгізілді - …»."""
    out = {}
    for lang in LANGS:
        of = counted_name(unit, lang, "gen") if unit is not None else ""
        values = dict(by=by_act(source, lang), by_gen=by_act(source, lang, genitive=True), unit_gen=of)
        key = f"note.{element}.{kind}" + (".of" if unit is not None else "")
        out[lang] = t(lang, key, **values)
    return Text(tuple(sorted(out.items())))


def element_name(op: Op, lang: Lang, unit: Unit | None, case: str) -> str:
    """«тақырыбы» / «заголовок», «2-тараудың тақырыбы» / «заголовок главы 2», «кіріспесіндегі» / «в преамбуле»:
    the heading or preamble a formula names, in the case the formula needs."""
    named = unit is not None and unit.eid != "" and op.element == "heading"
    key = f"element.{op.element}.{case}" + (".of" if named else "")
    of = counted_name(unit, lang, "gen") if named and unit is not None else ""
    return t(lang, key, unit_gen=of)


def when_phrase(rng: DateRange, lang: Lang) -> str:
    if rng.lo and rng.hi:
        return t(lang, "note.uncertain.when.lohi", lo=short(rng.lo), hi=short(rng.hi))
    if rng.lo:
        return t(lang, "note.uncertain.when.lo", lo=short(rng.lo))
    return t(lang, "note.uncertain.when.none")


def date_statement(rng: DateRange, lang: Lang) -> str:
    """ "20.01.2023", or "белгісіз (ерте дегенде 20.01.2023)" — never a guessed date."""
    exact = rng.exact
    return short(exact) if exact else t(lang, "date.unknown", when=when_phrase(rng, lang))


def uncertain_note(op: Op, source: Work, rng: DateRange) -> Text:
    out = {}
    for lang in LANGS:
        out[lang] = t(
            lang,
            "note.uncertain",
            by=capitalize(by_act(source, lang)),
            change=t(lang, f"note.uncertain.change.{op.kind}"),
            when=when_phrase(rng, lang),
        )
    return Text(tuple(sorted(out.items())))


def requisites(work: Work, lang: Lang) -> list[str]:
    """The Adilet requisites sentence(s): act, then registration."""
    act = t(
        lang,
        "requisites.act",
        issuer=work.issuer.genitive.get(lang) or "",
        date=long_form(work.date, lang),
        number=work.number,
        doctype_nom=t(lang, f"doctype.{work.doctype}.nom"),
    )
    reg = work.registration
    if isinstance(reg, Registration) and not isinstance(reg.number, Known):
        if isinstance(reg.date, Known):
            return [act, t(lang, "requisites.registered_unknown_date", number=reg.number)]
        return [
            act,
            t(lang, "requisites.registered", date=long_form(reg.date, lang, locative=False), number=reg.number),
        ]
    return [act, t(lang, "requisites.unregistered")]


def _governed(case: str, lang: Lang) -> str:
    """A Russian formula's verb governs the accusative («статью 3 изложить», «часть вторую исключить»): the
    Russian catalogue's ``dat`` forms are that accusative."""
    return "dat" if case == "nom" and lang == "rus" else case


def _own_name(unit: Unit | None, lang: Lang, case: str) -> str | None:
    return counted_name(unit, lang, case) if unit is not None else None


def formula(op: Op, lang: Lang, source: Work, target_unit: Unit | None) -> str:
    """The amending sentence generated from an operation, without its quoted new wording."""
    kind = target_unit.kind if target_unit else (op.content.kind if op.content else "paragraph")
    num = counted_num(target_unit) if target_unit else (op.content.num if op.content else None)
    heading = target_unit.heading if target_unit else None
    above = ancestors_of(op.target_eid) if op.element == "unit" else []

    def name(case: str) -> str:
        case = _governed(case, lang)
        return path_name(kind, num, heading, lang, case, above, _own_name(target_unit, lang, case))

    lead_text = op.lead.get(lang) if op.lead else None
    lead = f"{lead_text} " if lead_text else ""
    if op.element != "unit":
        old = op.old_words.get(lang) if op.old_words else ""
        new = op.new_words.get(lang) if op.new_words else ""
        body = t(
            lang,
            f"formula.{op.kind}",
            unit_nom=element_name(op, lang, target_unit, "nom"),
            unit_loc=element_name(op, lang, target_unit, "loc"),
            old=old,
            new=new,
        )
    elif op.kind == "substitute" and op.content_from:
        src = source.find(op.content_from.split("__")[0])  # the amending order's own appendix
        src_name = unit_name(src.kind, src.num, src.heading, lang, "dat") if src else op.content_from
        body = t(lang, "formula.substitute_from", unit_nom=name("nom"), source_nom_dat=src_name)
    elif op.kind == "substitute":
        body = t(lang, "formula.substitute", unit_nom=name("nom"))
    elif op.kind == "insert":
        body = t(lang, "formula.insert", unit_instr=unit_name(kind, num, heading, lang, "instr"))
        if above:  # the unit it joins, named first: «3-тармақ мынадай …», «пункт 3 дополнить …»
            parent = path_name(*above[-1], None, lang, "nom" if lang == "kaz" else "dat", above[:-1])
            body = f"{parent} {body}"
    elif op.kind == "repeal":
        gendered = f"formula.repeal.{kind}"
        key = gendered if has(lang, gendered) else "formula.repeal"
        body = t(lang, key, unit_nom=name("nom"), unit_gen=name("gen"))
    elif op.kind == "delete":
        body = t(lang, "formula.delete", unit_nom=name("nom"))
    elif op.kind in ("replace_words", "delete_words", "insert_words"):
        old = op.old_words.get(lang) if op.old_words else ""
        new = op.new_words.get(lang) if op.new_words else ""
        # «бүкіл мәтін бойынша»: a numbered unit is named («4-тармақтағы …»); a document is named by ``lead``
        key = f"formula.{op.kind}" + ((".whole" if num is None else ".whole_in") if op.whole else "")
        body = t(lang, key, unit_loc=name("loc"), old=old, new=new)
    else:
        new_nom = unit_name(kind, op.new_num, heading, lang, "nom")
        body = t(lang, "formula.renumber", unit_nom=name("nom"), new_nom=new_nom)
    sentence = lead + body
    return capitalize(sentence) if not lead else sentence
