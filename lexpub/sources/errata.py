"""Errata between a seed (an extracted text) and the official text: reading them, applying them.

Input: ``source/errata/<work>.yaml`` and the seed it names. Output: the errata as values, and the
seed with every erratum applied. The comparison with the rendered latest text needs consolidation
and a renderer, stages above this one: it is :mod:`lexpub.diff.fidelity`. Words are
whitespace-separated tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lexpub.errors import Issue, Loc, ValidationError, kv
from lexpub.sources import schema as shape
from lexpub.sources.paths import source_file
from lexpub.sources.yamlfile import load


@dataclass(frozen=True, slots=True)
class Erratum:
    where: str
    kinds: tuple[str, ...]
    seed: tuple[str, ...]
    official: tuple[str, ...]
    why: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Errata:
    work: str
    seed_path: Path
    entries: tuple[Erratum, ...]
    file: str


def load_errata(path: Path, source: Path) -> Errata:
    doc = load(path, str(path))
    problems = shape.check(doc, "errata")
    if problems:
        raise ValidationError(problems)
    data = doc.data
    entries = tuple(
        Erratum(
            where=e["where"],
            kinds=tuple(e["kind"]),
            seed=tuple(e["seed"].split()),
            official=tuple(e["official"].split()),
            why=e["why"],
            loc=doc.loc(("entries", i)),
        )
        for i, e in enumerate(data["entries"])
    )
    kept = [
        Issue(
            e.loc,
            "official-typo",
            "a typo of the official text is kept as published: 'official' must equal 'seed'",
            "official-typo",
        )
        for e in entries
        if "official-typo" in e.kinds and e.official != e.seed
    ]
    if kept:
        raise ValidationError(kept)
    seed = Path(data["seed"])
    if seed.is_absolute() or ".." in seed.parts:
        raise ValidationError(
            Issue(
                doc.loc(("seed",)),
                "outside-source",
                f"seed {data['seed']!r}: a path relative to the source folder",
                "outside-source.seed",
                kv(seed=data["seed"]),
            )
        )
    return Errata(data["work"], source_file(source / seed, source, f"{doc.file}: seed {seed}"), entries, doc.file)


def find_all(haystack: list[str], needle: tuple[str, ...]) -> list[int]:
    n = len(needle)
    first = needle[0]
    return [i for i, w in enumerate(haystack) if w == first and tuple(haystack[i : i + n]) == needle]


def apply_errata(seed_words: list[str], errata: Errata) -> list[str]:
    """The seed with every erratum's seed reading replaced by the official one; each must occur once."""
    issues = []
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    for e in errata.entries:
        hits = find_all(seed_words, e.seed)
        if len(hits) != 1:
            issues.append(
                Issue(
                    e.loc,
                    "erratum-seed",
                    f"seed reading occurs {len(hits)} times in the seed, not once",
                    "erratum-seed",
                    kv(count=len(hits)),
                )
            )
            continue
        spans.append((hits[0], hits[0] + len(e.seed), e.official))
    spans.sort()
    for (_, a1, _), (b0, _, _) in zip(spans, spans[1:], strict=False):
        if b0 < a1:
            issues.append(
                Issue(
                    Loc(errata.file),
                    "erratum-overlap",
                    f"two errata overlap at seed word {b0}",
                    "erratum-overlap",
                    kv(word=b0),
                )
            )
    if issues:
        raise ValidationError(issues)
    out: list[str] = []
    pos = 0
    for start, end, official in spans:
        out += seed_words[pos:start]
        out += official
        pos = end
    return out + seed_words[pos:]
