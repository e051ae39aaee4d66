"""source/site.yaml: the site's absolute base URL (sitemap, Atom feed), validated like every source."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from lexpub.cli import main
from lexpub.errors import InputError
from lexpub.publish.site.pages import SITE_URL, SiteConfig, feed, site_config, site_outputs, sitemap
from tests.conftest import SOURCE

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def test_the_shipped_file_keeps_the_default_address():
    assert (SOURCE / "site.yaml").is_file()
    assert site_config(SOURCE) == SiteConfig("https://mod.gov.kz/lexpub/") == SiteConfig()
    assert "confirm" in (SOURCE / "site.yaml").read_text("utf-8").lower()


def test_without_the_file_the_default_is_used(tmp_path: Path):
    assert site_config(tmp_path).base_url == SITE_URL


def test_base_url_reaches_sitemap_and_feed(make_corpus, corpus):
    src = make_corpus({"site.yaml": "base_url: https://example.kz/npa/\n"})
    files = site_outputs(corpus, src)
    locs = etree.fromstring(files["site/sitemap.xml"]).xpath("//s:loc/text()", namespaces=SITEMAP)
    assert "https://example.kz/npa/acts/mod-2017-357/index.html" in locs
    assert all(loc.startswith("https://example.kz/npa/") for loc in locs)
    tree = etree.fromstring(files["site/feed.xml"])
    ids = tree.xpath("//a:entry/a:id/text()", namespaces=ATOM)
    assert "https://example.kz/npa/acts/mod-2017-357/kaz@mod-2023-2/index.html" in ids
    assert "mod.gov.kz" not in files["site/feed.xml"].decode()
    # the default arguments are the shipped behaviour, byte for byte
    default = site_outputs(corpus, SOURCE)
    assert default["site/sitemap.xml"] == sitemap(corpus).encode()
    assert default["site/feed.xml"] == feed(corpus).encode()


@pytest.mark.parametrize(
    ("text", "rule", "where"),
    [
        ("base_url: https://example.kz/npa/\ncolour: blue\n", "unknown-field", ":2:1:"),
        ("base_url: example.kz/npa/\n", "site-config", ":1:11:"),
        ("base_url: https://example.kz/npa\n", "site-config", ":1:11:"),
        ("base_url: https://example.kz/npa/?x=1\n", "site-config", ":1:11:"),
        ("base_url: 5\n", "site-config", ":1:11:"),
        ("other: 1\n", "unknown-field", ":1:1:"),
        ("- base_url\n", "site-config", ":1:1:"),
        ("base_url: https://a.kz/\nbase_url: https://b.kz/\n", "yaml-duplicate-key", ":2:1:"),
    ],
)
def test_bad_site_file_is_rejected_with_its_place_and_exit_2(make_corpus, text, rule, where):
    src = make_corpus({"site.yaml": text})
    with pytest.raises(InputError):
        site_config(src)
    result = CliRunner().invoke(main, ["check", "--source", str(src)])
    assert result.exit_code == 2, result.output
    assert f"site.yaml{where} error[" in result.output
    if rule != "yaml-duplicate-key":
        assert f"error[{rule}]" in result.output
