"""Corpus-wide rules that need more than one file: targets, collisions, cycles, numbering.

Per-file rules (schema, dates, eIds, scripts) live in :mod:`lexpub.parse`. Every function here
returns issues; none raises, so ``lexpub check`` reports all problems at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from lexpub.consolidate.apply import ApplyError, apply, classify
from lexpub.consolidate.hints import target_missing
from lexpub.errors import Issue, kv
from lexpub.model import eids
from lexpub.model.core import Amendment, Corpus, Unit, Work


def corpus_issues(corpus: Corpus) -> list[Issue]:
    issues = targets_exist(corpus)
    issues += collisions(corpus)
    issues += cycles(corpus)
    for work in corpus.works.values():
        if work.held == "complete":
            issues += numbering(work.root)
        else:
            issues += numbering(work.root, tables_only=True)
    if not issues:
        issues += replay(corpus)
    return issues


def parts(corpus: Corpus) -> list[tuple[str, ...]]:
    """The connected parts of the corpus: works linked by an operation (signed or draft) of one on the
    other, either way, transitively. Every rule above looks only at an operation's own work and its
    target, so it finds on a part exactly what it finds on the part within the whole corpus; an
    operation on a work that is not in the corpus stays with its own work. Sorted by their first id."""
    lead = {w: w for w in corpus.works}

    def find(w: str) -> str:
        while lead[w] != w:
            lead[w] = lead[lead[w]]
            w = lead[w]
        return w

    for a in (*corpus.amendments, *corpus.drafts):
        if a.op.target_work in lead and a.source_work in lead:
            one, other = sorted((find(a.source_work), find(a.op.target_work)))
            lead[other] = one
    groups: dict[str, list[str]] = defaultdict(list)
    for w in corpus.works:
        groups[find(w)].append(w)
    return sorted(tuple(sorted(g)) for g in groups.values())


def split(corpus: Corpus) -> list[tuple[tuple[str, ...], Corpus]]:
    """Each part (:func:`parts`) with its sub-corpus: its works and their operations, in the
    corpus's order (one pass over the corpus, whatever the number of parts)."""
    ids = parts(corpus)
    where = {w: n for n, part in enumerate(ids) for w in part}
    works: list[dict[str, Work]] = [{} for _ in ids]
    signed: list[list[Amendment]] = [[] for _ in ids]
    drafts: list[list[Amendment]] = [[] for _ in ids]
    for k, w in corpus.works.items():
        works[where[k]][k] = w
    for a in corpus.amendments:
        signed[where[a.source_work]].append(a)
    for a in corpus.drafts:
        drafts[where[a.source_work]].append(a)
    return [
        (
            part,
            Corpus(works=works[n], amendments=tuple(signed[n]), source_dir=corpus.source_dir, drafts=tuple(drafts[n])),
        )
        for n, part in enumerate(ids)
    ]


def targets_exist(corpus: Corpus) -> list[Issue]:
    issues = []
    for a in (*corpus.amendments, *corpus.drafts):
        op = a.op
        target = corpus.works.get(op.target_work)
        if target is None:
            issues.append(
                Issue(
                    op.loc,
                    "unknown-target-work",
                    f"{op.target_work!r} is not a work of this corpus",
                    "unknown-target-work",
                    kv(work=op.target_work),
                )
            )
            continue
        if target.status == "draft":
            issues.append(
                Issue(
                    op.loc,
                    "target-draft",
                    f"{target.id} is a draft (not signed): no act can amend it",
                    "target-draft",
                    kv(work=target.id),
                )
            )
            continue
        if op.content_from and corpus.works[a.source_work].find(op.content_from) is None:
            issues.append(
                Issue(
                    op.loc,
                    "content-from",
                    f"content_from {op.content_from!r} is not a unit of {a.source_work}",
                    "content-from",
                    kv(unit=op.content_from, work=a.source_work),
                )
            )
        hi = a.commencement.hi or a.commencement.lo
        if hi is not None and hi < target.date:
            issues.append(
                Issue(
                    op.loc,
                    "target-not-yet-existing",
                    f"{a.source_work} commences before {target.id} was signed ({target.date})",
                    "target-not-yet-existing",
                    kv(source=a.source_work, target=target.id, signed=target.date),
                )
            )
        if target.id == a.source_work and op.target_eid == a.provision:
            issues.append(
                Issue(op.loc, "circular-amendment", "a provision cannot amend itself", "circular-amendment.self")
            )
    return issues


def collisions(corpus: Corpus) -> list[Issue]:
    """Two acts changing one unit with the same commencement leave the order undefined."""
    groups: dict[tuple[str, str, object, object], list[Amendment]] = defaultdict(list)
    for a in corpus.amendments:
        key = (a.op.target_work, a.op.target_eid, a.commencement.lo, a.commencement.hi)
        groups[key].append(a)
    issues = []
    for (work, eid, _, _), group in sorted(groups.items(), key=lambda kv: str(kv[0])):
        sources = sorted({a.source_work for a in group})
        if len(sources) > 1:
            later = group[-1]
            issues.append(
                Issue(
                    later.op.loc,
                    "amendment-collision",
                    f"{', '.join(sources)} all change {work}#{eid} from the same date; their order is undefined",
                    "amendment-collision",
                    kv(sources=", ".join(sources), target=f"{work}#{eid}"),
                )
            )
    return issues


def cycles(corpus: Corpus) -> list[Issue]:
    """An amendment that changes the provision carrying another, around a loop, has no meaning."""
    edges: dict[str, list[str]] = defaultdict(list)
    for r in corpus.amendments:
        for a in corpus.amendments:
            if (
                a.provision
                and r.op.target_work == a.source_work
                and (a.provision == r.op.target_eid or a.provision.startswith(r.op.target_eid + "__"))
            ):
                edges[r.id].append(a.id)
    by_id = {a.id: a for a in corpus.amendments}
    issues: list[Issue] = []
    done: set[str] = set()
    stack: list[str] = []

    def visit(node: str) -> None:
        if node in stack:
            loop = stack[stack.index(node) :] + [node]
            issues.append(
                Issue(
                    by_id[node].op.loc,
                    "circular-amendment",
                    "amendments change each other's provisions: " + " → ".join(loop),
                    "circular-amendment",
                    kv(loop=" → ".join(loop)),
                )
            )
            return
        if node in done:
            return
        stack.append(node)
        for nxt in edges.get(node, []):
            visit(nxt)
        stack.pop()
        done.add(node)

    for node in sorted(by_id):
        visit(node)
    return issues


def numbering(root: Unit, *, tables_only: bool = False) -> list[Issue]:
    """Numbers of siblings of one kind run 1, 2, 3 …; inserted numbers n-1, n-2 … follow n."""
    issues = []
    for parent in root.walk():
        if (tables_only and not parent.table) or parent.kind in eids.TRANSPARENT:
            continue
        by_kind: dict[str, list[Unit]] = defaultdict(list)
        for child in siblings(parent):
            if child.num is not None and child.kind != "appendix" and not eids.letter_is_valid(child.num):
                by_kind[child.kind].append(child)
        for kind, kids in by_kind.items():
            issues += numbers_in_order(kind, kids)
    return issues


def numbers_in_order(kind: str, kids: list[Unit]) -> list[Issue]:
    """One kind of siblings: each number once, 1, 2, 3 … with no gap, an inserted n-1 right after n."""
    issues = []
    expected_base = 1
    seen: set[str] = set()
    for kid in kids:
        num = kid.num or ""
        head, _, tail = num.partition("-")
        if num in seen:
            msg = f"{kind} number {num!r} appears twice under one parent"
            issues.append(Issue(kid.loc, "numbering", msg, "numbering.twice", kv(kind=kind, num=num)))
        elif not tail:
            if int(head) != expected_base:
                msg = f"{kind} {num} follows {expected_base - 1}: expected {expected_base}"
                previous = expected_base - 1
                issues.append(
                    Issue(
                        kid.loc,
                        "numbering",
                        msg,
                        "numbering.gap",
                        kv(kind=kind, num=num, previous=previous, expected=expected_base),
                    )
                )
            expected_base = int(head) + 1
        elif int(head) != expected_base - 1:
            msg = f"inserted {kind} {num} must follow {head}"
            issues.append(Issue(kid.loc, "numbering", msg, "numbering.inserted", kv(kind=kind, num=num, head=head)))
        seen.add(num)
    return issues


def siblings(parent: Unit) -> Iterator[Unit]:
    """The children of ``parent`` and, through chapters and sections (which do not restart numbering:
    :data:`lexpub.model.eids.TRANSPARENT`), theirs. Lettered sub-items («а)», «б)») are not counted here."""
    for child in parent.children:
        yield child
        if child.kind in eids.TRANSPARENT:
            yield from siblings(child)


def replay(corpus: Corpus) -> list[Issue]:
    """Apply every amendment to every work in order: each target must exist and be alive then."""
    issues: list[Issue] = []
    for work in corpus.works.values():
        root = work.root
        for a in corpus.affecting(work.id):
            if classify(corpus, a, None).state == "discarded":
                continue
            try:
                root = apply(corpus, root, a)
            except ApplyError as exc:
                issues += said_with_fix(corpus, a, root, exc)
        issues += replay_drafts(corpus, work, root)
    return issues


def replay_drafts(corpus: Corpus, work: Work, latest: Unit) -> list[Issue]:
    """Each draft's changes of ``work``, applied to its latest text: what a draft would change must exist."""
    issues: list[Issue] = []
    by_draft: dict[str, list[Amendment]] = defaultdict(list)
    for a in corpus.drafts:
        if a.op.target_work == work.id:
            by_draft[a.source_work].append(a)
    for found in by_draft.values():
        root = latest
        for a in sorted(found, key=lambda a: a.seq):
            try:
                root = apply(corpus, root, a)
            except ApplyError as exc:
                issues += said_with_fix(corpus, a, root, exc)
    return issues


def said_with_fix(corpus: Corpus, a: Amendment, root: Unit, exc: ApplyError) -> list[Issue]:
    """A missing target said with the date it had to exist on and its likely fix (:mod:`.hints`)."""
    return [target_missing(corpus, a, root, i) if i.rule == "target-missing" else i for i in exc.issues]


def works_sorted(corpus: Corpus) -> list[Work]:
    return [corpus.works[k] for k in sorted(corpus.works)]
