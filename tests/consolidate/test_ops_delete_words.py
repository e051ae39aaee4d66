"""The operations issue 13 adds to the model: ``delete`` (a unit excluded, «Алып тасталды» /
«Исключен», not «Күші жойылды»), ``delete_words`` and ``insert_words``; consolidated on a small
bilingual corpus, their generated formulas read back by the formula parser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lexpub.consolidate.apply import consolidate, edit_words
from lexpub.consolidate.validate import load_valid
from lexpub.errors import LexpubError
from lexpub.ingest.formulas import ParsedOp, parse_amendment
from lexpub.render.text import render_text
from tests.act_heads import BILINGUAL_HEAD
from tests.conftest import SOURCE

HEAD = BILINGUAL_HEAD

BASE = (
    HEAD.format(number="1", date="2024-01-10", title="Негізгі бұйрық")
    + """  - kind: paragraph
    num: "1"
    text:
      kaz: "Бірінші тармақ, ескі сөздер бар."
      rus: "Первый пункт, старые слова есть."
  - kind: paragraph
    num: "2"
    text:
      kaz: "Екінші тармақ."
      rus: "Второй пункт."
  - kind: paragraph
    num: "3"
    text:
      kaz: "Үшінші тармақ."
      rus: "Третий пункт."
  - kind: paragraph
    num: "4"
    text:
      kaz: "Төртінші, ескі тәртіп:"
      rus: "Четвертый, старый порядок:"
    children:
      - kind: point
        num: "1"
        text:
          kaz: "ескі тармақша;"
          rus: "старый подпункт;"
"""
)


def amending(number: str, date: str, op: str) -> str:
    body = HEAD.format(number=number, date=date, title="Өзгерту бұйрығы")
    body += '  - kind: paragraph\n    num: "1"\n    text:\n      kaz: "Өзгерістер енгізілсін:"\n      rus: "Внести изменения:"\n'
    body += "    children:\n      - kind: alinea\n        amend:\n"
    return body + "".join(f"          {line}\n" for line in op.strip().splitlines())


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "source"
    (root / "acts").mkdir(parents=True)
    (root / "issuers.yaml").write_text((SOURCE / "issuers.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "acts" / "mod-2024-1.yaml").write_text(BASE, encoding="utf-8")
    acts = {
        "mod-2024-5.yaml": amending("5", "2024-02-01", "op: delete\ntarget: mod-2024-1#para_2"),
        "mod-2024-6.yaml": amending(
            "6", "2024-03-01", "op: delete_words\ntarget: mod-2024-1#para_1\nold:\n  kaz: ескі\n  rus: старые"
        ),
        "mod-2024-7.yaml": amending(
            "7",
            "2024-04-01",
            "op: insert_words\ntarget: mod-2024-1#para_3\nold:\n  kaz: Үшінші\n  rus: Третий\n"
            "new:\n  kaz: және соңғы\n  rus: и последний",
        ),
    }
    acts["mod-2024-8.yaml"] = amending(
        "8",
        "2024-05-01",
        "op: replace_words\ntarget: mod-2024-1#para_4\nwhole: true\nold:\n  kaz: ескі\n  rus: старый\n"
        "new:\n  kaz: жаңа\n  rus: новый",
    )
    for name, text in acts.items():
        (root / "acts" / name).write_text(text, encoding="utf-8")
    return root


def test_delete_excludes_a_unit_with_its_own_note(corpus_dir: Path) -> None:
    corpus = load_valid(corpus_dir)
    kk = render_text(corpus, consolidate(corpus, "mod-2024-1", dt.date(2024, 2, 15), "kaz"))
    ru = render_text(corpus, consolidate(corpus, "mod-2024-1", dt.date(2024, 2, 15), "rus"))
    assert "2. Алып тасталды - ҚР Қорғаныс министрінің 01.02.2024 № 5" in kk
    assert "Күші жойылды" not in kk
    assert "2. Исключен приказом" in ru
    assert "Екінші тармақ." not in kk


def test_words_deleted_and_inserted(corpus_dir: Path) -> None:
    corpus = load_valid(corpus_dir)
    kk = render_text(corpus, consolidate(corpus, "mod-2024-1", dt.date(2024, 4, 2), "kaz"))
    ru = render_text(corpus, consolidate(corpus, "mod-2024-1", dt.date(2024, 4, 2), "rus"))
    assert "1. Бірінші тармақ, сөздер бар." in kk
    assert "1. Первый пункт, слова есть." in ru
    assert "3. Үшінші және соңғы тармақ." in kk
    assert "3. Третий и последний пункт." in ru
    before = render_text(corpus, consolidate(corpus, "mod-2024-1", dt.date(2024, 2, 29), "kaz"))
    assert "1. Бірінші тармақ, ескі сөздер бар." in before


@pytest.mark.parametrize(
    ("act", "lang", "expected"),
    [
        ("mod-2024-5", "kaz", ParsedOp("delete", (("paragraph", "2"),))),
        ("mod-2024-5", "rus", ParsedOp("delete", (("paragraph", "2"),))),
        ("mod-2024-6", "kaz", ParsedOp("delete_words", (("paragraph", "1"),), None, "ескі")),
        ("mod-2024-6", "rus", ParsedOp("delete_words", (("paragraph", "1"),), None, "старые")),
        ("mod-2024-7", "kaz", ParsedOp("insert_words", (("paragraph", "3"),), None, "Үшінші", "және соңғы")),
        ("mod-2024-7", "rus", ParsedOp("insert_words", (("paragraph", "3"),), None, "Третий", "и последний")),
    ],
)
def test_generated_formula_reads_back(corpus_dir: Path, act: str, lang: str, expected: ParsedOp) -> None:
    """The amending act's text, as lexpub prints it, parses back to the operation it was made from."""
    corpus = load_valid(corpus_dir)
    text = render_text(corpus, consolidate(corpus, act, None, lang))  # type: ignore[arg-type]
    line = next(
        ln.strip()
        for ln in text.splitlines()
        if any(w in ln for w in ("тасталсын", "толықтырылсын", "исключить", "дополнить"))
    )
    assert parse_amendment(line, lang).ops == (expected,)  # type: ignore[arg-type]


def test_whole_text_words_reach_every_unit_inside(corpus_dir: Path) -> None:
    corpus = load_valid(corpus_dir)
    kk = render_text(corpus, consolidate(corpus, "mod-2024-1", dt.date(2024, 5, 2), "kaz"))
    ru = render_text(corpus, consolidate(corpus, "mod-2024-1", dt.date(2024, 5, 2), "rus"))
    assert "4. Төртінші, жаңа тәртіп:" in kk
    assert "1) жаңа тармақша;" in kk
    assert "4. Четвертый, новый порядок:" in ru
    assert "1) новый подпункт;" in ru
    for lang, old, new, words in (
        ("kaz", "ескі", "жаңа", "бүкіл мәтін бойынша"),
        ("rus", "старый", "новый", "по всему тексту"),
    ):
        amending = render_text(corpus, consolidate(corpus, "mod-2024-8", None, lang))  # type: ignore[arg-type]
        line = next(ln.strip() for ln in amending.splitlines() if words in ln)
        expected = ParsedOp("replace_words", (("paragraph", "4"), ("text", None)), None, old, new)
        assert parse_amendment(line, lang).ops == (expected,)  # type: ignore[arg-type]


def test_missing_words_are_an_error(corpus_dir: Path) -> None:
    (corpus_dir / "acts" / "mod-2024-6.yaml").write_text(
        amending("6", "2024-03-01", "op: delete_words\ntarget: mod-2024-1#para_1\nold:\n  kaz: жоқ сөз\n  rus: нет"),
        encoding="utf-8",
    )
    with pytest.raises(LexpubError, match="words-missing"):
        load_valid(corpus_dir)


@pytest.mark.parametrize(
    ("value", "kind", "before", "after", "out"),
    [
        ("бір екі үш", "delete_words", "екі", "", "бір үш"),
        ("бір екі, үш", "delete_words", "екі", "", "бір, үш"),
        ("екі үш", "delete_words", "екі", "", "үш"),
        ("бір екі", "delete_words", "екі", "", "бір"),
        ("бір екі", "insert_words", "бір", "және", "бір және екі"),
        ("а б", "insert_words", "а", ", в", "а, в б"),
        ("а б а", "replace_words", "а", "в", "в б в"),
    ],
)
def test_edit_words(value: str, kind: str, before: str, after: str, out: str) -> None:
    assert edit_words(value, kind, before, after) == out
