"""Structural validation of source files against the published JSON Schema.

Input: :class:`~lexpub.yamlsrc.Located` data. Output: issues with ``file:line:column``. Unknown
fields are errors (a typo such as ``titel`` must never be silently ignored).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from lexpub.errors import Issue, Params, kv
from lexpub.sources.schema_words import (
    DATE,
    alternatives_key,
    alternatives_sentence,
    bound_sentence,
    date_example,
    kind_of,
    pattern_key,
    pattern_sentence,
    shown,
)
from lexpub.sources.yamlfile import Located

SCHEMAS = Path(__file__).parent / "schemas"


@cache
def schema(name: str) -> dict[str, Any]:
    """A schema shipped with the package (``act``, ``errata``, …)."""
    data: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return data


@cache
def _validator(name: str, part: str | None = None) -> jsonschema.Draft202012Validator:
    whole = schema(name)
    return jsonschema.Draft202012Validator(whole if part is None else {**whole, "$ref": f"#/$defs/{part}"})


def violations(data: Any, name: str, part: str | None = None) -> list[jsonschema.ValidationError]:
    """The schema violations of ``data`` against schema ``name`` (or its definition ``part``, as
    ``record``'s kinds): for values that have no YAML locations (a CSV row), worded by their reader."""
    return _leaves(_validator(name, part).iter_errors(data))


def check(doc: Located, name: str) -> list[Issue]:
    """All schema violations of ``doc``, each at the most precise location, in document order."""
    issues = [_issue(doc, err) for err in violations(doc.data, name)]
    unique = {(str(i.loc), i.message): i for i in issues}
    return sorted(unique.values(), key=lambda i: (i.loc.line if i.loc else 0, i.loc.column if i.loc else 0))


def _leaves(errors: Any) -> list[jsonschema.ValidationError]:
    """Descend into oneOf failures to the branch that got furthest, for a useful message."""
    out: list[jsonschema.ValidationError] = []
    for err in errors:
        if err.validator in ("oneOf", "anyOf") and err.context:
            deepest = max(len(e.absolute_path) for e in err.context)
            best = [e for e in err.context if len(e.absolute_path) == deepest]
            if deepest > len(err.absolute_path):
                out.extend(_leaves(best))
                continue
        out.append(err)
    return out


def _issue(doc: Located, err: jsonschema.ValidationError) -> Issue:
    path = tuple(err.absolute_path)
    where = ".".join(str(p) for p in path) or "(top level)"
    if err.validator == "additionalProperties":
        schema_: Any = err.schema
        instance: Any = err.instance
        allowed = sorted(schema_.get("properties", {})) if isinstance(schema_, dict) else []
        extra = sorted(set(instance) - set(allowed)) if isinstance(instance, dict) else []
        key = extra[0] if extra else ""
        return Issue(
            doc.key_loc((*path, key)),
            "unknown-field",
            f"unknown field {key!r} in {where} (allowed: {', '.join(allowed)})",
            "unknown-field",
            kv(field=key, where_w=where, allowed=", ".join(allowed)),
        )
    if err.validator == "required":
        return Issue(
            doc.loc(path),
            "missing-field",
            f"{where}: {err.message.replace('is a required property', 'is required')}",
            "missing-field",
            kv(where_w=where, field=_missing(err)),
        )
    if err.validator in ("enum", "const"):
        options: Any = err.validator_value if err.validator == "enum" else [err.validator_value]
        choices = ", ".join(str(o) for o in options)
        return Issue(
            doc.loc(path),
            "bad-value",
            f"{where}: {shown(err.instance)} is not allowed here; write one of: {choices}",
            "bad-value",
            kv(where_w=where, value=shown(err.instance), choices=choices),
        )
    if err.validator == "type":
        wanted, got = kind_of(err.validator_value), _typename(err.instance)
        return Issue(
            doc.loc(path),
            "wrong-type",
            f"{where}: {wanted} is expected here, not {got}",
            "wrong-type",
            kv(where_w=where, wanted_w=wanted, got_w=got),
        )
    if err.validator == "pattern":
        return _pattern_issue(doc, err, path, where)
    if err.validator in ("anyOf", "oneOf"):
        sentence = alternatives_sentence(err.context or [], err.instance)
        key, params = date_key(err, where)
        if not key:
            key, words = alternatives_key(err.context or [])
            params = kv(where_w=where, value=shown(err.instance), **({"word": words[0]} if words else {}))
        return Issue(doc.loc(path), "bad-format", f"{where}: {sentence}", key, params)
    limit = err.validator_value
    bound = str(err.validator)
    return Issue(
        doc.loc(path),
        "schema",
        f"{where}: {bound_sentence(bound, limit, err.instance)}",
        *_bound_key(bound, where, limit, err.instance),
    )


def _pattern_issue(doc: Located, err: jsonschema.ValidationError, path: tuple[Any, ...], where: str) -> Issue:
    sentence = pattern_sentence(str(err.validator_value), err.instance)
    key, params = date_key(err, where)
    if not key:
        key, params = (
            f"bad-format.{pattern_key(str(err.validator_value))}",
            kv(where_w=where, value=shown(err.instance)),
        )
    return Issue(doc.loc(path), "bad-format", f"{where}: {shown(err.instance)}: {sentence}", key, params)


def _missing(err: jsonschema.ValidationError) -> str:
    """The one field this error is about: jsonschema gives one error per missing field, each naming it
    in its message (``'type' is a required property``); the first missing of the list otherwise."""
    named = re.match(r"^(['\"])(.+)\1 is a required property$", err.message)
    if named:
        return named.group(2)
    required: Any = err.validator_value
    instance: Any = err.instance
    missing = [str(r) for r in required or () if isinstance(instance, dict) and r not in instance]
    return missing[0] if missing else ""


def _bound_key(bound: str, where: str, limit: Any, value: Any) -> tuple[str, Params]:
    """The catalogue sentence of a bound (``error.schema.<validator>``; ``schema.other`` for the rest)."""
    if bound in ("minLength", "minProperties"):
        return "schema.empty", kv(where_w=where)
    if bound in ("minItems", "maxItems", "minimum", "maximum"):
        return f"schema.{bound}", kv(where_w=where, limit=limit)
    if bound == "uniqueItems":
        return "schema.uniqueItems", kv(where_w=where)
    return "schema.other", kv(where_w=where, value=shown(value))


def date_key(err: jsonschema.ValidationError, where: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The catalogue sentence of a date written otherwise than YYYY-MM-DD (none for other failures)."""
    patterns = [err.validator_value] + [e.validator_value for e in err.context or [] if e.validator == "pattern"]
    if DATE not in patterns:
        return "", ()
    return "date-format", kv(where=where, value=shown(err.instance), example=date_example(err.instance))


def _typename(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", int: "a number", bool: "true/false"}.get(
        type(value), "nothing" if value is None else type(value).__name__
    )
