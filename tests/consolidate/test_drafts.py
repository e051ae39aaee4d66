"""Drafts (issue 17, item 1): an amending order with no number, date or registration yet is checked,
gives a comparative table and a redline against the text in force on a chosen date, and is never
published. The draft is ``tests/fixtures/mod-draft-control.yaml`` (it amends Order No. 2)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.consolidate.drafts import missing_for_signature, signed_only
from lexpub.consolidate.lifecycle import standing_at
from lexpub.model.dates import DRAFT_DATE
from lexpub.sources.corpus import load_corpus

DRAFT = (Path(__file__).resolve().parents[1] / "fixtures" / "mod-draft-control.yaml").read_text("utf-8")
ID = "mod-draft-control"


@pytest.fixture
def src(make_corpus: Callable[..., Path]) -> Path:
    path: Path = make_corpus({f"acts/{ID}.yaml": DRAFT})
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_accepts_a_draft_and_says_what_it_still_needs(src: Path) -> None:
    code, out, err = run("check", "--source", str(src))
    assert code == 0, err
    assert out == "ok: 5 works, 5 amendments, drafts: 1\n"
    assert err == (
        f"{src}/acts/{ID}.yaml: note[draft]: {ID} is a draft; before signature it still needs: "
        "number, date, registration, adilet, publication, signature\n"
    )


def test_only_a_draft_may_leave_number_and_date_unknown(src: Path) -> None:
    signed = DRAFT.replace("  status: draft\n", "")
    (src / "acts" / f"{ID}.yaml").write_text(signed, "utf-8")
    code, _, err = run("check", "--source", str(src))
    assert code == 2
    assert "error[bad-number]: number unknown: only a draft (work.status: draft) may leave it unknown" in err
    assert "error[bad-date]: date unknown: only a draft (work.status: draft) may leave it unknown" in err


def test_a_draft_is_never_in_force_and_its_changes_touch_no_text(src: Path) -> None:
    corpus = load_corpus(src)
    work = corpus.works[ID]
    assert work.status == "draft" and work.date == DRAFT_DATE and work.number == f"draft-{ID}"
    assert missing_for_signature(work) == ("number", "date", "registration", "adilet", "publication", "signature")
    assert standing_at(corpus, ID, dt.date(2026, 1, 1)).status == "draft"
    assert [a.source_work for a in corpus.amendments].count(ID) == 0
    assert len(corpus.drafts) == 4
    published, left_out = signed_only(corpus)
    assert left_out == (ID,) and ID not in published.works


def test_the_comparative_table_of_a_draft_against_the_text_in_force(src: Path) -> None:
    code, out, err = run("compare", ID, "--at", "2024-06-01", "--format", "html", "--source", str(src))
    assert code == 0, err
    assert (
        "«Қазақстан Республикасы Қорғаныс министрінің 2023 жылғы 4 қаңтардағы № 2 бұйрығына өзгерістер енгізу "
        "туралы» Қазақстан Республикасы Қорғаныс министрінің бұйрығының жобасы"
    ) in out
    # current wording on 01.06.2024 → proposed, changed words in bold, the justification as given
    assert "Қорғаныс министрінің бірінші орынбасары – </b>" in out or "<b>Қорғаныс министрінің бірінші" in out
    assert "Бақылау жүктелетін лауазымды тұлға нақтыланды." in out
    assert "<b>ресми</b>" in out or "<b>ресми </b>" in out
    assert "Алып тасталсын." in out
    assert "жоқ" in out  # the inserted point 4) had no current wording
    for placeholder in ("2999", "31.12.2999", f"draft-{ID}", ID):
        assert placeholder not in out


def test_the_draft_table_as_docx_carries_no_placeholder_date(src: Path) -> None:
    table = src.parent / "t.docx"
    code, _, err = run("compare", ID, "--format", "docx", "--source", str(src), "--out", str(table))
    assert code == 0, err
    with zipfile.ZipFile(io.BytesIO(table.read_bytes())) as z:
        everything = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert "2999" not in everything and f"draft-{ID}" not in everything
    assert "бұйрығының жобасы" in everything


def test_diff_shows_what_the_draft_would_change(src: Path) -> None:
    code, out, err = run("diff", "mod-2023-2", "--draft", ID, "--at", "2024-06-01", "--source", str(src))
    assert code == 0, err
    assert "Өзгерген бірліктер: 4." in out
    assert "Қорғаныс министрлігінің [+ресми +]интернет-ресурсына орналастыруды;" in out
    assert "Ескерту. 3-тармақ жаңа редакцияда - ҚР Қорғаныс министрінің бұйрық жобасымен." in out
    assert (
        "Өзгерісті ҚР Қорғаныс министрінің бұйрық жобасымен енгізу ұсынылады; ережесі: 1-тармақ, 2-бөлік; "
        "жобаға әлі қол қойылмаған." in out
    )
    assert "қолданысқа енгізілуі: 01.06.2024" not in out  # the date asked is no commencement of a draft
    assert "2999" not in out and f"draft-{ID}" not in out


def test_a_draft_has_no_text_in_force(src: Path) -> None:
    code, _, err = run("text", ID, "--source", str(src))
    assert code == 2
    assert f"error[draft]: {ID} is a draft (not signed): it has no text in force" in err


def test_the_build_skips_a_draft_saying_so(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    code, _, err = run("build", "--source", str(src), "--out", str(out), "--jobs", "1")
    assert code == 0, err
    assert f"skipped {ID}: a draft is not signed and is never published" in err
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files and not any(ID in str(p) for p in files)
    for p in files:
        if p.suffix in (".html", ".xml", ".json", ".md", ".txt"):
            text = p.read_text("utf-8", "replace")
            assert ID not in text and "бұйрық жобасы" not in text, p


WORD_DRAFT = """Қазақстан Республикасы Қорғаныс министрінің 2023 жылғы 4 қаңтардағы № 2 бұйрығына өзгеріс енгізу туралы
      БҰЙЫРАМЫН:
      1. «Қорғаныс министрінің кейбір бұйрықтарына өзгерістер енгізу туралы» Қазақстан Республикасы Қорғаныс министрінің 2023 жылғы 4 қаңтардағы № 2 бұйрығына мынадай өзгеріс енгізілсін:
      3-тармақ мынадай редакцияда жазылсын:
      "3. Осы бұйрықтың орындалуын бақылау Қазақстан Республикасы Қарулы Күштері Бас штабының бастығына жүктелсін.".
      2. Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.
"""


def test_a_draft_without_number_or_date_is_imported_as_a_draft(src: Path, tmp_path: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text(WORD_DRAFT, "utf-8")
    out = tmp_path / "imported"
    out.mkdir()
    code, stdout, err = run(
        "import", str(text), "--lang", "kaz", "--draft", "mod-draft-imported", "--source", str(src), "--out", str(out)
    )
    assert code == 0, err
    written = (out / "mod-draft-imported.yaml").read_text("utf-8")
    assert "  status: draft\n" in written and "  number: unknown\n" in written and "  date: unknown\n" in written
    assert "op: substitute" in written and "target: mod-2023-2#para_3" in written
    shutil.copy(out / "mod-draft-imported.yaml", src / "acts" / "mod-draft-imported.yaml")
    code, _, err = run("check", "--source", str(src))
    assert code == 0 and "note[draft]: mod-draft-imported is a draft" in err
    code, table, err = run("compare", "mod-draft-imported", "--at", "2024-06-01", "--source", str(src))
    assert code == 0, err
    assert "Қорғаныс министрінің бірінші орынбасары – " in table  # the wording in force on 01.06.2024


def test_without_draft_a_heading_without_requisites_is_refused(src: Path, tmp_path: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text(WORD_DRAFT, "utf-8")
    code, _, err = run("import", str(text), "--lang", "kaz", "--source", str(src), "--out", str(tmp_path))
    assert code == 2 and "error[import-requisites]" in err


AMENDS_THE_DRAFT = """work:
  type: order
  issuer: mod
  number: "7"
  date: 2024-03-01
  languages: [kaz]
  held: complete
  title:
    kaz: Сынақ бұйрығы туралы
  registration: {number: "40007", date: 2024-03-05}
  adilet: unknown
  publication: {date: 2024-03-10, source: unknown}
  entry_into_force: {rule: on-date, date: 2024-04-01}

body:
  - kind: paragraph
    num: 1
    amend:
      op: repeal
      target: mod-draft-control#para_2
"""


def test_no_act_amends_a_draft(src: Path) -> None:
    (src / "acts" / "mod-2024-7.yaml").write_text(AMENDS_THE_DRAFT, "utf-8")
    code, _, err = run("check", "--source", str(src))
    assert code == 2
    assert "error[target-draft]: mod-draft-control is a draft (not signed): no act can amend it" in err


def test_at_is_refused_for_a_signed_act(src: Path) -> None:
    code, _, err = run("compare", "mod-2023-2", "--at", "2024-06-01", "--source", str(src))
    assert code == 2
    assert (
        "error[bad-argument]: --at is for a draft; mod-2023-2 is compared with the text just before it commences" in err
    )
