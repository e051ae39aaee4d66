"""What a value of an act file may hold: visible characters, numbers an eId can carry, sizes a
renderer survives. The act parser (:mod:`lexpub.sources.acts`) applies these rules to every text.
"""

from __future__ import annotations

import re
import unicodedata

from lexpub.model import eids

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
