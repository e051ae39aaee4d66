"""FRBR URIs after the Akoma Ntoso naming convention (AKN-NC), as a value object.

Work: ``/akn/kz/act/order/mod/2023-01-04/2``; expression: ``…/kaz@2023-01-20``; latest: ``…/kaz``.
An expression whose start date is unknown is named by the act that opened it: ``…/kaz@mod-2023-1100``
(used only in site paths; AKN metadata then carries the lower bound and says it is one).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_URI = re.compile(
    r"""^/akn/(?P<country>[a-z]{2})
        /(?P<doctype>act)
        /(?P<subtype>[a-z]+)
        /(?P<actor>[a-z0-9-]+)
        /(?P<date>\d{4}-\d{2}-\d{2})
        /(?P<number>[0-9A-Za-z-]+)
        (?:/(?P<lang>[a-z]{3})(?:@(?P<version>[0-9A-Za-z-]*))?)?
        /?$""",
    re.X,
)


@dataclass(frozen=True, slots=True)
class FrbrUri:
    """Parsed parts of a work or expression URI."""

    country: str
    doctype: str
    subtype: str
    actor: str
    date: str
    number: str
    lang: str | None = None
    version: str | None = None

    @classmethod
    def parse(cls, uri: str) -> FrbrUri:
        m = _URI.match(uri)
        if not m:
            raise ValueError(f"{uri!r} is not an Akoma Ntoso FRBR URI of the form /akn/kz/act/order/mod/DATE/NUM")
        return cls(**m.groupdict())

    def work_uri(self) -> str:
        return f"/akn/{self.country}/{self.doctype}/{self.subtype}/{self.actor}/{self.date}/{self.number}"

    def expression_uri(self, lang: str | None = None, version: str | dt.date | None = None) -> str:
        lang = lang or self.lang or "kaz"
        version = self.version if version is None else version
        if isinstance(version, dt.date):
            version = version.isoformat()
        return f"{self.work_uri()}/{lang}" + (f"@{version}" if version else "")

    def manifestation_uri(self, fmt: str, lang: str | None = None, version: str | dt.date | None = None) -> str:
        return f"{self.expression_uri(lang, version)}/main.{fmt}"
