"""Fidelity to the official text: the rendered latest text against the seed with its errata applied.

Input: a validated corpus and the errata of one work (:mod:`lexpub.sources.errata`). Output: the
differences between the corrected seed and the rendered latest text — empty when the corpus agrees
with the seed word for word except exactly where the errata say. ``lexpub fidelity`` prints them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from lexpub.consolidate.apply import consolidate
from lexpub.errors import Issue, kv
from lexpub.model.core import Corpus
from lexpub.render.text import render_text
from lexpub.sources.errata import Errata, apply_errata
from lexpub.sources.yamlfile import decode

SPECIAL_PLACES = {"title", "requisites", "preamble", "signature", "approvals"}


@dataclass(frozen=True, slots=True)
class Difference:
    """A place where seed-with-errata and the rendered text still differ."""

    seed: str
    rendered: str
    context: str


def differences(corpus: Corpus, errata: Errata) -> list[Difference]:
    """Word-level differences left between the corrected seed and the rendered latest text."""
    expr = consolidate(corpus, errata.work, None, "kaz")
    rendered = render_text(corpus, expr, footer=False).split()
    seed = decode(errata.seed_path.read_bytes(), str(errata.seed_path)).split()
    corrected = apply_errata(seed, errata)
    sm = difflib.SequenceMatcher(None, corrected, rendered, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            context = " ".join(rendered[max(0, j1 - 4) : j2 + 4])
            out.append(Difference(" ".join(corrected[i1:i2]), " ".join(rendered[j1:j2]), context))
    return out


def place_issues(corpus: Corpus, errata: Errata) -> list[Issue]:
    """Each erratum names a real place, and its official reading stands there in the rendered text."""
    expr = consolidate(corpus, errata.work, None, "kaz")
    issues = []
    for e in errata.entries:
        if e.where in SPECIAL_PLACES:
            continue
        unit = expr.find(e.where)
        if unit is None:
            issues.append(
                Issue(
                    e.loc,
                    "erratum-where",
                    f"{e.where!r} is not a unit of {errata.work}",
                    "erratum-where",
                    kv(where=e.where, work=errata.work),
                )
            )
    return issues
