"""Light inline markup of text fields → safe HTML, with one configured markdown-it-py parser.

Input: a text field of the model (plain words, optionally ``*emphasis*`` / ``**strong**``);
output: :class:`markupsafe.Markup`. Why one parser: every renderer must agree on what a text
means, and raw HTML in a source must never reach a page (``html=False``: it is escaped).
Only emphasis is enabled; links, images, autolinks, entities and typographic replacements are
off, so legal words come out exactly as written.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@cache
def parser() -> MarkdownIt:
    """The project's single inline parser: commonmark-zero plus emphasis, raw HTML off."""
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(["emphasis"])


def inline(text: str) -> Markup:
    """Inline HTML for one text field; special characters are escaped, never interpreted."""
    return Markup(parser().renderInline(text))  # noqa: S704 - markdown-it escapes its input (html=False)


def plain(text: str) -> str:
    """The words of a text field without markup, for search indexes and metadata."""
    out: list[str] = []
    for token in parser().parseInline(text):
        for child in token.children or []:
            if child.type == "text":
                out.append(child.content)
    return "".join(out)
