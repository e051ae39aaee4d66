"""Element identifiers (eIds) after AKN-NC: ``para_2__point_3``, ``att_nn_1__para_11``, ``att_2-1__tr_6``.

Rules: a prefix per kind (AKN-NC's ``art``, ``chp``, ``sec``, ``part``, ``para``, ``point`` …); the number
cleaned as AKN-NC says (strip outer punctuation and spaces, inner punctuation becomes ``-``; a letter of a
sub-item is written in ASCII, «г» → ``point_g``); units without a number get a counter — ``alinea_2`` for
kinds that are unnumbered by nature, ``att_nn_1`` for kinds that usually carry a number. Levels join with
``__``. Chapters and sections are transparent: what they hold is numbered straight through them, so it takes
its eId from the level above (``att_nn_1__chp_2`` holds ``att_nn_1__para_15``), and an act later given its
chapters keeps the eIds its amendments name.
"""

from __future__ import annotations

import re

PREFIX = {
    "paragraph": "para",
    "point": "point",
    "alinea": "alinea",
    "attachment": "att",
    "appendix": "att",
    "row": "tr",
    "article": "art",
    "chapter": "chp",
    "section": "sec",
    "part": "part",
}
TRANSPARENT = frozenset({"chapter", "section"})
"""Kinds whose children are numbered straight through them (their eIds skip the container)."""
LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
"""Letters of lettered sub-items («"а" тармақшасы», «подпункт "г"»): Cyrillic, no look-alike doubles."""
_ASCII = dict(
    zip(
        LETTERS,
        ("a", "b", "v", "g", "d", "e", "zh", "z", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh")
        + ("ts", "ch", "sh", "shch", "eh", "yu", "ya"),
        strict=True,
    )
)
_NUM_OK = re.compile(r"^[0-9]+(?:-[0-9]+)*$")
EID_RE = re.compile(r"^[a-z]+_(?:nn_)?[0-9A-Za-z-]+(?:__[a-z]+_(?:nn_)?[0-9A-Za-z-]+)*$")
UNNUMBERED_BY_NATURE = {"alinea", "part"}


_KIND_OF = {"para": "paragraph", "point": "point", "art": "article", "part": "part", "chp": "chapter"}
_KIND_OF |= {"sec": "section", "alinea": "alinea", "att": "appendix", "tr": "row"}
_LETTER = {v: k for k, v in _ASCII.items()}


def steps(eid: str) -> list[tuple[str, str | None]]:
    """The (kind, number) of every level of ``eid``: ``para_4__point_g`` → paragraph 4, point «г»; a counted
    unit keeps its counter (``alinea_2`` → 2), a ``nn`` one has no number."""
    out: list[tuple[str, str | None]] = []
    for comp in eid.split("__") if eid else []:
        prefix, _, num = comp.partition("_")
        value = None if num.startswith("nn_") else (_LETTER.get(num, num) if prefix == "point" else num)
        out.append((_KIND_OF.get(prefix, prefix), value))
    return out


def clean_num(num: str) -> str:
    """AKN-NC number cleaning: ``"1."`` → ``1``, ``"5-1"`` → ``5-1``, ``"2-1-қосымша"`` is rejected upstream."""
    core = re.sub(r"\s+", "", num).strip(".)(]")
    if core in _ASCII:
        return _ASCII[core]
    return re.sub(r"[^\w-]+", "-", core, flags=re.UNICODE)


def num_is_valid(num: str) -> bool:
    """ASCII digits with hyphen-joined inserts ("5-1", "2-1"): no letters, so no Latin/Cyrillic look-alikes."""
    return bool(_NUM_OK.match(num))


def letter_is_valid(num: str) -> bool:
    """One Cyrillic letter of :data:`LETTERS` — the number of a lettered sub-item (never a Latin look-alike)."""
    return len(num) == 1 and num in LETTERS


def component(kind: str, num: str | None, counter: int) -> str:
    """One level of an eId: ``para_5-1``, ``alinea_2``, ``att_nn_1``."""
    prefix = PREFIX[kind]
    if num is not None:
        return f"{prefix}_{clean_num(num)}"
    if kind in UNNUMBERED_BY_NATURE:
        return f"{prefix}_{counter}"
    return f"{prefix}_nn_{counter}"


def join(parent: str, comp: str) -> str:
    return f"{parent}__{comp}" if parent else comp


def is_safe(eid: str) -> bool:
    """ASCII-only, no path characters: eIds become URL fragments and file names."""
    return bool(EID_RE.match(eid)) and eid.isascii()


def rebase(eid: str, old_prefix: str, new_prefix: str) -> str:
    """Move an eId from one position to another (content copied from an appendix into its target)."""
    if eid == old_prefix:
        return new_prefix
    if eid.startswith(old_prefix + "__"):
        return new_prefix + eid[len(old_prefix) :]
    return eid
