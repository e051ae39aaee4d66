"""The validated corpus: the per-file load of :mod:`lexpub.sources.corpus`, then the corpus-wide rules.

The rules dry-run every amendment (:mod:`lexpub.consolidate.rules`), so they sit in this stage,
above the sources; whoever needs a corpus it may publish from (the CLI, the tests' fixtures) loads
it here. Errors, their order and exit statuses are those of one load: the per-file issues first
(raised before any rule runs), then the corpus-wide ones.
"""

from __future__ import annotations

from pathlib import Path

from lexpub.consolidate import rules
from lexpub.errors import ValidationError
from lexpub.model.core import Corpus
from lexpub.sources.corpus import load_corpus, related_part


def load_valid(source: Path | str = "source") -> Corpus:
    """Read, parse and validate every work under ``source``; raise ValidationError listing every issue."""
    corpus = load_corpus(source)
    issues = rules.corpus_issues(corpus)
    if issues:
        raise ValidationError(issues)
    return corpus


def load_valid_related(source: Path | str, act: str) -> Corpus:
    """The works one query about ``act`` needs (:func:`lexpub.sources.corpus.related_part`),
    validated like :func:`load_valid` (the same values, so the same outputs). Anything unusual falls
    back to the full validated load, which reports it exactly as before."""
    part = related_part(source, act)
    if part is None or not valid_part(part, Path(source)):
        return load_valid(source)
    return part


def valid_part(corpus: Corpus, base: Path) -> bool:
    """The corpus-wide rules hold for a related part: every work in it has all its amending works
    with it, so only operations of amending works on works outside the part (which exist as files)
    are set aside; the replay then runs as in the full load."""
    outside = {
        repr(a.op.target_work)
        for a in corpus.amendments
        if a.op.target_work not in corpus.works and (base / "acts" / f"{a.op.target_work}.yaml").is_file()
    }
    issues = rules.corpus_issues(corpus)
    kept = [i for i in issues if not (i.rule == "unknown-target-work" and i.message.split(" ")[0] in outside)]
    if kept:
        return False
    return not issues or not rules.replay(corpus)
