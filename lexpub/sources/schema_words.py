"""Plain sentences for JSON Schema failures: what is wrong and how it is written, never the validator's
own phrases ("is not valid under any of the given schemas", "does not match ^…$").

Why: the lawyer who types ``publication.date: 20.06.2024`` needs "dates are written YYYY-MM-DD, e.g.
2024-06-20", not a regular expression. Each pattern of the shipped schemas has its sentence here.
"""

from __future__ import annotations

import re
from typing import Any

DATE = r"^\d{4}-\d{2}-\d{2}$"
EID = r"^[A-Za-z0-9_-]+$"
TARGET = r"^[a-z0-9]+(-[a-z0-9]+)*(#[A-Za-z0-9_-]+)?$"

PATTERNS: dict[str, str] = {
    DATE: "dates are written YYYY-MM-DD, e.g. {example}",
    EID: "an eId is written with Latin letters, digits, '_' and '-' only, e.g. att_nn_1__para_11",
    TARGET: "a target is written work-id#eId, e.g. mod-2017-357#att_nn_1__para_11 (the work id alone: the act itself)",
    r"^[VZPK][0-9A-Z]{9}[0-9_]$": "an Adilet code is a capital V, Z, P or K and ten more characters, e.g. V2300031636",
    r"^[a-z][a-z0-9-]*$": "an id is written in lower-case Latin letters, digits and hyphens, e.g. mod",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "a work id is the act file's name without .yaml, e.g. mod-2023-2",
    r"^[A-Za-z0-9_./-]+$": "a path is written with Latin letters, digits and '_', '.', '/', '-' only",
}
PATTERN_KEYS: dict[str, str] = {
    DATE: "date",
    EID: "eid",
    TARGET: "target",
    r"^[VZPK][0-9A-Z]{9}[0-9_]$": "adilet",
    r"^[a-z][a-z0-9-]*$": "id",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "work-id",
    r"^[A-Za-z0-9_./-]+$": "path",
}
"""The catalogue sentence of each pattern (``error.bad-format.<name>``, kk and ru); ``other`` for the rest."""
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")


def date_example(value: Any) -> str:
    """``20.06.2024`` → ``2024-06-20`` (the same day written as the sources want it); else a sample."""
    m = _DMY.match(str(value).strip())
    if m:
        day, month, year = m.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return "2024-06-20"


def pattern_sentence(pattern: str, value: Any) -> str:
    """The plain sentence for a value failing ``pattern``."""
    words = PATTERNS.get(pattern)
    if words is None:
        return "this value is not written as expected here"
    return words.format(example=date_example(value))


def pattern_key(pattern: str) -> str:
    return PATTERN_KEYS.get(pattern, "other")


def alternatives_key(context: list[Any]) -> tuple[str, tuple[str, ...]]:
    """The catalogue sentence of an ``anyOf``/``oneOf`` whose branches all failed: the first pattern's
    (``bad-format.<name>``, ``….or`` when a word such as ``unknown`` is accepted too), else ``bad-format.none``."""
    patterns = [e.validator_value for e in context if e.validator == "pattern"]
    words = tuple(str(e.validator_value) for e in context if e.validator == "const")
    if not patterns:
        return "bad-format.none", ()
    base = f"bad-format.{pattern_key(str(patterns[0]))}"
    return (f"{base}.or", words[:1]) if words else (base, ())


def alternatives_sentence(context: list[Any], value: Any) -> str:
    """An ``anyOf``/``oneOf`` whose branches all failed: say what each branch accepts, in plain words."""
    accepted: list[str] = []
    for err in context:
        if err.validator == "pattern":
            accepted.append(pattern_sentence(err.validator_value, value))
        elif err.validator == "const":
            accepted.append(f"or the word {err.validator_value!r}")
        elif err.validator == "type":
            accepted.append(f"or {kind_of(err.validator_value)}")
    accepted = list(dict.fromkeys(accepted))
    if not accepted:
        return f"{shown(value)} is not one of the forms this field takes"
    first, rest = accepted[0], accepted[1:]
    if first.startswith("or "):
        first = first[3:]
    return f"{shown(value)}: " + " ".join([first, *rest])


def kind_of(name: Any) -> str:
    names = {
        "string": "a text",
        "integer": "a whole number",
        "object": "a mapping",
        "array": "a list",
        "boolean": "true or false",
        "number": "a number",
    }
    if isinstance(name, list):
        return " or ".join(names.get(n, str(n)) for n in name)
    return names.get(name, str(name))


def shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, dict | list) else ("a mapping" if isinstance(value, dict) else "a list")
    return text if len(text) <= 40 else text[:40] + "…"


def bound_sentence(validator: str, limit: Any, value: Any) -> str:
    """minLength, minItems, minimum, maximum, uniqueItems and the like, in words."""
    return {
        "minLength": "must not be empty",
        "minItems": f"needs at least {limit} item{'s' if limit != 1 else ''}",
        "maxItems": f"takes at most {limit} items",
        "uniqueItems": "lists an item twice",
        "minimum": f"must be at least {limit}",
        "maximum": f"must be at most {limit}",
        "minProperties": "must not be empty",
    }.get(validator, f"{shown(value)} is not accepted here")
