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
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert names == ["17.07.2017 № 357 бұйрық", "04.01.2023 № 2 бұйрық"]  # No. 350 has «шақырылушылар» only
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
    assert "Текст акта на русском языке в этом собрании не опубликован" in page.content()
    assert page.locator("#att_nn_1__para_11").is_visible()

    # search in Russian (the Russian index, Russian stemming), filtered by year, and follow a result
    page.get_by_role("link", name="Поиск").first.click()
    page.wait_for_url("**/ru/search.html")
    assert russian_search_of_2017(page) == ["приказ от 12.07.2017 № 350", "приказ от 17.07.2017 № 357"]
    assert page.locator("#results > p").first.inner_text() == "Найдено актов: 2."
    page.get_by_role("link", name="приказ от 17.07.2017 № 357").click()
    page.wait_for_url("**/ru/acts/mod-2017-357/index.html")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert errors == []


def russian_search_of_2017(page) -> list[str]:
    """On the Russian search page: check both filters' values, search «приказы» among the acts of
    2017 and return the names found, sorted."""
    page.wait_for_selector("#filter-year option[value='2017']", state="attached")
    assert sorted(page.locator("#filter-year option").all_inner_texts()) == ["2017", "2023", "Все"]
    assert page.locator("#filter-type option").all_inner_texts() == ["Все", "приказ"]
    page.fill("#q", "приказы")
    page.select_option("#filter-year", "2017")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_selector(".search-results li")
    results = page.locator(".search-results li h2 a")
    return sorted(results.nth(i).inner_text() for i in range(results.count()))


def words_357() -> set[str]:
    """The whole words of Order No. 357's Kazakh record as the search index holds it."""
    from lexpub.publish.site.search import records
    from lexpub.sources.corpus import load_corpus
    from tests.conftest import SOURCE

    rec = next(r for r in records(load_corpus(SOURCE)) if r.url == "acts/mod-2017-357/index.html")
    return set(rec.content.split(" "))


# --------------------------------------------------------------------------- the reader's day (issue 17)
NOT_FOUND_PATH = "acts/mod-2017-357/no/such/deep/page.html"


class WithNotFound(Quiet):
    """Answers a missing path with the site's 404.html, as a web server configured for it does."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory):
    """The site served with 404 handling; its 404 pages built for the address it is served at."""
    from lexpub.publish.site.pages import simple_page
    from tests.site_files import bilingual_site

    root = write_site(tmp_path_factory.mktemp("reader"))
    for rel, data in bilingual_site(tmp_path_factory.mktemp("bilingual")).items():
        if rel.startswith("site/"):  # a bilingual act beside the real ones, for its side-by-side view
            (root / rel.removeprefix("site/")).parent.mkdir(parents=True, exist_ok=True)
            (root / rel.removeprefix("site/")).write_bytes(data)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithNotFound, directory=str(root)))
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    for ui, rel in (("kaz", "404.html"), ("rus", "ru/404.html")):
        (root / rel).write_bytes(simple_page("site/404.html", "404.html", ui, "site.404.title", base))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    thread.join()


def pdf_pages(data: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def test_reader_picks_an_edition_compares_prints_and_gets_lost(reader_site, browser, tmp_path):
    from tests.render.test_pdf import pdf_text

    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(reader_site + "acts/mod-2017-357/index.html")

    # the picker is at the top of the page, above the text: reachable without scrolling on a desktop
    picker = page.locator(".edition-picker")
    assert picker.bounding_box()["y"] < page.locator(".text-status").bounding_box()["y"]
    picker.get_by_role("link", name="Ең ерте белгілі редакциясы").click()
    page.wait_for_url("**/acts/mod-2017-357/kaz@mod-2017-357/index.html")
    assert page.locator(".edition-picker [aria-current=page]").inner_text() == "Ең ерте белгілі редакциясы"
    assert P11 not in page.locator("article.act").inner_text()

    # the date box answers from the editions' bounds, never guessing an unknown start
    box = page.locator("form.date-box")
    assert box.is_visible()
    page.fill("#on-date", "2016-01-01")
    box.get_by_role("button", name="Табу").click()
    assert page.locator(".date-answer").inner_text() == "01.01.2016 күні акт әлі қолданысқа енгізілмеген."
    page.fill("#on-date", "2024-01-01")
    box.get_by_role("button", name="Табу").click()
    answer = page.locator(".date-answer")
    assert answer.inner_text().startswith("01.01.2024 күні қай редакция қолданыста болғаны белгісіз")
    assert [answer.locator("a").nth(i).inner_text() for i in range(answer.locator("a").count())] == [
        "Ең ерте белгілі редакциясы",
        "04.01.2023 № 2 бұйрық ашқан редакция (басталған күні белгісіз)",
    ]

    # compare with the previous edition: the redline shows the new paragraph 11 inserted
    page.get_by_role("link", name="Алдыңғы редакциямен салыстыру").click()
    page.wait_for_url("**/acts/mod-2017-357/kaz@mod-2023-2/compare.html")
    assert page.locator("h1").inner_text().startswith("17.07.2017 № 357 бұйрық: редакцияларды салыстыру")
    assert P11 in " ".join(page.locator(".redline").inner_text().split())
    assert page.locator("link[href$='static/redline.css']").count() == 1

    # print: the text without navigation, downloads, picker or history, fewer pages than the screen
    page.goto(reader_site + "acts/mod-2017-357/index.html")
    page.emulate_media(media="print")
    printed = page.pdf(format="A4")
    page.emulate_media(media="screen")
    screen = page.pdf(format="A4")  # Chromium prints with print media; this is only to count
    pages = pdf_pages(printed)
    text = " ".join(pdf_text(printed, tmp_path).split())
    assert P11 in text
    for absent in ("Соңғы мәтінді жүктеу", "Akoma Ntoso XML", "Актінің тарихы", "Хронология", "Алдыңғы редакциямен"):
        assert absent not in text, absent
    assert "Актінің деректемелері" in text and "№ 15517, күні белгісіз" in text
    assert 1 <= pages <= pdf_pages(screen) and pages <= 8, pages
    assert errors == []


def test_404_at_a_deep_path_keeps_its_styles_and_links(reader_site, browser):
    page = browser.new_page()
    response = page.goto(reader_site + NOT_FOUND_PATH)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Бет табылмады"
    # the stylesheet loaded from the base URL: the header has the site's colour, not the browser's default
    colour = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert colour == "rgb(13, 60, 117)"
    page.locator(".site-header").get_by_role("link", name="Актілер").click()
    page.wait_for_url(reader_site + "index.html")
    assert page.locator("h1").inner_text() == "Актілер тізімі"


PAGE_TYPES = (
    "index.html",
    "search.html",
    "changes.html",
    "acts/mod-2017-357/index.html",
    "acts/mod-2023-2/index.html",
    "acts/mod-2017-357/kaz@mod-2017-357/index.html",
    "acts/mod-2017-357/kaz@mod-2023-2/compare.html",
    "acts/mod-2017-357/kaz/latest/main.html",
    "ru/acts/mod-2023-2/kaz@mod-2023-1100/compare.html",
    "ru/acts/mod-2017-357/index.html",
    "acts/mod-2024-5/kaz-rus.html",
    "ru/acts/mod-2024-5/kaz-rus.html",
    NOT_FOUND_PATH,
)


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_serious_or_critical_violation(reader_site, browser, path):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(reader_site + path)
    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], bad
    page.close()


def engine_candidates(work_id: str, day) -> list[str]:
    """The editions the consolidation engine allows on ``day``: every change of the editions up to it
    applied or uncertain, every later one future or uncertain (an unknown start is not guessed)."""
    from lexpub.consolidate.apply import consolidate
    from lexpub.consolidate.editions import editions
    from lexpub.sources.corpus import load_corpus
    from lexpub.wording.acts import edition_name
    from lexpub.wording.i18n import capitalize
    from tests.conftest import SOURCE

    corpus = load_corpus(SOURCE)
    expr = consolidate(corpus, work_id, day, "kaz")
    if expr.status == "not-yet-in-force":
        return []
    state = {c.amendment.id: c.state for c in expr.changes}
    eds = editions(corpus, work_id)
    out = []
    for ed in eds:
        before = [a for e in eds if e.index <= ed.index for a in e.amendments]
        after = [a for e in eds if e.index > ed.index for a in e.amendments]
        if all(state[a.id] in ("applied", "uncertain") for a in before) and all(
            state[a.id] in ("future", "uncertain") for a in after
        ):
            out.append(capitalize(edition_name(corpus, ed, "kaz")))
    return out


@given(data=st.data())
@settings(max_examples=30, deadline=None)
def test_date_box_offers_exactly_the_editions_the_engine_allows(reader_site, browser, data):
    """Hypothesis: on any day after signing, the script's answer names the same editions as the engine."""
    import datetime as dt

    work_id, signed = data.draw(
        st.sampled_from([("mod-2017-357", dt.date(2017, 7, 17)), ("mod-2023-2", dt.date(2023, 1, 4))])
    )
    day = data.draw(st.dates(min_value=signed, max_value=dt.date(2026, 12, 31)))
    page = browser.new_page()
    page.goto(reader_site + f"acts/{work_id}/index.html")
    page.fill("#on-date", day.isoformat())
    page.locator("form.date-box button").click()
    links = page.locator(".date-answer a")
    offered = [links.nth(i).inner_text() for i in range(links.count())]
    answer = page.locator(".date-answer").inner_text()
    page.close()
    expected = engine_candidates(work_id, day)
    assert offered == expected, day
    if not expected:  # the engine: not yet in force on that day
        assert answer == f"{day:%d.%m.%Y} күні акт әлі қолданысқа енгізілмеген.", answer


@pytest.mark.parametrize(
    "path",
    [
        "acts/mod-2017-357/index.html",
        "acts/mod-2023-2/kaz@mod-2023-1100/index.html",
        "acts/mod-2017-357/kaz@mod-2023-2/compare.html",
        "acts/mod-2024-5/kaz-rus.html",
        "changes.html",
    ],
)
def test_no_sideways_scrolling_at_375_px(reader_site, browser, path):
    page = browser.new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(reader_site + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # the picker comes before the text on a phone too
    if "compare" not in path and "kaz-rus" not in path and "changes" not in path:
        assert page.locator(".edition-picker").bounding_box()["y"] < page.locator(".text-status").bounding_box()["y"]
    page.close()


# --------------------------------------------------------------------------- the index in parts (issue 16)
@pytest.fixture(scope="module")
def parted_server(tmp_path_factory):
    """The same site with its search index in parts (one act a part), as a large corpus has it."""
    import lexpub.publish.site.search as search
    from lexpub.publish.site.pages import site_outputs
    from lexpub.sources.corpus import load_corpus
    from tests.conftest import SOURCE
    from tests.site_files import site_files

    files = {rel: data for rel, data in site_files().items() if not rel.startswith("site/pagefind/")}
    corpus = load_corpus(SOURCE)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "part_size", lambda n: 1)
        assert len(search.parts(sorted(corpus.works))) >= 3
        files.update(search.search_outputs(corpus, SOURCE))
        files.update(site_outputs(corpus, SOURCE))
    root = tmp_path_factory.mktemp("parted")
    for rel, data in files.items():
        if rel.startswith("site/"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root / "site")))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    thread.join()


def test_a_search_over_an_index_in_parts_finds_what_one_index_finds_first(parted_server, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    fetched: list[str] = []
    page.on("requestfinished", lambda req: fetched.append(req.url))
    page.goto(parted_server + "search.html?q=" + "шақырылушыларды")
    page.wait_for_selector(".search-results li")
    results = page.locator(".search-results li h2 a")
    names = [results.nth(i).inner_text() for i in range(results.count())]
    # the acts one index finds come first; a part without the word itself answers with the nearest
    # word it holds (Pagefind's fallback), so Order No. 350 («шақырылушылар») comes after them
    assert names == ["17.07.2017 № 357 бұйрық", "04.01.2023 № 2 бұйрық", "12.07.2017 № 350 бұйрық"]
    parts = {u.split("/pagefind/", 1)[1].split("/", 1)[0] for u in fetched if "/pagefind/part-" in u}
    assert len(parts) >= 2  # the merged parts were searched, each through its own small index
    assert not any("/pagefind/part-" in u and ("/wasm." in u or u.endswith("pagefind.js")) for u in fetched)
    page.get_by_role("link", name="17.07.2017 № 357 бұйрық").click()
    page.wait_for_url("**/acts/mod-2017-357/index.html")

    # Russian, filtered by year: the filters of every part are merged
    page.goto(parted_server + "ru/search.html")
    assert russian_search_of_2017(page) == ["приказ от 12.07.2017 № 350", "приказ от 17.07.2017 № 357"]
    assert errors == []
