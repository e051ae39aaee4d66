"""Verbs that print or render one act's text: text, editions, fidelity, render.

Each verb imports its stage when it runs, so that ``lexpub --help`` and the other verbs start fast."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from lexpub.cli.loading import find_edition, load, require_language, resolve
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
from lexpub.consolidate.drafts import refuse_draft
from lexpub.errors import InputError, kv
from lexpub.model.values import Lang
from lexpub.publish.atomic import emit


@click.command("text")
@click.argument("act")
@at_option()
@lang_option()
@click.option("--no-status", is_flag=True, help="Print the text only, without the status block.")
@source_option
def text_command(act: str, at: str, lang: Lang, no_status: bool, source: Path) -> None:
    """The consolidated text of ACT (short id or FRBR work URI) as plain text."""
    # deferred: consolidation and rendering load only when this verb runs
    from lexpub.consolidate.apply import consolidate
    from lexpub.render.text import render_text

    corpus = load(source, act)
    work_id = resolve(corpus, act)
    refuse_draft(corpus, work_id, "text in force")
    require_language(corpus, work_id, lang)
    expr = consolidate(corpus, work_id, parse_at(at), lang)
    sys.stdout.write(render_text(corpus, expr, footer=not no_status))


@click.command("editions")
@click.argument("act")
@json_option
@lang_option("Interface language.")
@source_option
def editions_command(act: str, as_json: bool, lang: Lang, source: Path) -> None:
    """The editions of ACT: each distinct text, from when, opened by which act."""
    # deferred: consolidation and wording load only when this verb runs
    from lexpub.consolidate.editions import editions
    from lexpub.render.json import editions_json
    from lexpub.render.text import target_title
    from lexpub.wording.i18n import t
    from lexpub.wording.phrases import date_statement

    corpus = load(source, act)
    work_id = resolve(corpus, act)
    refuse_draft(corpus, work_id, "editions")
    eds = editions(corpus, work_id)
    if as_json:
        click.echo(json.dumps(editions_json(corpus, work_id, eds), ensure_ascii=False, indent=2))
        return
    for ed in eds:
        click.echo(
            t(
                lang,
                "editions.line",
                index=ed.index,
                label=ed.label,
                start=date_statement(ed.start, lang),
                end=date_statement(ed.end, lang) if ed.end else t(lang, "editions.open"),
                act=target_title(corpus.works[ed.opened_by], lang),
            )
        )


@click.command("fidelity")
@click.argument("act")
@source_option
def fidelity_command(act: str, source: Path) -> None:
    """Compare ACT's latest text with its seed: word for word, except where source/errata says."""
    from lexpub.diff.fidelity import differences, place_issues  # deferred: start-up time
    from lexpub.sources.errata import load_errata

    corpus = load(source)
    work_id = resolve(corpus, act)
    path = source / "errata" / f"{work_id}.yaml"
    if not path.exists():
        raise InputError.at(
            None,
            "no-errata",
            f"{path} does not exist: no seed is recorded for {work_id}",
            "no-errata",
            kv(path=path, work=work_id),
        )
    errata = load_errata(path, source)
    problems = place_issues(corpus, errata)
    if problems:
        raise InputError(problems)
    diffs = differences(corpus, errata)
    for d in diffs:
        click.echo(f"differs: seed {d.seed!r} / text {d.rendered!r}  … {d.context} …")
    if diffs:
        raise InputError.at(
            None, "fidelity", f"{len(diffs)} unrecorded differences from the seed", "fidelity", kv(count=len(diffs))
        )
    click.echo(f"{work_id}: agrees with the seed word for word except at {len(errata.entries)} recorded errata")


@click.command("render")
@click.argument("act")
@at_option("YYYY-MM-DD or latest (the default).", default=None)
@click.option(
    "--edition",
    "edition_label",
    default=None,
    metavar="LABEL",
    help="One edition by its label (see lexpub editions), e.g. one whose start date is unknown. Not with --at.",
)
@format_option("html", "pdf", "akn", "md", "json", "docx", default="html")
@lang_option("Language of the text.")
@lang_option("Interface language of html.", name="--ui")
@click.option("--pdf-variant", "variant", type=click.Choice(["pdf/a-3b"]), default=None, help="PDF/A-3b for archiving.")
@out_file_option
@source_option
@force_option
def render_command(
    act: str,
    at: str | None,
    edition_label: str | None,
    fmt: str,
    lang: Lang,
    ui: Lang,
    variant: str | None,
    out: Path | None,
    source: Path,
    force: bool,
) -> None:
    """ACT's text at a date (or latest), or one edition, as HTML, print PDF, Word (DOCX), Akoma Ntoso XML,
    Markdown or JSON."""
    from lexpub.consolidate.apply import consolidate  # deferred: start-up time

    if at is not None and edition_label is not None:
        raise InputError.at(
            None, "bad-argument", "--at and --edition exclude each other: give one of them", "bad-argument.at-edition"
        )
    corpus = load(source, act)
    work_id = resolve(corpus, act)
    refuse_draft(corpus, work_id, "published text")
    require_language(corpus, work_id, lang)
    ed = None
    if edition_label is not None:
        ed = find_edition(corpus, work_id, edition_label, lang)
        expr = ed.expression
    else:
        expr = consolidate(corpus, work_id, parse_at(at or "latest"), lang)
    data: bytes
    if fmt == "html":
        from lexpub.render.html import render_html  # deferred: Jinja2 templates

        data = render_html(corpus, expr, ui=ui, edition=ed).encode()
    elif fmt == "docx":
        from lexpub.render.docx import render_docx  # deferred: python-docx

        data = render_docx(corpus, expr, ed)
    elif fmt == "pdf":
        from lexpub.render.html import render_pdf  # deferred: WeasyPrint

        data = render_pdf(corpus, expr, variant=variant, edition=ed)
    else:
        from lexpub.render.exchange import render_bytes  # deferred: lxml and the AKN schema

        data = render_bytes(corpus, expr, fmt, ed)  # akn, md, json exactly as the build writes them
    emit(data, out, source=source, force=force)
