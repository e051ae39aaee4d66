"""Wording found wrong in review (issue 14 §6), each fixed and held here on the real sources and outputs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli.commands import main
from lexpub.consolidate.apply import consolidate
from lexpub.diff.fidelity import differences
from lexpub.errors import ValidationError
from lexpub.render.text import render_text
from lexpub.services.calendar import held_years, load_year
from lexpub.sources.errata import load_errata
from lexpub.wording.i18n import t
from tests.conftest import SOURCE

ERRATA = SOURCE / "errata" / "mod-2023-2.yaml"


def entry(where: str, seed_word: str):
    errata = load_errata(ERRATA, SOURCE)
    return next(e for e in errata.entries if e.where == where and seed_word in " ".join(e.seed))


# --------------------------------------------------------------------------- errata
def test_a_typo_of_the_official_title_is_kept_as_published_and_marked(corpus):
    title = corpus.works["mod-2023-2"].title
    assert title is not None and "Қорғаныс миистрінің кейбір бұйрықтарына" in (title.get("kaz") or "")
    e = entry("title", "миистрінің")
    assert e.kinds == ("official-typo",) and e.seed == e.official
    assert "kept as published" in e.why
    text = render_text(corpus, consolidate(corpus, "mod-2023-2"), footer=False)
    assert "Қорғаныс миистрінің кейбір" in text.splitlines()[0]
    assert "министрінің" in text  # the requisites and the body keep their own (correct) spelling
    assert differences(corpus, load_errata(ERRATA, SOURCE)) == []


def test_an_official_typo_entry_that_corrects_the_text_is_refused(tmp_path: Path):
    src = tmp_path / "source"
    shutil.copytree(SOURCE, src)
    path = src / "errata" / "mod-2023-2.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    official: Қорғаныс миистрінің кейбір", "    official: Қорғаныс министрінің кейбір", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as exc:
        load_errata(path, src)
    assert "error[official-typo]" in str(exc.value) and "kept as published" in str(exc.value)


def test_a_correction_that_only_an_old_kind_typo_allowed_is_refused_by_the_schema(tmp_path: Path):
    src = tmp_path / "source"
    shutil.copytree(SOURCE, src)
    path = src / "errata" / "mod-2023-2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: [official-typo]", "kind: [typo]", 1), "utf-8")
    with pytest.raises(ValidationError):
        load_errata(path, src)


def test_the_missing_space_in_sagat_13_has_the_right_reason(corpus):
    e = entry("att_1__att_2-1__tr_7__point_1", "сағат13.00-ден")
    assert e.official == ("сағат", "13.00-ден") and e.kinds == ("broken-spacing",)
    assert e.why.startswith("Not a line join") and "mid-line" in e.why
    assert "confirm against the signed original" in e.why
    seed = (SOURCE / "seeds" / "mod-2023-2.adilet.txt").read_text(encoding="utf-8").splitlines()
    line = next(x for x in seed if "сағат13.00" in x)
    assert not line.rstrip().endswith("сағат13.00-ден")  # mid-line indeed: the reason given is the true one
    assert re.search(r"\S\s*сағат13\.00", line)


# --------------------------------------------------------------------------- site and calendars
def test_the_site_is_of_the_ministers_orders():
    assert t("kaz", "site.name") == "Қорғаныс министрінің бұйрықтары"
    assert t("rus", "site.name") == "Приказы Министра обороны"
    assert "Министерства" not in t("rus", "site.feed.title")
    assert "министрлігі" not in t("kaz", "site.feed.title")


def test_seventh_of_may_is_otan_qorgaushy_kuni_and_the_holidays_law_is_267_ii():
    for year in held_years(SOURCE):
        cal = load_year(SOURCE, year)
        may7 = next(d for d in cal.days_off if d.date == dt.date(year, 5, 7) or d.name_ru == "День защитника Отечества")
        assert may7.name_kk == "Отан қорғаушы күні"
        for d in cal.days_off:
            if "On holidays" in d.source:
                assert "No. 267-II of 13.12.2001" in d.source, d.source
    for path in (SOURCE / "calendars").glob("*.yaml"):
        assert not re.search(r"No\. 267(?!-II)", path.read_text(encoding="utf-8")), path


# --------------------------------------------------------------------------- tables and PDFs
def test_the_official_table_of_appendix_2_1_has_no_header_row_the_act_does_not_have():
    out = CliRunner().invoke(main, ["render", "mod-2017-357", "--format", "html", "--source", str(SOURCE)]).output
    table = out.split('class="requirements"', 1)[1].split("</table>", 1)[0]
    assert "<thead" not in table and "Талаптың атауы" not in table
    first_row = table.split("<tr", 2)[1]
    assert "Мемлекеттік көрсетілетін қызмет атауы" in first_row


@pytest.mark.parametrize(
    "args",
    [
        ["service", "military-specialty-training", "--format", "pdf"],
        ["render", "mod-2017-357", "--format", "pdf"],
    ],
)
def test_a_phone_number_never_breaks_across_lines_in_a_pdf(tmp_path: Path, args: list[str]):
    pdf = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, [*args, "--out", str(pdf), "--source", str(SOURCE)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [x for x in text.splitlines() if "080 7777" in x]
    assert len(lines) >= 2  # row 7 and row 10 of Appendix 2-1 both give the contact centre's number
    assert all("8 800 080 7777" in x for x in lines), lines
