"""Build producers for the exchange formats: ``(corpus, work) → {path: bytes}``.

For every work, its latest text and every edition, in ``acts/<work>/kaz/<label>/``:
``main.xml`` (Akoma Ntoso 3.0, :mod:`lexpub.akn`), ``main.md`` (Markdown redline-friendly text,
:mod:`lexpub.mdrender`) and ``main.json`` (the expression model, :mod:`lexpub.jsonout`); ``label`` is
``latest`` or the edition's label (its start date, or the act that opened it when the start is unknown).
Separately, the JSON Schema of the sources is published as ``schema/act.schema.json``.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.errors import BuildError, Issue
from lexpub.model.core import Corpus, Edition, Expression, Lang
from lexpub.publish.graph import per_work
from lexpub.render.akn import render_akn
from lexpub.render.json import expression_json, version_of
from lexpub.render.markdown import render_markdown

LANG: Lang = "kaz"


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def expression_files(corpus: Corpus, expr: Expression, edition: Edition | None) -> dict[str, bytes]:
    """The three files of one expression, under its folder."""
    folder = f"acts/{expr.work.id}/{expr.lang}/{version_of(expr, edition).path_label}"
    return {
        f"{folder}/main.xml": render_bytes(corpus, expr, "akn", edition),
        f"{folder}/main.md": render_bytes(corpus, expr, "md", edition),
        f"{folder}/main.json": render_bytes(corpus, expr, "json", edition),
    }


@per_work
def format_outputs(corpus: Corpus, work_id: str, source: Path) -> dict[str, bytes]:
    """AKN, Markdown and JSON of the latest text and of every edition of one work."""
    out = expression_files(corpus, consolidate(corpus, work_id, None, LANG), None)
    for ed in editions(corpus, work_id, LANG):
        new = expression_files(corpus, ed.expression, ed)
        if new.keys() & out.keys():
            raise BuildError(Issue(None, "output-clash", f"{work_id}: two texts are labelled {ed.label!r}"))
        out.update(new)
    return out


def schema_outputs(corpus: Corpus, source: Path) -> dict[str, bytes]:
    """The JSON Schema the act sources are validated against, as shipped in the package."""
    return {"schema/act.schema.json": (files("lexpub") / "sources" / "schemas" / "act.schema.json").read_bytes()}


RENDERERS = ("akn", "md", "json")


def render_bytes(corpus: Corpus, expr: Expression, fmt: str, edition: Edition | None = None) -> bytes:
    """One expression in ``fmt`` (``akn``, ``md`` or ``json``), as the build writes it — for ``lexpub render``."""
    if fmt == "akn":
        return render_akn(corpus, expr, edition)
    if fmt == "md":
        return render_markdown(corpus, expr, edition).encode()
    if fmt == "json":
        return json_bytes(expression_json(corpus, expr, edition))
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(RENDERERS)}")
