"""Verbs over the whole corpus and its publication: check, build, verify.

Each verb imports its stage when it runs, so that ``lexpub --help`` and the other verbs start fast."""

from __future__ import annotations

import sys
import time
from contextlib import nullcontext
from pathlib import Path

import click

from lexpub.cli.loading import check_key, load, remember_check, replay_check, settle
from lexpub.cli.options import source_option
from lexpub.errors import InputError, Issue, Loc, kv


@click.command("check")
@source_option
def check_command(source: Path) -> None:
    """Validate the whole corpus; exit 2 and list every problem as file:line:column."""
    key = check_key(source)
    if replay_check(key):  # the same content passed before: print what it printed (issue 16)
        return
    # deferred: the site configuration and service checks load only when this verb runs
    from lexpub.publish.site.pages import site_config
    from lexpub.services.documents.eligibility import load_rule
    from lexpub.services.documents.providers import load_providers
    from lexpub.services.standard import check_services

    lines: list[tuple[bool, str]] = []
    problems: list[Issue] = []
    try:
        corpus = load(source)
    except InputError as exc:  # the acts' problems, reported with every other file's below
        problems += exc.issues
        corpus = None
    for check_file in (site_config, load_providers, load_rule):  # site.yaml, providers.yaml, eligibility.yaml
        try:
            check_file(source)
        except InputError as exc:
            problems += exc.issues
    if corpus is not None:  # the service tables cite the acts: checked once the acts load
        try:
            problems += check_services(corpus, source)
        except InputError as exc:  # a service file that does not even parse
            problems += exc.issues
    if problems or corpus is None:
        raise InputError(problems)
    from lexpub.consolidate.drafts import missing_for_signature

    for work in (w for _, w in sorted(corpus.works.items()) if w.status == "draft"):
        missing = ", ".join(missing_for_signature(work)) or "nothing"
        note = f"{work.file}: note[draft]: {work.id} is a draft; before signature it still needs: {missing}"
        lines.append((True, note))
        click.echo(note, err=True)
    amendments = len(corpus.amendments)
    drafts = len({a.source_work for a in corpus.drafts})
    summary = f"ok: {len(corpus.works)} works, {amendments} amendments" + (f", drafts: {drafts}" if drafts else "")
    lines.append((False, summary))
    click.echo(summary)
    remember_check(source, key, lines)


@click.command("build")
@click.option("--out", "out", default="build", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--jobs", "-j", "jobs", default=None, type=click.IntRange(min=1), help="Parallel processes (default: the cores)."
)
@click.option("--no-cache", is_flag=True, help="Rebuild every step, ignoring the previous build's cache.")
@click.option(
    "--executor",
    "executor_name",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where steps run: this machine's processes, or a Dask cluster.",
)
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT", help="Dask scheduler (default: a local cluster).")
@source_option
def build_command(
    out: Path, jobs: int | None, no_cache: bool, executor_name: str, scheduler: str | None, source: Path
) -> None:
    """Build every output from the corpus into OUT (written atomically: all or nothing).

    Steps whose inputs (sources, templates, code) are unchanged since the previous build into OUT
    are reused from its cache; OUT/manifest.json lists every file with its SHA-256."""
    if scheduler is not None and executor_name != "dask":
        raise InputError.at(None, "bad-argument", "--scheduler needs --executor dask", "bad-argument.scheduler")
    from lexpub.publish import uptodate

    started = time.monotonic()
    key = uptodate.build_key(source, out)
    before = None if no_cache else uptodate.said_before(out, key)
    if before is not None:  # the published folder is this content's build, untouched: read, hash, exit
        files, steps, lines = before
        for err, line in lines:
            click.echo(line, err=err)
        click.echo(f"built {files} files into {out} (0 of {steps} steps run, {steps} reused; nothing changed)")
        return
    from lexpub.consolidate.drafts import signed_only
    from lexpub.publish.build import build  # deferred: every renderer loads only when this verb runs
    from lexpub.publish.executors import DaskExecutor, ShowProgress
    from lexpub.publish.pool import executor
    from lexpub.publish.producers import PRODUCERS, producer

    dask = DaskExecutor(scheduler, jobs) if executor_name == "dask" else None
    run = dask if dask is not None else ShowProgress(executor(jobs))
    with dask.session(producer, PRODUCERS) if dask is not None else nullcontext():  # its workers start meanwhile
        corpus, drafts = signed_only(load(source))
        lines = [(True, f"skipped {draft}: a draft is not signed and is never published") for draft in drafts]
        for err, line in lines:
            click.echo(line, err=err)
        settle()
        report = build(corpus, out, source, jobs=jobs, run=run, use_cache=not no_cache)
    click.echo(
        f"built {report.files} files into {out} "
        f"({len(report.rebuilt)} of {report.steps} steps run, {report.reused} reused)"
    )
    if key is not None and uptodate.build_key(source, out) == key:  # the sources did not change meanwhile
        uptodate.remember(out, key, report.files, report.steps, lines)
    if sys.stderr.isatty():  # the time only for a person watching, never in an output or a log
        click.echo(f"took {time.monotonic() - started:.1f} s", err=True)


@click.command("verify")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
def verify_command(folder: Path) -> None:
    """Re-check a published FOLDER against its manifest.json: exit 2 if a file is missing, extra or changed."""
    from lexpub.publish.manifest import MANIFEST, verify  # deferred: start-up time

    try:
        result = verify(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError.at(
            Loc(str(folder / MANIFEST)), "manifest", f"cannot read the manifest: {exc}", "manifest.read", kv(why=exc)
        ) from None
    problems = [
        Issue(Loc(str(folder / rel)), "missing-file", "listed in the manifest but absent", "missing-file.manifest")
        for rel in result.missing
    ]
    problems += [
        Issue(Loc(str(folder / rel)), "extra-file", "present but not in the manifest", "extra-file")
        for rel in result.extra
    ]
    problems += [
        Issue(Loc(str(folder / rel)), "changed-file", "SHA-256 differs from the manifest", "changed-file")
        for rel in result.changed
    ]
    if problems:
        raise InputError(problems)
    click.echo(f"ok: {folder} matches its manifest")
