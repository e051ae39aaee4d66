"""The lark grammars of Kazakh and Russian formulas and the transformer from a parse tree to a
:class:`Reading`: an operation relative to the current context, a header, a descent or nothing.

References come back outside-in in both languages (Russian ones are reversed here). A unit step
may carry several numbers («3) және 4) тармақшалар», «подпункты "д" и "е"»); only the innermost
step may, and then one operation is made per number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, Literal

from lark import Lark, Token, Transformer, Tree
from lark.exceptions import VisitError

from lexpub.ingest.formulas.model import ParsedOpKind, Path, Step, TargetKind
from lexpub.ingest.formulas.words import KK_STEMS, RU_STEMS, kk_ordinal, ru_ordinal, unit_kind
from lexpub.model.values import Lang

_LETTER = re.compile(r"[а-яәғқңөұүһіa-z](-\d+)?")


class Unreadable(Exception):
    """The grammar accepted the line but what it says cannot be turned into operations."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What one statement says. ``paths``: targets relative to the context (several when numbers are
    coordinated); ``anchor``: the sibling an insert goes after; ``pairs``: (old, new) wordings."""

    kind: Literal["op", "header", "descent", "nop", "repeal_list", "listed"]
    op: ParsedOpKind | None = None
    paths: tuple[Path, ...] = ()
    anchor: Path | None = None
    pairs: tuple[tuple[str | None, str | None], ...] = ((None, None),)
    own: bool = False
    """The reference names a unit of the amended act itself («көрсетілген қаулының тақырыбы»), so it
    is read outside any approved document the context has descended into."""
    names_act: bool = False
    """The line names the act it acts on by its title and requisites («… № 366 бұйрығының күші жойылды деп
    танылсын», «признать утратившим силу приказ … № 366»): that act, not the context's."""


@dataclass(frozen=True, slots=True)
class _Marker:
    name: str


WHOLE = _Marker("whole")
RESPECTIVELY = _Marker("respectively")
NAMED_ACT = _Marker("named_act")


@dataclass(frozen=True, slots=True)
class _Scope:
    path: Path


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: TargetKind
    numbers: tuple[str | None, ...]


@cache
def parser(lang: Lang) -> Lark:
    name = "kk.lark" if lang == "kaz" else "ru.lark"
    text = resources.files("lexpub.ingest.formulas").joinpath(name).read_text(encoding="utf-8")
    return Lark(text, parser="earley", lexer="dynamic", ambiguity="resolve")


def read(skeleton: str, quotes: tuple[str, ...], lang: Lang) -> Reading:
    """Parse one statement (raises lark's errors when the grammar does not accept it)."""
    tree = parser(lang).parse(skeleton)
    try:
        result = _Build(quotes, lang).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, Unreadable):
            raise exc.orig_exc from None
        raise
    assert isinstance(result, Reading)  # noqa: S101 - the grammar's start rule always yields one
    return result


def _expand(units: list[_Unit]) -> tuple[Path, ...]:
    """Paths from unit steps; coordination is allowed on the innermost step only."""
    if any(len(u.numbers) > 1 for u in units[:-1]):
        raise Unreadable("several numbers on an outer step of the reference")
    head: list[Step] = [(u.kind, u.numbers[0]) for u in units[:-1]]
    last = units[-1]
    return tuple((*head, (last.kind, n)) for n in last.numbers)


def _single(paths: tuple[Path, ...]) -> Path:
    if len(paths) != 1:
        raise Unreadable("several units where the formula names one")
    return paths[0]


class _Build(Transformer[Token, Any]):
    """Tree → Reading. Each rule method receives its children already transformed."""

    def __init__(self, quotes: tuple[str, ...], lang: Lang):
        super().__init__()
        self.wordings = quotes
        self.lang = lang
        self.own_act = False

    # tokens and numbers -------------------------------------------------------------------
    def QUOTE(self, tok: Token) -> str:  # noqa: N802 - lark names terminal callbacks after them
        return self.wordings[int(tok[1:-1])]

    def number(self, items: list[Any]) -> tuple[str, ...]:
        return tuple(items[0])

    def hyphenated(self, items: list[Token]) -> list[str]:
        return [str(t).rstrip("-") for t in items if t.type in ("NUM", "NUMHY")]

    def sign_num(self, items: list[Token]) -> list[str]:
        return [str(items[0]).lstrip("№").strip()]

    def own(self, items: list[Any]) -> None:
        self.own_act = True

    def paren_nums(self, items: list[Token]) -> list[str]:
        return [str(t).rstrip("-")[:-1] for t in items if t.type == "PNUM"]

    def plain(self, items: list[Token]) -> list[str]:
        return [str(t) for t in items if t.type == "NUM"]

    def quoted_letter(self, items: list[Any]) -> list[str]:
        letters = [i for i in items if isinstance(i, str) and not isinstance(i, Token)]
        for letter in letters:
            if not _LETTER.fullmatch(letter):
                raise Unreadable(f"a quoted wording «{letter}» where a unit letter was expected")
        return letters

    def ordinal(self, items: list[Token]) -> list[str]:
        word = str(items[0])
        return [str(kk_ordinal(word) if self.lang == "kaz" else ru_ordinal(word))]

    def _unit(self, items: list[Any]) -> _Unit:
        noun = next(i for i in items if isinstance(i, Token))
        numbers = next((i for i in items if isinstance(i, tuple)), (None,))
        kind = unit_kind(str(noun), KK_STEMS if self.lang == "kaz" else RU_STEMS)
        return _Unit(kind, numbers)

    unit_nom = unit_gen = unit_loc = unit_ins = unit_abl = unit_dat = unit_acc = _unit

    def _ref(self, items: list[Any]) -> tuple[Path, ...]:
        units = [i for i in items if isinstance(i, _Unit)]
        if self.lang == "rus":
            units.reverse()
        paths = _expand(units)
        if any(isinstance(i, Token) and i.type == "RU_DOC_GEN" for i in items):
            paths = tuple((("document", None), *p) for p in paths)
        return paths

    ref_nom = ref_gen = ref_loc = ref_ins = ref_abl = ref_acc = _ref

    def ref_after(self, items: list[Any]) -> tuple[str, Path]:
        return ("after", _single(items[0]))

    def quotes(self, items: list[Any]) -> list[str]:
        return [i for i in items if isinstance(i, str) and not isinstance(i, Token)]

    # statements ----------------------------------------------------------------------------
    def start(self, items: list[Any]) -> Reading:
        result = items[0]
        assert isinstance(result, Reading)  # noqa: S101
        return replace(result, own=True) if self.own_act else result

    def _paths(self, items: list[Any]) -> list[tuple[Path, ...]]:
        return [i for i in items if isinstance(i, tuple) and (not i or isinstance(i[0], tuple))]

    def _texts(self, items: list[Any]) -> list[str]:
        return [i for i in items if isinstance(i, str) and not isinstance(i, Token)]

    def _targets(self, items: list[Any]) -> tuple[Path, ...]:
        """The unit(s) a formula names, inside the location its line opens with («в пункте 7 подпункт 1)»)."""
        refs = self._paths(items)
        if len(refs) == 1:
            return refs[0]
        location = _single(refs[0])
        return tuple((*location, *p) for p in refs[1])

    def replace(self, items: list[Any]) -> Reading:
        paths = self._targets(items)
        texts = self._texts(items)
        if not texts:
            raise Unreadable("the new wording the formula announces does not follow it")
        return Reading("op", "replace", (_single(paths),), pairs=((None, texts[0]),))

    def replace_from(self, items: list[Any]) -> Reading:
        """«1, 2 қосымшалары осы шешімнің 1, 2 қосымшаларына сәйкес …»: one replacement per unit named,
        inside the location its line opens with."""
        return Reading("op", "replace", self._targets(items))

    def insert(self, items: list[Any]) -> Reading:
        refs = self._paths(items)
        after = next((i[1] for i in items if isinstance(i, tuple) and i and i[0] == "after"), None)
        inner = _single(refs[-1])
        container: Path = _single(refs[0]) if len(refs) == 2 else ()
        texts = self._texts(items)
        if not texts:
            raise Unreadable("the new wording the formula announces does not follow it")
        text = texts[-1]
        return Reading("op", "insert", ((*container, *inner),), anchor=after, pairs=((None, text),))

    def delete(self, items: list[Any]) -> Reading:
        return Reading("op", "delete", self._targets(items))

    def delete_each(self, items: list[Any]) -> Reading:
        """Units named one after another, each in full («подпункт 8) пункта 10 и подпункт 15) пункта 11»)."""
        return Reading("op", "delete", tuple(p for r in self._paths(items) for p in r))

    def repeal(self, items: list[Any]) -> Reading:
        if NAMED_ACT in items:  # the act this line names, or units of it («… 1, 2, 8-тармақтарының күші …»: one each)
            refs = self._paths(items)
            return Reading("op", "repeal", refs[0] if refs else ((),), names_act=True)
        return Reading("op", "repeal", self._targets(items))

    def repeal_list(self, items: list[Any]) -> Reading:
        """«Признать утратившими силу следующие приказы …:»: the acts the lines after it name are repealed."""
        return Reading("repeal_list")

    def listed_act(self, items: list[Any]) -> Reading:
        """A line naming an act by its title and requisites: a repeal inside a list of repeals, else unreadable."""
        return Reading("listed")

    def named_act(self, items: list[Any]) -> _Marker:
        return NAMED_ACT

    def row(self, items: list[Any]) -> Reading:
        raise Unreadable("a row of a table is not a unit lexpub can amend")

    def whole(self, items: list[Any]) -> _Marker:
        return WHOLE

    def scope(self, items: list[Any]) -> _Scope:
        """What «по всему тексту …» runs through (ru.lark): a unit, the approved document, or the act itself."""
        paths = self._paths(items)
        if paths:
            return _Scope(_single(paths[0]))
        document = any(isinstance(i, Token) and i.type == "RU_DOC_GEN" for i in items)
        return _Scope((("document", None),) if document else ())

    def located_whole(self, items: list[Any]) -> tuple[Path, ...]:
        """The units named before «и по всему тексту», then the whole text of the scope: one location each."""
        scope = next((i.path for i in items if isinstance(i, _Scope)), ())
        units = tuple(p for r in self._paths(items) for p in r)
        return (*units, (*scope, ("text", None)))

    def respectively(self, items: list[Any]) -> _Marker:
        return RESPECTIVELY

    def words(self, items: list[Any]) -> Reading:
        """One operation per location: «в заголовке и пункте 1 слова …», «в пунктах 2 и 3 слова …»."""
        refs = self._paths(items)
        locations: tuple[Path, ...] = tuple(p for r in refs for p in r) or ((),)
        if WHOLE in items:
            locations = tuple((*loc, ("text", None)) for loc in locations)
        op, pairs = next(i for i in items if isinstance(i, tuple) and i and i[0] in _WORD_OPS)
        return Reading("op", op, locations, pairs=pairs)

    def replace_words(self, items: list[Any]) -> tuple[str, tuple[tuple[str | None, str | None], ...]]:
        lists = [i for i in items if isinstance(i, list)]
        old, new = lists[0], lists[1]
        respectively = RESPECTIVELY in items
        if len(new) == 1 and not respectively:
            return ("replace_words", tuple((o, new[0]) for o in old))
        if respectively and len(old) == len(new) and len(old) > 1:
            return ("replace_words", tuple(zip(old, new, strict=True)))
        raise Unreadable(f"{len(old)} wordings replaced by {len(new)} without a pairing the text states")

    def delete_words(self, items: list[Any]) -> tuple[str, tuple[tuple[str | None, str | None], ...]]:
        old = next(i for i in items if isinstance(i, list))
        return ("delete_words", tuple((o, None) for o in old))

    def insert_words(self, items: list[Any]) -> tuple[str, tuple[tuple[str | None, str | None], ...]]:
        lists = [i for i in items if isinstance(i, list)]
        if len(lists[0]) != 1 or len(lists[1]) != 1:
            raise Unreadable("insertion after words needs one anchor and one wording")
        return ("insert_words", ((lists[0][0], lists[1][0]),))

    def header(self, items: list[Any]) -> Reading:
        return Reading("header", paths=(_single(self._paths(items)[0]),))

    def descent(self, items: list[Any]) -> Reading:
        refs = self._paths(items)
        inner = _single(refs[0]) if refs else ()
        return Reading("descent", paths=((("document", None), *inner),))

    descent_unit = descent  # «в приложении 1 к Правилам, утвержденным …:» (ru.lark)

    def intro(self, items: list[Any]) -> Reading:
        return Reading("descent", paths=((),))

    act_intro = intro

    def commence(self, items: list[Any]) -> Reading:
        return Reading("nop")

    via_appendix = commence

    def free(self, items: list[Any]) -> None:
        return None

    def __default__(self, data: Any, children: list[Any], meta: Any) -> Any:
        return Tree(data, children, meta)


_WORD_OPS = ("replace_words", "delete_words", "insert_words")
