"""Safe YAML loading that remembers where every value came from.

Input: a file path. Output: :class:`Located` — plain Python data (dicts, lists, str, int, bool, None)
plus a map from each value's key path to its :class:`~lexpub.errors.Loc`.

Why not ``yaml.safe_load``: it silently keeps the last of two duplicate keys, expands alias bombs,
and forgets positions. Here duplicate keys, anchors/aliases, custom tags, floats and over-deep
nesting are errors, and timestamps stay strings so that dates are checked by :mod:`lexpub.dates`
with a precise message.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lexpub.errors import Loc, SourceError, kv

Path_ = tuple[str | int, ...]

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "str",
    "tag:yaml.org,2002:float": "float",
}


@dataclass(frozen=True)
class Located:
    """Parsed data of one file with the location of every node, keyed by path."""

    file: str
    data: Any
    locs: Mapping[Path_, Loc] = field(default_factory=dict)
    key_locs: Mapping[Path_, Loc] = field(default_factory=dict)

    def loc(self, path: Path_ = ()) -> Loc:
        """The location of the value at ``path``, or of its nearest located ancestor."""
        p = tuple(path)
        while p:
            if p in self.locs:
                return self.locs[p]
            p = p[:-1]
        return self.locs.get((), Loc(self.file, 1, 1))

    def key_loc(self, path: Path_) -> Loc:
        """The location of the mapping key that ends ``path`` (for unknown-field errors)."""
        return self.key_locs.get(tuple(path)) or self.loc(path)


def _loc(file: str, mark: yaml.Mark | None) -> Loc:
    if mark is None:
        return Loc(file)
    return Loc(file, mark.line + 1, mark.column + 1)


class _Unsure(Exception):
    """The fast path met something only the reference composer reports exactly (an alias, deep nesting)."""


class _Builder:
    """Walks a composed node tree into plain data. ``strict`` (after libyaml's composer, which keeps no
    anchors and checks no depth) gives up on a node met twice (an alias), near the depth limit or on
    an empty value, so that the reference composer reports those with its exact location."""

    def __init__(self, file: str, strict: bool = False):
        self.file = file
        self.strict = strict
        self.seen: set[int] = set()
        self.locs: dict[Path_, Loc] = {}
        self.key_locs: dict[Path_, Loc] = {}

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        here = _loc(self.file, node.start_mark)
        if self.strict:
            if depth >= MAX_DEPTH or id(node) in self.seen:
                raise _Unsure
            if not isinstance(node, yaml.ScalarNode):
                self.seen.add(id(node))
            elif node.value == "":
                raise _Unsure  # an empty value: libyaml places it elsewhere than PyYAML
        if depth > MAX_DEPTH:
            raise SourceError.at(
                here, "yaml-depth", f"nesting deeper than {MAX_DEPTH} levels", "yaml-depth", kv(limit=MAX_DEPTH)
            )
        self.locs[path] = here
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, here)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise SourceError.at(here, "yaml-tag", f"tag {node.tag!r} is not allowed", "yaml-tag", kv(tag=node.tag))
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth, here)
        raise SourceError.at(here, "yaml-node", "unsupported YAML node")  # pragma: no cover

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int, here: Loc) -> dict[str, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            raise SourceError.at(here, "yaml-tag", f"tag {node.tag!r} is not allowed", "yaml-tag", kv(tag=node.tag))
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            kloc = _loc(self.file, knode.start_mark)
            if not isinstance(knode, yaml.ScalarNode) or knode.tag == "tag:yaml.org,2002:merge":
                raise SourceError.at(kloc, "yaml-key", "mapping keys must be plain strings (no merge keys)", "yaml-key")
            key = str(knode.value)
            if key in out:
                first = self.key_locs[(*path, key)]
                raise SourceError.at(
                    kloc,
                    "duplicate-key",
                    f"duplicate key {key!r} (first defined at line {first.line})",
                    "duplicate-key",
                    kv(key=key, line=first.line),
                )
            self.key_locs[(*path, key)] = kloc
            out[key] = self.build(vnode, (*path, key), depth + 1)
        return out

    def scalar(self, node: yaml.ScalarNode, here: Loc) -> Any:
        kind = _SCALAR_TAGS.get(node.tag)
        if kind is None:
            raise SourceError.at(here, "yaml-tag", f"tag {node.tag!r} is not allowed", "yaml-tag", kv(tag=node.tag))
        value = node.value
        if kind == "str":
            return value
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() in ("true", "yes", "on")
        if kind == "int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        raise SourceError.at(
            here,
            "yaml-float",
            f"{value!r}: decimal numbers are not used in sources; quote it",
            "yaml-float",
            kv(value=value),
        )


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (billion-laughs) before any expansion, and
    over-deep nesting while composing (so ``[[[[…`` never reaches Python's recursion limit)."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.depth > MAX_DEPTH:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise SourceError.at(
                _loc(self.name, event.start_mark),
                "yaml-depth",
                f"nesting deeper than {MAX_DEPTH} levels",
                "yaml-depth",
                kv(limit=MAX_DEPTH),
            )
        self.depth += 1
        try:
            return self._compose_checked(parent, index)
        finally:
            self.depth -= 1

    def _compose_checked(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise SourceError.at(
                _loc(self.name, event.start_mark),
                "yaml-alias",
                "anchors and aliases are not allowed in sources",
                "yaml-alias",
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise SourceError.at(
                _loc(self.name, event.start_mark),
                "yaml-alias",
                "anchors and aliases are not allowed in sources",
                "yaml-alias",
            )
        return super().compose_node(parent, index)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text of ``raw`` or a SourceError naming the line and column of the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise SourceError.at(
            Loc(file, 1, 1), "file-size", f"file larger than {MAX_BYTES} bytes", "file-size", kv(limit=MAX_BYTES)
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1  # characters, as editors count
        raise SourceError.at(
            Loc(file, line, col),
            "encoding",
            f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
            "encoding.utf8",
            kv(byte=f"0x{raw[exc.start]:02x}"),
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        head = text[: text.index("\x00")]
        line, col = head.count("\n") + 1, len(head) - (head.rfind("\n") + 1) + 1
        raise SourceError.at(Loc(file, line, col), "encoding", "NUL character in a text file", "encoding.nul")
    return text


_FAST = bool(getattr(yaml, "__with_libyaml__", False))
# What libyaml reads unlike PyYAML (tabs and some malformed flow or block headers it accepts, a BOM
# or Unicode line breaks it places otherwise) and anchors (its nodes do not keep them): a text holding
# one goes to the reference composer. Found by fuzzing both (tests/sources/test_loader.py).
_UNLIKE = re.compile("[\t\ufeff\x85\u2028\u2029&*?!]|[|>][-+0-9]*#|^%", re.MULTILINE)
_UNLIKE_OWN = re.compile("[\t\ufeff\x85\u2028\u2029]|[|>][-+0-9]*#|^%", re.MULTILINE)
"""The same less «&*?!», which lexpub's own files hold inside quoted messages (``\\*``, ``!r``, a
question); their anchors and aliases are found by libyaml's parser instead (:func:`_anchored`)."""


def loads(text: str, file: str) -> Located:
    """Parse YAML text (one document) into :class:`Located` data."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad:
        head = text[: bad.start()]
        line, col = head.count("\n") + 1, len(head) - (head.rfind("\n") + 1) + 1
        raise SourceError.at(
            Loc(file, line, col),
            "encoding",
            f"control character U+{ord(bad.group()):04X} is not allowed in a source",
            "encoding.control",
            kv(char=f"U+{ord(bad.group()):04X}"),
        )
    if _FAST:
        try:
            return _loads_fast(text, file)
        except _Unsure:
            pass
    return _loads_reference(text, file)


def _loads_fast(text: str, file: str) -> Located:
    """libyaml's C scanner, parser and composer (7× faster) and the same walker. Anything it refuses,
    and anything it cannot check itself (aliases, anchors, depth), goes to the reference composer,
    which alone words the errors; a text with an anchor never comes here, as libyaml drops lone
    anchors from the nodes."""
    if _UNLIKE.search(text):
        raise _Unsure
    return _composed_fast(text, file)


def _composed_fast(text: str, file: str) -> Located:
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        raise _Unsure from None
    if node is None:
        return Located(file, None, {(): Loc(file, 1, 1)}, {})
    builder = _Builder(file, strict=True)
    data = builder.build(node, (), 0)
    return Located(file, data, builder.locs, builder.key_locs)


def _loads_reference(text: str, file: str) -> Located:
    """PyYAML's pure-Python composer, refusing anchors, aliases and depth while it composes."""
    loader = _NoAliasLoader(text)
    loader.name = file
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            if exc.problem and exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
                problem += f" ({exc.context} started at line {exc.context_mark.line + 1})"
            raise SourceError.at(
                _loc(file, mark), "yaml-syntax", str(problem), "yaml-syntax", kv(why=str(problem))
            ) from None
        except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
            raise SourceError.at(Loc(file, 1, 1), "yaml-syntax", str(exc), "yaml-syntax", kv(why=str(exc))) from None
        except RecursionError:
            raise SourceError.at(Loc(file, 1, 1), "yaml-depth", "nesting too deep", "yaml-depth.too-deep") from None
    finally:
        loader.dispose()
    if node is None:
        return Located(file, None, {(): Loc(file, 1, 1)}, {})
    builder = _Builder(file)
    data = builder.build(node, (), 0)
    return Located(file, data, builder.locs, builder.key_locs)


def load(path: Path, display: str | None = None) -> Located:
    """Read and parse one YAML file; ``display`` is the name used in messages."""
    name = display or str(path)
    return loads(decode(read_bounded(path, name), name), name)


def load_own(path: Path, display: str) -> Located:
    """One of lexpub's own YAML files (the kk and ru message catalogues), with libyaml's composer even
    where a user's file would go to the reference composer (a «?» or ``!r`` in a message); the same
    walker, so duplicate keys are still refused; a file with an anchor, an alias or anything else the
    two composers read unlike goes to the reference composer, as does anything libyaml refuses (the
    reference words the error).

    Why: the reference composer took ~0.2 s of every process that prints a message (a catalogue is
    750 lines), for a file that is not a user's and whose data the two composers read alike
    (``tests/sources/test_yaml_fast.py``)."""
    text = decode(read_bounded(path, display), display)
    if _FAST and not _UNLIKE_OWN.search(text):
        try:
            if not _anchored(text):
                return _composed_fast(text, display)
        except _Unsure:
            pass
    return loads(text, display)


def _anchored(text: str) -> bool:
    """Does the text hold an anchor or an alias (libyaml's parser, whose events keep them)?"""
    try:
        return any(
            isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None
            for event in yaml.parse(text, Loader=yaml.CSafeLoader)
        )
    except yaml.YAMLError:
        raise _Unsure from None


def read_bounded(path: Path, name: str) -> bytes:
    """The bytes of a regular file, at most ``MAX_BYTES + 1`` of them: a FIFO, a device such as
    ``/dev/zero`` or a huge file never blocks or fills memory (decode then reports the size)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise SourceError.at(Loc(name, 1, 1), "file-read", "not a regular file", "file-read.not-regular")
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError.at(
            Loc(name, 1, 1), "file-read", exc.strerror or str(exc), "file-read", kv(why=exc.strerror or str(exc))
        ) from None
