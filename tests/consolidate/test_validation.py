"""`lexpub check`: one broken fixture per rule, each rejected with file:line:column, the rule, exit 2."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.consolidate.validate import load_valid
from lexpub.errors import InputError

BASE = """\
work:
  type: order
  issuer: mod
  number: "5"
  date: 2024-02-01
  languages: [kaz]
  held: complete
  title: Сынақ бұйрығы
  registration:
    number: "40001"
    date: 2024-02-05
  adilet: unknown
  publication:
    date: 2024-02-10
    source: Эталондық бақылау банкі
  entry_into_force:
    rule: after-publication
    days: 10
body:
  - kind: paragraph
    num: 1
    text: Бірінші тармақ және мәтін.
  - kind: paragraph
    num: 2
    text: Екінші тармақ.
    children:
      - kind: point
        num: 1
        text: бірінші тармақша;
      - kind: point
        num: 2
        text: екінші тармақша.
"""


def amending(number: str, date: str, pub: str, ops: str) -> str:
    return textwrap.dedent(
        f"""\
        work:
          type: order
          issuer: mod
          number: "{number}"
          date: {date}
          languages: [kaz]
          held: complete
          title: Өзгерту бұйрығы
          registration: unknown
          adilet: unknown
          publication:
            date: {pub}
            source: Эталондық бақылау банкі
          entry_into_force:
            rule: on-publication
        body:
          - kind: paragraph
            num: 1
            text: Өзгерістер енгізілсін.
            children:
        """
    ) + textwrap.indent(textwrap.dedent(ops), "      ")


def amend(op: str) -> str:
    return "- kind: alinea\n  amend:\n" + textwrap.indent(textwrap.dedent(op), "    ")


def issues_of(make_corpus, files: dict[str, str]):
    src = make_corpus({"acts/mod-2024-5.yaml": BASE, **files}, base=False)
    with pytest.raises(InputError) as info:
        load_valid(src)
    return info.value.issues


def rules(issues) -> set[str]:
    return {i.rule for i in issues}


def test_base_fixture_is_valid(make_corpus):
    corpus = load_valid(make_corpus({"acts/mod-2024-5.yaml": BASE}, base=False))
    assert list(corpus.works) == ["mod-2024-5"]


# ---------------------------------------------------------------- the three rules named in the issue
def test_duplicate_key_with_location_and_exit_2(make_corpus):
    broken = BASE.replace('  number: "5"\n', '  number: "5"\n  number: "6"\n')
    src = make_corpus({"acts/mod-2024-5.yaml": broken}, base=False)
    result = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert result.exit_code == 2
    assert (
        "source/acts/mod-2024-5.yaml:5:3: error[duplicate-key]: duplicate key 'number' (first defined at line 4)"
        in result.output
    )


def test_amendment_to_missing_eid(make_corpus):
    ops = amend("op: repeal\ntarget: mod-2024-5#para_9\n")
    src = make_corpus(
        {"acts/mod-2024-5.yaml": BASE, "acts/mod-2024-6.yaml": amending("6", "2024-03-01", "2024-03-05", ops)},
        base=False,
    )
    result = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert result.exit_code == 2
    assert (
        "source/acts/mod-2024-6.yaml:23:11: error[target-missing]: mod-2024-6 amends mod-2024-5#para_9, which does not "
        "exist on 2024-03-05; did you mean `para_2` or `para_1`?\n" in result.output
    )


def test_publication_before_registration(make_corpus):
    broken = BASE.replace("    date: 2024-02-10\n", "    date: 2024-02-03\n")
    src = make_corpus({"acts/mod-2024-5.yaml": broken}, base=False)
    result = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert result.exit_code == 2
    assert (
        "source/acts/mod-2024-5.yaml:14:11: error[publication-before-registration]: published 2024-02-03 before registration 2024-02-05"
        in result.output
    )


# ---------------------------------------------------------------- one fixture per further rule
CASES = {
    "yaml-syntax": BASE.replace("  held: complete\n", "  held: [complete\n"),
    "yaml-alias": BASE.replace("  title: Сынақ бұйрығы", "  title: &t Сынақ бұйрығы\n  x: *t"),
    "yaml-tag": BASE.replace("  title: Сынақ бұйрығы", "  title: !!python/object:os.system x"),
    "unknown-field": BASE.replace("  title: Сынақ бұйрығы", "  titel: Сынақ бұйрығы\n  title: Сынақ бұйрығы"),
    "missing-field": BASE.replace("  held: complete\n", ""),
    "wrong-type": BASE.replace("  languages: [kaz]", "  languages: kaz"),
    "bad-value": BASE.replace("  held: complete", "  held: some"),
    "bad-date": BASE.replace("  date: 2024-02-01", "  date: 2023-04-31"),
    "date-order": BASE.replace("    date: 2024-02-05\n", "    date: 2024-01-05\n"),
    "mixed-script": BASE.replace("Екінші тармақ.", "Eкінші тармақ."),
    "bad-num": BASE.replace("    num: 2\n    text: Екінші", '    num: "І"\n    text: Екінші'),
    "numbering": BASE.replace("    num: 2\n    text: Екінші", "    num: 3\n    text: Екінші"),
    "missing-num": BASE.replace("  - kind: paragraph\n    num: 1\n", "  - kind: paragraph\n"),
    "unexpected-num": BASE.replace("      - kind: point\n        num: 1\n", "      - kind: alinea\n        num: 1\n"),
    "held-text": BASE.replace("    num: 1\n    text: Бірінші", "    num: 1\n    held: false\n    text: Бірінші"),
    "unknown-issuer": BASE.replace("  issuer: mod", "  issuer: moj"),
    "bad-number": BASE.replace('  number: "5"', '  number: "5a"'),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule(make_corpus, rule):
    found = issues_of(make_corpus, {"acts/mod-2024-5.yaml": CASES[rule]})
    assert rule in rules(found), found
    assert all(i.loc is not None and i.loc.line >= 1 for i in found), found


def test_duplicate_eid(make_corpus):
    broken = BASE.replace("    num: 2\n    text: Екінші", "    num: 1\n    text: Екінші")
    assert "duplicate-eid" in rules(issues_of(make_corpus, {"acts/mod-2024-5.yaml": broken}))


def test_non_utf8(make_corpus):
    src = make_corpus({"acts/mod-2024-5.yaml": BASE}, base=False)
    (src / "acts" / "mod-2024-5.yaml").write_bytes(
        BASE.encode("utf-8").replace("Екінші".encode(), "Екінші".encode("cp1251"))
    )
    with pytest.raises(InputError) as info:
        load_valid(src)
    assert [i.rule for i in info.value.issues] == ["encoding"]
    assert (info.value.issues[0].loc.line, info.value.issues[0].loc.column) == (25, 11)


AMENDING = {
    "unknown-target-work": amend("op: repeal\ntarget: mod-2099-1#para_1\n"),
    "target-repealed": amend("op: repeal\ntarget: mod-2024-5#para_1\n")
    + amend("op: substitute\ntarget: mod-2024-5#para_1\ncontent:\n  kind: paragraph\n  num: 1\n  text: Жаңа.\n"),
    "content-eid": amend(
        "op: substitute\ntarget: mod-2024-5#para_1\ncontent:\n  kind: paragraph\n  num: 2\n  text: Жаңа.\n"
    ),
    "insert-exists": amend(
        "op: insert\ntarget: mod-2024-5#para_2\ncontent:\n  kind: paragraph\n  num: 2\n  text: Жаңа.\n"
    ),
    "words-missing": amend("op: replace_words\ntarget: mod-2024-5#para_1\nold: жоқ сөз\nnew: басқа\n"),
    "renumber-collision": amend("op: renumber\ntarget: mod-2024-5#para_1\nnew_num: 2\n"),
    "unsafe-eid": amend("op: repeal\ntarget: mod-2024-5#-para_1\n"),
    "content-from": amend("op: substitute\ntarget: mod-2024-5#para_1\ncontent_from: att_9\n"),
    "target-not-yet-existing": amend("op: repeal\ntarget: mod-2024-5#para_1\ncommencement: 2024-01-15\n"),
}


@pytest.mark.parametrize("rule", sorted(AMENDING))
def test_amendment_rule(make_corpus, rule):
    files = {"acts/mod-2024-6.yaml": amending("6", "2024-01-10", "2024-03-05", AMENDING[rule])}
    found = issues_of(make_corpus, files)
    assert rule in rules(found), found
    assert all(i.loc is not None and i.loc.file.endswith("mod-2024-6.yaml") for i in found if i.rule == rule)


def test_collision_of_two_acts_on_one_unit_and_day(make_corpus):
    op = amend("op: replace_words\ntarget: mod-2024-5#para_1\nold: мәтін\nnew: сөз\n")
    files = {
        "acts/mod-2024-6.yaml": amending("6", "2024-03-01", "2024-03-05", op),
        "acts/mod-2024-7.yaml": amending("7", "2024-03-02", "2024-03-05", op),
    }
    assert "amendment-collision" in rules(issues_of(make_corpus, files))


def test_circular_amendments(make_corpus):
    six = amend("op: repeal\ntarget: mod-2024-7#para_1__alinea_1\n")
    seven = amend("op: repeal\ntarget: mod-2024-6#para_1__alinea_1\n")
    files = {
        "acts/mod-2024-6.yaml": amending("6", "2024-03-01", "2024-03-05", six),
        "acts/mod-2024-7.yaml": amending("7", "2024-03-02", "2024-03-06", seven),
    }
    assert "circular-amendment" in rules(issues_of(make_corpus, files))


def test_all_problems_reported_at_once(make_corpus):
    broken = BASE.replace("  date: 2024-02-01", "  date: 2023-02-29").replace("Екінші тармақ.", "Eкінші тармақ.")
    found = issues_of(make_corpus, {"acts/mod-2024-5.yaml": broken})
    assert {"bad-date", "mixed-script"} <= rules(found)
    assert "2023 is not a leap year" in " ".join(i.message for i in found)


def test_real_corpus_checks_clean():
    from tests.conftest import SOURCE

    result = CliRunner().invoke(main, ["check", "--source", str(SOURCE)])
    assert result.exit_code == 0 and result.output.startswith("ok: 4 works, 5 amendments")
