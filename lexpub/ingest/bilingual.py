"""Kazakh and Russian texts of one act → one tree with both languages.

The two trees must have the same shape (kinds, numbers, held units, documents, rows): a difference is
an input error naming both places. Texts are then paired unit by unit; whether they state the same
facts is the alignment gate's question (:mod:`lexpub.sources.alignment`), asked by the source parser.
"""

from __future__ import annotations

from typing import Any

from lexpub.errors import InputError, Issue, Loc, kv
from lexpub.ingest.structure import Parsed
from lexpub.sources.alignment import misaligned

TEXT_KEYS = ("text", "heading", "preamble", "position", "body")


def where(node: Any, fallback: str) -> Loc:
    at = str(node.get("_at", "")) if isinstance(node, dict) else ""
    file, _, line = at.rpartition(":")
    return Loc(file, int(line), 1) if line.isdigit() else Loc(fallback)


def mismatch(a: Any, b: Any, what: str, files: tuple[str, str]) -> InputError:
    other = where(b, files[1])
    return InputError(
        Issue(
            where(a, files[0]),
            "import-align",
            f"{what}; the rus text has it otherwise at {other}",
            "import-align",
            kv(what=what, other=other),
        )
    )


def label(node: Any) -> str:
    if not isinstance(node, dict):
        return repr(node)
    return " ".join(
        str(x) for x in (node.get("kind"), node.get("num"), "(not held)" if node.get("held") is False else "") if x
    )


def merge_into(kk: Any, ru: Any, files: tuple[str, str]) -> None:
    """Fold the Russian node into the Kazakh one, in place: texts become {kaz, rus}; shapes must match."""
    if not isinstance(kk, dict) or not isinstance(ru, dict):
        return
    if any(kk.get(k) != ru.get(k) for k in ("kind", "num", "held", "table")):
        raise mismatch(kk, ru, f"the kaz text has {label(kk)} here", files)
    for key in TEXT_KEYS:
        if key in kk or key in ru:
            kk[key] = paired(kk, ru, key, files)
    for key in ("header", "children"):
        merge_list(kk, ru, key, files)


def paired(kk: dict[str, Any], ru: dict[str, Any], key: str, files: tuple[str, str]) -> dict[str, str]:
    """One text in both languages, after the alignment gate's question (same facts?)."""
    a, b = kk.get(key), ru.get(key)
    if not (isinstance(a, str) and isinstance(b, str)):
        raise mismatch(kk, ru, f"only one language gives the {key} of {label(kk)}", files)
    why = misaligned(a, b)
    if why:
        raise InputError(
            Issue(
                where(kk, files[0]),
                "alignment",
                f"{why} (the rus text is at {where(ru, files[1])})",
                "alignment",
                kv(why=why, rus=where(ru, files[1])),
            )
        )
    return {"kaz": a, "rus": b}


def merge_list(kk: dict[str, Any], ru: dict[str, Any], key: str, files: tuple[str, str]) -> None:
    a, b = kk.get(key, []), ru.get(key, [])
    if len(a) != len(b):
        raise mismatch(kk, ru, f"{label(kk)} has {len(a)} {key} items in kaz, {len(b)} in rus", files)
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if isinstance(x, str):
            a[i] = {"kaz": x, "rus": y}
        else:
            merge_into(x, y, files)


def merge(kk: Parsed, ru: Parsed, files: tuple[str, str]) -> None:
    """The Russian act folded into the Kazakh one (requisites must agree)."""
    same_requisites(kk, ru, files)
    kk_top = {"kind": None, **{k: v for k, v in kk.data.items() if k in ("body", "attachments", "approvals")}}
    ru_top = {"kind": None, **{k: v for k, v in ru.data.items() if k in ("body", "attachments", "approvals")}}
    for key in ("body", "attachments", "approvals"):
        merge_list(kk_top, ru_top, key, files)
    if "preamble" in kk.data or "preamble" in ru.data:
        kk.data["preamble"] = paired(kk.data, ru.data, "preamble", files)
    sig_k, sig_r = kk.data.get("signature"), ru.data.get("signature")
    if isinstance(sig_k, dict) and isinstance(sig_r, dict):
        kk.data["signature"] = {"position": {"kaz": sig_k["position"], "rus": sig_r["position"]}, "name": sig_k["name"]}
    elif sig_k != sig_r:
        raise InputError(
            Issue(Loc(files[0]), "import-align", "only one language gives the signature", "import-align.signature")
        )


def same_requisites(kk: Parsed, ru: Parsed, files: tuple[str, str]) -> None:
    a, b = kk.requisites, ru.requisites
    if (a.doctype, a.issuer, a.date, a.number, a.reg_number, a.reg_date) != (
        b.doctype, b.issuer, b.date, b.number, b.reg_number, b.reg_date,
    ):  # fmt: skip
        raise InputError(
            Issue(
                Loc(files[0], 2, 1),
                "import-align",
                f"the requisites differ from the rus text's at {files[1]}:2:1",
                "import-align.requisites",
                kv(rus=f"{files[1]}:2:1"),
            )
        )
    if len(kk.formulas) != len(ru.formulas):
        raise InputError(
            Issue(
                Loc(files[0]),
                "import-align",
                f"{len(kk.formulas)} amending sentences in kaz, {len(ru.formulas)} in rus ({files[1]})",
                "import-align.count",
                kv(kaz=len(kk.formulas), rus=len(ru.formulas), file=files[1]),
            )
        )
