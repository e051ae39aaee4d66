"""Loading the corpus for a verb and resolving what the user named in it (acts, editions, languages)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

import click

from lexpub.errors import InputError, kv
from lexpub.model.core import Corpus
from lexpub.model.values import Lang

if TYPE_CHECKING:
    from lexpub.model.core import Edition


def load(source: Path, act: str | None = None) -> Corpus:
    """The validated corpus of ``source`` (bad input raises an InputError naming file:line:column);
    with ``act``, only the works a query about it needs (the same outputs, without parsing the world)."""
    from lexpub.consolidate.validate import (  # deferred: parsing loads only when a verb runs
        load_valid,
        load_valid_related,
    )

    return load_valid(source) if act is None else load_valid_related(source, act)


def check_key(source: Path) -> str | None:
    """The key under which a clean ``check`` of ``source`` is remembered (:mod:`lexpub.sources.checked`)."""
    from lexpub.sources.checked import source_key  # deferred: hashing loads only when check runs

    ctx, options = click.get_current_context(silent=True), []
    while ctx is not None:  # every option of the command line (a group-wide language, say) is part of it
        options.append(f"{ctx.info_name}:{sorted((k, repr(v)) for k, v in ctx.params.items())}")
        ctx = ctx.parent
    return source_key(source, "\n".join(options))


def replay_check(key: str | None) -> bool:
    """Print again what a clean ``check`` of exactly this content printed; False when there is none."""
    from lexpub.sources.checked import said_before

    lines = said_before(key)
    if lines is None:
        return False
    for err, line in lines:
        click.echo(line, err=err)
    return True


def remember_check(source: Path, key: str | None, lines: list[tuple[bool, str]]) -> None:
    """Remember a clean ``check``'s lines, unless the folder changed while it ran."""
    from lexpub.sources.checked import remember

    if key is not None and check_key(source) == key:
        remember(key, lines)


def settle() -> None:
    """Put what is loaded (the corpus) out of the garbage collector's sight for the rest of the command.

    The corpus lives as long as the command; a full collection walks all of it (~0.5 s for 1,000
    works), which otherwise lands in the middle of a rebuild that costs ~50 ms, and forked build
    workers would copy its pages by touching their collector headers."""
    gc.collect()
    gc.freeze()


def resolve(corpus: Corpus, act: str) -> str:
    """The work id of ``act`` (short id or FRBR work URI), or a usage error listing the acts there are."""
    try:
        return corpus.work(act).id
    except KeyError:
        known = ", ".join(sorted(corpus.works))
        raise InputError.at(
            None,
            "unknown-act",
            f"no act {act!r} in the corpus (known: {known})",
            "unknown-act",
            kv(act=act, known=known),
        ) from None


def require_language(corpus: Corpus, work_id: str, lang: Lang) -> None:
    """A usage error when the corpus holds no ``lang`` text of the work (never a text in another language)."""
    work = corpus.works[work_id]
    if lang not in work.languages:
        raise InputError.at(
            None,
            "language-not-held",
            f"{work_id} is held only in {', '.join(work.languages)}; no {lang} text exists in the corpus",
            "language-not-held",
            kv(work=work_id, langs=", ".join(work.languages), lang=lang),
        )


def find_edition(corpus: Corpus, work_id: str, label: str, lang: Lang = "kaz") -> Edition:
    """The edition of ``work_id`` in ``lang`` labelled ``label``, or a usage error naming the labels there are."""
    from lexpub.consolidate.editions import editions  # deferred: start-up time of the other verbs

    eds = editions(corpus, work_id, lang)
    for ed in eds:
        if ed.label == label:
            return ed
    known = ", ".join(ed.label for ed in eds)
    raise InputError.at(
        None,
        "unknown-edition",
        f"--edition: {work_id} has no edition {label!r} (editions: {known})",
        "unknown-edition",
        kv(work=work_id, label=label, known=known),
    )
