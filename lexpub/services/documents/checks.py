"""Checking citizen data of one record, as strictly as the corpus: values → clean values or reasons.

Why: a document bears a person's name and IIN under an official's signature. A value that a
spreadsheet would run (``=HYPERLINK(…)``), a name that mixes Latin and Cyrillic look-alikes
(``Aлибеков`` with a Latin A), invisible, control or lone combining characters, or a name too long
for the one-page form would print something other than what the official sees; each is refused by
row with the reason, never silently cleaned.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from lexpub.model.dates import parse_iso

FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet evaluate a cell."""
INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
"""Unicode categories refused in any value: controls, bidi overrides and other invisible format
characters (they can disguise a name), private-use, surrogates, unassigned, line/paragraph separators."""
INVISIBLE_POINTS = frozenset({0x3164, 0x1160, 0x2800, 0xFFFD, 0x034F, 0xFE0F, 0x115F, 0xFFA0})
"""Code points that look like nothing (Hangul fillers, Braille blank, replacement character,
grapheme joiner, variation selector) although their category is a visible one."""
NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_NAME = 80
"""Characters of a full name the one-page documents hold on two lines of the field column."""
MAX_TEXT = 600
"""Characters of any other free-text value (an explanation, the appeal procedure) the page holds."""
MAX_GROUND_DIGITS = 3
NAME_FIELDS = frozenset({"full_name"})


def script_of(ch: str) -> str | None:
    """ "latin", "cyrillic" or None (not a letter of either), from the character's Unicode name."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return "other"


def mixed_words(text: str) -> list[str]:
    """Words that mix Latin and Cyrillic letters (``Aлибеков``): a look-alike that hides a different name."""
    out = []
    for word in re.findall(r"\w+", text):
        scripts = {script_of(c) for c in word} - {None}
        if {"latin", "cyrillic"} <= scripts:
            out.append(word)
    return out


def hidden_characters(raw: str) -> list[str]:
    """U+XXXX of every invisible, control, private-use or unassigned character, and of a combining
    mark with no letter before it (it would attach to the label printed before the value)."""
    bad = {f"U+{ord(c):04X}" for c in raw if unicodedata.category(c) in INVISIBLE or ord(c) in INVISIBLE_POINTS}
    for i, c in enumerate(raw):
        if unicodedata.combining(c) and (i == 0 or not raw[i - 1].isalpha()):
            bad.add(f"U+{ord(c):04X}")
    return sorted(bad)


def text_value(values: dict[str, Any], name: str, errors: list[str], *, limit: int = MAX_TEXT) -> str:
    """A required text value, stripped; a reason in ``errors`` for anything a document must not print."""
    raw = values.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        errors.append(f"{name}: missing value")
        return ""
    if not isinstance(raw, str):
        errors.append(f"{name}: expected text, not {type(raw).__name__}")
        return ""
    if any(unicodedata.category(c) == "Cc" for c in raw):
        errors.append(f"{name}: control characters are not allowed")
        return ""
    bad = hidden_characters(raw)
    if bad:
        errors.append(f"{name}: invisible, private-use or unassigned characters are not allowed ({', '.join(bad)})")
        return ""
    value = raw.strip()
    if len(value) > limit:
        errors.append(f"{name}: {len(value)} characters, the document holds at most {limit} on its one page")
        return ""
    return value


def name_value(values: dict[str, Any], name: str, errors: list[str]) -> str:
    """A person's name: a text value that is no formula and mixes no look-alike scripts."""
    value = text_value(values, name, errors, limit=MAX_NAME)
    if not value:
        return ""
    if value.startswith(FORMULA):
        errors.append(f"{name}: starts with {value[0]!r}, as a spreadsheet formula does; a name never does")
        return ""
    mixed = mixed_words(value)
    if mixed:
        errors.append(f"{name}: {', '.join(mixed)} mixes Latin and Cyrillic letters that look alike")
        return ""
    return value


def date_value(values: dict[str, Any], name: str, errors: list[str]) -> dt.date | None:
    raw = text_value(values, name, errors, limit=10)
    if not raw:
        return None
    try:
        return parse_iso(raw)
    except ValueError as exc:
        errors.append(f"{name}: {exc}")
        return None


def grounds_value(values: dict[str, Any], errors: list[str]) -> tuple[str, ...]:
    """The row-9 sub-items chosen as grounds, in the law's order; digits only, at most three each."""
    raw = values.get("grounds")
    items = [str(x) for x in raw] if isinstance(raw, list) else re.split(r"[;,\s]+", str(raw or "").strip())
    items = [x for x in items if x]
    if not items:
        errors.append("grounds: missing value")
        return ()
    bad = [x for x in items if not x.isascii() or not x.isdigit() or len(x) > MAX_GROUND_DIGITS]
    if bad:
        shown = ", ".join(x if len(x) <= 12 else f"{x[:8]}… ({len(x)} characters)" for x in bad)
        errors.append(f"grounds: {shown} is not a sub-item number of row 9")
        return ()
    if len(set(items)) != len(items):
        errors.append("grounds: a ground is listed twice")
    # Quoted in the law's order (1), 2) …), whatever order the officer typed them in.
    return tuple(sorted(items, key=int))


def number_value(values: dict[str, Any], errors: list[str]) -> str:
    number = text_value(values, "number", errors, limit=64)
    if number and not NUMBER.match(number):
        errors.append(f"number: {number!r} must be 1–64 letters, digits, '.', '_' or '-' (it names the file)")
    return number


def field_value(values: dict[str, Any], name: str, ftype: str, errors: list[str]) -> Any:
    """The checked value of one field of a document definition."""
    if ftype == "date":
        return date_value(values, name, errors)
    if ftype == "grounds":
        return grounds_value(values, errors)
    if ftype == "number":
        return number_value(values, errors)
    if name in NAME_FIELDS:
        return name_value(values, name, errors)
    return text_value(values, name, errors)
