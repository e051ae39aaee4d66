"""Service providers: ``source/providers.yaml`` → :class:`Provider` values (who issues and signs).

Why a file of its own: ``issuers.yaml`` names the authors of acts (the Minister) with the inflected
forms requisites need; a citizen document is issued by a local military administration body (row 1
of Appendix 2-1), whose name, address and signing official are different facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lexpub.errors import InputError, Issue, Loc, kv
from lexpub.model.values import Lang
from lexpub.sources.paths import shown
from lexpub.sources.schema import check
from lexpub.sources.yamlfile import load

FILE = "providers.yaml"


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name: dict[Lang, str]
    address: dict[Lang, str]
    position: dict[Lang, str]
    signer: dict[Lang, str]


def load_providers(source: Path) -> dict[str, Provider]:
    """Every provider of ``source/providers.yaml`` (empty when the file is absent); schema errors located."""
    path = source / FILE
    if not path.is_file():
        return {}
    doc = load(path, shown(path))
    issues = check(doc, "providers")
    if issues:
        raise InputError(issues)
    out: dict[str, Provider] = {}
    for pid, p in doc.data["providers"].items():
        out[pid] = Provider(
            pid, dict(p["name"]), dict(p["address"]), dict(p["signer"]["position"]), dict(p["signer"]["name"])
        )
    return out


def pick(providers: dict[str, Provider], wanted: str | None) -> Provider | str:
    """The provider named ``wanted``, or the reason none can be used (for a row error)."""
    if not wanted:
        return "issuer: no issuing body (give --issuer or an 'issuer' column naming one of source/providers.yaml)"
    got = providers.get(wanted)
    if got is None:
        known = ", ".join(sorted(providers)) or "none"
        return f"issuer: {wanted!r} is not a service provider of source/providers.yaml (known: {known})"
    return got


def require(providers: dict[str, Provider], wanted: str | None) -> Provider | None:
    """``--issuer ID`` checked once for the batch: a bad id is a command-line error, not a row error."""
    if wanted is None:
        return None
    got = pick(providers, wanted)
    if isinstance(got, str):
        raise InputError(Issue(Loc("--issuer"), "bad-argument", got, "bad-argument.issuer", kv(why=got)))
    return got
