"""Light inline markup of text fields → safe HTML, with one configured markdown-it-py parser.

Input: a text field of the model (plain words, optionally ``*emphasis*`` / ``**strong**``);
output: :class:`markupsafe.Markup`. Why one parser: every renderer must agree on what a text
means, and raw HTML in a source must never reach a page (``html=False``: it is escaped).
Only emphasis and backslash escapes are enabled (``5\\*3\\*2`` is the literal «5*3*2»); links,
images, autolinks, entities and typographic replacements are off, so legal words come out exactly
as written. An asterisk between two letters or digits, which the parser would take for emphasis
and drop, is refused at ``check`` (:func:`lexpub.sources.values.eaten_markup`).
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


PHONE = re.compile(r"(?<![\w+])(?:\+7|8)[ \u00a0-]?\(?\d{3,4}\)?(?:[ \u00a0-]\d{2,4}){2,3}(?!\d)")
"""A Kazakhstan phone number as acts print it ("8 800 080 7777", "+7 (7172) 55-00-00"): kept on one line."""


def inline(text: str) -> Markup:
    """Inline HTML for one text field; special characters are escaped, never interpreted; a phone number
    is wrapped in ``<span class="nw">`` (white-space: nowrap) so that no PDF breaks it across lines."""
    # nothing to escape or interpret: the parser would return the text as is
    out = _as_markup(Markup, text) if MARKUP_CHARS.search(text) is None else _parsed(text)
    return nowrap_phones(out) if may_hold_phone(text) and PHONE.search(text) else out


def may_hold_phone(text: str) -> bool:
    """False when :data:`PHONE` cannot match: every match holds "8" or "+7". Why: its search tries a
    look-behind at every character, ~1.8 µs a text, and 3 texts in 1,000 hold either (a
    1,000-work build renders ~90,000 texts: ~0.1 s of P1's 3.2 s)."""
    return "8" in text or "+7" in text


def nowrap_phones(html: Markup) -> Markup:
    """``html`` with every phone number in a no-wrap span (digits, spaces and brackets are never escaped)."""
    return _as_markup(Markup, PHONE.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', str(html)))


def phones(text: str) -> Markup:
    """Plain text escaped, its phone numbers kept on one line (for templates that print text as is)."""
    from markupsafe import escape

    return nowrap_phones(escape(text))


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
