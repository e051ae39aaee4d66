"""One expression in one exchange format, exactly as the build writes it (and ``lexpub render`` prints):
``akn`` (Akoma Ntoso 3.0, :mod:`lexpub.render.akn`), ``md`` (Markdown, :mod:`lexpub.render.markdown`)
or ``json`` (the expression model, :mod:`lexpub.render.json`). Which files a build writes, and where,
is :mod:`lexpub.publish.producers`.
"""

from __future__ import annotations

import json
from typing import Any

from lexpub.model.core import Corpus, Edition, Expression
from lexpub.render.akn import render_akn
from lexpub.render.json import expression_json
from lexpub.render.markdown import render_markdown

RENDERERS = ("akn", "md", "json")


def json_bytes(data: Any) -> bytes:
    """Deterministic JSON: keys sorted, UTF-8 as is, indented, one final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def render_bytes(corpus: Corpus, expr: Expression, fmt: str, edition: Edition | None = None) -> bytes:
    """One expression in ``fmt`` (``akn``, ``md`` or ``json``), as the build writes it — for ``lexpub render``."""
    if fmt == "akn":
        return render_akn(corpus, expr, edition)
    if fmt == "md":
        return render_markdown(corpus, expr, edition).encode()
    if fmt == "json":
        return json_bytes(expression_json(corpus, expr, edition))
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(RENDERERS)}")
