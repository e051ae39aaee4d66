"""Publication settings of the site (``source/site.yaml``), validated like every source.

Why apart: the base URL is read by the feed, the sitemap and the 404 page (the only pages that need
absolute addresses), and its validation is a source concern with ``file:line:column`` errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lexpub.errors import InputError, Issue, kv
from lexpub.sources.paths import shown
from lexpub.sources.yamlfile import load

SITE_URL = "https://mod.gov.kz/lexpub/"
"""Default of where the site is published (``base_url`` of ``source/site.yaml`` overrides it); used only
where a standard demands absolute URLs (sitemap, Atom) and on the 404 page."""
SITE_FILE = "site.yaml"
SITE_FIELDS = frozenset({"base_url"})
BASE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?/(?:[A-Za-z0-9._~%!$&'()*+,;=:@-]+/)*")
"""An absolute http(s) URL of a folder: ends in '/', no query, no fragment."""


@dataclass(frozen=True)
class SiteConfig:
    """Publication settings of the site, from ``source/site.yaml``."""

    base_url: str = SITE_URL


def site_config(source: Path) -> SiteConfig:
    """``source/site.yaml`` → :class:`SiteConfig`; the defaults when the file does not exist.

    Unknown fields, a missing or malformed ``base_url`` are input errors with ``file:line:column``."""
    path = source / SITE_FILE
    if not path.exists():
        return SiteConfig()
    doc = load(path, shown(path))  # named as the user gave --source
    if not isinstance(doc.data, dict):
        raise InputError(
            Issue(
                doc.loc(),
                "site-config",
                f"{SITE_FILE} must be a mapping with base_url",
                "site-config.mapping",
                kv(file=SITE_FILE),
            )
        )
    issues = [
        Issue(
            doc.key_loc((key,)),
            "unknown-field",
            f"unknown field {key!r} (known: {', '.join(sorted(SITE_FIELDS))})",
            "unknown-field.site",
            kv(field=key, known=", ".join(sorted(SITE_FIELDS))),
        )
        for key in sorted(doc.data, key=str)
        if key not in SITE_FIELDS
    ]
    url = doc.data.get("base_url")
    if url is None:
        issues.append(Issue(doc.loc(), "site-config", "base_url is required", "site-config.base-url"))
    elif not (isinstance(url, str) and BASE_URL.fullmatch(url)):
        issues.append(
            Issue(
                doc.loc(("base_url",)),
                "site-config",
                f"base_url must be an absolute http(s) URL ending in '/', without query or fragment: {url!r}",
                "site-config.url",
                kv(url=url),
            )
        )
    if issues:
        raise InputError(issues)
    assert isinstance(url, str)
    return SiteConfig(base_url=url)
