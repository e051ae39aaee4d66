"""One act as a YAML file in the source format: deterministic (fixed key order, no dates of the run),
written atomically (a temporary file renamed over the target), and read back by lexpub's own parser.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from lexpub.errors import Issue
from lexpub.model.core import Work
from lexpub.model.requisites import Issuer
from lexpub.sources import schema as shape
from lexpub.sources.acts import Parser
from lexpub.sources.yamlfile import loads

KEY_ORDER = (
    "kind", "num", "work", "type", "issuer", "number", "date", "languages", "held", "title", "registration", "adilet",
    "publication", "source", "entry_into_force", "rule", "days", "preamble", "body", "signature", "position",
    "name", "approvals", "attachments", "amendments", "pending", "description", "confidence",
    "table", "header", "heading", "text", "amend", "op", "target", "lead", "content_from",
    "old", "new", "new_num", "after", "content", "children",
)  # fmt: skip
_RANK = {k: i for i, k in enumerate(KEY_ORDER)}


class _Dumper(yaml.SafeDumper):
    """Block style, unicode as is, long texts folded; strings that look like numbers stay strings."""


def _dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    items = sorted(data.items(), key=lambda kv: (_RANK.get(kv[0], len(_RANK)), kv[0]))
    return dumper.represent_mapping("tag:yaml.org,2002:map", items)


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = ">" if len(data) > 100 and "\n" not in data and data == data.strip() and "  " not in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(dict, _dict)
_Dumper.add_representer(str, _str)
_Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))


def public(value: Any) -> Any:
    """The data without the importer's own bookkeeping (keys starting with "_": where a unit was read)."""
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


def dumps(data: dict[str, Any], comment: str = "") -> str:
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    body = yaml.dump(
        public(data), Dumper=_Dumper, allow_unicode=True, width=100, sort_keys=False, default_flow_style=False
    )
    return head + body


def parse_work(text: str, stem: str, name: str, issuers: dict[str, Issuer]) -> tuple[Work | None, list[Issue]]:
    """The YAML text through the source format's own schema and parser (what ``lexpub check`` does)."""
    doc = loads(text, name)
    problems = shape.check(doc, "act")
    if problems:
        return None, problems
    parser = Parser(doc, stem, issuers)
    work = parser.work()
    return work, list(parser.issues)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
