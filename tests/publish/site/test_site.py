"""The static site: pages, relative links that resolve, downloads, search index, feed, sitemap, 404."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser

import pytest
from lxml import etree

from tests.site_files import site_files

pytestmark = pytest.mark.slow

P11 = "Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау ақылы негізде жүзеге асырылады."
WORKS = ("mod-2017-350", "mod-2017-357", "mod-2023-1100", "mod-2023-2")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.html_lang: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src", "action"):
            if a.get(key):
                self.links.append(a[key])


def parse(data: bytes) -> Links:
    p = Links()
    p.feed(data.decode())
    return p


@pytest.fixture(scope="module")
def files():
    return site_files()


def site(files) -> dict[str, bytes]:
    return {rel.removeprefix("site/"): data for rel, data in files.items() if rel.startswith("site/")}


def test_pages_exist_in_both_languages(files):
    pages = site(files)
    for path in ("index.html", "search.html", "404.html"):
        assert parse(pages[path]).html_lang == "kk"
        assert parse(pages["ru/" + path]).html_lang == "ru"
    for work in WORKS:
        assert f"acts/{work}/index.html" in pages and f"ru/acts/{work}/index.html" in pages
    assert "acts/mod-2017-357/kaz@mod-2017-357/index.html" in pages
    assert "acts/mod-2017-357/kaz@mod-2023-2/index.html" in pages
    assert "ru/acts/mod-2023-2/kaz@mod-2023-1100/index.html" in pages


def test_every_link_is_relative_and_resolves(files):
    pages = site(files)
    checked = 0
    for path, data in pages.items():
        if not path.endswith(".html") or "/kaz/" in path or path.endswith("404.html"):
            continue  # the 404 page is served at any address: its links are absolute (test_404_page)
        for link in parse(data).links:
            assert not link.startswith(("/", "http:", "https:", "//")), (path, link)
            target, _, fragment = link.partition("#")
            target = target.split("?")[0]
            if not target:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in pages, f"{path}: broken link {link} → {resolved}"
            if fragment and resolved.endswith(".html"):
                assert fragment in parse(pages[resolved]).ids, f"{path}: no #{fragment} in {resolved}"
            checked += 1
    assert checked > 200


def test_act_page_of_357_has_paragraph_11_table_history_and_downloads(files):
    page = site(files)["acts/mod-2017-357/index.html"].decode()
    assert P11 in page
    assert page.count('<td class="num">') == 11  # the service-name row and rows 1–10
    assert [m for m in re.findall(r'<td class="num">(\d*)</td>', page)] == [""] + [str(i) for i in range(1, 11)]
    assert "Жаңартылған" in page and "Актінің тарихы" in page and "Хронология" in page
    for fmt in ("html", "pdf", "xml", "md", "json"):
        assert f'href="kaz/latest/main.{fmt}"' in page
        assert f'href="kaz/mod-2023-2/main.{fmt}"' in page
    assert 'class="effects-tables"' in page
    # the language switch leads to the same page in Russian
    assert 'class="lang-switch" href="../../ru/acts/mod-2017-357/index.html"' in page
    ru = site(files)["ru/acts/mod-2017-357/index.html"].decode()
    assert 'class="lang-switch" href="../../../acts/mod-2017-357/index.html"' in ru
    assert "История акта" in ru and P11 in ru


def test_first_edition_of_357_is_without_the_new_paragraph_11(files):
    page = site(files)["acts/mod-2017-357/kaz@mod-2017-357/index.html"].decode()
    assert P11 not in page
    assert "<title>17.07.2017 № 357 бұйрық — ең ерте белгілі редакциясы — " in page
    assert "04.01.2023 № 2 бұйрық ашқан редакция (басталған күні белгісіз)" in page
    assert (
        '<p class="known-up-to">Мәтін осы редакцияда берілген. Қолданылу мерзімі: күні белгісіз '
        "(ерте дегенде 17.07.2017) — күні белгісіз (ерте дегенде 20.01.2023). Бұл редакцияға дейін де өзгерістер "
        "енгізілген: оны қосылған нөмірлер (2-1) көрсетеді; ол өзгерістердің мәтіні мұнда жоқ.</p>"
    ) in page
    assert (
        "Қолданылу мерзімі: күні белгісіз (ерте дегенде 17.07.2017) — күні белгісіз (ерте дегенде 20.01.2023)." in page
    )
    assert 'aria-current="page"' in page


def test_downloads_of_every_text_at_root_and_in_site(files):
    for work, labels in {
        "mod-2017-357": ("latest", "mod-2017-357", "mod-2023-2"),
        "mod-2023-2": ("latest", "mod-2023-2", "mod-2023-1100"),
    }.items():
        for label in labels:
            for fmt in ("html", "pdf"):
                rel = f"acts/{work}/kaz/{label}/main.{fmt}"
                assert files[rel] == files["site/" + rel]
            for fmt in ("xml", "md", "json"):
                assert f"site/acts/{work}/kaz/{label}/main.{fmt}" in files
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(files["acts/mod-2017-357/kaz/latest/main.pdf"])) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        assert str(pdf.docinfo.Title) == "17.07.2017 № 357 бұйрық — соңғы редакциясы"
    with pikepdf.open(io.BytesIO(files["acts/mod-2017-357/kaz/mod-2017-357/main.pdf"])) as pdf:
        assert str(pdf.docinfo.Title) == "17.07.2017 № 357 бұйрық — ең ерте белгілі редакциясы"
    first = files["acts/mod-2017-357/kaz/mod-2017-357/main.html"].decode()
    assert "<title>17.07.2017 № 357 бұйрық — ең ерте белгілі редакциясы</title>" in first
    assert "соңғы редакциясы" not in first


def test_search_is_a_pagefind_bundle_of_both_interfaces(files):
    from lexpub.publish.site.search import records
    from lexpub.sources.corpus import load_corpus
    from tests.site_files import SOURCE

    assert "site/search-index.js" not in files
    entry = json.loads(files["site/pagefind/pagefind-entry.json"])
    assert {lang: v["page_count"] for lang, v in entry["languages"].items()} == {"kk": 4, "ru": 4}
    for v in entry["languages"].values():
        assert f"site/pagefind/pagefind.{v['hash']}.pf_meta" in files
    recs = {r.url: r for r in records(load_corpus(SOURCE))}
    assert sorted(recs) == sorted([f"acts/{w}/index.html" for w in WORKS] + [f"ru/acts/{w}/index.html" for w in WORKS])
    kk, ru = recs["acts/mod-2017-357/index.html"], recs["ru/acts/mod-2017-357/index.html"]
    assert (kk.lang, kk.title, kk.filters) == ("kk", "17.07.2017 № 357 бұйрық", (("type", "бұйрық"), ("year", "2017")))
    assert (ru.lang, ru.title, ru.filters) == (
        "ru",
        "приказ от 17.07.2017 № 357",
        (("type", "приказ"), ("year", "2017")),
    )
    assert P11 in kk.content and "қолма-қол" in kk.content
    assert ru.content == kk.content
    # the navigation and the status notes of the page are not indexed
    assert "Іздеу" not in kk.content and "Актілер тізімі" not in kk.content


def test_sitemap_lists_every_page_with_absolute_urls_and_lastmod(files):
    tree = etree.fromstring(files["site/sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = tree.xpath("//s:loc/text()", namespaces=ns)
    assert "https://mod.gov.kz/lexpub/acts/mod-2017-357/index.html" in locs
    assert "https://mod.gov.kz/lexpub/ru/acts/mod-2017-357/kaz@mod-2023-2/index.html" in locs
    assert "https://mod.gov.kz/lexpub/acts/mod-2017-357/kaz@mod-2023-2/compare.html" in locs
    pages = site(files)
    for loc in locs:
        assert loc.removeprefix("https://mod.gov.kz/lexpub/") in pages
    # 3 site pages, 4 act pages, 7 edition pages, 3 redlines of adjacent editions; in both languages
    assert len(locs) == len(set(locs)) == 2 * (3 + 4 + 7 + 3)
    assert "https://mod.gov.kz/lexpub/changes.html" in locs and "https://mod.gov.kz/lexpub/ru/changes.html" in locs
    lastmod = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in tree.iterfind("s:url", ns)
    }
    base = "https://mod.gov.kz/lexpub/"
    # an edition whose start is unknown carries its known lower bound (No. 2: not before 20.01.2023)
    assert lastmod[base + "acts/mod-2017-357/kaz@mod-2023-2/index.html"] == "2023-01-20"
    assert lastmod[base + "acts/mod-2017-357/kaz@mod-2017-357/index.html"] == "2017-07-17"
    assert lastmod[base + "ru/acts/mod-2017-357/index.html"] == "2023-01-20"
    # No. 1100's repeal in Order No. 2: not before 08.11.2023, the newest change of the collection
    assert lastmod[base + "acts/mod-2023-2/index.html"] == "2023-11-08"
    assert lastmod[base + "index.html"] == lastmod[base + "ru/changes.html"] == "2023-11-08"


def test_atom_feed_per_language_dated_by_the_edition_start(files):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    kk = etree.fromstring(files["site/feed.xml"])
    ru = etree.fromstring(files["site/ru/feed.xml"])
    assert kk.get("{http://www.w3.org/XML/1998/namespace}lang") == "kk"
    assert ru.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    for tree in (kk, ru):
        assert len(tree.xpath("//a:entry", namespaces=ns)) == 3
        # the newest start is No. 1100's, known only from below: not before 08.11.2023 (signed 28.10.2023)
        assert tree.findtext("a:updated", namespaces=ns) == "2023-11-08T00:00:00Z"

    def entries(tree):
        return {e.findtext("a:title", namespaces=ns): e for e in tree.iterfind("a:entry", ns)}

    e = entries(kk)["17.07.2017 № 357 бұйрық: 04.01.2023 № 2 бұйрық енгізген өзгерістермен жаңа редакция"]
    assert e.findtext("a:updated", namespaces=ns) == "2023-01-20T00:00:00Z"
    assert e.findtext("a:summary", namespaces=ns) == "Редакцияның басталуы: күні белгісіз (ерте дегенде 20.01.2023)."
    assert e.find("a:link", ns).get("href") == "https://mod.gov.kz/lexpub/acts/mod-2017-357/kaz@mod-2023-2/index.html"
    r = entries(ru)["приказ от 17.07.2017 № 357: новая редакция (изменения: приказ от 04.01.2023 № 2)"]
    assert r.findtext("a:summary", namespaces=ns) == "Начало редакции: дата неизвестна (не ранее 20.01.2023)."
    assert (
        r.find("a:link", ns).get("href") == "https://mod.gov.kz/lexpub/ru/acts/mod-2017-357/kaz@mod-2023-2/index.html"
    )
    assert ru.find("a:link[@rel='self']", ns).get("href") == "https://mod.gov.kz/lexpub/ru/feed.xml"


def test_404_page_links_are_absolute_from_the_base_url(files):
    for path, home in (("404.html", ""), ("ru/404.html", "ru/")):
        page = site(files)[path].decode()
        links = parse(site(files)[path]).links
        assert links and all(link.startswith(("https://mod.gov.kz/lexpub/", "#")) for link in links), links
        assert f'href="https://mod.gov.kz/lexpub/{home}index.html"' in page
        assert 'href="https://mod.gov.kz/lexpub/static/site.css"' in page
    assert "Бет табылмады" in site(files)["404.html"].decode()
    assert "Страница не найдена" in site(files)["ru/404.html"].decode()


def test_static_files_and_no_wall_clock(files):
    for name in ("static/site.css", "static/act.css", "static/search.js"):
        assert name in site(files)
    import datetime as dt

    today = dt.date.today().isoformat()
    assert not any(today.encode() in data for rel, data in files.items() if not rel.endswith(".pdf"))


def test_headings_never_skip_a_level_and_pages_have_one_h1(files):
    for path, data in site(files).items():
        if not path.endswith(".html") or "/kaz/" in path:
            continue
        levels = [int(m) for m in re.findall(r"<h([1-6])[ >]", data.decode())]
        assert levels.count(1) == 1, path
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, (path, levels)


def test_skip_link_targets_main(files):
    for path in ("index.html", "acts/mod-2017-357/index.html", "ru/search.html"):
        page = site(files)[path].decode()
        assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page


def test_every_published_pdf_embeds_only_pt_serif_and_p11_reads_back_where_it_belongs(files, tmp_path):
    from tests.render.test_pdf import P11, assert_only_pt_serif_embedded, pdf_text

    pdfs = sorted(rel for rel in files if rel.endswith(".pdf") and not rel.startswith("site/"))
    assert len(pdfs) == 11
    expected = {
        "acts/mod-2017-357/kaz/latest/main.pdf",
        "acts/mod-2017-357/kaz/mod-2023-2/main.pdf",
        "acts/mod-2023-2/kaz/latest/main.pdf",
        "acts/mod-2023-2/kaz/mod-2023-2/main.pdf",
        "acts/mod-2023-2/kaz/mod-2023-1100/main.pdf",
    }
    for rel in pdfs:
        assert_only_pt_serif_embedded(files[rel], tmp_path)
        text = " ".join(pdf_text(files[rel], tmp_path).split())
        assert (P11 in text) == (rel in expected), rel
