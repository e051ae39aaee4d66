"""Kazakh and Russian texts imported into one work, and the alignment gate of ``lexpub check``."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from lexpub.cli.commands import main
from lexpub.model.dates import long_form
from lexpub.sources.alignment import facts, misaligned

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
FIX = ROOT / "tests" / "fixtures" / "import"
KK, RU = FIX / "bilingual-kk.txt", FIX / "bilingual-ru.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def minimal_source(tmp_path: Path, act: Path) -> Path:
    src = tmp_path / "src"
    (src / "acts").mkdir(parents=True)
    shutil.copy(SOURCE / "issuers.yaml", src / "issuers.yaml")
    shutil.copy(act, src / "acts" / act.name)
    return src


def test_both_languages_fill_one_work_that_passes_check(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, err = run("import", str(KK), "--lang", "kaz", "--with-rus", str(RU), "--out", str(out))
    assert code == 0, err
    data = yaml.safe_load((out / "mod-2023-1100.yaml").read_text(encoding="utf-8"))
    assert data["work"]["languages"] == ["kaz", "rus"]
    assert data["body"][1]["text"] == {
        "kaz": "Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.",
        "rus": "Настоящий приказ вводится в действие по истечении десяти календарных дней после дня его первого "
        "официального опубликования.",
    }
    src = minimal_source(tmp_path, out / "mod-2023-1100.yaml")
    assert run("check", "--source", str(src))[0] == 0
    for lang, path in (("kaz", KK), ("rus", RU)):
        code, text, _ = run("text", "mod-2023-1100", "--lang", lang, "--no-status", "--source", str(src))
        assert code == 0
        assert text == path.read_text(encoding="utf-8")


def test_a_russian_text_stating_another_date_and_number_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "ru.txt"
    bad.write_text(RU.read_text(encoding="utf-8").replace("от 12 июля 2017 года № 350", "от 12 июня 2017 года № 351"))
    out = tmp_path / "out"
    code, _, err = run("import", str(KK), "--lang", "kaz", "--with-rus", str(bad), "--out", str(out))
    assert code == 2
    m = re.search(r"(\S+):(\d+):(\d+): error\[alignment\]: (.*) \(the rus text is at (\S+):(\d+):(\d+)\)", err)
    assert m, err
    assert m.group(4) == "only the kaz text has 2017-07-12, 350; only the rus text has 2017-06-12, 351"
    assert (m.group(1), m.group(2), m.group(5), m.group(6)) == (str(KK), "4", str(bad), "4")  # both inputs, line 4
    assert not out.exists()


def test_check_names_both_locations_of_a_misaligned_unit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("import", str(KK), "--lang", "kaz", "--with-rus", str(RU), "--out", str(out))[0] == 0
    act = out / "mod-2023-1100.yaml"
    act.write_text(act.read_text(encoding="utf-8").replace("под № 15861", "под № 15862"), encoding="utf-8")
    src = minimal_source(tmp_path, act)
    code, _, err = run("check", "--source", str(src))
    assert code == 2
    lines = act.read_text(encoding="utf-8").splitlines()
    kaz = next(i for i, x in enumerate(lines, 1) if x.strip() == "kaz: >-" and "15861" in lines[i + 1])
    rus = next(i for i, x in enumerate(lines, 1) if x.strip() == "rus: >-" and i > kaz)
    assert (
        f"acts/mod-2023-1100.yaml:{kaz}:" in err
        and "error[alignment]: only the kaz text has 15861; only the rus text has 15862 (the rus text is at " in err
        and f"acts/mod-2023-1100.yaml:{rus}:" in err
    )


def test_different_numbering_is_an_input_error_naming_both_lines(tmp_path: Path) -> None:
    bad = tmp_path / "ru.txt"
    bad.write_text(RU.read_text(encoding="utf-8").replace("      2. Настоящий", "      3. Настоящий"))
    code, _, err = run("import", str(KK), "--lang", "kaz", "--with-rus", str(bad), "--out", str(tmp_path / "o"))
    assert code == 2
    assert (
        f"{KK}:5:1: error[import-align]: the kaz text has paragraph 2 here; the rus text has it otherwise at {bad}:5:1"
        in err
    )


@given(st.dates(dt.date(1991, 12, 16), dt.date(2030, 12, 31)), st.integers(1, 99999))
def test_a_date_and_number_align_across_languages_however_worded(day: dt.date, number: int) -> None:
    kaz = f"{long_form(day, 'kaz')} № {number} бұйрығы"
    rus = f"приказ от {long_form(day, 'rus')} № {number}"
    assert misaligned(kaz, rus) is None
    assert facts(kaz, "kaz") == {day.isoformat(): 1, str(number): 1}
    other = day + dt.timedelta(days=1)
    assert misaligned(kaz, f"приказ от {long_form(other, 'rus')} № {number}") is not None


def test_a_russian_text_alone_is_a_russian_work(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run("import", str(RU), "--lang", "rus", "--out", str(out))
    assert code == 0, err
    data = yaml.safe_load((out / "mod-2023-1100.yaml").read_text(encoding="utf-8"))
    assert data["work"]["languages"] == ["rus"]
    assert data["work"]["entry_into_force"] == {"rule": "after-publication", "days": 10}
    src = minimal_source(tmp_path, out / "mod-2023-1100.yaml")
    code, text, _ = run("text", "mod-2023-1100", "--lang", "rus", "--no-status", "--source", str(src))
    assert (code, text) == (0, RU.read_text(encoding="utf-8"))
