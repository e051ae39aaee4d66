"""Message catalogues (kk, ru): every interface string and every generated legal phrase.

Catalogues are YAML files beside this module, loaded with the project's safe loader. ``t()``
fails on a missing key or placeholder — a wrong or blank phrase is never printed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lexpub.errors import BuildError, Loc
from lexpub.model.values import Lang
from lexpub.sources.yamlfile import load_own
from lexpub.wording.lang import bcp47

HERE = Path(__file__).parent


def file_name(lang: Lang) -> str:
    """The catalogue of ``lang`` beside this module: ``kk.yaml``, ``ru.yaml`` (BCP 47 tags)."""
    return f"{bcp47(lang)}.yaml"


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """All messages of one language."""
    doc = load_own(HERE / file_name(lang), f"lexpub/i18n/{file_name(lang)}")
    return {str(k): str(v) for k, v in dict(doc.data or {}).items()}


def has(lang: Lang, key: str) -> bool:
    return key in catalogue(lang)


class _Strict(dict[str, Any]):
    def __missing__(self, key: str) -> Any:
        raise KeyError(key)


def t(lang: Lang, key: str, **values: Any) -> str:
    """The message ``key`` in ``lang`` with placeholders filled; BuildError if either is missing."""
    try:
        template = catalogue(lang)[key]
    except KeyError:
        raise BuildError.at(Loc(f"lexpub/i18n/{file_name(lang)}"), "i18n-missing", f"no message {key!r}") from None
    try:
        return template.format_map(_Strict(values))
    except KeyError as exc:
        raise BuildError.at(
            Loc(f"lexpub/i18n/{file_name(lang)}"), "i18n-placeholder", f"message {key!r} needs {exc.args[0]!r}"
        ) from None


def capitalize(phrase: str) -> str:
    """Upper-case the first letter only ("реттік …" → "Реттік …"); digits are left alone."""
    return phrase[:1].upper() + phrase[1:] if phrase[:1].isalpha() else phrase
