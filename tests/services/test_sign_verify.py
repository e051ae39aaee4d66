"""The static verify page in a real browser (Debian's Chromium driven by playwright): a code scanned
from a QR code (``verify/#CODE``) or typed in is found in the register of digests, a wrong one is not;
the page and the register hold no code and no personal data."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lexpub.services.documents.verify import verify_files

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CODE = "A826-4C9B-9B42-838E"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    for rel, data in verify_files([CODE, "0000-1111-2222-3333"]).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    register = (root / "verify" / "register.json").read_text(encoding="utf-8")
    assert CODE not in register and CODE.replace("-", "") not in register
    assert json.loads(register)["digests"] and len(json.loads(register)["digests"]) == 2
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/verify/"
    httpd.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no browser: /usr/bin/chromium is absent (run scripts/setup-system.sh as root to install it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        yield context
        context.close()


def result(page: Any) -> str:
    page.wait_for_function("document.getElementById('result').textContent.length > 0")
    return " ".join(page.locator("#result").inner_text().split())


def test_a_scanned_code_is_found(server: str, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "index.html#" + CODE)
    assert result(page) == ("Бұл код берілген құжатқа сәйкес келеді. Этот код соответствует выданному документу.")
    assert errors == []


def test_a_typed_code_without_dashes_is_found_and_a_wrong_one_is_not(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server + "index.html")
    page.fill("#code", CODE.lower().replace("-", ""))
    page.click("button[type=submit]")
    assert result(page).startswith("Бұл код берілген құжатқа сәйкес келеді.")
    page.evaluate("document.getElementById('result').textContent = ''")
    page.fill("#code", "A826-4C9B-9B42-838F")
    page.click("button[type=submit]")
    assert result(page) == (
        "Мұндай код берілген құжаттардың тізілімінде жоқ. Такого кода нет в реестре выданных документов."
    )
    page.evaluate("document.getElementById('result').textContent = ''")
    page.fill("#code", "not a code")
    page.click("button[type=submit]")
    assert "16" in result(page)
