"""Issue 17, item 6: no «корпус» (nor "corpus") in any sentence a person outside the developers reads.

Scanned: every reader's file of a real ``lexpub build`` (site pages with their ``title``/``alt``/``aria-label``
words, Markdown and plain texts, Akoma Ntoso and Atom text, every PDF as pdftotext reads it — acts,
comparative tables, citizens' documents — and every DOCX), the service table (HTML),
the comparative tables in both languages, the deadline note in both languages, and every catalogue line
but the ``error.*`` ones (those speak to whoever encodes the YAML). The act texts hold no such word today;
if an act's own wording ever names a military «корпус», this test will point at it and must learn the
difference.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import yaml
from click.testing import CliRunner

from lexpub.cli import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
CATALOGUES = ROOT / "lexpub" / "wording" / "i18n"
WORD = re.compile(r"корпус|corpus", re.IGNORECASE)
SPOKEN_ATTRS = ("title", "alt", "aria-label", "placeholder", "content")


def hits(text: str) -> list[str]:
    """Each occurrence with its neighbourhood, so a failure shows the sentence."""
    return [text[max(0, m.start() - 60) : m.end() + 60].replace("\n", " ") for m in WORD.finditer(text)]


def html_words(data: bytes) -> str:
    page = lxml.html.fromstring(data)
    for el in page.xpath("//script|//style"):
        el.drop_tree()
    spoken = [v for attr in SPOKEN_ATTRS for v in page.xpath(f"//@{attr}")]
    return page.text_content() + "\n" + "\n".join(str(v) for v in spoken)


def docx_words(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [
            n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml|docProps/core\.xml", n)
        ]
        return "\n".join("".join(lxml.etree.fromstring(z.read(n)).itertext()) for n in parts)


def pdf_words(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def words_of(path: Path) -> str | None:
    """A reader's file as its reader reads it; None for machine files (JSON, the search index, the manifest)."""
    suffix = path.suffix
    if suffix == ".html":
        return html_words(path.read_bytes())
    if suffix in (".md", ".txt"):
        return path.read_text(encoding="utf-8")
    if suffix == ".xml":
        return "".join(lxml.etree.parse(str(path)).getroot().itertext())
    if suffix == ".pdf":
        return pdf_words(path)
    if suffix == ".docx":
        return docx_words(path.read_bytes())
    return None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "build"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--source", str(SOURCE)])
    assert result.exit_code == 0, result.stderr
    return out


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--source", str(SOURCE)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_detector_finds_every_form() -> None:
    for form in ("корпуста жоқ", "в корпусе", "корпусқа енгізілген", "Корпуста", "the corpus", "КОРПУС"):
        assert hits(form), form
    assert not hits("Бұл жинақта жарияланбаған. В этом собрании не опубликован.")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_no_built_file_a_reader_opens_says_corpus(built: Path) -> None:
    seen: Counter[str] = Counter()
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in built.rglob("*") if p.is_file()):
        text = words_of(path)
        if text is None:
            continue
        seen[path.suffix] += 1
        if hits(text):
            found[str(path.relative_to(built))] = hits(text)
    assert found == {}
    # the scan read every kind of reader's file: acts, site, comparative tables, citizens' documents
    assert seen[".html"] >= 50 and seen[".pdf"] >= 30 and seen[".docx"] >= 20 and seen[".md"] >= 20, seen
    assert any(built.glob("documents/samples/*/ru/*.pdf")) and any(built.glob("acts/*/compare/kk.docx"))


def test_no_service_table_comparative_table_or_deadline_note_says_corpus() -> None:
    outputs = {
        "service latest": cli("service", "military-specialty-training", "--format", "html"),
        "deadline kk": cli(
            "deadline",
            "military-specialty-training",
            "--submitted",
            "2025-03-07T19:30",
            "--classes-start",
            "2025-12-21",
        ),
        "deadline ru": cli(
            "deadline",
            "military-specialty-training",
            "--submitted",
            "2025-03-07T19:30",
            "--classes-start",
            "2025-12-21",
            "--lang",
            "rus",
        ),
    }
    for act in ("mod-2023-2", "mod-2023-1100"):
        for lang in ("kaz", "rus"):
            outputs[f"compare {act} {lang}"] = cli("compare", act, "--lang", lang)
    texts = {k: html_words(v.encode()) if v.lstrip().startswith("<") else v for k, v in outputs.items()}
    assert "бастапқы деректерде көрсетілмеген" in texts["service latest"]  # Order No. 2's start is not known
    assert "Жолдардың нөмірлері олардың реті бойынша қойылған." in texts["service latest"]  # not "by lexpub"
    assert "lexpub" not in texts["service latest"]
    assert "не указана в исходных данных" in texts["deadline ru"]
    assert {k: hits(v) for k, v in texts.items() if hits(v)} == {}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_reader_facing_catalogue_line_says_corpus(lang: str) -> None:
    catalogue = yaml.safe_load((CATALOGUES / f"{lang}.yaml").read_text(encoding="utf-8"))
    readers = {k: v for k, v in catalogue.items() if not k.startswith("error.")}
    assert len(readers) > 400
    assert {k: v for k, v in readers.items() if hits(str(v))} == {}
