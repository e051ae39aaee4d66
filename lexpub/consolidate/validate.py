"""The validated corpus: the per-file load of :mod:`lexpub.sources.corpus`, then the corpus-wide rules.

The rules dry-run every amendment (:mod:`lexpub.consolidate.rules`), so they sit in this stage,
above the sources; whoever needs a corpus it may publish from (the CLI, the tests' fixtures) loads
it here. Errors, their order and exit statuses are those of one load: the per-file issues first
(raised before any rule runs), then the corpus-wide ones.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lexpub.consolidate import rules
from lexpub.errors import Issue, ValidationError
from lexpub.model.core import Corpus
from lexpub.sources.cache import Verdicts, tree_key
from lexpub.sources.corpus import load_corpus_hashed, related_part


def load_valid(source: Path | str = "source") -> Corpus:
    """Read, parse and validate every work under ``source``; raise ValidationError listing every issue.

    A source tree whose exact bytes passed the corpus-wide rules before (same code: :class:`Verdicts`)
    is not replayed again; only "nothing found" is remembered, so an error is always recomputed."""
    corpus, issuers_raw, digests = load_corpus_hashed(source)
    tree = tree_key(issuers_raw, digests)
    verdicts = Verdicts()
    if verdicts.tree_clean(tree):
        return corpus
    issues = issues_by_part(corpus, lambda ids: part_key(issuers_raw, digests, ids), verdicts)
    if issues:
        raise ValidationError(issues)
    verdicts.add_tree(tree)
    verdicts.save()
    return corpus


def part_key(issuers_raw: bytes, digests: dict[str, str], ids: tuple[str, ...]) -> str | None:
    """The key of one connected part's files (None when a work is not its file's stem: never kept)."""
    if any(w not in digests for w in ids):
        return None
    return "part:" + tree_key(issuers_raw, {w: digests[w] for w in ids})


def issues_by_part(corpus: Corpus, key_of: Callable[[tuple[str, ...]], str | None], verdicts: Verdicts) -> list[Issue]:
    """The corpus-wide rules run only over the connected parts (:func:`rules.parts`) whose files
    changed since they last passed, so an edit of one act replays only what it is linked to. When a
    part finds anything, the rules run over the whole corpus, so the issues and their order are
    exactly those of a full run (whose replay waits for every other rule to pass everywhere)."""
    passed = []
    for ids, part in rules.split(corpus):
        key = key_of(ids)
        if key is not None and verdicts.part_clean(key):
            continue
        if rules.corpus_issues(part):
            return rules.corpus_issues(corpus)
        passed.append(key)
    for key in passed:
        if key is not None:
            verdicts.add_part(key)
    return []


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
