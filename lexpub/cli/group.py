"""The ``lexpub`` group: the only place where errors become messages and exit statuses —
2 for bad input (sources, data, arguments), 1 for an internal failure. Problems are printed sorted by
file and line, each repeated one once with its other lines, in English or (``--messages kaz|rus``)
in the catalogue language where the catalogue has the sentence."""

from __future__ import annotations

import os
from typing import Any

import click

from lexpub.errors import INTERNAL, Collapsed, LexpubError, Params, collapse, io_error, operation_of
from lexpub.model.values import Lang


class LexpubGroup(click.Group):
    """Runs a command and maps lexpub errors to messages and exit statuses."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except LexpubError as exc:
            report(ctx, exc)
        except OSError as exc:  # the environment (read-only, no space, permission, missing program)
            report(ctx, io_error(exc, operation_of(exc)))
        except Exception as exc:  # a real bug: one line, no traceback, exit 1
            if os.environ.get("LEXPUB_DEBUG"):
                raise
            click.echo(f"error[internal]: {type(exc).__name__}: {str(exc)[:300]}", err=True)
            click.echo(INTERNAL, err=True)
            ctx.exit(1)


def report(ctx: click.Context, exc: LexpubError) -> None:
    """Print the issues of ``exc`` on standard error, sorted by file and line, a repeated one once (in the
    ``--messages`` language where the catalogue has it), and exit with its status."""
    lang = ctx.params.get("messages")
    groups = collapse(exc.issues)
    for group in groups:
        click.echo(issue_line(group, lang if lang in ("kaz", "rus") else None), err=True)
    count = len(groups)
    if count > 1:
        click.echo(problems_line(count, lang if lang in ("kaz", "rus") else None), err=True)
    ctx.exit(exc.exit_status)


def problems_line(count: int, lang: Lang | None) -> str:
    """The count under a list of problems, in the ``--messages`` language."""
    from lexpub.wording.i18n import has, t

    if lang is not None and has(lang, "error.count"):
        return t(lang, "error.count", count=count)
    return f"{count} problems"


def issue_line(group: Collapsed, lang: Lang | None) -> str:
    """``file:line:column: error[rule]: message`` (+ the other lines of a repeated problem)."""
    from lexpub.wording.i18n import has, t  # deferred: catalogues load only for a translated message

    issue = group.issue
    message = issue.message
    if lang is not None and issue.key and has(lang, f"error.{issue.key}"):
        message = t(lang, f"error.{issue.key}", **words(lang, issue.params))
    where = f"{issue.loc}: " if issue.loc else ""
    line = f"{where}error[{issue.rule}]: {message}"
    if group.also:
        shown = ", ".join(str(n) for n in group.also[:12]) + (", …" if len(group.also) > 12 else "")
        if lang is not None and has(lang, "error.also"):
            return line + t(lang, "error.also", lines=shown, count=len(group.also) + 1)
        return line + f" (the same at lines {shown}: {len(group.also) + 1} places)"
    return line


def words(lang: Lang, params: Params) -> dict[str, str]:
    """The values of a sentence; a ``*_w`` value is a catalogue word (``error.w.<value>``), translated."""
    from lexpub.wording.i18n import has, t

    return {
        name: t(lang, f"error.w.{value}") if name.endswith("_w") and has(lang, f"error.w.{value}") else value
        for name, value in params
    }


@click.group(cls=LexpubGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lexpub")
@click.option(
    "--messages",
    "messages",
    type=click.Choice(["en", "kaz", "rus"]),
    default="en",
    show_default=True,
    help="Language of error messages (kaz, rus: the catalogue's sentence where it has one).",
)
def main(messages: str) -> None:
    """lexpub: consolidated editions, service tables, citizen documents, diffs and publication
    of the Ministry of Defence orders, from the YAML corpus in source/."""
