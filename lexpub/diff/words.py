"""Two-stage word diff of units: ``[(id, text)] × [(id, text)] → [UnitDelta]``.

Stage one aligns units by their identifier (wId/eId) in one linear pass; stage two runs
``difflib.SequenceMatcher`` on word tokens only inside the units whose text differs. So the cost
is near-linear in the size of the act for typical edits; a quadratic matcher never sees the whole
act (ecosystem.md §6). Pure functions of strings: usable on plain texts and in benchmarks.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

SegOp = Literal["equal", "insert", "delete"]
_TOKEN = re.compile(r"\S+|\s+")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the text: kept, inserted (only in the new text) or deleted (only in the old)."""

    op: SegOp
    text: str


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``old[start:end]`` with ``text`` (offsets in the old text)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class UnitDelta:
    """One aligned unit: its old and new text (None: absent on that side) and the word runs."""

    id: str
    old: str | None
    new: str | None
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new


def tokens(text: str) -> list[str]:
    """Words and the whitespace between them; ``"".join(tokens(t)) == t``."""
    return _TOKEN.findall(text)


def word_segments(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level runs turning ``old`` into ``new``; a replacement is a deletion then an insertion.

    The common leading and trailing tokens are split off first (linear), so the matcher sees only
    the changed middle — a small edit in a long unit costs little.
    """
    if old == new:
        return (Segment("equal", old),) if old else ()
    a, b = tokens(old), tokens(new)
    lo = 0
    while lo < len(a) and lo < len(b) and a[lo] == b[lo]:
        lo += 1
    hi = 0
    while hi < len(a) - lo and hi < len(b) - lo and a[-1 - hi] == b[-1 - hi]:
        hi += 1
    out: list[Segment] = []
    _push(out, "equal", "".join(a[:lo]))
    mid_a, mid_b = a[lo : len(a) - hi], b[lo : len(b) - hi]
    matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=len(mid_a) > 2000)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _push(out, "equal", "".join(mid_a[i1:i2]))
            continue
        if i2 > i1:
            _push(out, "delete", "".join(mid_a[i1:i2]))
        if j2 > j1:
            _push(out, "insert", "".join(mid_b[j1:j2]))
    _push(out, "equal", "".join(a[len(a) - hi :]))
    return coalesce(out)


def _replacement(segs: list[Segment], start: int, step: int) -> bool:
    """Is the run of changes starting at ``start`` (walking by ``step``) a deletion plus an insertion?"""
    ops = set()
    i = start
    while 0 <= i < len(segs) and segs[i].op != "equal":
        ops.add(segs[i].op)
        i += step
    return ops == {"delete", "insert"}


def _is_change(seg: Segment) -> bool:
    return seg.op != "equal"


def coalesce(segs: list[Segment]) -> tuple[Segment, ...]:
    """Join changes separated only by whitespace: ``[-a-][+b+] [-c-][+d+]`` → ``[-a c-][+b d+]``.

    Readers see one replaced phrase instead of word confetti; old and new texts are unchanged.
    """
    out: list[Segment] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        if (
            seg.op == "equal"
            and not seg.text.strip()
            and _replacement(out, len(out) - 1, -1)
            and _replacement(segs, i + 1, 1)
        ):
            # pull the preceding change run and the following one together around the space
            run: list[Segment] = []
            while out and _is_change(out[-1]):
                run.insert(0, out.pop())
            j = i + 1
            nxt: list[Segment] = []
            while j < len(segs) and segs[j].op != "equal":
                nxt.append(segs[j])
                j += 1
            dels = (
                "".join(x.text for x in run if x.op == "delete")
                + seg.text
                + "".join(x.text for x in nxt if x.op == "delete")
            )
            ins = (
                "".join(x.text for x in run if x.op == "insert")
                + seg.text
                + "".join(x.text for x in nxt if x.op == "insert")
            )
            out += [Segment("delete", dels), Segment("insert", ins)]
            i = j
            continue
        out.append(seg)
        i += 1
    return tuple(out)


def _push(out: list[Segment], op: SegOp, text: str) -> None:
    if not text:
        return
    if out and out[-1].op == op:
        out[-1] = Segment(op, out[-1].text + text)
    else:
        out.append(Segment(op, text))


def old_of(segments: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in segments if s.op != "insert")


def new_of(segments: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in segments if s.op != "delete")


def edits(segments: tuple[Segment, ...]) -> tuple[Edit, ...]:
    """The segments as offset edits on the old text (adjacent delete+insert become one edit)."""
    out: list[Edit] = []
    pos = 0
    for seg in segments:
        if seg.op == "equal":
            pos += len(seg.text)
            continue
        start, end, text = pos, pos, ""
        if seg.op == "delete":
            end = pos + len(seg.text)
            pos = end
        else:
            text = seg.text
        if out and out[-1].end == start:
            last = out.pop()
            start, text = last.start, last.text + text
        out.append(Edit(start, end, text))
    return tuple(out)


def apply_edits(old: str, changes: tuple[Edit, ...]) -> str:
    """Apply offset edits (sorted, non-overlapping) to ``old``."""
    parts: list[str] = []
    pos = 0
    for e in changes:
        parts += [old[pos : e.start], e.text]
        pos = e.end
    parts.append(old[pos:])
    return "".join(parts)


def align(old_ids: list[str], new_ids: list[str]) -> list[tuple[str | None, str | None]]:
    """Pairs (old id, new id) in new-document order; old-only ids follow their old predecessor."""
    new_set = set(new_ids)
    old_set = set(old_ids)
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for oid in old_ids:
        if oid in new_set:
            anchor = oid
        else:
            after.setdefault(anchor, []).append(oid)
    out: list[tuple[str | None, str | None]] = [(o, None) for o in after.get(None, [])]
    for nid in new_ids:
        out.append((nid if nid in old_set else None, nid))
        out += [(o, None) for o in after.get(nid, [])]
    return out


def diff_texts(old_units: list[tuple[str, str]], new_units: list[tuple[str, str]]) -> tuple[UnitDelta, ...]:
    """Two-stage diff of texts split into identified units (ids unique on each side)."""
    old = dict(old_units)
    new = dict(new_units)
    out = []
    for oid, nid in align([i for i, _ in old_units], [i for i, _ in new_units]):
        key = nid if nid is not None else oid
        assert key is not None
        before = old.get(oid) if oid is not None else None
        after = new.get(nid) if nid is not None else None
        if before is not None and after is not None:
            segs = word_segments(before, after)
        elif before is not None:
            segs = (Segment("delete", before),) if before else ()
        else:
            segs = (Segment("insert", after),) if after else ()
        out.append(UnitDelta(key, before, after, segs))
    return tuple(out)
