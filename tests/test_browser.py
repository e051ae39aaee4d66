"""A real browser on the built site: index → Order No. 357 → new paragraph 11, Kazakh search, Russian,
Russian search (Pagefind).

Debian's Chromium (``/usr/bin/chromium``, installed by ``scripts/setup-system.sh``) is driven by the
``playwright`` Python package; no browser is downloaded. The site is served on 127.0.0.1 by a
thread of this test, from a temporary folder.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from tests.site_files import write_site

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
P11 = "Әскерге шақырылушыларды, әскери міндеттілерді өтеулі негізде даярлау ақылы негізде жүзеге асырылады."


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("built"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    # served below a sub-path would also work: every link is relative
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("no browser: /usr/bin/chromium is absent (run scripts/setup-system.sh as root to install it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            offline=False,
        )
        yield context
        context.close()


def test_index_to_order_357_paragraph_11_search_and_russian(server, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "index.html")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "Актілер тізімі"

    # follow the link to Order No. 357 and find its new paragraph 11
    page.get_by_role("link", name="17.07.2017 № 357 бұйрық").click()
    page.wait_for_url("**/acts/mod-2017-357/index.html")
    para = page.locator("#att_nn_1__para_11")
    assert para.is_visible()
    text = " ".join(para.inner_text().split())
    assert text.startswith("11. " + P11)
    assert "Ескерту. 11-тармақ жаңа редакцияда" in text
    rows = page.locator("table.requirements tbody tr td.num")
    assert [rows.nth(i).inner_text() for i in range(rows.count())] == [""] + [str(i) for i in range(1, 11)]

    # search for a Kazakh word with Pagefind and find the act
    page.get_by_role("link", name="Іздеу").first.click()
    page.wait_for_url("**/search.html")
    fetched: list[str] = []
    page.on("requestfinished", lambda req: fetched.append(req.url))
    page.fill("#q", "шақырылушыларды")
    page.get_by_role("button", name="Іздеу").click()
    page.wait_for_selector(".search-results li")
    results = page.locator(".search-results li h2 a")
    names = [results.nth(i).inner_text() for i in range(results.count())]
    assert "17.07.2017 № 357 бұйрық" in names
    assert "12.07.2017 № 350 бұйрық" not in names
    assert page.locator("#results > p").first.inner_text() == f"Табылған актілер: {len(names)}."
    # the chunked index: the Kazakh index and a few fragments, never the Russian index or the corpus
    loaded = [u.rsplit("/pagefind/", 1)[1] for u in fetched if "/pagefind/" in u]
    assert any(u.startswith("pagefind.kk_") for u in loaded) and not any(u.startswith("pagefind.ru_") for u in loaded)
    assert 0 < sum(u.startswith("fragment/") for u in loaded) <= len(names)
    # the excerpt marks the word found and holds whole words of the act's text only
    snip = page.locator(".search-results li .snippet").first
    assert snip.locator("mark").first.inner_text().rstrip(".,;:") == "шақырылушыларды"
    inner = snip.inner_text().removeprefix("… ").removesuffix(" …").split(" ")
    assert all(w.strip(".,;:") in words_357() or w in words_357() for w in inner), inner
    page.get_by_role("link", name="17.07.2017 № 357 бұйрық").click()
    page.wait_for_url("**/acts/mod-2017-357/index.html")

    # switch to Russian: same act, Russian interface, Kazakh text kept and marked as such
    page.get_by_role("link", name="Русский").click()
    page.wait_for_url("**/ru/acts/mod-2017-357/index.html")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("article.act").get_attribute("lang") == "kk"
    assert page.get_by_text("История акта").is_visible()
    assert "Текст акта на русском языке в корпусе отсутствует" in page.content()
    assert page.locator("#att_nn_1__para_11").is_visible()

    # search in Russian (the Russian index, Russian stemming), filtered by year, and follow a result
    page.get_by_role("link", name="Поиск").first.click()
    page.wait_for_url("**/ru/search.html")
    page.wait_for_selector("#filter-year option[value='2017']", state="attached")
    assert sorted(page.locator("#filter-year option").all_inner_texts()) == ["2017", "2023", "Все"]
    assert page.locator("#filter-type option").all_inner_texts() == ["Все", "приказ"]
    page.fill("#q", "приказы")
    page.select_option("#filter-year", "2017")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_selector(".search-results li")
    results = page.locator(".search-results li h2 a")
    names = sorted(results.nth(i).inner_text() for i in range(results.count()))
    assert names == ["приказ от 12.07.2017 № 350", "приказ от 17.07.2017 № 357"]
    assert page.locator("#results > p").first.inner_text() == "Найдено актов: 2."
    page.get_by_role("link", name="приказ от 17.07.2017 № 357").click()
    page.wait_for_url("**/ru/acts/mod-2017-357/index.html")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert errors == []


def words_357() -> set[str]:
    """The whole words of Order No. 357's Kazakh record as the search index holds it."""
    from lexpub.publish.site.search import records
    from lexpub.sources.corpus import load_corpus
    from tests.conftest import SOURCE

    rec = next(r for r in records(load_corpus(SOURCE)) if r.url == "acts/mod-2017-357/index.html")
    return set(rec.content.split(" "))
