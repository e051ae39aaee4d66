"""Redline → text (terminal, code review), Markdown, HTML (``<ins>``/``<del>`` with a legend), PDF.

Every format carries the same facts: which unit changed and how, by which act and provision, from
when; word runs where both wordings are held; a plain statement where the earlier wording is not
held (nothing invented). Deletions and insertions are marked ``[- … -]`` / ``[+ … +]`` in every
format, so they read without colour (print, colour-blind readers).
"""

from __future__ import annotations

import json
import re
from typing import Any

from lexpub.diff.redline import Cause, Redline, UnitChange
from lexpub.diff.template import render as render_template
from lexpub.diff.view import (
    MARK,
    Block,
    blocks,
    cause_line,
    change_label,
    note_lines,
    printed,
    status_lines,
    title,
    uncertain_lines,
)
from lexpub.diff.words import edits
from lexpub.model.core import Corpus
from lexpub.model.values import Lang
from lexpub.render.common import date_range
from lexpub.render.markdown import escape_line_start
from lexpub.render.pdf import html_to_pdf
from lexpub.wording.i18n import t
from lexpub.wording.lang import bcp47

FORMATS = ("text", "md", "html", "pdf", "json")


def inline_text(e: UnitChange) -> str | None:
    """The unit's words with [- -]/[+ +] markers; None when no wording is held on either side."""
    if e.segments:
        return "".join(
            s.text if s.op == "equal" else f"[-{s.text}-]" if s.op == "delete" else f"[+{s.text}+]" for s in e.segments
        )
    return e.new_text if e.new_text is not None else None


def _with_label(e: UnitChange, words: str | None) -> str | None:
    if not words:
        return None if e.change in ("repealed", "removed") else e.label or None
    return f"{e.label} {words}" if e.label else words


def head_lines(corpus: Corpus, rl: Redline, block: Block, lang: Lang) -> list[str]:
    """Statements about a changed unit: causes, what is not held, renumbering."""
    e = block.head
    out = [cause_line(corpus, c, lang) for c in e.causes]
    if e.change == "renumbered" and e.old_eid and e.old_eid != e.eid:
        out.append(t(lang, "diff.renumbered_from", old=f"{e.old_label} ({e.old_eid})" if e.old_label else e.old_eid))
    if e.change == "uncertain":
        if not e.new_held:
            out.append(t(lang, "held.unit").strip("[]"))
        return out
    if e.old_eid is not None and not e.old_held and e.change != "inserted":
        out.append(t(lang, "diff.old_not_held"))
    if e.change not in ("repealed", "removed") and not any(x.new_held for x in (e, *block.body)):
        out.append(t(lang, "diff.new_not_held"))
    return out


def has_words(block: Block) -> bool:
    """Does any unit of the block carry words? If not, bare numbers are not printed."""
    return any(x.segments or x.new_text for x in (block.head, *block.body))


def render_text(corpus: Corpus, rl: Redline, lang: Lang | None = None) -> str:
    """Plain text: one block per changed unit, indented wording, markers inline."""
    lang = lang or rl.lang
    lines = [title(corpus, rl, lang), t(lang, "diff.legend"), *status_lines(rl, lang)]
    bl = blocks(rl)
    lines.append(t(lang, "diff.changed_units", count=len(bl)) if bl else t(lang, "diff.no_changes"))
    for block in bl:
        e = block.head
        lines += ["", f"{MARK.get(e.change, '~')} {e.name} [{e.eid}] — {change_label(e, lang)}"]
        lines += ["  " + x for x in head_lines(corpus, rl, block, lang)]
        show_new = (
            e.old_eid is not None
            and not e.old_held
            and any(x.new_held for x in (e, *block.body))
            and e.change != "repealed"
        )
        if show_new:
            lines.append("  " + t(lang, "diff.new_wording"))
        for x in printed((e, *block.body)) if has_words(block) else ():
            body = _with_label(x, inline_text(x))
            if body:
                pad = "    " + "  " * (x.depth - e.depth)
                lines += [pad + part for part in body.split("\n")]
        for x in (e, *block.body):
            lines += ["  " + n for n in note_lines(x, lang)]
    extra = uncertain_lines(corpus, rl, lang)
    if extra:
        lines += ["", *extra]
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_inline(e: UnitChange) -> str | None:
    if e.segments:
        parts = []
        for s in e.segments:
            if s.op == "equal":
                parts.append(md_escape(s.text))
            elif s.op == "delete":
                parts.append(f"~~\\[-{md_escape(s.text)}-\\]~~")
            else:
                parts.append(f"<ins>\\[+{md_escape(s.text)}+\\]</ins>")
        return "".join(parts)
    return md_escape(e.new_text) if e.new_text is not None else None


def render_md(corpus: Corpus, rl: Redline, lang: Lang | None = None) -> str:
    """Markdown for review tools: a heading per changed unit, ~~deleted~~ and <ins>inserted</ins>."""
    lang = lang or rl.lang
    lines = [f"# {md_escape(title(corpus, rl, lang))}", "", md_escape(t(lang, "diff.legend"))]
    lines += ["", *(f"> {md_escape(s)}" for s in status_lines(rl, lang))]
    bl = blocks(rl)
    lines += ["", t(lang, "diff.changed_units", count=len(bl)) if bl else t(lang, "diff.no_changes")]
    for block in bl:
        e = block.head
        lines += ["", f"## {MARK.get(e.change, '~')} {md_escape(e.name)} (`{e.eid}`) — {change_label(e, lang)}", ""]
        lines += [f"- {md_escape(x)}" for x in head_lines(corpus, rl, block, lang)]
        lines.append("")
        for x in printed((e, *block.body)) if has_words(block) else ():
            body = md_inline(x)
            label = md_escape(x.label) if x.label and (body or x.change not in ("repealed", "removed")) else ""
            if body or label:
                text = " ".join(p for p in (label, body) if p)
                # "11." / "1)" at a line start would become a Markdown list: escaped as in lexpub.render.markdown
                lines += ["  \n".join(escape_line_start(part) for part in text.split("\n")), ""]
        for x in (e, *block.body):
            lines += [f"*{md_escape(n)}*" for n in note_lines(x, lang)]
    extra = uncertain_lines(corpus, rl, lang)
    if extra:
        lines += ["", f"**{md_escape(extra[0])}**", "", *(f"- {md_escape(x)}" for x in extra[1:])]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_html(
    corpus: Corpus,
    rl: Redline,
    lang: Lang | None = None,
    *,
    standalone: bool = True,
    public: bool = False,
    heading: str | None = None,
) -> str:
    """HTML with <del>/<ins>, a legend, and bracket markers that survive print and greyscale.

    ``public``: for the site's readers, units are named without their eIds (kept only as anchors).
    ``heading``: the title when the two texts are editions rather than dates."""
    lang = lang or rl.lang
    items = []
    for block in blocks(rl):
        e = block.head
        show_new = (
            e.old_eid is not None
            and not e.old_held
            and any(x.new_held for x in (e, *block.body))
            and e.change != "repealed"
        )
        items.append(
            {
                "head": e,
                "mark": MARK.get(e.change, "~"),
                "change": change_label(e, lang),
                "facts": head_lines(corpus, rl, block, lang),
                "show_new": show_new,
                "units": [
                    {"unit": x, "indent": x.depth - e.depth, "segments": x.segments, "text": x.new_text}
                    for x in (printed((e, *block.body)) if has_words(block) else ())
                ],
                "notes": [n for x in (e, *block.body) for n in note_lines(x, lang)],
            }
        )
    return render_template(
        "diff/redline.html.j2",
        lang=lang,
        html_lang=bcp47(lang),
        text_lang=bcp47(rl.lang),
        title=heading or title(corpus, rl, lang),
        status=status_lines(rl, lang),
        blocks=items,
        uncertain=uncertain_lines(corpus, rl, lang),
        standalone=standalone,
        public=public,
    )


def render_pdf(corpus: Corpus, rl: Redline, lang: Lang | None = None) -> bytes:
    """The HTML redline printed through the project's one PDF set-up (:mod:`lexpub.render.pdf`)."""

    lang = lang or rl.lang
    return html_to_pdf(render_html(corpus, rl, lang), title=title(corpus, rl, lang), lang=bcp47(lang))


def render(corpus: Corpus, rl: Redline, fmt: str, lang: Lang | None = None) -> bytes:
    """One format as bytes (UTF-8 for text formats)."""
    if fmt == "text":
        return render_text(corpus, rl, lang).encode()
    if fmt == "md":
        return render_md(corpus, rl, lang).encode()
    if fmt == "html":
        return render_html(corpus, rl, lang).encode()
    if fmt == "pdf":
        return render_pdf(corpus, rl, lang)
    if fmt == "json":
        data = redline_json(rl, lang)
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    raise ValueError(fmt)


def redline_json(rl: Redline, lang: Lang | None = None) -> dict[str, Any]:
    """The changed units as data: word runs, offset edits on the old text, causes with date ranges.

    ``old_text``/``new_text`` are null where the wording is not held; nothing is filled in."""
    lang = lang or rl.lang

    def cause(c: Cause) -> dict[str, Any]:
        return {
            "amendment": c.amendment.id,
            "by_work": c.source_work,
            "kind": c.amendment.op.kind,
            "provision": c.provision,
            "commencement": date_range(c.commencement),
        }

    return {
        "work": rl.work_id,
        "lang": rl.lang,
        "from": rl.old_at.isoformat() if rl.old_at else "latest",
        "to": rl.new_at.isoformat() if rl.new_at else "latest",
        "status_from": rl.old_status,
        "status_to": rl.new_status,
        "in_force": date_range(rl.in_force),
        "changes": [
            {
                "eid": e.eid,
                "old_eid": e.old_eid,
                "unit": e.name,
                "change": e.change,
                "old_held": e.old_held,
                "new_held": e.new_held,
                "old_text": e.old_text,
                "new_text": e.new_text,
                "segments": [[s.op, s.text] for s in e.segments],
                "edits": [[x.start, x.end, x.text] for x in edits(e.segments)] if e.old_held and e.new_held else None,
                "causes": [cause(c) for c in e.causes],
                "notes": [n.text.get(lang) for n in e.notes],
            }
            for e in rl.changed()
        ],
        "uncertain": [cause(c) for c in rl.uncertain],
    }
