"""source/README.md (issue 17, item 4): every YAML example that names its ``# file:`` is put into a copy of
the real corpus and passes ``lexpub check``, and what the README says the commands then print is what
they print."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "source" / "README.md").read_text("utf-8")
BLOCK = re.compile(r"```yaml\n# file: (?P<file>\S+)\n(?P<body>.*?)```", re.S)
EXAMPLES = {m["file"]: f"# file: {m['file']}\n{m['body']}" for m in BLOCK.finditer(README)}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--source", "source"])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path) -> Iterator[Path]:
    shutil.copytree(ROOT / "source", tmp_path / "source")
    for rel, text in EXAMPLES.items():
        (tmp_path / "source" / rel).write_text(text, "utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def test_the_readme_has_the_worked_order_and_the_draft() -> None:
    assert set(EXAMPLES) == {"acts/mod-2024-15.yaml", "acts/mod-draft-reports.yaml"}
    for kind in ("substitute", "replace_words", "insert", "repeal", "delete"):
        assert f"op: {kind}" in EXAMPLES["acts/mod-2024-15.yaml"]
    assert "not_before:" in EXAMPLES["acts/mod-2024-15.yaml"] and "rus:" in EXAMPLES["acts/mod-2024-15.yaml"]


def test_every_example_passes_check(here: Path) -> None:
    code, out, err = run("check")
    assert code == 0, err
    assert out == "ok: 6 works, 10 amendments, drafts: 1\n"
    note = (
        "source/acts/mod-draft-reports.yaml: note[draft]: mod-draft-reports is a draft; before signature it still "
        "needs: number, date, registration, adilet, publication, signature"
    )
    assert err.strip() == note and note in README


def test_the_bounds_make_the_change_uncertain_then_certain(here: Path) -> None:
    _, between, _ = run("text", "mod-2023-2", "--at", "2024-03-20")
    assert "бұл бұйрықтың қолданысқа енгізілген күні белгісіз (17.03.2024 мен 26.03.2024 аралығында)" in between
    assert "3. Осы бұйрықтың орындалуын бақылау Қорғаныс министрінің бірінші орынбасары" in between
    _, after, _ = run("text", "mod-2023-2", "--at", "2024-04-01")
    assert "3. Осы бұйрықтың орындалуын бақылау Қазақстан Республикасы Қарулы Күштері Бас штабының бастығына" in after
    assert "Ескерту. 3-тармақ жаңа редакцияда - ҚР Қорғаныс министрінің 01.03.2024 № 15" in after


def test_the_generated_provisions_read_as_the_readme_says(here: Path) -> None:
    _, kaz, _ = run("text", "mod-2024-15")
    _, rus, _ = run("text", "mod-2024-15", "--lang", "rus")
    assert "3-тармақ мынадай редакцияда жазылсын:" in kaz and "3-тармақ мынадай редакцияда жазылсын:" in README
    assert "Пункт 3 изложить в следующей редакции:" in rus and "Пункт 3 изложить в следующей редакции:" in README


def test_a_deleted_unit_is_one_line_with_its_note(here: Path) -> None:
    """«алып тасталсын» / «исключить» as the README words them; the consolidated text keeps the place of
    the unit as one line «1) Алып тасталды - …», never the note a second time."""
    _, kaz, _ = run("text", "mod-2024-15")
    _, rus, _ = run("text", "mod-2024-15", "--lang", "rus")
    assert "2-тармақтың 1) тармақшасы алып тасталсын." in kaz and "Подпункт 1) пункта 2 исключить." in rus
    assert "«2-тармақтың 1) тармақшасы алып" in README and "«подпункт 1) пункта 2 исключить;»" in README
    _, after, _ = run("text", "mod-2023-2", "--at", "2024-04-01", "--no-status")
    lines = [line.strip() for line in after.splitlines()]
    deleted = [line for line in lines if line.startswith(("1) Алып тасталды", "Алып тасталды"))]
    assert deleted == [
        "1) Алып тасталды - ҚР Қорғаныс министрінің 01.03.2024 № 15 (алғашқы ресми жарияланған күнінен "
        "кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен."
    ]


def test_after_a_number_is_refused_as_the_readme_says(here: Path) -> None:
    path = here / "source/acts/mod-2024-15.yaml"
    path.write_text(path.read_text("utf-8").replace("after: para_2__point_3", 'after: "3"'), "utf-8")
    code, _, err = run("check")
    assert code == 2 and "did you mean `para_2__point_3`?" in err and "did you mean `para_2__point_3`?" in README


def test_the_draft_gives_its_table_and_redline(here: Path) -> None:
    code, out, err = run("compare", "mod-draft-reports", "--at", "2024-06-01")
    assert code == 0, err
    assert "5) осы бұйрықтың орындалуы туралы есепті Қорғаныс министрлігінің Заң департаментіне жолдауды." in out
    assert "бұйрығының жобасы" in out and "Бұйрықтың орындалуы туралы есеп беру тәртібі белгіленді." in out
    code, out, err = run("diff", "mod-2023-2", "--draft", "mod-draft-reports", "--at", "2024-06-01")
    assert code == 0, err
    assert "[+осы бұйрықтың орындалуы туралы есепті Қорғаныс министрлігінің Заң департаментіне жолдауды.+]" in out
