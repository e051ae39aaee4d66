"""Verbs of the public services: service, calendar, deadline, issue, impact.

Each verb imports its stage when it runs, so that ``lexpub --help`` and the other verbs start fast."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import click

from lexpub.cli.loading import load
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
from lexpub.errors import InputError
from lexpub.model.values import Lang
from lexpub.publish.atomic import emit, refuse_inside_source


@click.command("service")
@click.argument("service_id", metavar="SERVICE")
@at_option()
@format_option("html", "pdf", "json", default="json")
@out_file_option
@source_option
@force_option
def service_command(service_id: str, at: str, fmt: str, out: Path | None, source: Path, force: bool) -> None:
    """The list of basic requirements of SERVICE as in force on a date: rows 1–10, each traced to its eId."""
    # deferred: WeasyPrint and the service tables load only when this verb runs
    from lexpub.services.service_files import load_required, load_service
    from lexpub.services.standard import service_view
    from lexpub.services.standard_render import service_html, service_json, service_pdf

    corpus = load(source)
    view = service_view(corpus, load_service(source, service_id), load_required(source), parse_at(at))
    data = service_pdf(view) if fmt == "pdf" else (service_html(view) if fmt == "html" else service_json(view)).encode()
    emit(data, out, source=source, force=force)


@click.command("calendar")
@click.argument("year", type=int)
@json_option
@lang_option("Interface language.")
@source_option
def calendar_command(year: int, as_json: bool, lang: Lang, source: Path) -> None:
    """The non-working days of YEAR (five-day week), each with its reason and source, and the working-day count."""
    from lexpub.services.calendar import calendar_json, calendar_lines, load_year  # deferred: start-up time

    cal = load_year(source, year)
    if as_json:
        click.echo(json.dumps(calendar_json(cal), ensure_ascii=False, indent=2, sort_keys=True))
        return
    for line in calendar_lines(cal, lang):
        click.echo(line)


@click.command("deadline")
@click.argument("service_id", metavar="SERVICE")
@click.option("--submitted", required=True, help="Submission time, YYYY-MM-DDTHH:MM (local time of Astana).")
@click.option("--classes-start", "classes_start", default=None, help="Start of classes, YYYY-MM-DD.")
@json_option
@lang_option("Interface language.")
@source_option
def deadline_command(
    service_id: str, submitted: str, classes_start: str | None, as_json: bool, lang: Lang, source: Path
) -> None:
    """Date of receipt, stage-1 deadline and stage-2 end of an application to SERVICE (working days)."""
    from lexpub.services.deadlines import deadline_report, parse_submitted  # deferred: start-up time

    lines, data = deadline_report(load(source), source, service_id, parse_submitted(submitted), classes_start, lang)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return
    for line in lines:
        click.echo(line)


@click.command("issue")
@click.argument("kind", type=click.Choice(["notice", "refusal", "certificate"]))
@click.option(
    "--data",
    "data",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Records: .csv (UTF-8), .json or .yaml.",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (replaced atomically).",
)
@lang_option("One language (default: both).", default=None)
@format_option("pdf", "html", default="pdf")
@click.option("--issued", "issued", default=None, help="Issue date YYYY-MM-DD for records without an 'issued' column.")
@click.option(
    "--text",
    "text_mode",
    type=click.Choice(["in-force", "latest"]),
    default="in-force",
    show_default=True,
    help="Quote the law in force on the issue date, or the latest known text (the document says so).",
)
@click.option(
    "--issuer",
    "issuer",
    default=None,
    help="Service provider id (source/providers.yaml) for records without an 'issuer' column.",
)
@click.option(
    "--sign",
    "sign",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="PKCS#12 key file: sign each PDF (PAdES).",
)
@click.option(
    "--sign-password-env", "sign_env", default=None, help="Environment variable holding the key file's password."
)
@click.option(
    "--accept-late",
    "accept_late",
    default=None,
    help="Issue documents past their stage's deadline; the reason goes into the report.",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Issue samples with no legal force (marked on every page) quoting the latest known text, even when "
    "the law on the issue date is in doubt; the doubts are printed for the official, never in a document.",
)
@click.option(
    "--jobs", "-j", "jobs", default=None, type=click.IntRange(min=1), help="Parallel processes (default: the cores)."
)
@source_option
def issue_command(
    kind: str,
    data: Path,
    out: Path,
    lang: Lang | None,
    fmt: str,
    issued: str | None,
    text_mode: str,
    issuer: str | None,
    sign: Path | None,
    sign_env: str | None,
    accept_late: str | None,
    preview: bool,
    jobs: int | None,
    source: Path,
) -> None:
    """Issue citizen documents of KIND from a data file. Bad records are reported (errors.csv, report, stderr)
    with their row and the good ones are still issued; exit status 2 if any record was bad or late."""
    from lexpub.publish.documents import Signing, check_out, issue  # deferred: WeasyPrint and the document templates

    langs: tuple[Lang, ...] = (lang,) if lang is not None else ("kaz", "rus")
    day = parse_at(issued) if issued and issued != "latest" else None
    if issued == "latest":
        raise InputError.at(
            None,
            "bad-argument",
            "--issued: give a date YYYY-MM-DD (the issue date is data, never today)",
            "bad-argument.issued",
        )
    refuse_inside_source(out, source)
    check_out(out)  # the folder is ours, or nothing is read
    signing = Signing(sign, sign_env) if sign is not None else None
    corpus = load(source)
    from lexpub.services.documents.basis import issue_days, preview_notes, refuse_batch

    if preview:  # quotes the latest known text; the doubts go to the official, not into the documents
        for note in preview_notes(corpus, source, issue_days(data, day)):
            click.echo(f"note[doubtful-norm]: {note}", err=True)
        text_mode = "latest"
    elif text_mode == "in-force":  # a doubtful norm refuses the whole batch (basis.py)
        refuse_batch(corpus, source, issue_days(data, day))
    line, bad = issue(
        corpus,
        source,
        kind,  # type: ignore[arg-type]
        data,
        out,
        langs,
        fmt,
        day,
        text_mode,  # type: ignore[arg-type]
        issuer=issuer,
        signing=signing,
        accept_late=accept_late,
        preview=preview,
        workers=jobs,
    )
    click.echo(f"{line} → {out}")
    if bad:
        raise InputError(bad)


def citer_words(citer: dict[str, str], lang: Lang) -> str:
    """Who cites a unit, in words: a passport field of a named service, or a field of a document
    template with its files (the places an editor goes to), never an eId."""
    from lexpub.wording.i18n import t

    if citer["kind"] == "passport":
        return t(lang, "impact.by.passport", service=citer[lang], field=citer["field"])
    document = t(lang, f"doc.title.{citer['document']}")
    return t(lang, "impact.by.template", document=document, files=citer["files"], field=citer["field"])


@click.command("impact")
@click.argument("target", metavar="ACT-OR-EID")
@json_option
@lang_option("Interface language.")
@source_option
def impact_command(target: str, as_json: bool, lang: Lang, source: Path) -> None:
    """Every document template and service-passport field citing a unit that an amendment changes or repeals, and from when."""
    # deferred: the impact search and wording load only when this verb runs
    from lexpub.consolidate.apply import consolidate
    from lexpub.render.json import parse_date_range
    from lexpub.render.text import target_title
    from lexpub.services.impact import impact, pending_notes
    from lexpub.wording.i18n import t
    from lexpub.wording.names import unit_path_name
    from lexpub.wording.phrases import date_statement

    corpus = load(source)
    rows = impact(corpus, source, target)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
        return
    latest = functools.cache(lambda work_id: consolidate(corpus, work_id, None, lang))  # what the citers cite now
    for r in rows:
        work_id, _, eid = str(r["target"]).partition("#")
        target_work = corpus.works[work_id]
        click.echo(
            t(
                lang,
                "impact.line",
                when=date_statement(parse_date_range(r["from"]), lang),
                act=target_title(corpus.works[r["by"]], lang),
                unit=f"{target_title(target_work, lang)}, {unit_path_name(target_work.root, eid, lang)}",
                effect=t(lang, f"effect.{r['operation']}"),
                cited_by=citer_words(r["citer"], lang),
                cited=unit_path_name(latest(work_id).root, r["cited_eid"], lang),
            )
        )
    click.echo(t(lang, "impact.count", n=len(rows)))
    for wid, p in pending_notes(corpus, target):
        described = p.description.get(lang) or p.description.get("kaz") or ""
        note = f"{target_title(corpus.works[wid], lang)}: {described} ({p.source}; {t(lang, f'impact.confidence.{p.confidence}')})"
        click.echo(t(lang, "impact.pending", note=note))
