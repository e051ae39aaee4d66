"""Verbs about change: diff (redline), effects (table), compare (comparative table), changes (git).

Each verb imports its stage when it runs, so that ``lexpub --help`` and the other verbs start fast."""

from __future__ import annotations

import json
from pathlib import Path

import click

from lexpub.cli.loading import load, require_language, resolve
from lexpub.cli.options import (
    at_option,
    force_option,
    format_option,
    json_option,
    lang_option,
    out_file_option,
    parse_at,
    source_option,
)
from lexpub.errors import InputError, kv
from lexpub.model.values import Lang
from lexpub.publish.atomic import emit


@click.command("diff")
@click.argument("act")
@click.option("--from", "from_", default="latest", show_default=True, help="YYYY-MM-DD or latest.")
@click.option("--to", "to", default="latest", show_default=True, help="YYYY-MM-DD or latest.")
@format_option("text", "md", "html", "pdf", "json", default="text")
@lang_option("Language of the text.")
@click.option("--draft", "draft", default=None, help="A draft amending ACT: show what it would change.")
@at_option("With --draft: the text in force on YYYY-MM-DD (or latest) the draft is compared with.")
@out_file_option
@source_option
@force_option
def diff_command(
    act: str,
    from_: str,
    to: str,
    fmt: str,
    lang: Lang,
    draft: str | None,
    at: str,
    out: Path | None,
    source: Path,
    force: bool,
) -> None:
    """Redline of ACT between two dates: units aligned by eId, word changes, who changed what, from when.
    With --draft DRAFT: ACT's text in force on --at against the same text with the draft's changes."""
    # deferred: the redline and its renderers load only when this verb runs
    from lexpub.diff.draft import draft_redline
    from lexpub.diff.redline import redline
    from lexpub.diff.render import render as render_redline
    from lexpub.diff.template import parse_when

    old_at, new_at = parse_when(from_, "--from"), parse_when(to, "--to")
    corpus = load(source)
    work_id = resolve(corpus, act)
    require_language(corpus, work_id, lang)
    if draft is not None:
        corpus, rl = draft_redline(corpus, work_id, resolve(corpus, draft), parse_when(at, "--at"), lang)
    else:
        rl = redline(corpus, work_id, old_at, new_at, lang)
    emit(render_redline(corpus, rl, fmt), out, source=source, force=force)


@click.command("effects")
@click.argument("act")
@at_option("State of each effect as of YYYY-MM-DD or latest.")
@lang_option("Interface language.")
@json_option
@source_option
def effects_command(act: str, at: str, lang: Lang, as_json: bool, source: Path) -> None:
    """Effects table of ACT: every change made to it, and every change it makes to other acts."""
    from lexpub.diff.effects import effects_json, effects_text  # deferred: start-up time

    corpus = load(source, act)
    work_id = resolve(corpus, act)
    if as_json:
        click.echo(json.dumps(effects_json(corpus, work_id, parse_at(at), lang), ensure_ascii=False, indent=2))
        return
    click.echo(effects_text(corpus, work_id, parse_at(at), lang), nl=False)


@click.command("compare")
@click.argument("act")
@lang_option()
@format_option("html", "pdf", "docx", default="html")
@at_option("For a draft: compare with the text in force on YYYY-MM-DD (or the latest text).")
@out_file_option
@source_option
@force_option
def compare_command(act: str, lang: Lang, fmt: str, at: str, out: Path | None, source: Path, force: bool) -> None:
    """Comparative table (салыстырма кесте) of the amending act ACT, or of a draft: one row per amended unit."""
    # deferred: WeasyPrint and python-docx load only when this verb runs
    from lexpub.diff.comparative import comparative_table
    from lexpub.diff.comparative_render import compare_docx, compare_html, compare_pdf

    corpus = load(source)
    work_id = resolve(corpus, act)
    work = corpus.works[work_id]
    if at != "latest" and work.status != "draft":
        raise InputError.at(
            None,
            "bad-argument",
            f"--at is for a draft; {work_id} is compared with the text just before it commences",
            "bad-argument.at-draft",
            kv(work=work_id),
        )
    table = comparative_table(corpus, work_id, lang, parse_at(at))
    if fmt == "docx":
        data = compare_docx(table, made=work.date if work.status != "draft" else None)
    elif fmt == "pdf":
        data = compare_pdf(table)
    else:
        data = compare_html(table).encode()
    emit(data, out, source=source, force=force)


@click.command("changes")
@click.argument("rev1")
@click.argument("rev2")
@json_option
@source_option
def changes_command(rev1: str, rev2: str, as_json: bool, source: Path) -> None:
    """Which works, units (eIds) and dates changed in the sources between git revisions REV1 and REV2."""
    from lexpub.diff.git_changes import changes_json, changes_text, source_changes  # deferred: start-up time

    found = source_changes(source, rev1, rev2)
    if as_json:
        click.echo(json.dumps(changes_json(found), ensure_ascii=False, indent=2))
        return
    click.echo(changes_text(found), nl=False)
