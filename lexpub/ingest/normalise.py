"""What real official texts carry that the source format does not: look-alike letters, quote styles,
«N» for «№», no-break spaces, dashes and Adilet's six-space indent.

Why: a formula is verified by comparing it with lexpub's own generated sentence; both sides go
through :func:`line` so a typographic variant is never taken for a different wording.
"""

from __future__ import annotations

import re

INDENT = "      "

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " "})
# A Latin letter standing for a Kazakh one, only inside a word that is otherwise Cyrillic.
_LOOKALIKE = {"i": "і", "I": "І", "ə": "ә", "Ə": "Ә"}
_CYR = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
_WORD = re.compile(rf"[{_CYR}iIəƏ]+")
_NUMBER_SIGN = re.compile(r"(?<![\w])N(?= ?\d)")
_DASH = re.compile(r"(?<=\s)[-‒—](?=\s)")


def kazakh_letters(text: str) -> str:
    """ "бұйрықты Қазақстан Республикасының Әдiлет" → the Latin «i» of a Cyrillic word becomes «і»."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if not re.search(rf"[{_CYR}]", word):
            return word  # a Latin word (a web address, a Roman numeral) keeps its letters
        return "".join(_LOOKALIKE.get(ch, ch) for ch in word)

    return _WORD.sub(fix, text)


def line(text: str, *, kazakh: bool = True) -> str:
    """One line as lexpub writes it: straight quotes, «№», plain spaces, an en dash between words,
    Kazakh letters in Kazakh words, single spaces, no trailing blanks."""
    out = text.translate(_QUOTES).translate(_SPACES)
    out = _NUMBER_SIGN.sub("№", out)
    out = _DASH.sub("–", out)
    if kazakh:
        out = kazakh_letters(out)
    return re.sub(r" {2,}", " ", out).strip()


def indented(raw: str) -> bool:
    """Adilet (and ``lexpub text``) indent a unit's line by six spaces; headers are flush left."""
    expanded = raw.translate(_SPACES)
    return len(expanded) - len(expanded.lstrip(" ")) >= 2
