"""A Word document (.docx) → lines. docx2python renders Word's automatic numbering (python-docx does
not); the number's own pattern ("%1." or "%1)") is taken from the document's numbering definitions,
because docx2python prints every decimal list as "1)". A paragraph is indented when Word indents it
(first-line or left indent), when it is numbered, or when it starts with spaces.

The archive is checked before anything is extracted: its declared total size and each member's
compression ratio are bounded (zip bombs), and every XML part goes through :mod:`lexpub.xmlsafe`
(a DOCTYPE or an entity — external entities, XXE — is refused).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from lexpub.errors import InputError, LexpubError, Loc, kv
from lexpub.ingest.lines import MAX_BYTES, Line, read_limited, too_big
from lexpub.ingest.normalise import line as norm
from lexpub.xmlsafe import parse_bytes

MAX_UNPACKED = 64 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_archive(path: Path, name: str) -> dict[str, str]:
    """Refuse a bomb before extracting; return each numbered list's level patterns ("90/0" → "%1.")."""
    read_limited(path, name, MAX_BYTES)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise InputError.at(
                    Loc(name),
                    "import-docx",
                    f"the archive holds {len(infos)} parts; at most {MAX_MEMBERS}",
                    "import-docx.parts",
                    kv(count=len(infos), limit=MAX_MEMBERS),
                )
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED:
                raise InputError.at(
                    Loc(name),
                    "import-size",
                    "unpacked, " + too_big(total, MAX_UNPACKED),
                    "import-size.unpacked",
                    kv(why=too_big(total, MAX_UNPACKED)),
                )
            for info in infos:
                if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
                    raise InputError.at(
                        Loc(name),
                        "import-docx",
                        f"part {info.filename} expands {info.file_size // max(info.compress_size, 1)} times: a zip bomb",
                        "import-docx.bomb",
                        kv(part=info.filename, ratio=info.file_size // max(info.compress_size, 1)),
                    )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    parse_bytes(zf.read(info), f"{name}:{info.filename}")
            numbering = zf.read("word/numbering.xml") if "word/numbering.xml" in zf.namelist() else b""
    except zipfile.BadZipFile:
        raise InputError.at(
            Loc(name), "import-docx", "not a Word document (a broken zip archive)", "import-docx.zip"
        ) from None
    return level_patterns(numbering, name)


def level_patterns(data: bytes, name: str) -> dict[str, str]:
    if not data:
        return {}
    root = parse_bytes(data, f"{name}:word/numbering.xml")
    abstract = {
        a.get(f"{W}abstractNumId"): {lvl.get(f"{W}ilvl"): _val(lvl.find(f"{W}lvlText")) for lvl in a.iter(f"{W}lvl")}
        for a in root.iter(f"{W}abstractNum")
    }
    out = {}
    for num in root.iter(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        for ilvl, text in abstract.get(_val(ref), {}).items():
            out[f"{num.get(f'{W}numId')}/{ilvl}"] = text
    return out


def _val(el: Any) -> str:
    return "" if el is None else str(el.get(f"{W}val") or "")


def indent_of(elem: Any) -> bool:
    ind = elem.find(f"{W}pPr/{W}ind")
    if ind is None:
        return False
    values = [ind.get(f"{W}{k}") for k in ("firstLine", "left", "start")]
    return any(v and v.lstrip("-").isdigit() and int(v) > 0 for v in values)


def paragraph(par: Any, patterns: dict[str, str]) -> tuple[bool, str]:
    """(indented, text) of one docx2python paragraph, its list number in the document's own pattern."""
    text = "".join(run.text for run in par.runs)
    num_id, counters = par.list_position
    if num_id is not None and counters:
        text = re.sub(r"\A[^\t]*\t", "", text)
        pattern = patterns.get(f"{num_id}/{len(counters) - 1}", "%1.")
        label = re.sub(
            r"%(\d)", lambda m: str(counters[int(m.group(1)) - 1]) if int(m.group(1)) <= len(counters) else "", pattern
        )
        return True, f"{label} {text.lstrip()}"
    return indent_of(par.elem) or text[:1].isspace(), text


def read_docx(path: Path, name: str, *, kazakh: bool = True) -> tuple[Line, ...]:
    patterns = check_archive(path, name)
    from docx2python import docx2python

    try:
        with docx2python(path) as content:
            pars = [p for table in content.document_pars for row in table for cell in row for p in cell]
    except LexpubError:
        raise
    except Exception as exc:  # docx2python raises bare KeyError/ValueError on broken parts
        raise InputError.at(
            Loc(name),
            "import-docx",
            f"not a readable Word document ({type(exc).__name__})",
            "import-docx.unreadable",
            kv(why=type(exc).__name__),
        ) from None
    out = []
    for no, par in enumerate(pars, start=1):
        indented, text = paragraph(par, patterns)
        if text.strip():
            out.append(Line(name, no, indented, norm(text, kazakh=kazakh)))
    return tuple(out)
