"""What changed in ``source/`` between two git revisions: ``(repo, REV1, REV2) → SourceChanges``.

Both revisions are exported file by file with ``git show REV:path`` into temporary folders and
loaded with :func:`lexpub.consolidate.validate.load_valid`; the two models are compared: works added or
removed, identity fields changed, units (eIds) added, removed or reworded, amendments added,
removed or changed, dates (entry into force, commencements) changed, and which works' published
latest text changes. Git runs with argument lists (no shell); revisions are checked with
``git rev-parse --verify`` and may not look like options.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lexpub.consolidate.apply import consolidate
from lexpub.consolidate.validate import load_valid
from lexpub.errors import InputError, LexpubError, kv
from lexpub.model import commence
from lexpub.model.core import Amendment, Corpus, Op, Unit, Work
from lexpub.render.common import date_range
from lexpub.render.text import render_text


@dataclass(frozen=True)
class WorkChanges:
    work: str
    fields: tuple[str, ...] = ()
    """Identity/metadata fields whose value changed (title, date, publication …)."""
    units_added: tuple[str, ...] = ()
    units_removed: tuple[str, ...] = ()
    units_changed: tuple[str, ...] = ()
    in_force: tuple[dict[str, Any], dict[str, Any]] | None = None
    """(before, after) of the work's own entry into force, when it changed."""
    amendments_added: tuple[str, ...] = ()
    amendments_removed: tuple[str, ...] = ()
    amendments_changed: tuple[str, ...] = ()
    commencements: tuple[tuple[str, dict[str, Any], dict[str, Any]], ...] = ()
    """(amendment, before, after) where the commencement of one of its amendments changed."""
    text_changed: bool = False
    """Its published latest consolidated text differs."""

    def empty(self) -> bool:
        return not any(
            (
                self.fields,
                self.units_added,
                self.units_removed,
                self.units_changed,
                self.in_force,
                self.amendments_added,
                self.amendments_removed,
                self.amendments_changed,
                self.commencements,
                self.text_changed,
            )
        )


@dataclass(frozen=True)
class SourceChanges:
    rev1: str
    rev2: str
    commit1: str
    commit2: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    works: tuple[WorkChanges, ...] = field(default=())
    other_files: tuple[tuple[str, str], ...] = ()
    """(git status letter, path under source/) of changed files that are not act files: errata,
    services, calendars, seeds, site settings — not compared unit by unit, but never hidden."""


def git(repo: Path, *args: str) -> str:
    """Run git with an argument list in ``repo``; InputError with git's message on failure."""
    res = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise InputError.at(
            None,
            "git",
            f"git {args[0]}: {res.stderr.strip() or 'failed'}",
            "git",
            kv(command=args[0], why=res.stderr.strip() or "failed"),
        )
    return res.stdout


def verify_rev(repo: Path, rev: str) -> str:
    """The full commit id of ``rev``; InputError if it is not a commit of this repository."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n"):
        raise InputError.at(None, "bad-revision", f"not a revision: {rev!r}", "bad-revision", kv(rev=rev))
    res = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    if res.returncode != 0:
        raise InputError.at(
            None, "bad-revision", f"no commit {rev!r} in {repo}", "bad-revision.none", kv(rev=rev, repo=repo)
        )
    return res.stdout.strip()


def export(repo: Path, commit: str, prefix: str, dest: Path) -> None:
    """Write every file under ``prefix`` at ``commit`` into ``dest`` (``git show`` per file)."""
    names = git(repo, "ls-tree", "-r", "-z", "--name-only", commit, "--", prefix or ".").split("\0")
    for name in (n for n in names if n):
        rel = name[len(prefix) :] if prefix else name
        target = dest / rel
        if ".." in Path(rel).parts:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        data = subprocess.run(["git", "show", f"{commit}:{name}"], cwd=repo, capture_output=True, check=True).stdout
        target.write_bytes(data)


def load_at(repo: Path, commit: str, prefix: str, rev: str, tmp: Path) -> Corpus:
    dest = tmp / commit / "source"
    dest.mkdir(parents=True)
    export(repo, commit, prefix, dest)
    try:
        return load_valid(dest)
    except LexpubError as exc:
        first = exc.issues[0] if exc.issues else None
        raise InputError.at(
            None,
            "source-at-revision",
            f"source/ at {rev} does not load: {first}",
            "source-at-revision",
            kv(rev=rev, first=first),
        ) from None


# --------------------------------------------------------------------------- comparing models
def canon_op(op: Op | None) -> Any:
    if op is None:
        return None
    return dataclasses.replace(op, loc=None, content=canon_unit(op.content) if op.content else None)


def canon_unit(unit: Unit) -> Any:
    """The unit's own facts, without source positions; children are compared by eId separately."""
    return (
        unit.kind,
        unit.num,
        unit.heading,
        unit.header,
        unit.text,
        canon_op(unit.amend),
        unit.table,
        unit.held,
        unit.status,
        tuple(c.eid for c in unit.children),
    )


def units(work: Work) -> dict[str, Unit]:
    return {u.eid: u for u in work.root.walk() if u.eid}


WORK_FIELDS = (
    "doctype",
    "issuer",
    "number",
    "date",
    "languages",
    "title",
    "held",
    "signature",
    "registration",
    "adilet",
    "publication",
    "entry_into_force",
    "preamble",
    "approvals",
    "pending",
)


def amendment_key(a: Amendment) -> str:
    return f"{a.source_work}:{a.op.kind}:{a.op.target_work}#{a.op.target_eid}"


def compare_work(c1: Corpus, c2: Corpus, work_id: str) -> WorkChanges:
    w1, w2 = c1.works[work_id], c2.works[work_id]
    fields = tuple(f for f in WORK_FIELDS if getattr(w1, f) != getattr(w2, f))
    u1, u2 = units(w1), units(w2)
    changed = tuple(e for e in u1 if e in u2 and canon_unit(u1[e]) != canon_unit(u2[e]))
    f1, f2 = commence.in_force(w1), commence.in_force(w2)
    a1 = {amendment_key(a): a for a in c1.amendments if a.source_work == work_id}
    a2 = {amendment_key(a): a for a in c2.amendments if a.source_work == work_id}
    amend_changed = tuple(
        k for k in a1 if k in a2 and (canon_op(a1[k].op), a1[k].provision) != (canon_op(a2[k].op), a2[k].provision)
    )
    dates = tuple(
        (k, date_range(a1[k].commencement), date_range(a2[k].commencement))
        for k in a1
        if k in a2 and a1[k].commencement != a2[k].commencement
    )
    text1 = render_text(c1, consolidate(c1, work_id, None, "kaz"))
    text2 = render_text(c2, consolidate(c2, work_id, None, "kaz"))
    return WorkChanges(
        work=work_id,
        fields=fields,
        units_added=tuple(e for e in u2 if e not in u1),
        units_removed=tuple(e for e in u1 if e not in u2),
        units_changed=changed,
        in_force=(date_range(f1), date_range(f2)) if f1 != f2 else None,
        amendments_added=tuple(k for k in a2 if k not in a1),
        amendments_removed=tuple(k for k in a1 if k not in a2),
        amendments_changed=amend_changed,
        commencements=dates,
        text_changed=text1 != text2,
    )


def compare_corpora(c1: Corpus, c2: Corpus, rev1: str, rev2: str, commit1: str, commit2: str) -> SourceChanges:
    common = sorted(set(c1.works) & set(c2.works))
    works = tuple(w for w in (compare_work(c1, c2, wid) for wid in common) if not w.empty())
    return SourceChanges(
        rev1=rev1,
        rev2=rev2,
        commit1=commit1,
        commit2=commit2,
        added=tuple(sorted(set(c2.works) - set(c1.works))),
        removed=tuple(sorted(set(c1.works) - set(c2.works))),
        works=works,
    )


def source_changes(source: Path, rev1: str, rev2: str) -> SourceChanges:
    """Compare the corpus in ``source`` (a folder inside a git work tree) at two revisions."""
    source = source.resolve()
    if not source.is_dir():
        raise InputError.at(
            None, "bad-argument", f"--source: no folder {source}", "bad-argument.source", kv(source=source)
        )
    if shutil.which("git") is None:
        raise InputError.at(
            None, "no-git", "lexpub changes compares git revisions, and git is not installed (not on PATH)", "no-git"
        )
    repo = Path(git(source, "rev-parse", "--show-toplevel").strip())
    prefix = git(source, "rev-parse", "--show-prefix").strip()
    commit1, commit2 = verify_rev(repo, rev1), verify_rev(repo, rev2)
    with tempfile.TemporaryDirectory(prefix="lexpub-changes-") as tmp:
        c1 = load_at(repo, commit1, prefix, rev1, Path(tmp))
        c2 = load_at(repo, commit2, prefix, rev2, Path(tmp) / "b")
        found = compare_corpora(c1, c2, rev1, rev2, commit1, commit2)
    return dataclasses.replace(found, other_files=other_files(repo, commit1, commit2, prefix))


def other_files(repo: Path, commit1: str, commit2: str, prefix: str) -> tuple[tuple[str, str], ...]:
    """Changed files under ``prefix`` other than ``acts/<id>.yaml``, as (status, path), sorted by path."""
    raw = git(repo, "diff", "--name-status", "--no-renames", "-z", commit1, commit2, "--", prefix or ".")
    fields = [f for f in raw.split("\0") if f]
    out = []
    for status, name in zip(fields[::2], fields[1::2], strict=False):
        rel = name[len(prefix) :] if prefix and name.startswith(prefix) else name
        if rel.startswith("acts/") and rel.count("/") == 1 and rel.endswith(".yaml"):
            continue
        out.append((status[:1], rel))
    return tuple(sorted(out, key=lambda x: x[1]))


def changes_json(ch: SourceChanges) -> dict[str, Any]:
    return {
        "rev1": ch.rev1,
        "rev2": ch.rev2,
        "commit1": ch.commit1,
        "commit2": ch.commit2,
        "works_added": list(ch.added),
        "works_removed": list(ch.removed),
        "other_files": [{"status": st, "path": path} for st, path in ch.other_files],
        "works": [
            {
                "work": w.work,
                "fields": list(w.fields),
                "units_added": list(w.units_added),
                "units_removed": list(w.units_removed),
                "units_changed": list(w.units_changed),
                "in_force": {"before": w.in_force[0], "after": w.in_force[1]} if w.in_force else None,
                "amendments_added": list(w.amendments_added),
                "amendments_removed": list(w.amendments_removed),
                "amendments_changed": list(w.amendments_changed),
                "commencements": [{"amendment": k, "before": b, "after": a} for k, b, a in w.commencements],
                "latest_text_changed": w.text_changed,
            }
            for w in ch.works
        ],
    }


def changes_text(ch: SourceChanges) -> str:
    """A reviewer's summary (English, like git's own output)."""
    out = [f"source/ changes {ch.rev1} ({ch.commit1[:12]}) → {ch.rev2} ({ch.commit2[:12]})"]
    out += [f"+ work {w}" for w in ch.added]
    out += [f"- work {w}" for w in ch.removed]
    if not (ch.added or ch.removed or ch.works):
        out.append("no changes to the acts" if ch.other_files else "no changes to the corpus")
    for w in ch.works:
        out.append(f"~ work {w.work}")
        if w.fields:
            out.append(f"    fields changed: {', '.join(w.fields)}")
        out += [f"    + unit {e}" for e in w.units_added]
        out += [f"    - unit {e}" for e in w.units_removed]
        out += [f"    ~ unit {e}" for e in w.units_changed]
        if w.in_force:
            out.append(f"    entry into force: {w.in_force[0]['statement']} → {w.in_force[1]['statement']}")
        out += [f"    + amendment {k}" for k in w.amendments_added]
        out += [f"    - amendment {k}" for k in w.amendments_removed]
        out += [f"    ~ amendment {k}" for k in w.amendments_changed]
        out += [f"    commencement of {k}: {b['statement']} → {a['statement']}" for k, b, a in w.commencements]
        if w.text_changed:
            out.append("    published latest text changes")
    if ch.other_files:
        out.append("other source files changed (not compared unit by unit):")
        out += [f"    {st} {path}" for st, path in ch.other_files]
    return "\n".join(out) + "\n"
