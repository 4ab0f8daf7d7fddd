"""`mvsite serve` in Chromium: saves reach the open page, errors show over it, CSS swaps live.

The server runs as a real subprocess (tests/serving.py); the browser is the session's one
Playwright Chromium (conftest.py `browser`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from ..serving import SITE, Server, serving

pytestmark = pytest.mark.browser

WAIT_MS = 5000  # per expected change; they take tens of milliseconds


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("serve")) as started:
        yield started


@pytest.fixture
def server(running: Server) -> Server:
    """The module's server, its site back to SITE and rebuilt (one server: start-up is slow)."""
    changed = False
    mark = len(running.output)
    for rel, text in SITE.items():
        path = running.site / rel
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed = True
    if changed:
        running.wait_for_output("Rebuilt in", after=mark)
    return running


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """Page A, open, told the build's state over its socket, with a marker a reload would wipe."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    told: list[object] = []
    tab.on("websocket", lambda socket: socket.on("framereceived", lambda frame: told.append(frame)))
    tab.goto(f"{server.url}/a/")
    deadline = time.monotonic() + WAIT_MS / 1000
    while not told:
        assert time.monotonic() < deadline, "the page's live-reload socket said nothing"
        tab.wait_for_timeout(10)
    tab.evaluate("() => { window.__notReloaded = true; }")
    yield tab
    context.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _wait_for_text(page: Any, text: str) -> None:
    page.wait_for_function("t => document.body && document.body.innerText.includes(t)", arg=text)


def test_a_saved_body_edit_appears_in_the_open_page(page: Any, server: Server) -> None:
    _edit(server.site / "content/a.md", "Original text", "Edited text")
    _wait_for_text(page, "Edited text of page A.")
    assert page.evaluate("() => window.__notReloaded") is None  # it was a reload


def test_two_saves_200_ms_apart_both_arrive(page: Any, server: Server) -> None:
    page_a = server.site / "content/a.md"
    _edit(page_a, "Original text of page A.", "Original text of page A. First save.")
    time.sleep(0.2)
    _edit(page_a, "First save.", "First save. Second save.")
    _wait_for_text(page, "First save. Second save.")


def test_a_build_error_shows_over_the_page_until_fixed(page: Any, server: Server) -> None:
    page_a = server.site / "content/a.md"
    good = page_a.read_text(encoding="utf-8")
    page_a.write_text(good.replace("title: Page A", "title: Page A\ndate: soon"), "utf-8")
    overlay = page.locator("#mvsite-build-error")
    overlay.wait_for(state="visible")
    text = overlay.locator(".mvsite-error-text").inner_text()
    assert text.startswith("error: content/a.md:3: ")
    assert "Original text of page A." in page.inner_text("main")  # the last good build
    server.wait_for_output(text)  # the overlay shows what the terminal shows

    page_a.write_text(good.replace("Original text", "Fixed text"), encoding="utf-8")
    _wait_for_text(page, "Fixed text of page A.")
    overlay.wait_for(state="detached")


def test_fixing_an_error_back_to_the_same_output_removes_the_overlay(
    page: Any, server: Server
) -> None:
    page_a = server.site / "content/a.md"
    good = page_a.read_text(encoding="utf-8")
    page_a.write_text("---\ntitle: A\ndate: soon\n---\n", encoding="utf-8")
    page.locator("#mvsite-build-error").wait_for(state="visible")
    page_a.write_text(good, encoding="utf-8")
    page.locator("#mvsite-build-error").wait_for(state="detached")
    assert page.evaluate("() => window.__notReloaded") is True  # nothing changed: no reload


def test_error_text_is_shown_as_text_never_as_html(page: Any, server: Server) -> None:
    page_a = server.site / "content/a.md"
    page_a.write_text("---\ntitle: A\ndate: <img src=x onerror=alert(1)>\n---\n", encoding="utf-8")
    overlay = page.locator("#mvsite-build-error")
    overlay.wait_for(state="visible")
    assert "<img src=x onerror=alert(1)>" in overlay.inner_text()
    assert overlay.locator("img").count() == 0


def test_a_stylesheet_edit_applies_without_a_reload(page: Any, server: Server) -> None:
    (server.site / "static/style.css").write_text(
        "body { margin: 0 auto; }\nmain { border-top: 7px solid rgb(1, 2, 3); }\n",
        encoding="utf-8",
    )
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('main')).borderTopWidth === '7px'"
    )
    assert page.evaluate("() => window.__notReloaded") is True


def _png(path: Path, width: int) -> None:
    Image.new("RGB", (width, 10), (1, 2, 3)).save(path, format="PNG")


def test_an_image_edit_applies_without_a_reload(page: Any, server: Server) -> None:
    _png(server.site / "static/pic.png", 10)
    _edit(server.site / "content/a.md", "Original text", "![A picture](/pic.png) Original text")
    page.wait_for_function("() => document.querySelector('main img')?.naturalWidth === 10")
    page.evaluate("() => { window.__notReloaded = true; }")
    _png(server.site / "static/pic.png", 20)
    page.wait_for_function("() => document.querySelector('main img').naturalWidth === 20")
    assert page.evaluate("() => window.__notReloaded") is True


def test_drafts_are_shown_with_a_marker(browser: Any, server: Server) -> None:
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.set_default_timeout(WAIT_MS)
        response = tab.goto(f"{server.url}/wip/")
        assert response is not None and response.status == 200
        assert tab.locator(".draft-badge").inner_text().startswith("Draft")
    finally:
        context.close()
