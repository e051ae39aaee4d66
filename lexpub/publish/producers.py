"""The producers of a build: pure functions ``(corpus, source_dir) -> {relative path: bytes}``, or —
marked with :func:`~lexpub.publish.graph.per_work` — ``(corpus, work_id, source_dir) -> {…}``, run
once per work. A build names them ``"module:function"`` (:data:`PRODUCERS` by default) so that a step
is a plain value a worker process can run and a cache key can name.

Here are the producers of the act texts: plain text, the editions list, the exchange formats (Akoma
Ntoso, Markdown, JSON; one expression in one format is :func:`lexpub.render.exchange.render_bytes`)
and the sources' JSON Schema. Each other concern (effects, documents, site) owns its producer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.editions import editions
from lexpub.errors import BuildError, Issue
from lexpub.model.core import Corpus, Edition, Expression
from lexpub.model.values import Lang
from lexpub.publish.graph import per_work
from lexpub.render.exchange import json_bytes, render_bytes
from lexpub.render.json import editions_json, version_of
from lexpub.render.text import render_text

Producer = Callable[[Corpus, Path], dict[str, bytes]]
WorkProducer = Callable[[Corpus, str, Path], dict[str, bytes]]

PRODUCERS: tuple[str, ...] = (
    "lexpub.publish.producers:text_outputs",
    "lexpub.publish.site.changes:effects_work_outputs",
    "lexpub.publish.site.changes:changes_outputs",
    "lexpub.publish.producers:format_outputs",
    "lexpub.publish.producers:schema_outputs",
    "lexpub.services.documents.batch:sample_outputs",
    "lexpub.publish.site.pages:site_act_outputs",
    "lexpub.publish.site.pages:site_outputs",
    "lexpub.publish.word:word_outputs",
    "lexpub.publish.site.search:search_part_outputs",
)
"""Every output of ``lexpub build``, in the order their steps are planned."""

LANG: Lang = "kaz"
"""The language of the published texts: the corpus holds every act in Kazakh."""


def producer(spec: str) -> Any:
    """The function named by ``module:function`` (a global or a per-work producer)."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


@per_work
def text_outputs(corpus: Corpus, work_id: str, source: Path) -> dict[str, bytes]:
    """Plain text of the latest text and of every edition, and the editions list, of one work."""
    files: dict[str, bytes] = {}
    latest = consolidate(corpus, work_id, None, LANG)
    files[f"acts/{work_id}/{LANG}/latest.txt"] = render_text(corpus, latest).encode()
    eds = editions(corpus, work_id, LANG)
    for ed in eds:
        files[f"acts/{work_id}/{LANG}/{ed.label}.txt"] = render_text(corpus, ed.expression).encode()
    files[f"acts/{work_id}/editions.json"] = json_bytes(editions_json(corpus, work_id, eds))
    return files


def expression_files(corpus: Corpus, expr: Expression, edition: Edition | None) -> dict[str, bytes]:
    """The three files of one expression (``main.xml``, ``main.md``, ``main.json``), under its folder."""
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
