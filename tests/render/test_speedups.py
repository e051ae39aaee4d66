"""The renderer's speed-ups change no byte: the markup fast path and the per-act :class:`RenderCache`."""

from __future__ import annotations

import random

import pytest

from lexpub.consolidate.editions import editions
from lexpub.model.core import Corpus
from lexpub.render.html import RenderCache, render_html, toc
from lexpub.render.markup import MARKUP_CHARS, inline, parser

WORK_IDS = ("mod-2017-350", "mod-2017-357", "mod-2023-1100", "mod-2023-2")


def test_text_without_markup_characters_is_what_the_parser_returns() -> None:
    rng = random.Random(6)
    # no backslash: it is the markup's escape (5\\*3 is a literal asterisk), so a markup character
    alphabet = list("аәбғқңөұүһіАӘ xyz\t\n'!#$%^()[]{}~`|+=-:;?/.,@\u00a0\u2028") + ["  \n", "    ", "1. ", "# "]
    checked = 0
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert MARKUP_CHARS.search(text) is None
        assert inline(text) == parser().renderInline(text), repr(text)
        checked += 1
    assert checked == 5000


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*Ескерту* & <b>", "<em>Ескерту</em> &amp; &lt;b&gt;"),
        ('"қосымша"', "&quot;қосымша&quot;"),
        ("a\r\nb", "a\nb"),
        ("**күшті** _сөз_", "<strong>күшті</strong> <em>сөз</em>"),
    ],
)
def test_text_with_markup_characters_goes_through_the_parser(text: str, html: str) -> None:
    assert inline(text) == html == parser().renderInline(text)


@pytest.mark.parametrize("work_id", WORK_IDS)
def test_one_memo_for_every_text_of_an_act_gives_the_same_bytes(corpus: Corpus, work_id: str) -> None:
    eds = editions(corpus, work_id)
    memo = RenderCache()
    for mode in ("standalone", "print", "standalone"):
        for ui in ("kaz", "rus"):
            for ed in eds:
                fresh = render_html(corpus, ed.expression, ui=ui, mode=mode, edition=ed)
                shared = render_html(corpus, ed.expression, ui=ui, mode=mode, edition=ed, memo=memo)
                assert shared == fresh
    units = sum(len(ed.expression.root.children) for ed in eds)
    assert bool(memo.nodes) == bool(units), "the memo was not used"
    assert bool(memo.fragments) == bool(units), "no unit HTML was reused"
    assert bool(memo.toc_html) == any(toc(corpus, ed.expression) for ed in eds), "no contents HTML was kept"
