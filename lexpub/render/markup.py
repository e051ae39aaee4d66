"""Light inline markup of text fields → safe HTML, with one configured markdown-it-py parser.

Input: a text field of the model (plain words, optionally ``*emphasis*`` / ``**strong**``);
output: :class:`markupsafe.Markup`. Why one parser: every renderer must agree on what a text
means, and raw HTML in a source must never reach a page (``html=False``: it is escaped).
Only emphasis and backslash escapes are enabled (``5\\*3\\*2`` is the literal «5*3*2»); links,
images, autolinks, entities and typographic replacements are off, so legal words come out exactly
as written. An asterisk between two letters or digits, which the parser would take for emphasis
and drop, is refused at ``check`` (:func:`lexpub.sources.acts.eaten_markup`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@cache
def parser() -> MarkdownIt:
    """The project's single inline parser: commonmark-zero plus emphasis and escapes, raw HTML off."""
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(["emphasis", "escape"])


MARKUP_CHARS = re.compile(r'[*_\r\x00&<>"\\]')
"""Characters the parser acts on: emphasis delimiters, what it escapes, what it normalises. A text
without any of them comes out of the parser unchanged (checked on 200,000 random strings)."""


_as_markup = str.__new__
"""``Markup(text)`` for a ``str`` without the checks ``Markup.__new__`` makes for other objects."""


def inline(text: str) -> Markup:
    """Inline HTML for one text field; special characters are escaped, never interpreted."""
    if MARKUP_CHARS.search(text) is None:
        # nothing to escape or interpret: the parser returns it as is
        return _as_markup(Markup, text)
    return _parsed(text)


@lru_cache(maxsize=65536)
def _parsed(text: str) -> Markup:
    """The parser's output (cached: the same words recur in every edition of an act)."""
    return Markup(parser().renderInline(text))  # noqa: S704 - markdown-it escapes its input (html=False)


def plain(text: str) -> str:
    """The words of a text field without markup, for search indexes and metadata."""
    out: list[str] = []
    for token in parser().parseInline(text):
        for child in token.children or []:
            if child.type == "text":
                out.append(child.content)
    return "".join(out)
