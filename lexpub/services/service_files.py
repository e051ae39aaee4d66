"""The service files of a source folder: ``source/services/<id>.yaml`` (which work and eId hold a
service's table) and ``source/services/required-rows.yaml`` (the Law 88-V art. 14 row set, labels per
edition), read and checked into values; :mod:`lexpub.services.standard` builds the tables from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lexpub.errors import InputError, Issue, kv
from lexpub.sources import schema as shape
from lexpub.sources.paths import shown, source_file
from lexpub.sources.yamlfile import Located, load

SERVICE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Label:
    kk: str | None
    """None: the Kazakh wording of this variant is not held ("unknown" in the data)."""
    ru: str
    used_in: str
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class RequiredRow:
    num: int
    key: str
    labels: tuple[Label, ...]

    def matches(self, label: str) -> bool:
        return any(v.kk is not None and norm(v.kk) == norm(label) for v in self.labels)


@dataclass(frozen=True, slots=True)
class RequiredRows:
    law: str
    heading_kk: str
    heading_ru: str
    rows: tuple[RequiredRow, ...]
    file: str


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    work: str
    table: str
    name_kk: str
    name_ru: str
    name_ru_confidence: str
    file: str


def norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- loading
def services_dir(source: Path) -> Path:
    return source / "services"


def _display(path: Path) -> str:
    return shown(path)


def load_required(source: Path) -> RequiredRows:
    """The required row set; InputError (file:line:col, every schema violation) when it is malformed."""
    path = services_dir(source) / "required-rows.yaml"
    doc = load(source_file(path, source, _display(path)), _display(path))
    problems = shape.check(doc, "required-rows")
    if problems:
        raise InputError(problems)
    data = doc.data
    rows = tuple(_required_row(doc, ("rows", i), row) for i, row in enumerate(data["rows"]))
    nums = [r.num for r in rows]
    if nums != list(range(1, len(rows) + 1)):
        raise InputError(
            Issue(
                doc.loc(("rows",)),
                "row-numbers",
                f"rows must be numbered 1…n in order, not {nums}",
                "row-numbers",
                kv(nums=nums),
            )
        )
    return RequiredRows(data["law"], data["heading"]["kk"], data["heading"]["ru"], rows, doc.file)


def _required_row(doc: Located, path: tuple[str | int, ...], row: dict[str, Any]) -> RequiredRow:
    labels = tuple(
        Label(
            None if lab["kk"] == "unknown" else lab["kk"], lab["ru"], lab["used_in"], lab["source"], lab["confidence"]
        )
        for lab in row["labels"]
    )
    if not any(lab.kk for lab in labels):
        raise InputError(
            Issue(doc.loc((*path, "labels")), "no-label", "a row needs at least one Kazakh label", "no-label")
        )
    return RequiredRow(row["num"], row["key"], labels)


def load_service(source: Path, service_id: str) -> Service:
    """One service definition; InputError naming the known services when there is none."""
    path = services_dir(source) / f"{service_id}.yaml"
    if not SERVICE_ID.match(service_id) or service_id == "required-rows" or not path.is_file():
        known = ", ".join(service_ids(source)) or "none"
        raise InputError(
            Issue(
                None,
                "unknown-service",
                f"no service {service_id!r} (known: {known})",
                "unknown-service",
                kv(service=service_id, known=known),
            )
        )
    doc = load(source_file(path, source, _display(path)), _display(path))
    problems = shape.check(doc, "service")
    if problems:
        raise InputError(problems)
    data = doc.data
    if data["id"] != service_id:
        raise InputError(
            Issue(
                doc.loc(("id",)),
                "service-id",
                f"id {data['id']!r} differs from the file name",
                "service-id",
                kv(id=data["id"]),
            )
        )
    return Service(
        service_id,
        data["work"],
        data["table"],
        data["name"]["kk"],
        data["name"]["ru"],
        data["name_confidence"]["ru"],
        doc.file,
    )


def service_ids(source: Path) -> list[str]:
    return sorted(p.stem for p in services_dir(source).glob("*.yaml") if p.stem != "required-rows")


# --------------------------------------------------------------------------- the view
