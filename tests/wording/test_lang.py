"""One language vocabulary: ``kaz``/``rus`` in the model, BCP 47 (``kk``/``ru``) only through
:mod:`lexpub.wording.lang`, and no other copy of the mapping in the package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexpub.cli import main
from lexpub.consolidate.editions import editions
from lexpub.consolidate.validate import load_valid
from lexpub.model.values import LANGS
from lexpub.render.json import editions_json
from lexpub.wording.i18n import HERE, file_name
from lexpub.wording.lang import bcp47, model_lang

PACKAGE = Path(__file__).resolve().parents[2] / "lexpub"
NOT_YET: set[str] = set()  # every module that needs a BCP 47 tag asks wording.lang


def test_bcp47_tags_of_the_model_languages():
    assert [bcp47(lang) for lang in LANGS] == ["kk", "ru"]


@pytest.mark.parametrize("lang", LANGS)
def test_model_language_back_from_either_spelling(lang):
    assert model_lang(bcp47(lang)) == lang
    assert model_lang(lang) == lang


@pytest.mark.parametrize("value", ["", "kz", "KK", "en", "kaz ", "қаз"])
def test_an_unknown_language_is_refused_never_guessed(value):
    with pytest.raises(ValueError, match="unknown language"):
        model_lang(value)


def test_catalogues_are_named_by_bcp47_tags():
    assert [file_name(lang) for lang in LANGS] == ["kk.yaml", "ru.yaml"]
    assert all((HERE / file_name(lang)).is_file() for lang in LANGS)


def test_no_other_module_spells_the_mapping():
    copy = re.compile(r"""["']kaz["']\s*:\s*["']kk["']|["']kk["']\s*:\s*["']kaz["']""")
    found = sorted(
        rel
        for path in PACKAGE.rglob("*.py")
        if copy.search(path.read_text("utf-8")) and (rel := path.relative_to(PACKAGE).as_posix()) not in NOT_YET
    )
    assert found == ["wording/lang.py"]


def test_no_second_name_for_the_mapping():
    """``HTML_LANG`` (render.env) was a second name for it; templates call the ``bcp47`` global."""
    named = sorted(
        p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if "HTML_LANG" in p.read_text("utf-8")
    )
    assert named == []


# A bilingual pair of orders (the real corpus holds only Kazakh texts): No. 7 and No. 8 amending its item 1.
BILINGUAL = {
    "acts/mod-2024-7.yaml": """\
work:
  type: order
  issuer: mod
  number: "7"
  date: 2024-02-01
  languages: [kaz, rus]
  held: complete
  title:
    kaz: Әскери оқу туралы
    rus: О военном обучении
  registration: unknown
  adilet: unknown
  publication:
    date: 2024-02-05
    source: unknown
  entry_into_force:
    rule: after-publication
    days: 10

body:
  - kind: paragraph
    num: 1
    text:
      kaz: Оқу үш ай бойы жүргізіледі.
      rus: Обучение проводится в течение трёх месяцев.
""",
    "acts/mod-2024-8.yaml": """\
work:
  type: order
  issuer: mod
  number: "8"
  date: 2024-05-02
  languages: [kaz, rus]
  held: complete
  title:
    kaz: Әскери оқу туралы бұйрыққа өзгеріс енгізу туралы
    rus: О внесении изменения в приказ о военном обучении
  registration: unknown
  adilet: unknown
  publication:
    date: 2024-05-06
    source: unknown
  entry_into_force:
    rule: on-date
    date: 2024-06-01

body:
  - kind: paragraph
    num: 1
    amend:
      op: substitute
      target: mod-2024-7#para_1
      content:
        kind: paragraph
        num: 1
        text:
          kaz: Оқу алты ай бойы жүргізіледі.
          rus: Обучение проводится в течение шести месяцев.
""",
}


@pytest.fixture
def bilingual(make_corpus) -> Path:
    return make_corpus(BILINGUAL, base=False)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_render_takes_the_language_of_the_text(bilingual: Path):
    code, out, _ = run("render", "mod-2024-7", "--lang", "rus", "--format", "md", "--source", str(bilingual))
    assert code == 0
    assert out.startswith("# О военном обучении\n")
    assert "1\\. Обучение проводится в течение шести месяцев." in out.splitlines()
    code, out, _ = run(
        "render", "mod-2024-7", "--lang", "rus", "--at", "2024-03-01", "--format", "md", "--source", str(bilingual)
    )
    assert "1\\. Обучение проводится в течение трёх месяцев." in out.splitlines()
    code, out, _ = run(
        "render",
        "mod-2024-7",
        "--lang",
        "rus",
        "--edition",
        "2024-06-01",
        "--format",
        "html",
        "--ui",
        "kaz",
        "--source",
        str(bilingual),
    )
    assert code == 0 and 'lang="ru"' in out and "Обучение проводится в течение шести месяцев." in out
    code, out, _ = run("render", "mod-2024-7", "--format", "md", "--source", str(bilingual))
    assert "1\\. Оқу алты ай бойы жүргізіледі." in out.splitlines()


def test_diff_takes_the_language_of_the_text(bilingual: Path):
    code, out, _ = run("diff", "mod-2024-7", "--from", "2024-03-01", "--lang", "rus", "--source", str(bilingual))
    assert code == 0
    assert "    1. Обучение проводится в течение [-трёх-][+шести+] месяцев." in out.splitlines()
    code, out, _ = run(
        "diff", "mod-2024-7", "--from", "2024-03-01", "--format", "html", "--lang", "rus", "--source", str(bilingual)
    )
    assert '<html lang="ru"' in out
    code, out, _ = run("diff", "mod-2024-7", "--from", "2024-03-01", "--source", str(bilingual))
    assert "    1. Оқу [-үш-][+алты+] ай бойы жүргізіледі." in out.splitlines()


@pytest.mark.parametrize("verb", [["render"], ["diff"]])
def test_a_language_the_corpus_does_not_hold_is_refused(verb: list[str]):
    code, out, err = run(*verb, "mod-2023-2", "--lang", "rus")
    assert (code, out) == (2, "")
    assert err == "error[language-not-held]: mod-2023-2 is held only in kaz; no rus text exists in the corpus\n"


def test_editions_json_names_each_expression_in_its_own_language(bilingual):
    """The expression URIs of a Russian list of editions say ``rus`` (they once said ``kaz`` whatever the list)."""
    corpus = load_valid(bilingual)
    for lang in LANGS:
        data = editions_json(corpus, "mod-2024-7", editions(corpus, "mod-2024-7", lang))
        assert [e["expression"] for e in data["editions"]] == [
            f"/akn/kz/act/order/mod/2024-02-01/7/{lang}@2024-02-16",
            f"/akn/kz/act/order/mod/2024-02-01/7/{lang}@2024-06-01",
        ]
