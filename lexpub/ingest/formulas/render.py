"""Operations back to the sentences that state them, in Kazakh and Russian.

The importer renders every parsed operation and compares it (normalised) with the sentence it came
from, so a reading the parser got wrong is caught instead of imported. Targets are written in full
(Kazakh outside-in with stacked genitives, Russian inside-out); an insert inside a unit after a
named sibling needs a locative header line first, the way real amending texts do it.
"""

from __future__ import annotations

from lexpub.ingest.formulas.model import ParsedOp, Path, Position, Step
from lexpub.model.values import Lang
from lexpub.wording import ordinals

# Kazakh noun forms: bare (the first step) and possessive (a step inside another), by case.
_KK_CASES = ("nom", "gen", "loc", "ins", "abl")
_KK: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "paragraph": (
        ("тармақ", "тармақтың", "тармақта", "тармақпен", "тармақтан"),
        ("тармағы", "тармағының", "тармағында", "тармағымен", "тармағынан"),
    ),
    "subparagraph": (
        ("тармақша", "тармақшаның", "тармақшада", "тармақшамен", "тармақшадан"),
        ("тармақшасы", "тармақшасының", "тармақшасында", "тармақшасымен", "тармақшасынан"),
    ),
    "article": (("бап", "баптың", "бапта", "баппен", "баптан"), ("бабы", "бабының", "бабында", "бабымен", "бабынан")),
    "chapter": (
        ("тарау", "тараудың", "тарауда", "тараумен", "тараудан"),
        ("тарауы", "тарауының", "тарауында", "тарауымен", "тарауынан"),
    ),
    "section": (
        ("бөлім", "бөлімнің", "бөлімде", "бөліммен", "бөлімнен"),
        ("бөлімі", "бөлімінің", "бөлімінде", "бөлімімен", "бөлімінен"),
    ),
    "part": (
        ("бөлік", "бөліктің", "бөлікте", "бөлікпен", "бөліктен"),
        ("бөлігі", "бөлігінің", "бөлігінде", "бөлігімен", "бөлігінен"),
    ),
    "indent": (
        ("абзац", "абзацтың", "абзацта", "абзацпен", "абзацтан"),
        ("абзацы", "абзацының", "абзацында", "абзацымен", "абзацынан"),
    ),
    "appendix": (
        ("қосымша", "қосымшаның", "қосымшада", "қосымшамен", "қосымшадан"),
        ("қосымшасы", "қосымшасының", "қосымшасында", "қосымшасымен", "қосымшасынан"),
    ),
    "heading": (
        ("тақырып", "тақырыптың", "тақырыпта", "тақырыппен", "тақырыптан"),
        ("тақырыбы", "тақырыбының", "тақырыбында", "тақырыбымен", "тақырыбынан"),
    ),
    "preamble": (
        ("кіріспе", "кіріспенің", "кіріспеде", "кіріспемен", "кіріспеден"),
        ("кіріспесі", "кіріспесінің", "кіріспесінде", "кіріспесімен", "кіріспесінен"),
    ),
}
_KK_ORD = ("бірінші", "екінші", "үшінші", "төртінші", "бесінші", "алтыншы", "жетінші", "сегізінші", "тоғызыншы")
_KK_TENS = {1: ("он", "оныншы"), 2: ("жиырма", "жиырмасыншы"), 3: ("отыз", "отызыншы")}

# Russian: case forms of the noun; the gender decides the ordinal's endings.
_RU_CASES = ("nom", "acc", "gen", "loc", "ins")
_RU: dict[str, tuple[tuple[str, ...], str]] = {
    "paragraph": (("пункт", "пункт", "пункта", "пункте", "пунктом"), "m"),
    "subparagraph": (("подпункт", "подпункт", "подпункта", "подпункте", "подпунктом"), "m"),
    "article": (("статья", "статью", "статьи", "статье", "статьей"), "f"),
    "chapter": (("глава", "главу", "главы", "главе", "главой"), "f"),
    "section": (("раздел", "раздел", "раздела", "разделе", "разделом"), "m"),
    "part": (("часть", "часть", "части", "части", "частью"), "f"),
    "indent": (("абзац", "абзац", "абзаца", "абзаце", "абзацем"), "m"),
    "appendix": (("приложение", "приложение", "приложения", "приложении", "приложением"), "n"),
    "heading": (("заголовок", "заголовок", "заголовка", "заголовке", "заголовком"), "m"),
    "preamble": (("преамбула", "преамбулу", "преамбулы", "преамбуле", "преамбулой"), "f"),
}
_ORDINAL_KINDS = frozenset({"part", "indent"})


class Unrenderable(ValueError):
    """The operation has no sentence in lexpub's formula set (e.g. an ordinal beyond the tables)."""


def kk_ordinal_word(n: int) -> str:
    if not 1 <= n <= 39:
        raise Unrenderable(f"no Kazakh ordinal word for {n} in the table")
    tens, unit = divmod(n, 10)
    if unit == 0:
        return _KK_TENS[tens][1]
    return f"{_KK_TENS[tens][0]} {_KK_ORD[unit - 1]}" if tens else _KK_ORD[unit - 1]


def ru_ordinal_word(n: int, gender: str, case: str) -> str:
    word = ordinals.ru_ordinal_word(n, gender, case)
    if word is None:
        raise Unrenderable(f"no Russian ordinal word for {n} in the table")
    return word


def _kk_step(step: Step, case: str, possessive: bool) -> str:
    kind, num = step
    noun = _KK[kind][1 if possessive else 0][_KK_CASES.index(case)]
    if num is None:
        return noun
    if kind == "subparagraph":
        return f'"{num}" {noun}' if not num[0].isdigit() else f"{num}) {noun}"
    if kind == "indent":  # «екінші абзацы»; a part is numbered in figures, «4-тармақтың 1-бөлігі»
        if not num.isdigit():
            raise Unrenderable(f"{kind} {num}: ordinal wanted")
        return f"{kk_ordinal_word(int(num))} {noun}"
    return f"{num}-{noun}"


def kk_path(path: Path, case: str) -> str:
    """«57-баптың 1-тармағының 6) тармақшасы»: outside-in, genitives, the last in ``case``."""
    if not path:
        raise Unrenderable("an empty target")
    words = [_kk_step(s, "gen" if i < len(path) - 1 else case, i > 0) for i, s in enumerate(path)]
    return " ".join(words)


def _ru_step(step: Step, case: str) -> str:
    kind, num = step
    forms, gender = _RU[kind]
    noun = forms[_RU_CASES.index(case)]
    if num is None:
        return noun
    if kind == "subparagraph":
        return f'{noun} "{num}"' if not num[0].isdigit() else f"{noun} {num})"
    if kind in _ORDINAL_KINDS:
        if not num.isdigit():
            raise Unrenderable(f"{kind} {num}: ordinal wanted")
        return f"{noun} {ru_ordinal_word(int(num), gender, case)}"
    return f"{noun} {num}"


def ru_path(path: Path, case: str) -> str:
    """«подпункт 6) пункта 1 статьи 57»: inside-out, the first in ``case``, then genitives."""
    if not path:
        raise Unrenderable("an empty target")
    inner_first = list(reversed(path))
    return " ".join(_ru_step(s, case if i == 0 else "gen") for i, s in enumerate(inner_first))


_DESCENT = {
    "kaz": "көрсетілген бұйрықпен бекітілген Қағидаларда:",
    "rus": "в Правилах, утвержденных указанным приказом:",
}


def render_op(op: ParsedOp, lang: Lang) -> str:
    """The sentence (or header lines + sentence) that states ``op``; a target inside the approved
    document is preceded by the descent line («… бекітілген Қағидаларда:»)."""
    prefix = ""
    if op.target and op.target[0][0] == "document":
        anchor = op.position
        if anchor is not None and anchor.anchor[:1] == op.target[:1]:
            anchor = Position(anchor.where, anchor.anchor[1:])
        op = ParsedOp(op.op, op.target[1:], anchor, op.old, op.new)
        prefix = _DESCENT[lang] + "\n"
    return prefix + (_render_kk(op) if lang == "kaz" else _render_ru(op))


def _q(text: str | None) -> str:
    if text is None:
        raise Unrenderable("a wording is missing")
    return f'"{text}"'


def _split_text(path: Path) -> tuple[Path, bool]:
    if path and path[-1][0] == "text":
        return path[:-1], True
    return path, False


def _render_kk(op: ParsedOp) -> str:
    if op.op in ("replace_words", "delete_words", "insert_words"):
        loc, whole = _split_text(op.target)
        where = " ".join(([kk_path(loc, "loc")] if loc else []) + (["бүкіл мәтін бойынша"] if whole else []))
        lead = f"{where} " if where else ""
        if op.op == "replace_words":
            return f"{lead}{_q(op.old)} деген сөздер {_q(op.new)} деген сөздермен ауыстырылсын;"
        if op.op == "delete_words":
            return f"{lead}{_q(op.old)} деген сөздер алып тасталсын;"
        return f"{lead}{_q(op.old)} деген сөздерден кейін {_q(op.new)} деген сөздермен толықтырылсын;"
    if op.op == "replace":
        if op.new is None:
            raise Unrenderable("a new wording given in an appendix of the amending act: compare the sentence itself")
        return f"{kk_path(op.target, 'nom')} мынадай редакцияда жазылсын:\n{_q(op.new)};"
    if op.op == "delete":
        return f"{kk_path(op.target, 'nom')} алып тасталсын;"
    if op.op == "repeal":
        return f"{kk_path(op.target, 'gen')} күші жойылды деп танылсын;"
    return _render_kk_insert(op)


def _render_kk_insert(op: ParsedOp) -> str:
    container, last = op.target[:-1], op.target[-1:]
    body = f"мынадай мазмұндағы {_kk_step(last[0], 'ins', False)} толықтырылсын:\n{_q(op.new)};"
    if op.position is None:
        return f"{kk_path(container, 'nom')} {body}" if container else body
    anchor = op.position.anchor
    if anchor[:-1] != container:
        raise Unrenderable("the anchor of an insert is not a sibling of the new unit")
    after = f"{_kk_step(anchor[-1], 'abl', False)} кейін {body}"
    return f"{kk_path(container, 'loc')}:\n{after}" if container else after


def _render_ru(op: ParsedOp) -> str:
    if op.op in ("replace_words", "delete_words", "insert_words"):
        loc, whole = _split_text(op.target)
        where = " ".join(([f"в {ru_path(loc, 'loc')}"] if loc else []) + (["по всему тексту"] if whole else []))
        lead = f"{where} " if where else ""
        if op.op == "replace_words":
            return f"{lead}слова {_q(op.old)} заменить словами {_q(op.new)};"
        if op.op == "delete_words":
            return f"{lead}слова {_q(op.old)} исключить;"
        return f"{lead}после слов {_q(op.old)} дополнить словами {_q(op.new)};"
    if op.op == "replace":
        if op.new is None:
            raise Unrenderable("a new wording given in an appendix of the amending act: compare the sentence itself")
        return f"{ru_path(op.target, 'acc')} изложить в следующей редакции:\n{_q(op.new)};"
    if op.op == "delete":
        return f"{ru_path(op.target, 'acc')} исключить;"
    if op.op == "repeal":
        lost = "утратившей" if _RU[op.target[-1][0]][1] == "f" else "утратившим"
        return f"{ru_path(op.target, 'acc')} признать {lost} силу;"
    return _render_ru_insert(op)


def _render_ru_insert(op: ParsedOp) -> str:
    container, last = op.target[:-1], op.target[-1]
    body = f"дополнить {_ru_step(last, 'ins')} следующего содержания:\n{_q(op.new)};"
    if op.position is None:
        return f"{ru_path(container, 'acc')} {body}" if container else body
    anchor = op.position.anchor
    if anchor[:-1] != container:
        raise Unrenderable("the anchor of an insert is not a sibling of the new unit")
    after = f"после {_ru_step(anchor[-1], 'gen')} {body}"
    return f"в {ru_path(container, 'loc')}:\n{after}" if container else after
