"""The same act read from a saved HTML page and from a Word document (with real Word numbering) gives
the same source YAML as its plain text; hostile archives and pages are refused with nothing written."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.shared import Pt

from lexpub.cli.commands import main

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    code, out, _ = run("text", "mod-2023-2", "--at", "2023-01-20", "--no-status", "--source", str(SOURCE))
    assert code == 0
    path = tmp_path_factory.mktemp("printed") / "o.txt"
    path.write_text(out, encoding="utf-8")
    return path


def imported(path: Path, out: Path) -> dict[str, object]:
    code, _, err = run("import", str(path), "--lang", "kaz", "--source", str(SOURCE), "--out", str(out))
    assert code == 0, err
    data: dict[str, object] = yaml.safe_load((out / "mod-2023-2.yaml").read_text(encoding="utf-8"))
    return data


def add_numbering(document: docx.document.Document) -> None:
    """Two real Word lists: "%1." for тармақтар, "%1)" for тармақшалар."""
    numbering = document.part.numbering_part.element
    for num_id, pattern in ((90, "%1."), (91, "%1)"), (92, "%1.")):
        numbering.append(
            parse_xml(
                f'<w:abstractNum {W} w:abstractNumId="{num_id}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{pattern}"/></w:lvl></w:abstractNum>'
            )
        )
        numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))


def word_document(printed: Path, path: Path) -> int:
    """Each line a paragraph; indented lines get a first-line indent; the order's own items and the
    list's items are numbered by Word, not typed. Returns how many paragraphs Word numbers."""
    document = docx.Document()
    add_numbering(document)
    numbered = 0
    lines = printed.read_text(encoding="utf-8").splitlines()
    signature = next(i for i, x in enumerate(lines) if x.endswith("Р. Жаксылыков"))
    for i, raw in enumerate(lines):
        text = raw.removeprefix("      ")
        body = i < signature
        m = re.match(r"(\d+)([.)]) (.*)", text)
        num_id = None
        if m and body:
            num_id = 90 if m.group(2) == "." else 91
        elif m and m.group(2) == "." and m.group(3).startswith(('"Әскери', '"Қазақстан', "[Бұл")):
            num_id = 92
        par = document.add_paragraph(m.group(3) if num_id else text)
        if raw.startswith("      "):
            par.paragraph_format.first_line_indent = Pt(36)
        if num_id:
            numbered += 1
            par._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
            )
    document.save(str(path))
    return numbered


def test_html_page_gives_the_same_yaml(printed: Path, tmp_path: Path) -> None:
    rows = []
    for raw in printed.read_text(encoding="utf-8").splitlines():
        text = html.escape(raw.removeprefix("      "))
        rows.append(f"<p>{'&nbsp;' * 6}{text}</p>" if raw.startswith("      ") else f"<p>{text}</p>")
    page = tmp_path / "o.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Әділет</title><script>var x = '1. жоқ';</script>"
        "</head><body><nav>Басты бет</nav><div class='text'>" + "\n".join(rows) + "</div></body></html>",
        encoding="utf-8",
    )
    assert imported(page, tmp_path / "h") == imported(printed, tmp_path / "t")


def test_word_document_with_word_numbering_gives_the_same_operations(printed: Path, tmp_path: Path) -> None:
    path = tmp_path / "o.docx"
    assert word_document(printed, path) == 10  # the order's 4 items and 3 sub-items, the list's 3 items
    # Word holds the numbers, not the text: none of the numbered paragraphs types its own number.
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode()
    assert "<w:t>1. Қоса беріліп" not in xml and "<w:t>Қоса беріліп" in xml
    assert imported(path, tmp_path / "d") == imported(printed, tmp_path / "t")


def test_docx_zip_bomb_is_refused_before_extraction(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("word/document.xml", "w") as fh:
        chunk = b"\0" * (1 << 20)
        for _ in range(80):
            fh.write(chunk)
    assert bomb.stat().st_size < 1 << 20
    out = tmp_path / "out"
    code, _, err = run("import", str(bomb), "--lang", "kaz", "--source", str(SOURCE), "--out", str(out))
    assert code == 2
    assert "error[import-size]: unpacked, the input is 80.0 MB; at most 64 MB is accepted" in err
    assert "Traceback" not in err and not out.exists()


def test_docx_high_ratio_part_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "ratio.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b" " * (8 << 20))
    code, _, err = run("import", str(bomb), "--lang", "kaz", "--source", str(SOURCE), "--out", str(tmp_path / "o"))
    assert code == 2
    assert re.search(r"error\[import-docx\]: part word/document.xml expands \d+ times: a zip bomb", err)


def test_docx_with_external_entity_is_refused(printed: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    word_document(printed, good)
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(evil, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head, _, rest = data.partition(b"?>")
                data = head + b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest
                data = data.replace("Қоса беріліп".encode(), b"&x; " + "Қоса беріліп".encode(), 1)
            dst.writestr(info, data)
    out = tmp_path / "out"
    code, _, err = run("import", str(evil), "--lang", "kaz", "--source", str(SOURCE), "--out", str(out))
    assert code == 2
    assert f"{evil}:word/document.xml:1:" in err and "error[xml-dtd]" in err
    assert "root:" not in err and not out.exists()


def test_html_page_declaring_entities_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "evil.html"
    page.write_text('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;</p></body></html>')
    code, _, err = run("import", str(page), "--lang", "kaz", "--source", str(SOURCE), "--out", str(tmp_path / "o"))
    assert code == 2
    assert "error[import-html]: the page declares entities; refused" in err


def test_a_broken_archive_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    code, _, err = run("import", str(broken), "--lang", "kaz", "--source", str(SOURCE), "--out", str(tmp_path / "o"))
    assert code == 2
    assert "error[import-docx]: not a Word document (a broken zip archive)" in err


def test_adilet_page_layout_reads_only_the_act(printed: Path, tmp_path: Path) -> None:
    """Adilet's document page: the title in ``div.container_alpha.slogan h1``, the act in
    ``div.container_gamma.text > article`` with both requisites sentences in one paragraph; the menu,
    the status line and the links around it are not the act."""
    lines = printed.read_text(encoding="utf-8").splitlines()
    title, act, reg, rest = lines[0], lines[1], lines[2], lines[3:]
    paras = [f"<p>{act} {reg}</p>"] + [
        f"<p>{'&nbsp;' * 6}{html.escape(x[6:])}</p>" if x.startswith("      ") else f"<p>{html.escape(x)}</p>"
        for x in rest
    ]
    page = tmp_path / "adilet.html"
    page.write_text(
        "<html><head><meta charset='utf-8'></head><body><ul class='menu'><li>1. Негізгі</li></ul>"
        f"<div class='container_alpha slogan'><h1>{html.escape(title)}</h1><span class='status status_upd'>"
        "Жаңартылған</span></div><div class='container_gamma text'><article>" + "\n".join(paras) + "</article>"
        "<div id='to'><p>2. Сілтемелер</p></div></div></body></html>",
        encoding="utf-8",
    )
    assert imported(page, tmp_path / "a") == imported(printed, tmp_path / "t")
