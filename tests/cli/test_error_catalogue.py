"""Every error a lawyer or an official can meet has its Kazakh and Russian sentence (issue 17, item 3).

The code is walked (AST): every ``Issue(loc, rule, message, key, params)``, ``…Error.at(…)`` and
``self.err(…)`` that reports bad input names a catalogue key, and both catalogues hold ``error.<key>``
with exactly the placeholders the raise site fills (``kv(name=…)``). Only the build's own failures (an
index tool that stopped, a font not installed: a developer's matter, never the user's input) stay English.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from lexpub.wording.i18n import catalogue

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lexpub"

BUILD_ONLY = {
    "search-index",  # Pagefind stopped or wrote an unknown file
    "akn-date",
    "akn-empty",
    "font-missing",
    "font-corrupt",
    "pdf-font",
    "too-many-pages",
    "output-clash",
    "unsafe-output-path",
    "download-paths",
    "i18n-missing",
    "i18n-placeholder",
    "yaml-node",  # unreachable: every YAML node kind is handled
}
"""Rules of :class:`~lexpub.errors.BuildError` sites: an output lexpub failed to make, not a slip to fix."""


def sites() -> list[tuple[str, int, ast.Call]]:
    """Every call that raises or collects an issue with a rule: ``Issue``, ``.at``, ``.err``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 3:
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name in ("Issue", "at", "err"):
                found.append((str(path.relative_to(ROOT)), node.lineno, node))
    return found


def placeholders(sentence: str) -> set[str]:
    return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(sentence) if f}


def same_in_both(names: set[str]) -> set[str]:
    """``day_kaz`` and ``day_rus`` are one value given in each language."""
    return {n.removesuffix("_kaz").removesuffix("_rus") for n in names}


def passes_through(call: ast.Call) -> bool:
    """A helper handing on a rule, message and key it was given (``Issue(loc, rule, message, key, params)``)."""
    return all(isinstance(a, ast.Name) for a in call.args[1:3]) or isinstance(call.args[1], ast.Attribute)


SITES = sites()


def test_the_walk_finds_the_raise_sites() -> None:
    assert len(SITES) > 200  # the walk itself is not broken
    assert any(f == "lexpub/sources/acts.py" for f, _, _ in SITES)


@pytest.mark.parametrize(("file", "line", "call"), SITES, ids=[f"{f}:{n}" for f, n, _ in SITES])
def test_every_input_error_names_a_sentence_in_both_catalogues(file: str, line: int, call: ast.Call) -> None:
    rule = call.args[1]
    if isinstance(rule, ast.Constant) and rule.value in BUILD_ONLY or passes_through(call):
        return
    assert len(call.args) >= 4, f"{file}:{line}: error[{ast.unparse(rule)}] has no catalogue key"
    key = call.args[3]
    if not isinstance(key, ast.Constant):
        return  # chosen at run time (hints.py): its sentences are checked by the planted slips
    params: set[str] = set()
    if len(call.args) >= 5:
        given = call.args[4]
        assert isinstance(given, ast.Call) and ast.unparse(given.func) == "kv", f"{file}:{line}: params not kv(…)"
        params = {k.arg for k in given.keywords if k.arg}
    for lang in ("kaz", "rus"):
        sentences = catalogue(lang)
        assert f"error.{key.value}" in sentences, f"{file}:{line}: no error.{key.value} in the {lang} catalogue"
        assert placeholders(sentences[f"error.{key.value}"]) == params, f"{file}:{line}: error.{key.value} ({lang})"


def test_both_catalogues_have_the_same_error_sentences_with_the_same_placeholders() -> None:
    kk = {k: same_in_both(placeholders(v)) for k, v in catalogue("kaz").items() if k.startswith("error.")}
    ru = {k: same_in_both(placeholders(v)) for k, v in catalogue("rus").items() if k.startswith("error.")}
    assert kk == ru


def test_no_error_sentence_says_corpus_to_a_lawyer() -> None:
    for lang, word in (("kaz", "корпус"), ("rus", "корпус")):
        bad = [k for k, v in catalogue(lang).items() if k.startswith("error.") and word in v.lower()]
        assert bad == [], lang
