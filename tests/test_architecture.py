"""The package keeps its shape (``docs/architecture.md``): stages import only downward, renderers do not
import each other, services and diffs never write outputs, no import cycle, no function-local import
hiding a layering fault, no module over 400 lines.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``) and are checked by the real
``lint-imports`` of the virtualenv; the rest reads the import graph (grimp, import-linter's engine)
and the syntax trees of ``lexpub/``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lexpub"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400
TOO_LONG_FOR_NOW: set[str] = set()
"""Modules allowed over the limit while being split (each named, with the reason; none now)."""
LOCAL_IMPORTS_ALLOWED = (
    "lexpub/cli/",  # deferred for start-up time, each with a comment
    "lexpub/publish/documents.py",  # pyHanko (~0.3 s) loads only when a batch is signed
)


def lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("lexpub")


def test_the_contracts_of_pyproject_are_kept() -> None:
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_the_contracts_name_the_stages_in_order() -> None:
    """The layers are the pipeline's stages, top to bottom, as docs/architecture.md draws them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    assert config["root_package"] == "lexpub"
    contracts = {c["id"]: c for c in config["contracts"]}
    assert set(contracts) == {"stages", "renderers", "no-publish-below"}
    assert contracts["stages"]["layers"] == [
        "lexpub.cli",
        "lexpub.publish",
        "lexpub.services | lexpub.diff | lexpub.ingest",
        "lexpub.render",
        "lexpub.consolidate",
        "lexpub.wording",
        "lexpub.sources",
        "lexpub.model",
    ]
    assert contracts["stages"].get("ignore_imports", []) == []  # no known layering fault left
    renderers = {m.rpartition(".")[2] for m in contracts["renderers"]["modules"]}
    assert renderers == {"text", "markdown", "json", "akn", "html", "pdf", "docx"}
    assert contracts["renderers"]["ignore_imports"] == ["lexpub.render.html.page -> lexpub.render.pdf"]


def test_lint_imports_reports_a_broken_contract(tmp_path: Path) -> None:
    """The checker really checks: a contract the code breaks (renderers may not read the model) fails
    with exit status 1 and names an import that breaks it."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "lexpub"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'id = "probe"\nname = "renderers never read the model"\ntype = "forbidden"\n'
        'source_modules = ["lexpub.render.text"]\nforbidden_modules = ["lexpub.model"]\n',
        "utf-8",
    )
    result = lint_imports(str(config))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "renderers never read the model BROKEN" in result.stdout
    assert "lexpub.render.text is not allowed to import lexpub.model" in result.stdout


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.find_modules_directly_imported_by(module)):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle(graph: grimp.ImportGraph) -> None:
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle(graph: grimp.ImportGraph) -> None:
    """:func:`cycles` is not vacuous: the cycle the layout removed (FrbrUri knowing Work) is found
    when it is put back into a copy of the graph."""
    probe = grimp.build_graph("lexpub")
    probe.add_import(importer="lexpub.model.frbr", imported="lexpub.model.core")
    assert ["lexpub.model.core", "lexpub.model.frbr"] in cycles(probe)
    assert cycles(graph) == []  # the shared graph is untouched


def test_the_three_cycles_of_issue_12_are_gone(graph: grimp.ImportGraph) -> None:
    """FrbrUri does not know Work; the diffs write no site page; text and HTML share no status code."""
    assert graph.find_shortest_chain("lexpub.model.frbr", "lexpub.model.core") is None
    assert not graph.chain_exists("lexpub.diff", "lexpub.publish", as_packages=True)
    assert not graph.chain_exists("lexpub.render.text", "lexpub.render.html", as_packages=True)
    assert not graph.chain_exists("lexpub.render.html", "lexpub.render.text", as_packages=True)


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def local_lexpub_imports(source: str, name: str) -> list[str]:
    """``file:line: import`` of every lexpub import inside a function body."""
    out = []
    for func in ast.walk(ast.parse(source, name)):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lexpub"):
                out.append(f"{name}:{node.lineno}: from {node.module} import …")
            elif isinstance(node, ast.Import) and any(a.name.startswith("lexpub") for a in node.names):
                out.append(f"{name}:{node.lineno}: import {node.names[0].name}")
    return out


def test_no_function_local_import_of_lexpub() -> None:
    """An import inside a function hid each of the old cycles; outside the CLI none is left."""
    found = [
        hit
        for path in sources()
        if not rel(path).startswith(LOCAL_IMPORTS_ALLOWED)
        for hit in local_lexpub_imports(path.read_text("utf-8"), rel(path))
    ]
    assert found == []


def test_the_local_import_finder_finds_one() -> None:
    code = "def f():\n    from lexpub.render.html import render_html\n    return render_html\n"
    assert local_lexpub_imports(code, "x.py") == ["x.py:2: from lexpub.render.html import …"]


def test_no_module_over_400_lines() -> None:
    lengths = {rel(path): len(path.read_text("utf-8").splitlines()) for path in sources()}
    too_long = {name: n for name, n in lengths.items() if n > MAX_LINES and name not in TOO_LONG_FOR_NOW}
    assert too_long == {}


TEST_DATA = {"fixtures", "golden", "hostile", "__pycache__"}
"""Folders of ``tests/`` that hold data, not tests."""
WHOLE_SYSTEM_TESTS = {
    "test_architecture.py",  # the layers and the size of modules (this file)
    "test_bench_smoke.py",  # `make bench` runs its scripts end to end
    "test_code_hygiene.py",  # no unsafe YAML, XML or Jinja use anywhere in the package
    "test_fuzz.py",  # loader, validator and diff fuzzed together
    "test_gen_corpus.py",  # scripts/gen_corpus.py
    "test_golden.py",  # whole outputs against tests/golden/
    "test_hostile_doc.py",  # docs/reliability.md lists every hostile case the suites hold
    "test_hostile_xml.py",  # lexpub/xmlsafe.py, a top-level module
    "test_reproducible.py",  # two builds under another clock give the same bytes
    "test_smoke.py",  # `lexpub check` and one text end to end
}
"""Test modules at the top of ``tests/``: they test the package as a whole, not one stage."""


def test_the_tests_mirror_the_package() -> None:
    """A test of ``lexpub/<stage>/…`` lives in ``tests/<stage>/…``: the folders of the tests are folders of
    the package, and only the whole-system tests sit at the top."""
    tests = ROOT / "tests"
    folders = {
        p.relative_to(tests).as_posix()
        for p in tests.rglob("*")
        if p.is_dir() and not TEST_DATA & set(p.relative_to(tests).parts)
    }
    assert folders, "no test folder found"
    assert sorted(f for f in folders if not (PACKAGE / f / "__init__.py").is_file()) == []
    assert sorted(f for f in folders if not (tests / f / "__init__.py").is_file()) == []
    top = {p.name for p in tests.glob("test_*.py")}
    assert sorted(top - WHOLE_SYSTEM_TESTS) == [], "a test of one stage belongs in tests/<stage>/"
