"""Plain text of an expression: one unit per line, numbering and notes as Adilet prints them.

The body lines are the consolidated text proper (walked by :class:`lexpub.render.lines.TextRenderer`);
``footer=True`` adds the status block of :mod:`lexpub.consolidate.status` ("known up to", uncertain
and pending changes, units not held) after a separator line.
"""

from __future__ import annotations

from lexpub.model.core import Corpus, Expression
from lexpub.render.lines import TextRenderer
from lexpub.wording.acts import target_title as target_title  # re-exported: lexpub.cli names acts with it

__all__ = ["render_text", "target_title"]


def render_text(corpus: Corpus, expr: Expression, *, footer: bool = True) -> str:
    return TextRenderer(corpus, expr).render(footer=footer)
