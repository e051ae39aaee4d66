"""Reading the records of a batch: a CSV, JSON or YAML data file → :class:`Record` values, and their
shape checked against ``sources/schemas/record.schema.json`` (one definition per kind of document).

Why bounded: the file comes from an official's spreadsheet or another system, not from the curated
corpus, so nesting and integer sizes are checked before the parser sees them (a JSON list nested
200,000 deep or a 5,000-digit number must be an error naming the file, never a traceback), and JSON
duplicate keys are refused as in sources (the second value would silently win).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lexpub.errors import InputError, Issue, Loc, kv
from lexpub.services.documents.checks import field_value
from lexpub.services.documents.document import DOCS, Kind
from lexpub.sources.schema import schema, violations
from lexpub.sources.yamlfile import decode, load, read_bounded

MAX_DEPTH = 8
"""Deepest nesting of lists and objects a JSON data file may have (records are flat: list → object → list)."""
MAX_DIGITS = 20
"""Longest integer literal a JSON data file may hold (an IIN is text; no field needs more)."""


@dataclass(frozen=True, slots=True)
class Record:
    row: int
    """The file line where the record starts (CSV, YAML) or its 1-based position (JSON)."""
    values: dict[str, Any]
    is_line: bool = True


def read_records(path: Path) -> list[Record]:
    """Records of a CSV (UTF-8, header row), JSON (a list of objects) or YAML (a list of mappings) file."""
    name = str(path)  # as the user gave it (--data, or under --source)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(decode(read_data(path, name), name), name)[1:]
    if suffix == ".json":
        return read_json(decode(read_data(path, name), name), name)
    if suffix in (".yaml", ".yml"):
        doc = load(path, name)
        if not isinstance(doc.data, list) or not all(isinstance(r, dict) for r in doc.data):
            raise InputError(Issue(doc.loc(), "data-type", "expected a YAML list of mappings", "data-type.yaml"))
        return [Record(doc.loc((i,)).line, dict(r)) for i, r in enumerate(doc.data)]
    raise InputError(Issue(Loc(name), "data-format", "--data must be a .csv, .json or .yaml file", "data-format"))


def read_data(path: Path, name: str) -> bytes:
    try:
        return read_bounded(path, name)
    except OSError as exc:
        raise InputError(
            Issue(Loc(name), "file-read", exc.strerror or str(exc), "file-read", kv(why=exc.strerror or str(exc)))
        ) from None


def json_depth_error(text: str) -> tuple[int, int] | None:
    """(line, column) where the nesting first exceeds :data:`MAX_DEPTH`, outside strings; else None."""
    depth, line, col, in_str, escaped = 0, 1, 0, False, False
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        if in_str:
            escaped, in_str = (not escaped and ch == "\\"), in_str and (escaped or ch != '"')
            continue
        if ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, col
        elif ch in "]}":
            depth -= 1
    return None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"an integer of {len(literal.lstrip('-'))} digits (at most {MAX_DIGITS})")
    return int(literal)


def read_json(text: str, name: str) -> list[Record]:
    """A JSON list of objects, bounded before parsing; duplicate keys and huge integers refused."""
    deep = json_depth_error(text)
    if deep is not None:
        raise InputError(
            Issue(
                Loc(name, *deep),
                "data-depth",
                f"nested deeper than {MAX_DEPTH} levels",
                "data-depth",
                kv(limit=MAX_DEPTH),
            )
        )
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            Issue(Loc(name, exc.lineno, exc.colno), "json-syntax", exc.msg, "json-syntax", kv(why=exc.msg))
        ) from None
    except ValueError as exc:
        raise InputError(Issue(Loc(name), "json-value", str(exc), "json-value", kv(why=str(exc)))) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(Issue(Loc(name), "data-type", "expected a JSON list of objects", "data-type.json"))
    return [Record(i + 1, dict(r), is_line=False) for i, r in enumerate(data)]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a value a record may hold")


def read_csv(text: str, name: str) -> list[Record]:
    """The header (as a record of empty values, row 0) and the records of a CSV text."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(Issue(Loc(name, 1, 1), "csv-empty", "no header row", "csv-empty")) from None
    except csv.Error as exc:
        raise InputError(Issue(Loc(name, 1, 1), "csv-syntax", str(exc), "csv-syntax", kv(why=str(exc)))) from None
    if len(set(header)) != len(header):
        raise InputError(Issue(Loc(name, 1, 1), "csv-header", "duplicate column names", "csv-header"))
    out: list[Record] = [Record(0, dict.fromkeys(header, ""))]  # the header itself, dropped by read_records
    start = reader.line_num + 1
    try:
        for cells in reader:
            if cells and any(c.strip() for c in cells):
                if len(cells) != len(header):
                    out.append(Record(start, {"__error__": f"{len(cells)} cells, the header has {len(header)}"}))
                else:
                    out.append(Record(start, dict(zip(header, cells, strict=True))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            Issue(Loc(name, reader.line_num, 1), "csv-syntax", str(exc), "csv-syntax", kv(why=str(exc)))
        ) from None
    return out


def read_header(path: Path) -> list[str]:
    """The column names of a CSV file (empty for JSON/YAML, whose records carry their keys)."""
    if path.suffix.lower() != ".csv":
        return []
    return list(read_csv(decode(read_data(path, path.name), path.name), path.name)[0].values)


PARSER_FIELDS = frozenset({"__error__"})
"""What the CSV reader adds to a row it could not split (the row's error, reported by row)."""


def schema_fields(kind: Kind) -> frozenset[str]:
    """The fields a record of ``kind`` may have, as its schema lists them (its own and issued, issuer)."""
    return frozenset(schema("record")["$defs"][kind]["properties"])


def check_columns(kind: Kind, records: list[Record], name: str, header: Iterable[str] = ()) -> None:
    """Unknown columns are file-level errors (a typo must not pass as a missing value); the schema's
    ``additionalProperties: false``, reported once for the file rather than once per row."""
    known = schema_fields(kind) | PARSER_FIELDS
    seen: set[str] = set(header)
    for rec in records:
        seen |= set(rec.values)
    unknown = sorted(seen - known)
    if unknown:
        allowed = ", ".join(sorted(known - PARSER_FIELDS))
        raise InputError(
            Issue(
                Loc(name),
                "unknown-field",
                f"unknown field(s) {', '.join(unknown)} (allowed: {allowed})",
                "unknown-field.record",
                kv(fields=", ".join(unknown), allowed=allowed),
            )
        )


def shape_reasons(kind: Kind, values: dict[str, Any]) -> dict[str, str]:
    """Field → why the record schema refuses its value, worded as the value checks word it: a required
    field absent, null or blank has a "missing value"; one that is not text is "expected text"."""
    out: dict[str, str] = {}
    for err in violations(values, "record", kind):
        path = list(err.absolute_path)
        if err.validator == "required":
            required: list[str] = schema("record")["$defs"][kind]["required"]
            for name in (n for n in required if n not in values):
                out.setdefault(name, "missing value")
        elif path and err.validator == "pattern":
            out.setdefault(str(path[0]), "missing value")
        elif path and err.validator == "type":
            what = "missing value" if err.instance is None else f"expected text, not {type(err.instance).__name__}"
            out.setdefault(str(path[0]), what)
    return out


EMPTY: dict[str, Any] = {"date": None, "grounds": ()}
"""The value a refused field stands at (as the value checks leave it): nothing, never a guess."""


def required_values(kind: Kind, values: dict[str, Any], errors: list[str]) -> dict[str, Any]:
    """The checked values of the required fields of ``kind``, in the document's order: first the record
    schema (present, text, not blank), then what a value may hold; every reason appended to ``errors``."""
    shape = shape_reasons(kind, values)
    out: dict[str, Any] = {}
    for f in DOCS[kind].fields:
        if not f.required:
            continue
        if f.name in shape:
            errors.append(f"{f.name}: {shape[f.name]}")
            out[f.name] = EMPTY.get(f.type, "")
        else:
            out[f.name] = field_value(values, f.name, f.type, errors)
    return out
