"""Nothing silently different in a PDF (issue 15 §5): the PT Serif faces are checked by SHA-256
before use (a corrupt file or a Git LFS pointer in its place made every PDF fall back to DejaVu Sans
with exit 0), and every PDF is checked after rendering to embed only subsets of the four faces.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import lexpub.render.pdf as pdf
from lexpub.cli import main
from lexpub.errors import BuildError

SOURCE = Path(__file__).resolve().parents[2] / "source"
LFS_POINTER = (
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:a4951fade06ff8f09b7673aa81ffb65a8cd409e24d3289a6dc670bc4dda2557a\nsize 217360\n"
)


@pytest.fixture
def fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the font package's files, put in its place."""
    import fontpkg_pt_serif

    files = tmp_path / "fontpkg_pt_serif" / "files"
    shutil.copytree(Path(fontpkg_pt_serif.__file__).parent / "files", files)
    monkeypatch.setattr(fontpkg_pt_serif, "__file__", str(files.parent / "__init__.py"))
    pdf.font_dir.cache_clear()
    yield files
    pdf.font_dir.cache_clear()


@pytest.mark.parametrize(
    "damage",
    [LFS_POINTER, b"", b"\x00\x01\x00\x00" + b"\x00" * 1000],
    ids=["git-lfs-pointer", "empty", "truncated"],
)
def test_a_damaged_font_is_refused_before_use(fonts: Path, damage: bytes):
    (fonts / "PT_Serif-Web-Regular.ttf").write_bytes(damage)
    result = CliRunner().invoke(main, ["render", "mod-2023-2", "--format", "pdf", "--source", str(SOURCE)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"{fonts / 'PT_Serif-Web-Regular.ttf'}: error[font-corrupt]: PT Serif file PT_Serif-Web-Regular.ttf is not "
        "the one lexpub was made with"
    ), result.stderr
    assert "Traceback" not in result.output


def test_the_intact_fonts_render(fonts: Path):
    data = pdf.html_to_pdf("<p>Қазақстан Республикасы</p>", title="т")
    assert {name.partition("+")[2] for name in pdf.embedded_fonts(data)} == {"Lexpub-PT-Serif"}


@pytest.mark.parametrize("char", ["→", "☃", "∰"])
def test_a_pdf_that_would_fall_back_to_another_font_is_refused(char: str):
    """PT Serif lacks these glyphs; Pango would take them from DejaVu Sans without a word."""
    with pytest.raises(BuildError) as info:
        pdf.html_to_pdf(f"<p>Мәтін {char} мәтін</p>", title="т")
    (issue,) = info.value.issues
    assert issue.rule == "pdf-font"
    assert "DejaVu" in issue.message or "+" in issue.message


def test_the_real_corpus_pdf_embeds_only_pt_serif():
    result = CliRunner().invoke(main, ["render", "mod-2023-2", "--format", "pdf", "--source", str(SOURCE)])
    assert result.exit_code == 0, result.output
    names = pdf.embedded_fonts(result.stdout_bytes)
    assert names and all(pdf.EMBEDDED.match(n) for n in names), names
