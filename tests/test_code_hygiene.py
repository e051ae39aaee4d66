"""The code base never opens the classic holes: reads the Python source of ``lexpub/`` and ``scripts/``
(syntax trees, not text, so comments and strings do not count) and fails on

* ``yaml.load``/``load_all`` without a safe loader, ``unsafe_load``, ``full_load``, unsafe loader classes;
* an lxml ``XMLParser`` that may resolve entities, load a DTD, use the network or allow huge trees,
  and lxml parsing calls without an explicit parser (lxml's default resolves internal entities);
  the standard library's XML modules (use :mod:`lexpub.xmlsafe`);
* a Jinja2 environment without ``autoescape`` and ``StrictUndefined``; ``jinja2.Template(...)``
  (a hidden environment without autoescape);
* ``eval``/``exec``, ``pickle``/``marshal`` loading, ``os.system``, ``shell=True``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*(ROOT / "lexpub").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")])
SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "_NoAliasLoader"}
ENVIRONMENTS = {"Environment", "SandboxedEnvironment", "ImmutableSandboxedEnvironment"}
XML_PARSE = {"fromstring", "parse", "XML", "iterparse", "fromstringlist", "XMLID"}
STDLIB_XML = ("xml.etree", "xml.dom", "xml.sax", "xml.parsers")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def name_of(node: ast.AST) -> str:
    """Dotted name of a call target: ``yaml.load``, ``etree.XMLParser``, ``Environment``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{name_of(node.value)}.{node.attr}"
    return ""


def kw(call: ast.Call, key: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == key), None)


def is_const(node: ast.expr | None, value: object) -> bool:
    return isinstance(node, ast.Constant) and node.value is value


def mentions(node: ast.expr | None, names: set[str]) -> bool:
    return node is not None and any(name_of(n).split(".")[-1] in names for n in ast.walk(node))


def problems_in(path: Path) -> list[str]:
    return problems(path.read_text("utf-8"), rel(path))


def problems(source: str, name_: str) -> list[str]:
    tree = ast.parse(source, name_)
    out: list[str] = []

    def bad(node: ast.AST, what: str) -> None:
        out.append(f"{name_}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            mods = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for mod in mods:
                if mod.startswith(STDLIB_XML):
                    bad(node, f"standard-library XML ({mod}); read XML through lexpub.xmlsafe")
                if mod in ("pickle", "marshal", "shelve"):
                    bad(node, f"{mod} can execute code when loading")
        if not isinstance(node, ast.Call):
            continue
        name = name_of(node.func)
        last = name.split(".")[-1]
        if name in ("yaml.load", "yaml.load_all"):
            loader = kw(node, "Loader") or (node.args[1] if len(node.args) > 1 else None)
            if not mentions(loader, SAFE_LOADERS):
                bad(node, f"{name} without a safe loader")
        if name in ("yaml.unsafe_load", "yaml.full_load", "yaml.unsafe_load_all", "yaml.full_load_all"):
            bad(node, f"{name}")
        if any(mentions(k.value, {"UnsafeLoader", "FullLoader", "Loader"}) for k in node.keywords if k.arg == "Loader"):
            bad(node, "an unsafe YAML Loader class")
        if last == "XMLParser" or (last == "HTMLParser" and name.startswith(("etree", "lxml"))):
            # lxml's HTMLParser takes no resolve_entities (TypeError in lxml 6): libxml2's HTML parser
            # reads no DTD; the importer refuses a page that declares entities (tests/ingest/test_import_formats.py).
            if last == "XMLParser" and not is_const(kw(node, "resolve_entities"), False):
                bad(node, f"{name} without resolve_entities=False")
            for key, unsafe in (("load_dtd", True), ("no_network", False), ("huge_tree", True)):
                if is_const(kw(node, key), unsafe):
                    bad(node, f"{name} with {key}={unsafe}")
        explicit = len(node.args) >= 2 or kw(node, "parser") is not None
        if name.startswith(("etree.", "lxml.etree.")) and last in XML_PARSE and not explicit:
            bad(node, f"{name} without an explicit safe parser")
        if last in ENVIRONMENTS:
            autoescape = kw(node, "autoescape")
            if autoescape is None or is_const(autoescape, False):
                bad(node, f"{name} without autoescape")
            if not mentions(kw(node, "undefined"), {"StrictUndefined"}):
                bad(node, f"{name} without undefined=StrictUndefined")
        if name in ("jinja2.Template", "Template") and node.args:
            bad(node, "jinja2.Template(...) builds an environment without autoescape")
        if name in ("eval", "exec", "os.system", "os.popen", "pickle.load", "pickle.loads", "marshal.loads"):
            bad(node, f"{name}(...)")
        if is_const(kw(node, "shell"), True):
            bad(node, "subprocess with shell=True")
    return out


def test_there_is_code_to_check():
    names = {rel(p) for p in FILES}
    assert "lexpub/sources/yamlfile.py" in names and "lexpub/xmlsafe.py" in names
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=rel)
def test_no_unsafe_loading_or_templating(path: Path):
    assert problems_in(path) == []


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("import yaml\nyaml.load(s)", "yaml.load without a safe loader"),
        ("import yaml\nyaml.load(s, Loader=yaml.Loader)", "yaml.load without a safe loader"),
        ("import yaml\nyaml.full_load(s)", "yaml.full_load"),
        ("from lxml import etree\netree.XMLParser()", "etree.XMLParser without resolve_entities=False"),
        (
            "from lxml import etree\netree.XMLParser(resolve_entities=False, load_dtd=True)",
            "etree.XMLParser with load_dtd=True",
        ),
        ("from lxml import etree\netree.fromstring(b)", "etree.fromstring without an explicit safe parser"),
        ("import xml.etree.ElementTree as ET", "standard-library XML (xml.etree.ElementTree)"),
        ("from jinja2 import Environment\nEnvironment(loader=x)", "Environment without autoescape"),
        (
            "from jinja2 import Environment\nEnvironment(autoescape=True)",
            "Environment without undefined=StrictUndefined",
        ),
        ("import jinja2\njinja2.Template('{{ x }}')", "jinja2.Template(...) builds an environment"),
        ("import subprocess\nsubprocess.run(c, shell=True)", "subprocess with shell=True"),
        ("eval(s)", "eval(...)"),
    ],
)
def test_the_checker_catches(snippet: str, expected: str):
    """The checker itself can fail: each hole, planted in a snippet, is reported."""
    found = problems(snippet, "probe.py")
    assert any(expected in line for line in found), found


def test_safe_forms_pass():
    path = ROOT / "lexpub" / "xmlsafe.py"
    assert problems_in(path) == []
