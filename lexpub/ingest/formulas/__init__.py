"""Amendment formulas in Kazakh and Russian → typed operations, or a flagged line; never a guess.

``parse_amendment(text, lang)`` is the entry point; ``render_op`` writes an operation back as the
sentence lexpub would publish, so an importer can check each parsed operation against its source.
"""

from lexpub.ingest.formulas.model import Flag, ParsedAmendment, ParsedOp, Position
from lexpub.ingest.formulas.parse import parse_amendment
from lexpub.ingest.formulas.render import Unrenderable, render_op

__all__ = ["Flag", "ParsedAmendment", "ParsedOp", "Position", "Unrenderable", "parse_amendment", "render_op"]
