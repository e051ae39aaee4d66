"""``lexpub import``: an official text (Adilet plain text or HTML, a Word draft) → one source YAML.

Exit 0: every amending sentence became an operation; 3: the YAML was written but some sentences are
pending (each listed as ``FILE:LINE: …``); 2: the input could not be read, nothing written.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from lexpub.cli.options import source_option
from lexpub.errors import InputError, Loc, kv
from lexpub.model.values import Lang

PENDING_EXIT = 3


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["kaz", "rus"]), required=True, help="Language of FILE.")
@click.option(
    "--with-rus",
    "with_rus",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The act's Russian text: both languages go into one work (FILE then is the Kazakh text).",
)
@source_option
@click.option(
    "--out",
    "out",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the YAML file is written to (OUT/<issuer>-<year>-<number>.yaml).",
)
@click.option(
    "--draft",
    "draft",
    default=None,
    metavar="ID",
    help="FILE is a draft not signed yet (no number or date): write it as OUT/ID.yaml with status: draft.",
)
def import_command(file: Path, lang: Lang, with_rus: Path | None, source: Path, out: Path, draft: str | None) -> None:
    """Import an act's official text as a source YAML file; amendments resolved against --source."""
    from lexpub.consolidate.validate import load_valid
    from lexpub.ingest.importer import import_lines
    from lexpub.ingest.read import read_any
    from lexpub.sources.issuers import parse_issuers
    from lexpub.sources.yamlfile import load

    if not file.is_file():
        raise InputError.at(Loc(str(file)), "import-read", "no such file", "import-read.missing")
    if with_rus is not None and lang != "kaz":
        raise InputError.at(
            Loc(str(file)),
            "import-lang",
            "--with-rus pairs a Kazakh FILE (--lang kaz) with its Russian text",
            "import-lang",
        )
    lines = read_any(file, str(file), kazakh=lang == "kaz")
    rus = None
    if with_rus is not None:
        if not with_rus.is_file():
            raise InputError.at(Loc(str(with_rus)), "import-read", "no such file", "import-read.missing")
        rus = (read_any(with_rus, str(with_rus), kazakh=False), str(with_rus))
    corpus = load_valid(source)
    issuers, problems = parse_issuers(load(source / "issuers.yaml", str(source / "issuers.yaml")))
    if problems:
        raise InputError(problems)
    if draft is not None and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", draft):
        raise InputError.at(
            None,
            "bad-argument",
            f"--draft {draft!r}: an id is lower-case letters, digits and hyphens",
            "bad-argument.draft-id",
            kv(draft=draft),
        )
    result = import_lines(lines, str(file), lang, corpus, issuers, out, rus, draft)
    click.echo(f"{result.path}")
    for stub in result.stubs:
        click.echo(f"{stub}")
    for item in result.pending:
        click.echo(str(item), err=True)
    if result.pending:
        click.echo(f"{len(result.pending)} pending", err=True)
        raise SystemExit(PENDING_EXIT)
