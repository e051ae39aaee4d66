"""One language vocabulary. The model, the sources and the command line say ``kaz``/``rus`` (ISO 639-3,
as FRBR expression URIs do); HTML ``lang`` attributes, PDF metadata, template and catalogue file names
say ``kk``/``ru`` (BCP 47). :func:`bcp47` is the only way from the first to the second, and
:func:`model_lang` the only way back (for values that may arrive in either spelling).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from lexpub.model.values import LANGS, Lang

BCP47: Mapping[Lang, str] = MappingProxyType({"kaz": "kk", "rus": "ru"})
"""Model language → BCP 47 tag (read-only; spelled with :func:`bcp47`)."""

_MODEL: Mapping[str, Lang] = MappingProxyType({**{tag: lang for lang, tag in BCP47.items()}, **{x: x for x in LANGS}})


def bcp47(lang: Lang) -> str:
    """The BCP 47 tag of a model language: ``kaz`` → ``kk``, ``rus`` → ``ru``."""
    return BCP47[lang]


def model_lang(value: str) -> Lang:
    """The model language named by ``value``, a model code (``kaz``) or a BCP 47 tag (``kk``).

    Raises ValueError for anything else: a language is never guessed."""
    try:
        return _MODEL[value]
    except KeyError:
        known = ", ".join(sorted(_MODEL))
        raise ValueError(f"unknown language {value!r} (known: {known})") from None
