"""The default theme on a documentation site (tests/sites/docs, a MkDocs project): 0 axe
violations in light and dark, 0 Nu errors, the menu open beside the text on a wide screen
and folded on a phone; screenshots of each page in the four combinations for a person to
look at (tests/artifacts/screenshots/docs-theme/).
"""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mvsite.cli import main

from ..conftest import copy_site
from .qa import AXE_JS, SCREENSHOTS, VNU_JAR, require_java, require_node_module
from .test_axe import AXE_DARK_OPTIONS, AXE_OPTIONS

pytestmark = pytest.mark.browser

PAGES = (
    "/",
    "/getting-started/",
    "/guide/",
    "/guide/install/",
    "/guide/configure/",
    "/reference/",
    "/reference/api/",
)
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = copy_site("docs", tmp_path_factory.mktemp("docs-theme") / "site")
    out = docs / "public"
    assert main(["build", "-q", "--no-cache", "-s", str(docs), "-o", str(out)]) == 0
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def docs_url(docs_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(docs_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _open(browser: Any, url: str, viewport: dict[str, int], scheme: str) -> Any:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return page


@pytest.mark.parametrize("path", PAGES)
def test_docs_pages_have_no_axe_violations(browser: Any, docs_url: str, path: str) -> None:
    axe = require_node_module(AXE_JS).read_text(encoding="utf-8")
    found = {}
    for viewport, name in ((WIDE, "wide"), (PHONE, "phone")):
        page = _open(browser, docs_url + path, viewport, "light")
        page.evaluate(axe)
        for scheme, options in (("light", AXE_OPTIONS), ("dark", AXE_DARK_OPTIONS)):
            page.emulate_media(color_scheme=scheme)
            violations = page.evaluate("o => axe.run(document, o)", options)["violations"]
            if violations:
                found[f"{name} {scheme}"] = [
                    (v["id"], [n["html"][:80] for n in v["nodes"][:3]]) for v in violations
                ]
        page.context.close()
    assert found == {}


def test_docs_pages_have_no_nu_errors(docs_site: Path) -> None:
    java = require_java()
    require_node_module(VNU_JAR)
    files = sorted(str(p) for p in docs_site.rglob("*") if p.suffix in (".html", ".css"))
    argv = [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only"]
    done = subprocess.run([*argv, "--also-check-css", *files], capture_output=True, text=True)
    errors = [
        (m.get("url", "").rpartition(str(docs_site))[2], m.get("message"))
        for m in json.loads(done.stdout)["messages"]
        if m.get("type") == "error"
    ]
    assert errors == []


def test_the_menu_is_open_beside_the_text_when_wide_and_folded_on_a_phone(
    browser: Any, docs_url: str
) -> None:
    wide = _open(browser, docs_url + "/guide/install/", WIDE, "light")
    current = wide.locator('.site-nav a[aria-current="page"]')
    assert current.is_visible() and current.inner_text() == "Installing"
    assert wide.locator(".site-nav-menu > summary").is_hidden()
    # The nav's groups: titled, the page's open, the others closed until asked.
    assert wide.locator(".nav-group > details[open] > summary").inner_text() == "User guide"
    assert wide.get_by_role("link", name="API").is_hidden()
    wide.locator(".nav-group summary", has_text="Reference").click()
    assert wide.get_by_role("link", name="API").is_visible()
    assert wide.locator(".toc").bounding_box()["x"] > wide.locator("main h1").bounding_box()["x"]
    wide.context.close()
    phone = _open(browser, docs_url + "/guide/install/", PHONE, "light")
    assert phone.locator('.site-nav a[aria-current="page"]').is_hidden()
    phone.locator(".site-nav-menu > summary").click()
    assert phone.locator('.site-nav a[aria-current="page"]').is_visible()
    phone.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_docs_screenshots(browser: Any, docs_url: str, scheme: str) -> None:
    """Written for a person to look at; the assertions are the tests above."""
    folder = SCREENSHOTS / "docs-theme"
    folder.mkdir(parents=True, exist_ok=True)
    for viewport, name in ((WIDE, "wide"), (PHONE, "phone")):
        page = _open(browser, docs_url + "/", viewport, scheme)
        for path in PAGES:
            page.goto(docs_url + path)
            slug = path.strip("/").replace("/", "-") or "home"
            page.screenshot(path=str(folder / f"{slug}-{name}-{scheme}.png"), full_page=True)
        page.context.close()


def test_tabs_switch_without_script(browser: Any, docs_url: str) -> None:
    """pymdownx.tabbed's tabs (guide/install.md): the first shown, a click or the arrow key
    shows the next, with scripts off."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(docs_url + "/guide/install/")
    blocks = page.locator(".tabbed-block")
    assert [blocks.nth(i).is_visible() for i in range(2)] == [True, False]
    page.locator(".tabbed-labels label", has_text="Windows").click()
    assert [blocks.nth(i).is_visible() for i in range(2)] == [False, True]
    assert "Scripts" in blocks.nth(1).inner_text()
    page.keyboard.press("ArrowLeft")  # the radio buttons keep the focus the click gave them
    assert [blocks.nth(i).is_visible() for i in range(2)] == [True, False]
    context.close()
