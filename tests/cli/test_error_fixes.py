"""Errors that say the fix (issue 17, item 3): the five slips a lawyer made encoding an order, each planted
in a copy of the real corpus, and the message each now gets — in English and in the catalogue languages
(``lexpub --messages kaz|rus``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.errors import Issue, Loc, collapse

ROOT = Path(__file__).resolve().parents[2]
INSERT = """work:
  type: order
  issuer: mod
  number: "7"
  date: 2024-03-01
  languages: [kaz]
  held: complete
  title:
    kaz: Сынақ бұйрығы туралы
  registration:
    number: "40007"
    date: 2024-03-05
  adilet: unknown
  publication:
    date: 2024-03-10
    source: unknown
  entry_into_force:
    rule: on-date
    date: 2024-04-01

body:
  - kind: paragraph
    num: 1
    amend:
      op: insert
      target: mod-2023-2#para_3-1
      after: "3"
      content:
        kind: paragraph
        num: 3-1
        text: Сынақ тармағы.
"""


@pytest.fixture
def here(tmp_path: Path) -> Iterator[Path]:
    """A copy of the real corpus at ``tmp/source``, the working directory being ``tmp``."""
    shutil.copytree(ROOT / "source", tmp_path / "source")
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def check(*args: str, source: str = "source") -> list[str]:
    result = CliRunner().invoke(main, [*args, "check", "--source", source])
    assert result.exit_code == 2, result.output
    return result.stderr.splitlines()


def test_a_target_without_its_attachment_prefix_gets_the_eid_and_the_date(here: Path) -> None:
    edit(here / "source/acts/mod-2023-2.yaml", "mod-2017-357#att_nn_1__para_11", "mod-2017-357#para_11")
    assert check() == [
        "source/acts/mod-2023-2.yaml:176:15: error[target-missing]: mod-2023-2 amends mod-2017-357#para_11, "
        "which does not exist on 2023-01-20 or later (the exact date is not known); did you mean "
        "`att_nn_1__para_11`? If mod-2017-357 has this unit but the corpus does not hold its wording, declare it "
        "in the partial work (source/acts/mod-2017-357.yaml) with `held: false`."
    ]
    assert check("--messages", "kaz") == [
        "source/acts/mod-2023-2.yaml:176:15: error[target-missing]: mod-2023-2 актісі mod-2017-357#para_11 "
        "бірлігін өзгертеді, бірақ 2023-01-20 немесе одан кейін (нақты күні белгісіз) бұл бірлік жоқ; мүмкін, "
        "`att_nn_1__para_11` деп жазғыңыз келді ме? Егер бұл бірлік актіде бар, бірақ оның мәтіні жинақта "
        "болмаса, оны source/acts/mod-2017-357.yaml файлында `held: false` белгісімен көрсетіңіз."
    ]
    assert check("--messages", "rus")[0].endswith(
        "такой единицы нет; возможно, имелось в виду `att_nn_1__para_11`? Если единица в акте есть, но её текст "
        "в исходных файлах не хранится, укажите её в файле source/acts/mod-2017-357.yaml с `held: false`."
    )


def test_a_date_written_the_russian_way_is_shown_the_iso_way(here: Path) -> None:
    edit(
        here / "source/acts/mod-2023-2.yaml",
        "    date: unknown\n    source: unknown",
        "    date: 20.06.2024\n    source: unknown",
    )
    assert check() == [
        "source/acts/mod-2023-2.yaml:26:11: error[bad-format]: work.publication.date: '20.06.2024': dates are "
        "written YYYY-MM-DD, e.g. 2024-06-20 or the word 'unknown'"
    ]
    assert check("--messages", "rus") == [
        "source/acts/mod-2023-2.yaml:26:11: error[bad-format]: work.publication.date: '20.06.2024': даты пишутся "
        "в виде ГГГГ-ММ-ДД, например 2024-06-20 (или unknown, если дата неизвестна)"
    ]
    for line in check():
        assert "valid under" not in line and "does not match" not in line and "^" not in line


def test_after_a_number_says_it_takes_an_eid(here: Path) -> None:
    (here / "source/acts/mod-2024-7.yaml").write_text(INSERT, "utf-8")
    assert check() == [
        "source/acts/mod-2024-7.yaml:25:7: error[target-missing]: insert after '3': no such unit; `after` takes "
        "the eId of the unit the new one follows; did you mean `para_3`?"
    ]
    assert check("--messages", "kaz") == [
        "source/acts/mod-2024-7.yaml:25:7: error[target-missing]: '3' бірлігінен кейін енгізу мүмкін емес: ондай "
        "бірлік жоқ; `after` жаңа бірлік одан кейін тұратын бірліктің нөмірін емес, eId-ін алады; мүмкін, "
        "`para_3` деп жазғыңыз келді ме?"
    ]


def test_a_missing_russian_text_is_one_line_with_its_places(here: Path) -> None:
    edit(here / "source/acts/mod-2023-2.yaml", "languages: [kaz]", "languages: [kaz, rus]")
    lines = check()
    assert len(lines) == 1
    assert lines[0].startswith(
        "source/acts/mod-2023-2.yaml:16:5: error[parallel-text]: text lacks the rus version (languages must align) "
        "(the same at lines 33, 38, 41, 47, 50, 55, 61, 66, 71, 75, 76, 77, …: "
    )
    assert lines[0].endswith(" places)")
    assert check("--messages", "kaz")[0].startswith(
        "source/acts/mod-2023-2.yaml:16:5: error[parallel-text]: мәтіннің rus нұсқасы жоқ (work.languages "
        "тізіміндегі әр тілде мәтін берілуі керек) (дәл осы қате 33, 38, 41,"
    )


def test_paths_are_printed_as_the_user_gave_the_source(here: Path) -> None:
    edit(here / "source/acts/mod-2023-2.yaml", "mod-2017-357#att_nn_1__para_11", "mod-2017-357#para_11")
    assert check(source="source")[0].startswith("source/acts/mod-2023-2.yaml:176:15: ")
    assert check(source="./source")[0].startswith("source/acts/mod-2023-2.yaml:176:15: ")
    absolute = str(here / "source")
    assert check(source=absolute)[0].startswith(f"{absolute}/acts/mod-2023-2.yaml:176:15: ")


def test_collapse_sorts_by_file_and_line_and_gives_a_repeated_problem_once() -> None:
    def at(file: str, line: int, message: str = "m") -> Issue:
        return Issue(Loc(file, line, 1), "r", message)

    found = collapse([at("b.yaml", 3), at("a.yaml", 9), at("b.yaml", 1), at("b.yaml", 1), at("a.yaml", 2, "x")])
    assert [(g.issue.loc, g.issue.message, g.also) for g in found] == [
        (Loc("a.yaml", 2, 1), "x", ()),
        (Loc("a.yaml", 9, 1), "m", ()),
        (Loc("b.yaml", 1, 1), "m", (3,)),
    ]
