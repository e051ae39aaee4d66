"""Nothing silently different (issue 15 §5) in the text layers: the Markdown output carries a source's
``<script>``, ``<img onerror>`` and ``javascript:`` links as the characters written, never as markup;
the inline emphasis has an escape (``5\\*3\\*2``), and an asterisk it would eat is refused at ``check``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.validate import load_valid
from lexpub.errors import ValidationError
from lexpub.render.markdown import escape_inline, render_markdown
from lexpub.render.markup import inline

CONTROL = Path(__file__).resolve().parents[1] / "hostile" / "_control" / "source" / "acts" / "mod-2024-5.yaml"
HOSTILE = [
    "<script>alert(1)</script> тармақ.",
    '<img src=x onerror="alert(1)"> тармақ.',
    "[сілтеме](javascript:alert(1)) тармақ.",
    "![сурет](https://example.org/x.png) тармақ.",
    "<javascript:alert(1)> тармақ.",
    "&lt;b&gt; және `код` тармақ.",
]


def reader() -> MarkdownIt:
    """A Markdown reader as permissive as a wiki's: raw HTML on."""
    return MarkdownIt("commonmark", {"html": True})


def text_of(html: str) -> str:
    from html.parser import HTMLParser

    out: list[str] = []

    class P(HTMLParser):
        def handle_data(self, data: str) -> None:
            out.append(data)

    P(convert_charrefs=True).feed(html)
    return "".join(out)


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_output_never_carries_markup_from_a_source(make_corpus, text: str):
    act = CONTROL.read_text("utf-8").replace("    text: Бірінші тармақ.", "    text: '" + text.replace("'", "''") + "'")
    src = make_corpus({"acts/mod-2024-5.yaml": act})
    corpus = load_valid(src)
    md = render_markdown(corpus, consolidate(corpus, "mod-2024-5", None, "kaz"))
    html = reader().render(md)
    for bad in ("<script", "<img", 'javascript:alert(1)"', 'href="javascript', "<b>", "<code>"):
        assert bad not in html, html
    assert f"1. {text}" in text_of(html) or text in text_of(html), text_of(html)


@given(st.text(alphabet=st.sampled_from(list("<>[]()`&!\\*_ aб:/=\"';#")), max_size=40))
def test_escaped_text_reads_back_as_written(text: str):
    """Whatever the characters, a Markdown reader shows exactly them (``*`` and ``_`` aside: emphasis)."""
    if "*" in text or "_" in text:
        return
    html = reader().renderInline(escape_inline(text))
    assert text_of(html) == text


def test_the_inline_markup_has_an_escape():
    assert str(inline("5\\*3\\*2 метр")) == "5*3*2 метр"
    assert str(inline("*маңызды*")) == "<em>маңызды</em>"


def test_an_asterisk_the_markup_would_eat_is_refused_at_check(make_corpus):
    act = CONTROL.read_text("utf-8").replace("    text: Бірінші тармақ.", "    text: Көлемі 5*3*2 метр.")
    src = make_corpus({"acts/mod-2024-5.yaml": act})
    with pytest.raises(ValidationError) as info:
        load_valid(src)
    assert [str(i) for i in info.value.issues] == [
        f"{src}/acts/mod-2024-5.yaml:24:11: error[markup-eaten]: '5*3*2': an asterisk between letters or "
        "digits would be read as emphasis and vanish; write \\* for an asterisk"
    ]
    (src / "acts" / "mod-2024-5.yaml").write_text(act.replace("5*3*2", "5\\*3\\*2"), "utf-8")
    corpus = load_valid(src)
    assert "5*3*2 метр" in str(inline(corpus.works["mod-2024-5"].root.children[0].text.get("kaz") or ""))
