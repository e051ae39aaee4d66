"""The ``lexpub`` command line. Only this module turns errors into messages and exit statuses:
2 for bad input (sources, data, arguments), 1 for an internal failure.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from lexpub.errors import InputError, LexpubError
from lexpub.model.core import Corpus, Lang
from lexpub.publish.atomic import emit

F = TypeVar("F", bound=Callable[..., Any])


class LexpubGroup(click.Group):
    """Runs a command and maps lexpub errors to messages and exit statuses."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LexpubError as exc:
            for issue in exc.issues:
                click.echo(str(issue), err=True)
            count = len(exc.issues)
            if count > 1:
                click.echo(f"{count} problems", err=True)
            ctx.exit(exc.exit_status)


def source_option(fn: F) -> F:
    return click.option(
        "--source",
        "source",
        default="source",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of the YAML corpus.",
    )(fn)


def load(source: Path) -> Corpus:
    from lexpub.sources.corpus import load_corpus

    return load_corpus(source)


def settle() -> None:
    """Put what is loaded (the corpus) out of the garbage collector's sight for the rest of the command.

    The corpus lives as long as the command; a full collection walks all of it (~0.5 s for 1,000
    works), which otherwise lands in the middle of a rebuild that costs ~50 ms, and forked build
    workers would copy its pages by touching their collector headers."""
    import gc

    gc.collect()
    gc.freeze()


def parse_at(value: str) -> dt.date | None:
    """``latest`` → None; otherwise a real ISO date, or a usage error (exit 2)."""
    if value == "latest":
        return None
    from lexpub.model.dates import parse_iso

    try:
        return parse_iso(value)
    except ValueError as exc:
        raise InputError.at(None, "bad-argument", f"--at: {exc}") from None


def resolve(corpus: Corpus, act: str) -> str:
    try:
        return corpus.work(act).id
    except KeyError:
        known = ", ".join(sorted(corpus.works))
        raise InputError.at(None, "unknown-act", f"no act {act!r} in the corpus (known: {known})") from None


@click.group(cls=LexpubGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lexpub")
def main() -> None:
    """lexpub: consolidated editions, service tables, citizen documents, diffs and publication
    of the Ministry of Defence orders, from the YAML corpus in source/."""


@main.command()
@source_option
def check(source: Path) -> None:
    """Validate the whole corpus; exit 2 and list every problem as file:line:column."""
    corpus = load(source)
    from lexpub.publish.site.pages import site_config

    site_config(source)  # source/site.yaml, when present
    from lexpub.services.documents.eligibility import load_rule
    from lexpub.services.documents.providers import load_providers

    load_providers(source)  # source/providers.yaml, when present
    load_rule(source)  # source/eligibility.yaml, when present
    from lexpub.services.standard import check_services

    service_issues = check_services(corpus, source)
    if service_issues:
        raise InputError(service_issues)
    amendments = len(corpus.amendments)
    click.echo(f"ok: {len(corpus.works)} works, {amendments} amendments")


@main.command()
@click.argument("act")
@click.option("--at", "at", default="latest", show_default=True, help="YYYY-MM-DD or latest.")
@click.option("--lang", type=click.Choice(["kaz", "rus"]), default="kaz", show_default=True)
@click.option("--no-status", is_flag=True, help="Print the text only, without the status block.")
@source_option
def text(act: str, at: str, lang: Lang, no_status: bool, source: Path) -> None:
    """The consolidated text of ACT (short id or FRBR work URI) as plain text."""
    from lexpub.consolidate.apply import consolidate
    from lexpub.render.text import render_text

    corpus = load(source)
    work_id = resolve(corpus, act)
    require_language(corpus, work_id, lang)
    expr = consolidate(corpus, work_id, parse_at(at), lang)
    sys.stdout.write(render_text(corpus, expr, footer=not no_status))


def require_language(corpus: Corpus, work_id: str, lang: Lang) -> None:
    work = corpus.works[work_id]
    if lang not in work.languages:
        raise InputError.at(
            None,
            "language-not-held",
            f"{work_id} is held only in {', '.join(work.languages)}; no {lang} text exists in the corpus",
        )


@main.command()
@click.argument("act")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--lang", type=click.Choice(["kaz", "rus"]), default="kaz", show_default=True, help="Interface language.")
@source_option
def editions(act: str, as_json: bool, lang: Lang, source: Path) -> None:
    """The editions of ACT: each distinct text, from when, opened by which act."""
    from lexpub.consolidate.editions import editions as list_editions
    from lexpub.render.json import editions_json
    from lexpub.render.text import target_title
    from lexpub.wording.i18n import t
    from lexpub.wording.phrases import date_statement

    corpus = load(source)
    work_id = resolve(corpus, act)
    eds = list_editions(corpus, work_id)
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


@main.command()
@click.option("--out", "out", default="build", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--jobs", "-j", "jobs", default=None, type=click.IntRange(min=1), help="Parallel processes (default: the cores)."
)
@click.option("--no-cache", is_flag=True, help="Rebuild every step, ignoring the previous build's cache.")
@source_option
def build(out: Path, jobs: int | None, no_cache: bool, source: Path) -> None:
    """Build every output from the corpus into OUT (written atomically: all or nothing).

    Steps whose inputs (sources, templates, code) are unchanged since the previous build into OUT
    are reused from its cache; OUT/manifest.json lists every file with its SHA-256."""
    from lexpub.publish.build import build as run_build

    corpus = load(source)
    settle()
    report = run_build(corpus, out, source, jobs=jobs, use_cache=not no_cache)
    click.echo(
        f"built {report.files} files into {out} "
        f"({len(report.rebuilt)} of {report.steps} steps run, {report.reused} reused)"
    )


@main.command()
@click.argument("act")
@source_option
def fidelity(act: str, source: Path) -> None:
    """Compare ACT's latest text with its seed: word for word, except where source/errata says."""
    from lexpub.sources.errata import differences, load_errata, place_issues

    corpus = load(source)
    work_id = resolve(corpus, act)
    path = source / "errata" / f"{work_id}.yaml"
    if not path.exists():
        raise InputError.at(None, "no-errata", f"{path} does not exist: no seed is recorded for {work_id}")
    errata = load_errata(path, source)
    problems = place_issues(corpus, errata)
    if problems:
        raise InputError(problems)
    diffs = differences(corpus, errata)
    for d in diffs:
        click.echo(f"differs: seed {d.seed!r} / text {d.rendered!r}  … {d.context} …")
    if diffs:
        raise InputError.at(None, "fidelity", f"{len(diffs)} unrecorded differences from the seed")
    click.echo(f"{work_id}: agrees with the seed word for word except at {len(errata.entries)} recorded errata")


@main.command()
@click.argument("service_id", metavar="SERVICE")
@click.option("--at", "at", default="latest", show_default=True, help="YYYY-MM-DD or latest.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "json"]), default="json", show_default=True)
@click.option(
    "--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (atomically)."
)
@source_option
def service(service_id: str, at: str, fmt: str, out: Path | None, source: Path) -> None:
    """The list of basic requirements of SERVICE as in force on a date: rows 1–10, each traced to its eId."""
    from lexpub.services.standard import load_required, load_service, service_view
    from lexpub.services.standard_render import service_html, service_json, service_pdf

    corpus = load(source)
    view = service_view(corpus, load_service(source, service_id), load_required(source), parse_at(at))
    data = service_pdf(view) if fmt == "pdf" else (service_html(view) if fmt == "html" else service_json(view)).encode()
    emit(data, out)


@main.command()
@click.argument("year", type=int)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--lang", type=click.Choice(["kaz", "rus"]), default="kaz", show_default=True, help="Interface language.")
@source_option
def calendar(year: int, as_json: bool, lang: Lang, source: Path) -> None:
    """The non-working days of YEAR (five-day week), each with its reason and source, and the working-day count."""
    from lexpub.services.calendar import calendar_json, calendar_lines, load_year

    cal = load_year(source, year)
    if as_json:
        click.echo(json.dumps(calendar_json(cal), ensure_ascii=False, indent=2, sort_keys=True))
        return
    for line in calendar_lines(cal, lang):
        click.echo(line)


@main.command()
@click.argument("service_id", metavar="SERVICE")
@click.option("--submitted", required=True, help="Submission time, YYYY-MM-DDTHH:MM (local time of Astana).")
@click.option("--classes-start", "classes_start", default=None, help="Start of classes, YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--lang", type=click.Choice(["kaz", "rus"]), default="kaz", show_default=True, help="Interface language.")
@source_option
def deadline(
    service_id: str, submitted: str, classes_start: str | None, as_json: bool, lang: Lang, source: Path
) -> None:
    """Date of receipt, stage-1 deadline and stage-2 end of an application to SERVICE (working days)."""
    from lexpub.services.deadlines import deadline_report, parse_submitted

    lines, data = deadline_report(load(source), source, service_id, parse_submitted(submitted), classes_start, lang)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return
    for line in lines:
        click.echo(line)


@main.command()
@click.argument("act")
@click.option("--from", "from_", default="latest", show_default=True, help="YYYY-MM-DD or latest.")
@click.option("--to", "to", default="latest", show_default=True, help="YYYY-MM-DD or latest.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "md", "html", "pdf", "json"]), default="text", show_default=True
)
@click.option(
    "--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (atomically)."
)
@source_option
def diff(act: str, from_: str, to: str, fmt: str, out: Path | None, source: Path) -> None:
    """Redline of ACT between two dates: units aligned by eId, word changes, who changed what, from when."""
    from lexpub.diff.redline import redline
    from lexpub.diff.render import render as render_redline
    from lexpub.diff.template import parse_when
    from lexpub.publish.atomic import emit as emit_bytes

    old_at, new_at = parse_when(from_, "--from"), parse_when(to, "--to")
    corpus = load(source)
    work_id = resolve(corpus, act)
    rl = redline(corpus, work_id, old_at, new_at, "kaz")
    emit_bytes(render_redline(corpus, rl, fmt), out)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
def verify(folder: Path) -> None:
    """Re-check a published FOLDER against its manifest.json: exit 2 if a file is missing, extra or changed."""
    from lexpub.errors import Issue, Loc
    from lexpub.publish.manifest import MANIFEST
    from lexpub.publish.manifest import verify as check_folder

    try:
        result = check_folder(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError.at(Loc(str(folder / MANIFEST)), "manifest", f"cannot read the manifest: {exc}") from None
    problems = [
        Issue(Loc(str(folder / rel)), "missing-file", "listed in the manifest but absent") for rel in result.missing
    ]
    problems += [Issue(Loc(str(folder / rel)), "extra-file", "present but not in the manifest") for rel in result.extra]
    problems += [
        Issue(Loc(str(folder / rel)), "changed-file", "SHA-256 differs from the manifest") for rel in result.changed
    ]
    if problems:
        raise InputError(problems)
    click.echo(f"ok: {folder} matches its manifest")


@main.command()
@click.argument("act")
@click.option(
    "--at", "at", default="latest", show_default=True, help="State of each effect as of YYYY-MM-DD or latest."
)
@click.option("--lang", type=click.Choice(["kaz", "rus"]), default="kaz", show_default=True, help="Interface language.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@source_option
def effects(act: str, at: str, lang: Lang, as_json: bool, source: Path) -> None:
    """Effects table of ACT: every change made to it, and every change it makes to other acts."""
    from lexpub.diff.effects import effects_json, effects_text

    corpus = load(source)
    work_id = resolve(corpus, act)
    if as_json:
        click.echo(json.dumps(effects_json(corpus, work_id, parse_at(at), lang), ensure_ascii=False, indent=2))
        return
    click.echo(effects_text(corpus, work_id, parse_at(at), lang), nl=False)


@main.command()
@click.argument("act")
@click.option("--lang", type=click.Choice(["kaz", "rus"]), default="kaz", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "docx"]), default="html", show_default=True)
@click.option(
    "--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (atomically)."
)
@source_option
def compare(act: str, lang: Lang, fmt: str, out: Path | None, source: Path) -> None:
    """Comparative table (салыстырма кесте) of the amending act ACT: one row per amended unit."""
    from lexpub.diff.comparative import comparative_table
    from lexpub.diff.comparative_render import compare_docx, compare_html, compare_pdf
    from lexpub.publish.atomic import emit as emit_bytes

    corpus = load(source)
    work_id = resolve(corpus, act)
    table = comparative_table(corpus, work_id, lang)
    if fmt == "docx":
        data = compare_docx(table, made=corpus.works[work_id].date)
    elif fmt == "pdf":
        data = compare_pdf(table)
    else:
        data = compare_html(table).encode()
    emit_bytes(data, out)


@main.command("issue")
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
@click.option("--lang", "lang", type=click.Choice(["kaz", "rus"]), default=None, help="One language (default: both).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True)
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
@source_option
def issue_cmd(
    kind: str,
    data: Path,
    out: Path,
    lang: str | None,
    fmt: str,
    issued: str | None,
    text_mode: str,
    issuer: str | None,
    sign: Path | None,
    sign_env: str | None,
    accept_late: str | None,
    preview: bool,
    source: Path,
) -> None:
    """Issue citizen documents of KIND from a data file. Bad records are reported (errors.csv, report, stderr)
    with their row and the good ones are still issued; exit status 2 if any record was bad or late."""
    from lexpub.publish.documents import Signing, issue

    langs: tuple[Lang, ...] = (lang,) if lang in ("kaz", "rus") else ("kaz", "rus")  # type: ignore[assignment]
    day = parse_at(issued) if issued and issued != "latest" else None
    if issued == "latest":
        raise InputError.at(
            None, "bad-argument", "--issued: give a date YYYY-MM-DD (the issue date is data, never today)"
        )
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
    )
    click.echo(f"{line} → {out}")
    if bad:
        raise InputError(bad)


@main.command("impact")
@click.argument("target", metavar="ACT-OR-EID")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--lang", type=click.Choice(["kaz", "rus"]), default="kaz", show_default=True, help="Interface language.")
@source_option
def impact_cmd(target: str, as_json: bool, lang: Lang, source: Path) -> None:
    """Every document template and service-passport field citing a unit that an amendment changes or repeals, and from when."""
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
                cited_by=r["cited_by"],
                eid=r["cited_eid"],
            )
        )
    click.echo(t(lang, "impact.count", n=len(rows)))
    for note in pending_notes(corpus, target):
        click.echo(t(lang, "impact.pending", note=note))


@main.command()
@click.argument("rev1")
@click.argument("rev2")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@source_option
def changes(rev1: str, rev2: str, as_json: bool, source: Path) -> None:
    """Which works, units (eIds) and dates changed in the sources between git revisions REV1 and REV2."""
    from lexpub.diff.git_changes import changes_json, changes_text, source_changes

    found = source_changes(source, rev1, rev2)
    if as_json:
        click.echo(json.dumps(changes_json(found), ensure_ascii=False, indent=2))
        return
    click.echo(changes_text(found), nl=False)


@main.command()
@click.argument("act")
@click.option("--at", "at", default=None, help="YYYY-MM-DD or latest (the default).")
@click.option(
    "--edition",
    "edition_label",
    default=None,
    metavar="LABEL",
    help="One edition by its label (see lexpub editions), e.g. one whose start date is unknown. Not with --at.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "pdf", "akn", "md", "json"]), default="html", show_default=True
)
@click.option(
    "--ui",
    "ui",
    type=click.Choice(["kaz", "rus"]),
    default="kaz",
    show_default=True,
    help="Interface language of html.",
)
@click.option("--pdf-variant", "variant", type=click.Choice(["pdf/a-3b"]), default=None, help="PDF/A-3b for archiving.")
@click.option(
    "--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (atomically)."
)
@source_option
def render(
    act: str,
    at: str | None,
    edition_label: str | None,
    fmt: str,
    ui: Lang,
    variant: str | None,
    out: Path | None,
    source: Path,
) -> None:
    """ACT's text at a date (or latest), or one edition, as HTML, print PDF, Akoma Ntoso XML, Markdown or JSON."""
    from lexpub.consolidate.apply import consolidate

    if at is not None and edition_label is not None:
        raise InputError.at(None, "bad-argument", "--at and --edition exclude each other: give one of them")
    corpus = load(source)
    work_id = resolve(corpus, act)
    ed = None
    if edition_label is not None:
        ed = find_edition(corpus, work_id, edition_label)
        expr = ed.expression
    else:
        expr = consolidate(corpus, work_id, parse_at(at or "latest"), "kaz")
    data: bytes
    if fmt == "html":
        from lexpub.render.html import render_html

        data = render_html(corpus, expr, ui=ui, edition=ed).encode()
    elif fmt == "pdf":
        from lexpub.render.html import render_pdf

        data = render_pdf(corpus, expr, variant=variant, edition=ed)
    else:
        from lexpub.render.formats import render_bytes

        data = render_bytes(corpus, expr, fmt, ed)  # akn, md, json exactly as the build writes them
    emit(data, out)


def find_edition(corpus: Corpus, work_id: str, label: str) -> Any:
    """The edition of ``work_id`` labelled ``label``, or a usage error naming the labels there are."""
    from lexpub.consolidate.editions import editions

    eds = editions(corpus, work_id)
    for ed in eds:
        if ed.label == label:
            return ed
    known = ", ".join(ed.label for ed in eds)
    raise InputError.at(None, "unknown-edition", f"--edition: {work_id} has no edition {label!r} (editions: {known})")


if __name__ == "__main__":  # pragma: no cover
    main()
