"""The one Jinja2 environment of the project: templates in ``templates/``, autoescape, StrictUndefined.

Input: nothing; output: a configured :class:`jinja2.Environment`. Why one factory: every page and
document must escape what it prints and fail on an undefined name rather than print a blank. The
interface strings come from the message catalogues through the global ``t(lang, key, **values)``
(it fails on a missing key), so templates hold no words of their own.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from lexpub.render.markup import inline, phones
from lexpub.wording.i18n import t
from lexpub.wording.lang import bcp47

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
"""The repository's ``templates/`` folder (the package is installed in editable mode)."""


@cache
def environment() -> Environment:
    """The shared environment (cached: templates are compiled once per process)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["t"] = t
    env.globals["bcp47"] = bcp47  # model language → the tag of a lang attribute (wording.lang, the one mapping)
    env.filters["inline"] = inline
    env.filters["phones"] = phones
    return env


def render(template: str, **context: object) -> str:
    """Render ``template`` (a path under ``templates/``) with ``context``."""
    return environment().get_template(template).render(**context)
