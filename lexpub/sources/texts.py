"""Dates and texts of an act file: ISO dates within the years lexpub knows, texts in the declared languages
aligned kk/ru, and the script checks (look-alike letters, invisible characters, NFC) — read by the act
parser (:class:`lexpub.sources.acts.Parser` takes them in as a base class)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Protocol

from lexpub.errors import Issue, Loc, Params, kv
from lexpub.model.dates import parse_iso
from lexpub.model.values import UNKNOWN, Known, Lang, Text
from lexpub.sources.alignment import misaligned
from lexpub.sources.values import MAX_UNIT_WORDS, YEARS, char_name, eaten_markup, invisible_chars, short_repr
from lexpub.sources.yamlfile import Path_

_CYR = re.compile(r"[\u0400-\u04FF]")
_LAT = re.compile(r"[A-Za-z]")
_GREEK = re.compile(r"[\u0370-\u03FF]")
_WORD = re.compile(r"[^\s\"'«»()\[\],.;:!?–—-]+")


class _Host(Protocol):
    """What the text checks need of the parser: its located errors, the work's languages."""

    langs: tuple[Lang, ...]
    issues: list[Issue]

    def err(self, path: Path_, rule: str, message: str, key: str = "", params: Params = ()) -> None: ...

    def loc(self, path: Path_) -> Loc: ...

    def date(self, value: Any, path: Path_) -> dt.date | None: ...

    def scripts(self, s: str, path: Path_) -> None: ...


class Texts:
    """Reading dates and texts, with their per-file rules."""

    def date(self: _Host, value: Any, path: Path_) -> dt.date | None:
        try:
            day = parse_iso(str(value))
        except ValueError as exc:
            self.err(path, "bad-date", str(exc), "bad-date", kv(why=str(exc)))
            return None
        if not YEARS[0] <= day.year <= YEARS[1]:
            self.err(
                path,
                "bad-date",
                f"{value!r}: year {day.year} is outside {YEARS[0]}–{YEARS[1]}",
                "bad-date.year",
                kv(value=value, year=day.year, lo=YEARS[0], hi=YEARS[1]),
            )
            return None
        return day

    def date_or_unknown(self: _Host, value: Any, path: Path_) -> dt.date | Known | None:
        return UNKNOWN if value == "unknown" else self.date(value, path)

    def text(self: _Host, value: Any, path: Path_) -> Text:
        values = {self.langs[0]: value} if isinstance(value, str) else dict(value)
        for lang, s in values.items():
            if lang not in self.langs:
                self.err(
                    (*path, lang),
                    "language",
                    f"text in {lang!r}, which the work does not declare in languages",
                    "language",
                    kv(lang=lang),
                )
            self.scripts(s, (*path, lang) if isinstance(value, dict) else path)
        if len(self.langs) > 1 and set(values) != set(self.langs):
            missing = sorted(set(self.langs) - set(values))
            message = f"text lacks the {', '.join(missing)} version (languages must align)"
            self.issues.append(
                Issue(self.loc(path), "parallel-text", message, "parallel-text", kv(missing=", ".join(missing)))
            )
        if isinstance(values.get("kaz"), str) and isinstance(values.get("rus"), str):
            why = misaligned(values["kaz"], values["rus"])
            if why:
                self.err(
                    (*path, "kaz"),
                    "alignment",
                    f"{why} (the rus text is at {self.loc((*path, 'rus'))})",
                    "alignment",
                    kv(why=why, rus=self.loc((*path, "rus"))),
                )
        return Text(tuple(sorted(values.items())))

    def scripts(self: _Host, s: str, path: Path_) -> None:
        """Reject words that mix Cyrillic and Latin/Greek letters (look-alikes such as a Latin K in 'Kазақ'),
        blank texts, invisible characters (zero-width, bidi overrides) and non-NFC text."""
        if not s.strip():
            self.err(path, "blank-text", "the text is empty or only spaces", "blank-text")
        words = len(s.split())
        if words > MAX_UNIT_WORDS:
            self.err(
                path,
                "too-long",
                f"{words} words in one text; at most {MAX_UNIT_WORDS} (split the unit)",
                "too-long",
                kv(words=words, limit=MAX_UNIT_WORDS),
            )
            return
        bad = sorted(invisible_chars(s))
        if bad:
            names = ", ".join(f"U+{ord(ch):04X} {char_name(ch)}".rstrip() for ch in bad)
            self.err(
                path,
                "invisible-char",
                f"invisible or format character in a text: {names}",
                "invisible-char",
                kv(chars=names),
            )
        for word in eaten_markup(s):
            self.err(
                path,
                "markup-eaten",
                f"{short_repr(word)}: an asterisk between letters or digits would be read as emphasis and "
                "vanish; write \\* for an asterisk",
                "markup-eaten",
                kv(word=short_repr(word)),
            )
        if unicodedata.normalize("NFC", s) != s:
            self.err(
                path,
                "unicode-nfc",
                "text is not in Unicode NFC form (a letter stored as base + combining mark)",
                "unicode-nfc",
            )
        for word in _WORD.findall(s):
            if _CYR.search(word) and _LAT.search(word):
                latin = "".join(sorted(set(_LAT.findall(word))))
                self.err(
                    path,
                    "mixed-script",
                    f"word {word!r} mixes Cyrillic and Latin letters ({latin!r} is Latin)",
                    "mixed-script.latin",
                    kv(word=word, letters=latin),
                )
            elif _CYR.search(word) and _GREEK.search(word):
                greek = "".join(sorted(set(_GREEK.findall(word))))
                self.err(
                    path,
                    "mixed-script",
                    f"word {word!r} mixes Cyrillic and Greek letters ({greek!r} is Greek)",
                    "mixed-script.greek",
                    kv(word=word, letters=greek),
                )
