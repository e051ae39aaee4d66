"""One language vocabulary: ``kaz``/``rus`` in the model, BCP 47 (``kk``/``ru``) only through
:mod:`lexpub.wording.lang`, and no other copy of the mapping in the package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lexpub.model.core import LANGS
from lexpub.wording.i18n import HERE, file_name
from lexpub.wording.lang import bcp47, model_lang

PACKAGE = Path(__file__).resolve().parent.parent / "lexpub"
# services/documents keeps its own copy (LANG_SUFFIX) until the documents work (issue 14) adopts bcp47.
NOT_YET = {"services/documents/document.py"}


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
